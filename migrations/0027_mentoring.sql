-- Mentoring programs (issue #18), owned by the mentoring room. Mentors offer
-- (mentoring_offers), mentees apply (mentoring_applications), organizers
-- review both, pin or exclude pairs (mentoring_rules), run the matcher
-- (src/engines/allocation/mentoring*) as often as they like (mentoring_runs,
-- each with its proposed pairs in mentoring_run_pairs), and announce one run:
-- its pairs become mentoring_pairs and everyone is mailed through the outbox.
--
-- Lists of words (languages, topics, goals, a mentee's ranking) are JSON
-- arrays in TEXT. Weekly hours are kept twice: as the person typed them in
-- their own zone ("mon 19:00-21:00", one a line) and as the UTC minutes of
-- the week the matcher compares (JSON [[begin, end], ...]).
CREATE TABLE mentoring_programs (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,                 -- the first day, local midnight in UTC seconds
  ends_at BIGINT NOT NULL CHECK (ends_at > starts_at),
  format TEXT NOT NULL CHECK (format IN ('one_to_one', 'group')),
  cadence_days INTEGER NOT NULL CHECK (cadence_days BETWEEN 1 AND 90),
  sessions INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 52),
  session_minutes INTEGER NOT NULL CHECK (session_minutes BETWEEN 15 AND 600),
  languages TEXT NOT NULL,                   -- JSON array, at least one
  topics TEXT NOT NULL DEFAULT '[]',         -- JSON array: what mentors and mentees pick from
  audience TEXT NOT NULL CHECK (audience IN ('members', 'anyone')),
  allow_repeat_pairs INTEGER NOT NULL DEFAULT 0,
  signups_closed_at BIGINT,                  -- NULL: sign-ups open
  announced_run_id BIGINT,                   -- the run whose pairs were announced
  mentors_count INTEGER NOT NULL DEFAULT 0 CHECK (mentors_count >= 0),   -- offers not withdrawn
  mentees_count INTEGER NOT NULL DEFAULT 0 CHECK (mentees_count >= 0),   -- applications not withdrawn
  -- The figures page's numbers, kept in the transaction of each change.
  pairs_count INTEGER NOT NULL DEFAULT 0,
  sessions_held INTEGER NOT NULL DEFAULT 0,
  goals_total INTEGER NOT NULL DEFAULT 0,    -- the pairs' agreed goals
  goals_reached INTEGER NOT NULL DEFAULT 0,  -- of them, marked reached by the mentee
  mentor_ratings INTEGER NOT NULL DEFAULT 0, mentor_rating_sum INTEGER NOT NULL DEFAULT 0,
  mentee_ratings INTEGER NOT NULL DEFAULT 0, mentee_rating_sum INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX mentoring_programs_by_community ON mentoring_programs(community_id, starts_at);

CREATE TABLE mentoring_offers (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 50),
  languages TEXT NOT NULL,
  topics TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  availability TEXT NOT NULL,                -- as typed, in time_zone
  availability_utc TEXT NOT NULL,            -- JSON [[begin, end], ...] minutes of the week
  bio TEXT NOT NULL DEFAULT '',
  help_with TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
  review_reason TEXT NOT NULL DEFAULT '',
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (program_id, user_id)
);
CREATE INDEX mentoring_offers_by_user ON mentoring_offers(user_id);

CREATE TABLE mentoring_applications (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  goals TEXT NOT NULL,                       -- JSON array, one to three
  languages TEXT NOT NULL,
  topics TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  availability TEXT NOT NULL,
  availability_utc TEXT NOT NULL,
  ranking TEXT NOT NULL DEFAULT '[]',        -- JSON array of offer ids, most wanted first
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
  review_reason TEXT NOT NULL DEFAULT '',
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (program_id, user_id)
);
CREATE INDEX mentoring_applications_by_user ON mentoring_applications(user_id);

-- An organizer's pin (this pair, whatever else) or exclusion (never this
-- pair), with their reason.
CREATE TABLE mentoring_rules (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  offer_id BIGINT NOT NULL REFERENCES mentoring_offers(id) ON DELETE CASCADE,
  application_id BIGINT NOT NULL REFERENCES mentoring_applications(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('pin', 'exclude')),
  reason TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  UNIQUE (program_id, offer_id, application_id)
);

