-- Retention (issue #16, features/privacy): how long each community keeps
-- what it no longer needs, and what the leader's retention job purged. The
-- runs hold counts only, never the data. A community without a policy row
-- uses the defaults of features/privacy/retention.hpp.
--
-- A project's applicants_count (0024) keeps counting applications that
-- retention later deletes: the count is a figure of the past recruiting, not
-- personal data, and a closed cohort's catalog keeps showing it.
CREATE TABLE retention_policies (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  outbox_days INTEGER NOT NULL,                 -- finished outbox rows lose address and body
  unplaced_applications_days INTEGER NOT NULL,  -- after the cohort closed
  guest_registrations_days INTEGER NOT NULL,    -- after the event ended
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE retention_runs (
  id @PK@,
  community_id BIGINT REFERENCES communities(id) ON DELETE CASCADE,  -- NULL: the installation's own
  kind TEXT NOT NULL,      -- what was purged, e.g. 'unplaced_applications'
  purged BIGINT NOT NULL,  -- how many
  ran_at BIGINT NOT NULL
);
CREATE INDEX retention_runs_by_community ON retention_runs(community_id, ran_at);
-- The retention job's reads (and the page's dry run) find only what is still
-- to purge: rows already purged drop out of these partial indexes, so a run
-- costs what it purges, not the community's whole history.
-- The outbox index holds state too, so counting what is due reads the index
-- alone, never the rows (their payloads are large).
CREATE INDEX outbox_unpurged_by_community ON outbox(community_id, created_at, state)
  WHERE payload <> '{}';
CREATE INDEX event_registrations_unerased_guests ON event_registrations(event_id)
  WHERE user_id IS NULL AND email <> '';
