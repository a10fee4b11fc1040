-- Certificates of attendance (참가 확인서): a certificate is now of a kind,
-- 'completion' (a cohort project's builder or runner, as before) or
-- 'attendance' (someone checked in at an event). The event is a reference
-- by id without a foreign key: events belong to the events room, which
-- hands the certificates room what to print; the certificates room never
-- reads events tables.
--
-- SQLite cannot relax NOT NULL or change a CHECK in place, so the table is
-- rebuilt (new table, copy with the same ids and numbers, drop, rename,
-- indexes again); the same statements run on PostgreSQL. Existing
-- certificates keep their id, number, content and state: their
-- verification pages and PDFs do not change.
CREATE TABLE certificates_next (
  id @PK@,
  number TEXT NOT NULL UNIQUE,             -- CERT-YYYYMM-XXXXXXXX
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'completion' CHECK (kind IN ('completion', 'attendance')),
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,
  event_id BIGINT,                         -- attendance: the event's id (events room)
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('builder', 'runner', 'attendee')),
  language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
  content TEXT NOT NULL,                   -- JSON: names, titles, dates, template words
  logo_digest TEXT REFERENCES certificate_logos(digest) ON DELETE SET NULL,
  issued_at BIGINT NOT NULL,
  issued_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  revoked_at BIGINT,
  revoke_reason TEXT NOT NULL DEFAULT '',
  revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  replaces_id BIGINT REFERENCES certificates_next(id) ON DELETE SET NULL,  -- a re-issue
  -- Each kind names exactly what it certifies.
  CHECK ((kind = 'completion' AND cohort_id IS NOT NULL AND project_id IS NOT NULL
          AND event_id IS NULL AND role IN ('builder', 'runner'))
      OR (kind = 'attendance' AND event_id IS NOT NULL AND cohort_id IS NULL
          AND project_id IS NULL AND role = 'attendee'))
);

INSERT INTO certificates_next (id, number, community_id, kind, cohort_id, project_id, event_id,
                               user_id, role, language, content, logo_digest, issued_at, issued_by,
                               revoked_at, revoke_reason, revoked_by, replaces_id)
  SELECT id, number, community_id, 'completion', cohort_id, project_id, NULL, user_id, role,
         language, content, logo_digest, issued_at, issued_by, revoked_at, revoke_reason,
         revoked_by, replaces_id
  FROM certificates ORDER BY id;

DROP TABLE certificates;
ALTER TABLE certificates_next RENAME TO certificates;
-- The ids were copied: new rows continue after the highest one.
@SYNC_ID(certificates)@

CREATE INDEX certificates_by_cohort ON certificates(cohort_id, project_id);
CREATE INDEX certificates_by_user ON certificates(user_id, issued_at);
CREATE INDEX certificates_by_event ON certificates(event_id, user_id);
-- At most one valid certificate per member and project, and per member and
-- event, even when two bulk runs race.
CREATE UNIQUE INDEX certificates_one_valid ON certificates(project_id, user_id)
  WHERE revoked_at IS NULL AND kind = 'completion';
CREATE UNIQUE INDEX certificates_one_valid_attendance ON certificates(event_id, user_id)
  WHERE revoked_at IS NULL AND kind = 'attendance';
