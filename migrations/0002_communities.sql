-- Communities, memberships with growth stages and their history, and an
-- audit log of organizers' decisions.
CREATE TABLE communities (
  id @PK@,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT 'Asia/Seoul',
  default_locale TEXT NOT NULL DEFAULT 'ko' CHECK (default_locale IN ('ko', 'en')),
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE memberships (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  stage TEXT NOT NULL CHECK (stage IN ('observer', 'participant', 'auditor', 'runner', 'builder', 'organizer')),
  joined_at BIGINT NOT NULL,
  UNIQUE (community_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

CREATE TABLE stage_changes (
  id @PK@,
  membership_id BIGINT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
  from_stage TEXT,
  to_stage TEXT NOT NULL,
  changed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  reason TEXT NOT NULL DEFAULT '',
  changed_at BIGINT NOT NULL
);
CREATE INDEX stage_changes_by_membership ON stage_changes(membership_id, changed_at);

CREATE TABLE audit_log (
  id @PK@,
  community_id BIGINT REFERENCES communities(id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',         -- JSON
  created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_by_community ON audit_log(community_id, created_at);
