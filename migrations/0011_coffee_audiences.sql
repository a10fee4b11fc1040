-- Coffee chats for one cohort or one project, and what to mix (issue #6).
-- A program without a row here is open to all members of its community
-- (coffee_programs.audience stays 'members'; 0004's CHECK is left as it is).
-- Who belongs to a cohort or project is read from the academy at opt-in and
-- at every round, so drop-outs and ended cohorts leave by themselves.
CREATE TABLE coffee_program_audiences (
  program_id BIGINT PRIMARY KEY REFERENCES coffee_programs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('cohort', 'project')),
  -- NULL once the cohort or project is deleted: then nobody is in the audience.
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE SET NULL,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE SET NULL,
  CHECK ((kind = 'cohort' AND project_id IS NULL) OR (kind = 'project' AND cohort_id IS NULL))
);

-- Soft preferences beside mix_circles (growth stages) and mix_newcomers:
-- people from different projects, and from different cohorts, in one group.
ALTER TABLE coffee_programs ADD COLUMN mix_projects INTEGER NOT NULL DEFAULT 1;
ALTER TABLE coffee_programs ADD COLUMN mix_cohorts INTEGER NOT NULL DEFAULT 0;
