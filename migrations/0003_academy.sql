-- Academy: cohorts (기수) with their phases and settings, project proposals
-- and their builders, applications with ranked choices and builders'
-- reviews, auditors (청강), and the runners placed in each project.
CREATE TABLE cohorts (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  cohort_key TEXT NOT NULL,                -- the address part, e.g. '10'
  name TEXT NOT NULL,                      -- e.g. '10기'
  description TEXT NOT NULL DEFAULT '',
  max_choices INTEGER NOT NULL DEFAULT 3 CHECK (max_choices BETWEEN 1 AND 10),
  questions TEXT NOT NULL DEFAULT '[]',    -- JSON array of the common application questions
  auditing_open INTEGER NOT NULL DEFAULT 1,
  completion_min_attendance INTEGER NOT NULL DEFAULT 80,   -- percent; used by the activity room
  completion_min_submissions INTEGER NOT NULL DEFAULT 0,
  completion_retrospective INTEGER NOT NULL DEFAULT 1,
  seat_confirm_hours INTEGER NOT NULL DEFAULT 72,    -- placed runners confirm within this
  late_join_days INTEGER NOT NULL DEFAULT 14,        -- waitlist promotions until running start + this
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (community_id, cohort_key)
);

CREATE TABLE cohort_phases (
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  phase TEXT NOT NULL CHECK (phase IN ('proposals', 'recruiting', 'selection', 'running', 'wrap_up', 'closed')),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  PRIMARY KEY (cohort_id, phase)
);

CREATE TABLE academy_projects (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,  -- NULL: a year-round lab
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',    -- markdown, rendered sanitized
  kind TEXT NOT NULL CHECK (kind IN ('study', 'paper_reading', 'build_project', 'translation', 'lab')),
  level TEXT NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),
  language TEXT NOT NULL CHECK (language IN ('ko', 'en', 'ko_en')),
  mode TEXT NOT NULL CHECK (mode IN ('online', 'offline')),
  place TEXT NOT NULL DEFAULT '',
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday
  start_time TEXT NOT NULL,                -- 'HH:MM' in time_zone
  duration_minutes INTEGER NOT NULL,
  time_zone TEXT NOT NULL,
  starts_on TEXT NOT NULL,                 -- 'YYYY-MM-DD'
  ends_on TEXT NOT NULL,
  min_runners INTEGER NOT NULL,
  max_runners INTEGER NOT NULL,
  auditors_welcome INTEGER NOT NULL DEFAULT 0,
  questions TEXT NOT NULL DEFAULT '[]',    -- JSON array of project questions
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'changes_requested', 'approved', 'declined')),
  review_comment TEXT NOT NULL DEFAULT '',
  proposed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (min_runners >= 0 AND min_runners <= max_runners)
);
CREATE INDEX academy_projects_by_cohort ON academy_projects(cohort_id, status);
CREATE INDEX academy_projects_by_community ON academy_projects(community_id, status);

CREATE TABLE project_tags (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (project_id, tag)
);

-- The proposer leads; co-builders are invited and count once they accept.
CREATE TABLE project_builders (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
  invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  invited_at BIGINT NOT NULL,
  accepted_at BIGINT,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_builders_by_user ON project_builders(user_id);

-- One application per person per scope: 'cohort:<id>' or 'lab:<id>'.
CREATE TABLE applications (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
  lab_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  answers TEXT NOT NULL DEFAULT '[]',      -- JSON array, one per common question
  availability TEXT NOT NULL DEFAULT '[]', -- JSON array of weekly slots, e.g. 'mon_evening'
  status TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn')),
  revision INTEGER NOT NULL DEFAULT 1,     -- each submission or edit; keys its confirmation mail
  submitted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (scope, user_id)
);
CREATE INDEX applications_by_user ON applications(user_id);

CREATE TABLE application_choices (
  application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  choice_rank INTEGER NOT NULL,            -- 1 = first choice
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  answers TEXT NOT NULL DEFAULT '[]',      -- JSON array, one per project question
  review TEXT NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'accepted', 'declined')),
  score INTEGER,                           -- builders' ranking: higher first
  reviewed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  reviewed_at BIGINT,
  PRIMARY KEY (application_id, choice_rank),
  UNIQUE (application_id, project_id)
);
CREATE INDEX application_choices_by_project ON application_choices(project_id);

-- People the builders must have in their project (e.g. co-runners who
-- prepared it with them).
CREATE TABLE project_co_runners (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);

-- 청강: never counts against capacity.
CREATE TABLE project_auditors (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);

-- Runners holding a seat. A lab's builders place people directly; cohort
-- projects are filled by the selection.
CREATE TABLE project_runners (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  placed_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);

-- Selection: each run of the allocation engine is kept with its mode and
-- seed, so a published result can be reproduced exactly.
CREATE TABLE allocation_runs (
  id @PK@,
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('stable', 'rank_maximal')),
  seed BIGINT NOT NULL,
  cancel_under_minimum INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL,                   -- JSON: by_rank, unassigned, fill per project
  run_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  published_at BIGINT
);
CREATE INDEX allocation_runs_by_cohort ON allocation_runs(cohort_id, id);

CREATE TABLE allocation_results (
  run_id BIGINT NOT NULL REFERENCES allocation_runs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,  -- NULL: not placed
  choice_rank INTEGER NOT NULL,            -- 0: not placed or pinned outside their choices
  explanation TEXT NOT NULL,               -- JSON: [{project_id, outcome}] per choice
  PRIMARY KEY (run_id, user_id)
);

CREATE TABLE allocation_waitlists (
  run_id BIGINT NOT NULL REFERENCES allocation_runs(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,               -- 1 = next in line
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (run_id, project_id, position)
);

-- Organizers' pins (and moves): placed there by the next run, with a reason.
CREATE TABLE allocation_pins (
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  pinned_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (cohort_id, user_id)
);

-- Seats offered when a result is published; confirmed by a deadline, or
-- passed on to the waitlist when declined or expired.
CREATE TABLE seat_offers (
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('offered', 'confirmed', 'declined', 'expired')),
  offered_at BIGINT NOT NULL,
  deadline BIGINT NOT NULL,
  responded_at BIGINT,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX seat_offers_by_cohort ON seat_offers(cohort_id, state);
