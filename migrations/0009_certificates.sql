-- Certificates (수료증): each community's template, the logos it used, and
-- every certificate issued from a closed cohort's completion results.

-- Logos by content digest: a certificate points at the exact logo it was
-- issued with, so changing the template later never changes an issued
-- certificate. PNG bytes as base64 text (both databases, one column type).
CREATE TABLE certificate_logos (
  digest TEXT PRIMARY KEY,                 -- hex BLAKE2b-256 of the PNG bytes
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  png_base64 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- One template per community; empty texts mean the default wording in the
-- certificate's language.
CREATE TABLE certificate_templates (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  title_ko TEXT NOT NULL DEFAULT '',
  title_en TEXT NOT NULL DEFAULT '',
  body_ko TEXT NOT NULL DEFAULT '',
  body_en TEXT NOT NULL DEFAULT '',
  signature_name TEXT NOT NULL DEFAULT '',
  signature_title TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'member' CHECK (language IN ('member', 'ko', 'en')),
  logo_digest TEXT REFERENCES certificate_logos(digest) ON DELETE SET NULL,
  updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  updated_at BIGINT NOT NULL
);

-- An issued certificate. What it states is fixed at issue (the words in
-- `content`, JSON), so the PDF rendered on demand is the same every time.
CREATE TABLE certificates (
  id @PK@,
  number TEXT NOT NULL UNIQUE,             -- CERT-YYYYMM-XXXXXXXX
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  cohort_id BIGINT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES academy_projects(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('builder', 'runner')),
  language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
  content TEXT NOT NULL,                   -- JSON: names, titles, dates, template words
  logo_digest TEXT REFERENCES certificate_logos(digest) ON DELETE SET NULL,
  issued_at BIGINT NOT NULL,
  issued_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  revoked_at BIGINT,
  revoke_reason TEXT NOT NULL DEFAULT '',
  revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  replaces_id BIGINT REFERENCES certificates(id) ON DELETE SET NULL  -- a re-issue
);
CREATE INDEX certificates_by_cohort ON certificates(cohort_id, project_id);
CREATE INDEX certificates_by_user ON certificates(user_id, issued_at);
-- At most one valid certificate per member and project, even when two bulk
-- runs race.
CREATE UNIQUE INDEX certificates_one_valid ON certificates(project_id, user_id)
  WHERE revoked_at IS NULL;
