-- Notion and "plan before doing": a community's Notion connection (its
-- integration token sealed with the server's secret key), the page moim
-- keeps per project, and whether plans apply themselves.
CREATE TABLE notion_connections (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  token_sealed TEXT NOT NULL,              -- SecretBox, context 'notion.token:<community id>'
  database_id TEXT NOT NULL,               -- the Notion database moim writes pages into
  title_property TEXT NOT NULL DEFAULT '', -- the database's title column, read by "test connection"
  checked_at BIGINT,                       -- last successful test
  check_message TEXT NOT NULL DEFAULT '',  -- what the last test found (for the organizer)
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One Notion page per project, recorded by the connector after the page
-- exists; content_hash is what was written last (a different desired hash
-- plans an update).
CREATE TABLE notion_pages (
  project_id BIGINT PRIMARY KEY REFERENCES academy_projects(id) ON DELETE CASCADE,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  database_id TEXT NOT NULL,
  page_id TEXT NOT NULL,
  url TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX notion_pages_by_community ON notion_pages(community_id);

-- Per community: apply every cohort's plan periodically (running and
-- selection phases) instead of waiting for an organizer's "apply".
CREATE TABLE automation_settings (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  auto_apply INTEGER NOT NULL DEFAULT 0,
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL
);

-- Every action a plan applied, by cohort: the cohort's summary ("412
-- actions done automatically, 3 failed") joins these to the outbox.
CREATE TABLE plan_actions (
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  idempotency_key TEXT NOT NULL,
  service TEXT NOT NULL,                   -- 'notion', 'discord', 'email'
  verb TEXT NOT NULL,                      -- create, update, remove
  summary TEXT NOT NULL,
  automatic INTEGER NOT NULL DEFAULT 0,    -- applied by the periodic job
  applied_at BIGINT NOT NULL,
  PRIMARY KEY (cohort_id, idempotency_key)
);
