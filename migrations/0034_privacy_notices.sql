-- Privacy notices (issue #16, features/communities): each community's
-- 개인정보 처리방침, in Korean and English, kept as numbered versions (1, 2,
-- ... per community; a version is never edited, a new one is published), and
-- which version each member agreed to. A member whose latest agreement is
-- older than the current version is asked to agree again.
CREATE TABLE privacy_notices (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  body_ko TEXT NOT NULL,  -- markdown, may be empty when body_en is not
  body_en TEXT NOT NULL,
  published_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  published_at BIGINT NOT NULL,
  UNIQUE (community_id, version)
);

-- The primary key answers "the latest version this member agreed to" (the
-- banner on every community page) from the index alone.
CREATE TABLE privacy_notice_agreements (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  agreed_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, user_id, version)
);
-- A person's export and erasure find their agreements by user.
CREATE INDEX privacy_notice_agreements_by_user ON privacy_notice_agreements(user_id);
