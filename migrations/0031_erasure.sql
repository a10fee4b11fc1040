-- Erasure (issue #16): "delete my account" with a grace period. A request
-- waits until due_at (14 days by default); signing in before then cancels
-- it. When it is due, the privacy room runs every room's erasure rule in one
-- transaction (src/platform/web/erasure.hpp) and stamps erased_at, keeping
-- the counts of what went (report, JSON) and never the data. The user row
-- stays, emptied, so the records others rely on (attendance, groups,
-- retrospectives, certificates) keep their author as "탈퇴한 회원".
ALTER TABLE users ADD COLUMN erased_at BIGINT;

CREATE TABLE account_deletions (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  requested_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- the person, an organizer or an admin
  reason TEXT NOT NULL DEFAULT '',                              -- an organizer's or admin's
  cancelled_at BIGINT,
  erased_at BIGINT,
  report TEXT NOT NULL DEFAULT '[]'   -- [{"table", "action", "rows"}]: counts, never data
);
-- At most one pending request a person; the job reads only what is pending.
CREATE UNIQUE INDEX account_deletions_pending ON account_deletions(user_id)
  WHERE cancelled_at IS NULL AND erased_at IS NULL;
CREATE INDEX account_deletions_due ON account_deletions(due_at)
  WHERE cancelled_at IS NULL AND erased_at IS NULL;
-- A person's requests, for their export (/me/data).
CREATE INDEX account_deletions_by_user ON account_deletions(user_id, id);
