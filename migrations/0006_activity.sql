-- Activity: a running project's sessions (from its weekly slot, with skip,
-- move and add exceptions), check-ins with a rotating code, and attendance
-- with the trail of every change builders make afterwards.
CREATE TABLE activity_sessions (
  id @PK@,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  slot_date TEXT,                          -- 'YYYY-MM-DD' of the weekly slot it comes from; NULL when added by hand
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'added', 'skipped')),
  topic TEXT NOT NULL DEFAULT '',
  presenter TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (project_id, slot_date),
  CHECK (starts_at < ends_at)
);
CREATE INDEX activity_sessions_by_project ON activity_sessions(project_id, starts_at);

-- One open check-in per session: the secret derives the rotating code, so
-- the code itself is never stored.
CREATE TABLE activity_checkins (
  session_id BIGINT PRIMARY KEY REFERENCES activity_sessions(id) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  opened_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  opened_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL
);

-- Wrong codes per person and session: after a few the person asks the
-- builder instead, so six digits cannot be guessed by brute force.
CREATE TABLE activity_checkin_failures (
  session_id BIGINT NOT NULL REFERENCES activity_sessions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  failures INTEGER NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

CREATE TABLE activity_attendance (
  session_id BIGINT NOT NULL REFERENCES activity_sessions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
  source TEXT NOT NULL CHECK (source IN ('code', 'builder')),
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX activity_attendance_by_user ON activity_attendance(user_id);

-- Every status change, by whom and why (the audit trail builders' marks leave).
CREATE TABLE activity_attendance_changes (
  id @PK@,
  session_id BIGINT NOT NULL REFERENCES activity_sessions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  old_status TEXT,
  new_status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX activity_attendance_changes_by_session ON activity_attendance_changes(session_id, changed_at);

-- Writing deadlines (the 글또 pattern): a series for a whole cohort or one
-- project, unrolled into dated deadlines.
CREATE TABLE activity_deadline_series (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 31),
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  CHECK ((cohort_id IS NULL) <> (project_id IS NULL))
);

CREATE TABLE activity_deadlines (
  id @PK@,
  series_id BIGINT NOT NULL REFERENCES activity_deadline_series(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,                    -- 1, 2, ... within the series
  due_at BIGINT NOT NULL,
  UNIQUE (series_id, seq)
);
CREATE INDEX activity_deadlines_by_due ON activity_deadlines(due_at);

CREATE TABLE activity_submissions (
  deadline_id BIGINT NOT NULL REFERENCES activity_deadlines(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  link TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',           -- markdown as written; rendered sanitized
  tags TEXT NOT NULL DEFAULT '[]',         -- JSON array
  share INTEGER NOT NULL DEFAULT 0,        -- on the cohort's public reading list (when the cohort has one)
  late INTEGER NOT NULL DEFAULT 0,
  submitted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (deadline_id, user_id)
);
CREATE INDEX activity_submissions_by_user ON activity_submissions(user_id);

-- A pass ticket used on a deadline, before it passed.
CREATE TABLE activity_passes (
  deadline_id BIGINT NOT NULL REFERENCES activity_deadlines(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  used_at BIGINT NOT NULL,
  PRIMARY KEY (deadline_id, user_id)
);

-- Per-cohort writing rules: pass tickets, deposit accounting (moim keeps the
-- numbers; money moves elsewhere), and the opt-in public reading list.
CREATE TABLE activity_cohort_settings (
  cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
  pass_tickets INTEGER NOT NULL DEFAULT 0 CHECK (pass_tickets BETWEEN 0 AND 50),
  no_consecutive_passes INTEGER NOT NULL DEFAULT 0,
  deposit_start INTEGER NOT NULL DEFAULT 0 CHECK (deposit_start >= 0),
  deposit_per_miss INTEGER NOT NULL DEFAULT 0 CHECK (deposit_per_miss >= 0),
  reading_list_public INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Secret calendar (iCalendar) feed addresses: one per member in a community,
-- or one per project. Only a digest of the token is kept.
CREATE TABLE activity_calendar_feeds (
  token_digest TEXT PRIMARY KEY,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  CHECK ((user_id IS NULL) <> (project_id IS NULL))
);

-- Weekly growth logs: what I learned, what blocked me, links. Visibility:
-- private (the writer), project (people of the project it is tied to), or
-- public.
CREATE TABLE activity_growth_logs (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  week_start TEXT NOT NULL,                -- the Monday, 'YYYY-MM-DD'
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE SET NULL,
  learned TEXT NOT NULL DEFAULT '',
  blocked TEXT NOT NULL DEFAULT '',
  links TEXT NOT NULL DEFAULT '[]',        -- JSON array of URLs
  visibility TEXT NOT NULL CHECK (visibility IN ('private', 'project', 'public')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (community_id, user_id, week_start)
);
