-- Issue #19: every list a page shows reads its rows through an index. The
-- pages' statements are explained by src/app/query_plans_test.cpp; these are
-- the lookups it found reading a whole table that grows with members or
-- activity.

-- "Which projects is this person a runner / auditor of?" (the member's home,
-- their deadlines and growth logs, who may read a retrospective): the primary
-- keys start with project_id, so a lookup by person read every seat.
CREATE INDEX project_runners_by_user ON project_runners(user_id, project_id);
CREATE INDEX project_auditors_by_user ON project_auditors(user_id, project_id);

-- Each certificate shows the number of the one that replaced it (a re-issue):
-- every certificate read looked for its successor through the whole table.
CREATE INDEX certificates_by_replaced ON certificates(replaces_id);

-- Deadlines of a cohort or of a project: the series had no index at all, so
-- a cohort's deadline list walked every deadline of every community.
CREATE INDEX activity_deadline_series_by_cohort ON activity_deadline_series(cohort_id);
CREATE INDEX activity_deadline_series_by_project ON activity_deadline_series(project_id);

-- A project's retrospectives: the two unique indexes are partial (one per
-- scope), so "all of this project's" could use neither.
CREATE INDEX activity_retrospectives_by_project ON activity_retrospectives(project_id);

-- A player joins with INSERT ... RETURNING, which SQLite runs like a trigger:
-- it then checks the new player against every table whose foreign keys name
-- bingo_players, and bingo_exchanges.low_player_id had no index of its own
-- (both unique keys start with game_id). Each join walked every exchange of
-- every game, in the rush of a conference's opening; deleting a player (its
-- exchanges cascade) did the same, on PostgreSQL too.
CREATE INDEX bingo_exchanges_by_low ON bingo_exchanges(low_player_id);

-- A cohort's applications in the order they came (the selection pages and
-- applications.csv): no index started with cohort_id, so the list read every
-- application of every cohort and sorted them.
CREATE INDEX applications_by_cohort ON applications(cohort_id, submitted_at);
