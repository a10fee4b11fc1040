-- The programme of an event (issue #13): the call for talks and its review,
-- speakers' profiles, the timetable's sessions (talks, booths, demos, the
-- hackathon, breaks) on tracks, sponsors in tiers, the sessions attendees
-- star, and each attendee's secret feed of what they starred.
CREATE TABLE event_talks (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,   -- who submitted it
  title TEXT NOT NULL,
  abstract TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('beginner', 'intermediate', 'advanced')),
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240),
  bio TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'changes_requested', 'accepted', 'declined')),
  review_note TEXT NOT NULL DEFAULT '',   -- the organizers' word to the speaker
  session_id BIGINT,                      -- the session an accepted talk became
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX event_talks_by_event ON event_talks(event_id, status, created_at);
CREATE INDEX event_talks_by_user ON event_talks(user_id);

CREATE TABLE event_speakers (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,   -- a member, or NULL for a guest speaker
  name TEXT NOT NULL,
  bio TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX event_speakers_by_event ON event_speakers(event_id, name);

-- starts_at/ends_at are NULL while an accepted talk waits for its slot.
CREATE TABLE event_sessions (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'talk'
    CHECK (kind IN ('talk', 'booth', 'demo', 'hackathon', 'break', 'other')),
  track TEXT NOT NULL DEFAULT '',          -- a room or track; '' for everyone (breaks)
  starts_at BIGINT,
  ends_at BIGINT,
  talk_id BIGINT REFERENCES event_talks(id) ON DELETE SET NULL,
  star_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX event_sessions_by_event ON event_sessions(event_id, starts_at, track);

CREATE TABLE event_session_speakers (
  session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
  speaker_id BIGINT NOT NULL REFERENCES event_speakers(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, speaker_id)
);

CREATE TABLE event_sponsors (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  tier TEXT NOT NULL CHECK (tier IN ('platinum', 'gold', 'silver', 'bronze', 'partner')),
  logo_url TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX event_sponsors_by_event ON event_sponsors(event_id, tier);

CREATE TABLE event_stars (
  session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (session_id, user_id)
);
CREATE INDEX event_stars_by_user ON event_stars(user_id);

-- One secret feed address per attendee and event; only its digest is kept.
CREATE TABLE event_star_feeds (
  token_digest TEXT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, user_id)
);
