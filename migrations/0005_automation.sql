-- Automation: what the outbox worker records around each delivery, webhook
-- endpoints per community, and who asked not to receive non-essential mail.
--
-- Outbox states (kept from 0001): pending (queued, due at not_before),
-- delivering (claimed by the worker, being sent), failed (the last attempt
-- failed; retried at not_before), dead (gave up: too many attempts or a
-- permanent refusal), done, cancelled.
ALTER TABLE outbox ADD COLUMN community_id BIGINT REFERENCES communities(id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;                     -- when the current attempt began
ALTER TABLE outbox ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0; -- attempts cut off by a crash
ALTER TABLE outbox ADD COLUMN result TEXT;                           -- what the remote answered last
ALTER TABLE outbox ADD COLUMN updated_at BIGINT;
CREATE INDEX outbox_by_kind_due ON outbox(kind, state, not_before);
CREATE INDEX outbox_by_community ON outbox(community_id, state, id);

CREATE TABLE webhook_endpoints (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,                    -- the HMAC key; shown once at creation
  events TEXT NOT NULL,                    -- comma-separated event names, or '*'
  description TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_community ON webhook_endpoints(community_id);

CREATE TABLE mail_preferences (
  email TEXT PRIMARY KEY,                  -- lower-cased
  unsubscribe_token TEXT NOT NULL UNIQUE,  -- the secret in List-Unsubscribe links
  unsubscribed_at BIGINT,                  -- non-essential mail stops when set
  created_at BIGINT NOT NULL
);
