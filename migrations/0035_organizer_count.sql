-- The organizer's count (issue #16): what moim did for a cohort or an event
-- beside what people did by hand (platform/outbox/organizer_count.hpp).
--
-- An outbox row may name the cohort or event it works for, and `purpose`
-- says what it does within its kind ("reminder" mail, Discord "role" or
-- "channel", Notion "page"; empty: the kind says it all). No foreign keys:
-- the outbox is the platform's and outlives what it served.
ALTER TABLE outbox ADD COLUMN cohort_id BIGINT;
ALTER TABLE outbox ADD COLUMN event_id BIGINT;
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT '';

-- Rows delivered, per scope, kind and purpose: counted up in the
-- transaction that marks a row done (outbox_store.cpp record_outcome), so a
-- statistics page reads a handful of rows however many mails a cohort had,
-- and the count outlives retention's purge of old rows. scope: 'cohort' or
-- 'event'. Counts, never who or what.
CREATE TABLE outbox_done_counts (
  scope TEXT NOT NULL,
  scope_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  purpose TEXT NOT NULL,
  done BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, kind, purpose)
);

-- An audit entry names the cohort or event its detail names
-- (communities::write_audit); the count of decisions by hand reads these
-- partial indexes, so a cohort's count reads only its own entries.
ALTER TABLE audit_log ADD COLUMN cohort_id BIGINT;
ALTER TABLE audit_log ADD COLUMN event_id BIGINT;
CREATE INDEX audit_log_by_cohort ON audit_log(cohort_id, actor_id) WHERE cohort_id IS NOT NULL;
CREATE INDEX audit_log_by_event ON audit_log(event_id, actor_id) WHERE event_id IS NOT NULL;
