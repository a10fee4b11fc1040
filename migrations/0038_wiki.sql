-- The wiki room (issue #17, features/wiki): a community's pages in markdown,
-- nested under parents, every edit a revision; the onboarding path of
-- ordered steps and each member's progress along it.
--
-- A page's title and current body are plain columns of wiki_pages so that a
-- search index can read them. revision_number counts the page's revisions:
-- an edit based on an older number is refused (409) instead of overwriting.
CREATE TABLE wiki_pages (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES wiki_pages(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  title_key TEXT NOT NULL,          -- the title folded (trimmed, ASCII lower case): links find it
  body TEXT NOT NULL DEFAULT '',    -- the current revision's markdown
  edit_permission TEXT NOT NULL DEFAULT 'members'
    CHECK (edit_permission IN ('organizers', 'builders', 'members')),
  is_public INTEGER NOT NULL DEFAULT 0,  -- 1: anonymous visitors read it too
  position INTEGER NOT NULL DEFAULT 0,   -- order among its siblings
  revision_number INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (community_id, title_key)
);
CREATE INDEX wiki_pages_by_parent ON wiki_pages(community_id, parent_id);

-- Every saved text of a page. author_id becomes NULL when the author's
-- account is erased: the text stays, the author goes (docs/privacy.md).
CREATE TABLE wiki_revisions (
  id @PK@,
  page_id BIGINT NOT NULL REFERENCES wiki_pages(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  summary TEXT NOT NULL DEFAULT '',        -- the editor's note ("fixed the link")
  restored_from BIGINT,                    -- the revision number a restore copied
  created_at BIGINT NOT NULL,
  UNIQUE (page_id, number)
);
-- A person's revisions: their export, and their erasure empties the author.
CREATE INDEX wiki_revisions_by_author ON wiki_revisions(author_id);

-- Images attached to a page (PNG or JPEG, checked by decoding them as the
-- events room does: features/events/images.hpp), kept as base64 text (one
-- column type on SQLite and PostgreSQL) and served to whoever reads the page.
CREATE TABLE wiki_images (
  id @PK@,
  page_id BIGINT NOT NULL REFERENCES wiki_pages(id) ON DELETE CASCADE,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  digest TEXT NOT NULL,                    -- hex BLAKE2b-256 of the bytes
  content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  byte_size INTEGER NOT NULL,
  data_base64 TEXT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (page_id, digest)
);
CREATE INDEX wiki_images_by_uploader ON wiki_images(uploaded_by);
CREATE INDEX wiki_images_by_community ON wiki_images(community_id);

-- The onboarding path: ordered steps. A 'read' step is ticked by the member
-- confirming its page; the others tick themselves when the owning room says
-- the member has done it. done_count is how many members ticked the step,
-- kept in the transaction that ticks it (the funnel never scans members).
CREATE TABLE wiki_onboarding_steps (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL
    CHECK (kind IN ('read', 'discord_linked', 'growth_log', 'audit', 'coffee_chat')),
  page_id BIGINT REFERENCES wiki_pages(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  done_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX wiki_onboarding_steps_by_community ON wiki_onboarding_steps(community_id, position);

CREATE TABLE wiki_onboarding_progress (
  step_id BIGINT NOT NULL REFERENCES wiki_onboarding_steps(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  done_at BIGINT NOT NULL,
  PRIMARY KEY (step_id, user_id)
);
CREATE INDEX wiki_onboarding_progress_by_user ON wiki_onboarding_progress(community_id, user_id);
CREATE INDEX wiki_onboarding_progress_by_person ON wiki_onboarding_progress(user_id);

-- Members who finished the whole path (and were moved to 소통 then); the
-- community's count of them is kept beside, in the same transaction.
CREATE TABLE wiki_onboarding_finishes (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  finished_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX wiki_onboarding_finishes_by_person ON wiki_onboarding_finishes(user_id);
CREATE TABLE wiki_settings (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  finished_count INTEGER NOT NULL DEFAULT 0
);
