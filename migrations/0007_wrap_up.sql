-- Wrap-up of a cohort: retrospectives (KPT), the completion (수료) result of
-- every member of every project, and the closing that makes results final.
-- Certificates are issued from the final results.

-- Keep / Problem / Try. One per project (written by its builders) and one per
-- member who chooses to add their own.
CREATE TABLE activity_retrospectives (
  id @PK@,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  scope TEXT NOT NULL CHECK (scope IN ('project', 'member')),
  author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- the member, or the builder who last edited
  keep_text TEXT NOT NULL DEFAULT '',
  problem_text TEXT NOT NULL DEFAULT '',
  try_text TEXT NOT NULL DEFAULT '',
  visibility TEXT NOT NULL DEFAULT 'community' CHECK (visibility IN ('project', 'community')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX activity_retrospectives_one_per_project
  ON activity_retrospectives(project_id) WHERE scope = 'project';
CREATE UNIQUE INDEX activity_retrospectives_one_per_member
  ON activity_retrospectives(project_id, author_id) WHERE scope = 'member';

-- The completion result of each member (builders and runners) of each cohort
-- project. `computed` is what the rules gave at wrap-up; `outcome` is what
-- counts, equal to `computed` unless a builder or organizer overrode it with
-- a reason (the override is also in audit_log).
CREATE TABLE completion_results (
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('builder', 'runner')),
  computed TEXT NOT NULL CHECK (computed IN ('completed', 'not_completed', 'dropped')),
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'not_completed', 'dropped')),
  override_reason TEXT NOT NULL DEFAULT '',
  confirmed INTEGER NOT NULL DEFAULT 0,    -- a builder or organizer confirmed or overrode it
  decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX completion_results_by_cohort ON completion_results(cohort_id, outcome);

-- A closed cohort: its completion results are final and certificates can be
-- issued. One row per cohort, written once.
CREATE TABLE cohort_closures (
  cohort_id BIGINT PRIMARY KEY REFERENCES cohorts(id) ON DELETE CASCADE,
  closed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  closed_at BIGINT NOT NULL
);
