-- Account protection (issue #10): one-time login links mailed to the owner,
-- the devices that logged into an account before (they pass the login
-- throttle), and rate-limit events for sign-ups and mailed links.
CREATE TABLE login_links (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX login_links_by_user ON login_links(user_id, created_at);

CREATE TABLE trusted_devices (
  token_hash TEXT PRIMARY KEY,             -- digest of the moim_device cookie
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL
);
CREATE INDEX trusted_devices_by_user ON trusted_devices(user_id);

CREATE TABLE rate_events (
  id @PK@,
  kind TEXT NOT NULL,                      -- 'signup', 'reset', 'login_link'
  subject TEXT NOT NULL,                   -- the client address
  happened_at BIGINT NOT NULL
);
CREATE INDEX rate_events_by_subject ON rate_events(kind, subject, happened_at);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens(user_id, purpose, created_at);
