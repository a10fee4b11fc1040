-- After the event (issue #13): reminder and post-event mails, the feedback
-- survey. Kept apart from 0015 so the programme's migration (0016) and this
-- one merge without touching each other.

-- Which of an event's mail rounds went out: 'day_before', 'morning' or
-- 'after', for the event's start as it was then (a rescheduled event gets
-- its reminders again). Each mail also has its own outbox idempotency key.
CREATE TABLE event_mail_rounds (
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  round TEXT NOT NULL CHECK (round IN ('day_before', 'morning', 'after')),
  starts_at BIGINT NOT NULL,
  mailed INTEGER NOT NULL DEFAULT 0,  -- how many mails this round enqueued (0: skipped, too late)
  done_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, round, starts_at)
);

-- The organizers' questions for an event's feedback survey.
CREATE TABLE event_feedback_questions (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rating', 'text')),  -- rating: 1 to 5
  prompt TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_feedback_questions_by_event ON event_feedback_questions(event_id, position);

-- One response per attendee (checked-in registration) and event.
CREATE TABLE event_feedback_responses (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, registration_id)
);

CREATE TABLE event_feedback_answers (
  response_id BIGINT NOT NULL REFERENCES event_feedback_responses(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES event_feedback_questions(id) ON DELETE CASCADE,
  rating INTEGER CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5)),
  answer TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (response_id, question_id)
);

-- A guest's feedback link, sent in the post-event mail: their ticket token is
-- stored only as a digest, so the mail carries a second secret that opens the
-- survey of that one registration and nothing else.
CREATE TABLE event_feedback_links (
  registration_id BIGINT PRIMARY KEY REFERENCES event_registrations(id) ON DELETE CASCADE,
  token_digest TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);
