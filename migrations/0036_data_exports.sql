-- "Download my data" prepared in the background (issue #16, features/privacy):
-- a request for a person's export, asked by the person themselves or by an
-- organizer of a community on the member's request (with the reason, also
-- in that community's audit log). The outbox worker builds the ZIP, keeps
-- its bytes here (base64 text, one column type on SQLite and PostgreSQL, so
-- `moim backup` carries it) and mails the person a download link. The link's
-- token is stored only as its digest. Once expires_at has passed the
-- retention job empties the bytes and marks the request expired (the link
-- then answers 410 Gone).
CREATE TABLE data_exports (
  id @PK@,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,   -- whose data
  requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,      -- the person or an organizer
  community_id BIGINT REFERENCES communities(id) ON DELETE SET NULL,  -- the organizer's community
  reason TEXT NOT NULL DEFAULT '',                                  -- an organizer's
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'ready', 'failed', 'expired')),
  created_at BIGINT NOT NULL,
  ready_at BIGINT,
  expires_at BIGINT,
  token_digest TEXT UNIQUE,   -- hex BLAKE2b-256 of the link's token; set when ready
  byte_size BIGINT,
  zip_base64 TEXT             -- the ZIP; NULL once expired (or when it failed)
);
-- A person's recent requests (/me/data, the API list, their own export).
CREATE INDEX data_exports_by_user ON data_exports(user_id, id);
-- The retention job reads only what is still to expire.
CREATE INDEX data_exports_expiring ON data_exports(expires_at) WHERE state = 'ready';
