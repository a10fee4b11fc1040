-- Accounts: users, sessions, one-time links, API tokens, login throttling,
-- and the outbox every side effect goes through.
CREATE TABLE users (
  id @PK@,
  email TEXT NOT NULL UNIQUE,              -- stored lower-cased
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,             -- argon2id, libsodium's string form
  email_verified_at BIGINT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  locale TEXT,                             -- 'ko', 'en', or NULL to follow the browser
  bio TEXT NOT NULL DEFAULT '',
  github_url TEXT NOT NULL DEFAULT '',
  blog_url TEXT NOT NULL DEFAULT '',
  linkedin_url TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE user_interests (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (user_id, tag)
);

CREATE TABLE sessions (
  id @PK@,
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,              -- absolute expiry; idle expiry uses last_seen_at
  user_agent TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE one_time_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

CREATE TABLE api_tokens (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,                    -- first characters, shown so people can tell tokens apart
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);

CREATE TABLE login_failures (
  id @PK@,
  account_key TEXT NOT NULL,
  ip TEXT NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_by_account ON login_failures(account_key, failed_at);
CREATE INDEX login_failures_by_ip ON login_failures(ip, failed_at);

CREATE TABLE outbox (
  id @PK@,
  kind TEXT NOT NULL,                      -- e.g. 'email'
  target TEXT NOT NULL,                    -- e.g. the recipient address
  payload TEXT NOT NULL,                   -- JSON
  idempotency_key TEXT NOT NULL UNIQUE,
  not_before BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivering', 'done', 'failed', 'dead', 'cancelled')),
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX outbox_due ON outbox(state, not_before);
