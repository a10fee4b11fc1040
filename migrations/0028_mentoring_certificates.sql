-- Mentoring certificates (issue #18): a third kind, 'mentoring', for the
-- mentors and mentees of a mentoring program. A mentor's certificate says
-- they mentored in the program (멘토링 확인서), a mentee's that they completed
-- it (멘토링 수료증). The program is a reference by id without a foreign key,
-- as the event is for attendance: programs belong to the mentoring room
-- (0027), which hands the certificates room what to print; the certificates
-- room never reads mentoring tables.
--
-- The CHECKs change, so the table is rebuilt as in 0020 (new table, copy
-- with the same ids and numbers, drop, rename, indexes again), on both
-- databases. Existing certificates keep their id, number, content and state.
CREATE TABLE certificates_next (
  id @PK@,
  number TEXT NOT NULL UNIQUE,             -- CERT-YYYYMM-XXXXXXXX
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'completion'
    CHECK (kind IN ('completion', 'attendance', 'mentoring')),
  cohort_id BIGINT REFERENCES cohorts(id) ON DELETE CASCADE,
  project_id BIGINT REFERENCES academy_projects(id) ON DELETE CASCADE,
  event_id BIGINT,                         -- attendance: the event's id (events room)
  program_id BIGINT,                       -- mentoring: the program's id (mentoring room)
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('builder', 'runner', 'attendee', 'mentor', 'mentee')),
  language TEXT NOT NULL CHECK (language IN ('ko', 'en')),
  content TEXT NOT NULL,                   -- JSON: names, titles, dates, template words
  logo_digest TEXT REFERENCES certificate_logos(digest) ON DELETE SET NULL,
  issued_at BIGINT NOT NULL,
  issued_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  revoked_at BIGINT,
  revoke_reason TEXT NOT NULL DEFAULT '',
  revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  replaces_id BIGINT REFERENCES certificates_next(id) ON DELETE SET NULL,  -- a re-issue
  -- Each kind names exactly what it certifies, and nothing of another kind.
  CHECK ((kind = 'completion' AND cohort_id IS NOT NULL AND project_id IS NOT NULL
          AND event_id IS NULL AND program_id IS NULL AND role IN ('builder', 'runner'))
      OR (kind = 'attendance' AND event_id IS NOT NULL AND cohort_id IS NULL
          AND project_id IS NULL AND program_id IS NULL AND role = 'attendee')
      OR (kind = 'mentoring' AND program_id IS NOT NULL AND cohort_id IS NULL
          AND project_id IS NULL AND event_id IS NULL AND role IN ('mentor', 'mentee')))
);

INSERT INTO certificates_next (id, number, community_id, kind, cohort_id, project_id, event_id,
                               program_id, user_id, role, language, content, logo_digest,
                               issued_at, issued_by, revoked_at, revoke_reason, revoked_by,
                               replaces_id)
  SELECT id, number, community_id, kind, cohort_id, project_id, event_id, NULL, user_id, role,
         language, content, logo_digest, issued_at, issued_by, revoked_at, revoke_reason,
         revoked_by, replaces_id
  FROM certificates ORDER BY id;

DROP TABLE certificates;
ALTER TABLE certificates_next RENAME TO certificates;
-- The ids were copied: new rows continue after the highest one.
@SYNC_ID(certificates)@

-- The indexes of 0020 and 0025, again.
CREATE INDEX certificates_by_cohort ON certificates(cohort_id, project_id);
CREATE INDEX certificates_by_user ON certificates(user_id, issued_at);
CREATE INDEX certificates_by_event ON certificates(event_id, user_id);
CREATE INDEX certificates_by_replaced ON certificates(replaces_id);
-- A program's certificates, by person (the mentoring room's pages, and the
-- "has one already" lookup of each issue).
CREATE INDEX certificates_by_program ON certificates(program_id, user_id);
-- At most one valid certificate per member and project, per member and
-- event, and per member, program and role (someone may mentor one group and
-- be mentored in another of the same program), even when two runs race.
CREATE UNIQUE INDEX certificates_one_valid ON certificates(project_id, user_id)
  WHERE revoked_at IS NULL AND kind = 'completion';
CREATE UNIQUE INDEX certificates_one_valid_attendance ON certificates(event_id, user_id)
  WHERE revoked_at IS NULL AND kind = 'attendance';
CREATE UNIQUE INDEX certificates_one_valid_mentoring ON certificates(program_id, user_id, role)
  WHERE revoked_at IS NULL AND kind = 'mentoring';