-- One matcher run: its mode, seed and summary, the unmatched mentees with
-- their reasons (JSON), and its pairs below. Runs are kept: what was
-- announced can always be told from what was only tried.
CREATE TABLE mentoring_runs (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('fit', 'stable')),
  seed BIGINT NOT NULL,
  summary TEXT NOT NULL,                     -- JSON, the engine's summary
  unmatched TEXT NOT NULL,                   -- JSON [{"application": id, "reason": ..., "compatible": n}]
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX mentoring_runs_by_program ON mentoring_runs(program_id, id);

CREATE TABLE mentoring_run_pairs (
  id @PK@,
  run_id BIGINT NOT NULL REFERENCES mentoring_runs(id) ON DELETE CASCADE,
  offer_id BIGINT NOT NULL REFERENCES mentoring_offers(id) ON DELETE CASCADE,
  application_id BIGINT NOT NULL REFERENCES mentoring_applications(id) ON DELETE CASCADE,
  score INTEGER NOT NULL,
  overlap_minutes INTEGER NOT NULL,          -- the longest unbroken stretch a week
  shared_topics INTEGER NOT NULL,
  ranked INTEGER NOT NULL,                   -- 1..5 the mentee's choice, 0 not ranked
  pinned INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, application_id)
);

-- The announced pairs: who mentors whom in a program. Earlier programs'
-- pairs are the matcher's past pairs (never made again unless allowed).
CREATE TABLE mentoring_pairs (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  offer_id BIGINT NOT NULL REFERENCES mentoring_offers(id) ON DELETE CASCADE,
  application_id BIGINT NOT NULL UNIQUE REFERENCES mentoring_applications(id) ON DELETE CASCADE,
  mentor_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  mentee_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  score INTEGER NOT NULL,
  overlap_minutes INTEGER NOT NULL,
  goals TEXT NOT NULL DEFAULT '[]',          -- the pair's agreed goals (the mentee's at first)
  goals_reached TEXT NOT NULL DEFAULT '[]',  -- JSON booleans, one a goal, marked by the mentee
  sessions_held INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX mentoring_pairs_by_program ON mentoring_pairs(program_id, id);
CREATE INDEX mentoring_pairs_by_community ON mentoring_pairs(community_id, mentor_user_id);
CREATE INDEX mentoring_pairs_by_mentee ON mentoring_pairs(mentee_user_id);
CREATE INDEX mentoring_pairs_by_mentor ON mentoring_pairs(mentor_user_id);

-- The pair's space: sessions one proposes and the other confirms (reminded
-- by mail the day before), notes after them (private to the pair; shown to
-- organizers only while both agree), the mid-point check-in (organizers see
-- its light, its words only when the person asks for help) and the
-- feedback at the end, both ways.
CREATE TABLE mentoring_sessions (
  id @PK@,
  pair_id BIGINT NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  starts_at BIGINT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 600),
  status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'held', 'cancelled')),
  proposed_by BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX mentoring_sessions_by_pair ON mentoring_sessions(pair_id, starts_at);

CREATE TABLE mentoring_notes (
  id @PK@,
  pair_id BIGINT NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  session_id BIGINT REFERENCES mentoring_sessions(id) ON DELETE SET NULL,
  author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  shared_by_mentor INTEGER NOT NULL DEFAULT 0,
  shared_by_mentee INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX mentoring_notes_by_pair ON mentoring_notes(pair_id, id);

CREATE TABLE mentoring_checkins (
  id @PK@,
  pair_id BIGINT NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES mentoring_programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  light TEXT NOT NULL CHECK (light IN ('green', 'yellow', 'red')),
  comment TEXT NOT NULL DEFAULT '',
  wants_help INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (pair_id, user_id)
);
CREATE INDEX mentoring_checkins_by_program ON mentoring_checkins(program_id, light);

CREATE TABLE mentoring_feedback (
  id @PK@,
  pair_id BIGINT NOT NULL REFERENCES mentoring_pairs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (pair_id, user_id)
);
