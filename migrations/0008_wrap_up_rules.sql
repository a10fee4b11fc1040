-- Wrap-up, part two: a project's own completion rules (otherwise its
-- cohort's defaults apply) and drop-outs (중도 하차) with their reason.

-- Set by the project's builders or the community's organizers; a missing row
-- means "the cohort's rules".
CREATE TABLE activity_completion_rules (
  project_id BIGINT PRIMARY KEY REFERENCES academy_projects(id) ON DELETE CASCADE,
  min_attendance INTEGER NOT NULL CHECK (min_attendance BETWEEN 0 AND 100),  -- percent
  min_submissions INTEGER NOT NULL CHECK (min_submissions BETWEEN 0 AND 100),
  retrospective INTEGER NOT NULL DEFAULT 1,
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL
);

-- A runner who left a project, recorded by a builder or organizer or by the
-- runner themselves (self_reported = 1). The seat is freed when it is
-- written; the row stays so completion counts the person as dropped.
CREATE TABLE activity_dropouts (
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  self_reported INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  dropped_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX activity_dropouts_by_cohort ON activity_dropouts(cohort_id);
