-- Registration questions (issue #13): organizers ask each registrant a few
-- questions (short text, a choice among options, a consent checkbox), for
-- every ticket type or for chosen ones; answers are written in the same
-- transaction as the registration. A question that has answers is never
-- removed (deleted_at hides it from the form), and every answer keeps the
-- question's label as it read when answered, so stored answers stay readable
-- after the question changes.
CREATE TABLE event_questions (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'choice', 'consent')),
  label TEXT NOT NULL,                    -- consent: the text one agrees to
  options TEXT NOT NULL DEFAULT '[]',     -- choice: a JSON array of the options' labels
  multiple INTEGER NOT NULL DEFAULT 0,    -- choice: several options may be chosen
  max_length INTEGER NOT NULL DEFAULT 200,  -- text: characters
  required INTEGER NOT NULL DEFAULT 0,
  deleted_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX event_questions_by_event ON event_questions(event_id, position);

-- The ticket types a question is asked for; none: every ticket type.
CREATE TABLE event_question_ticket_types (
  question_id BIGINT NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
  ticket_type_id BIGINT NOT NULL REFERENCES event_ticket_types(id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, ticket_type_id)
);

CREATE TABLE event_answers (
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES event_questions(id) ON DELETE CASCADE,
  label TEXT NOT NULL,                 -- the question as it read when answered
  answer TEXT NOT NULL DEFAULT '',     -- text; consent: 'yes'
  choices TEXT NOT NULL DEFAULT '[]',  -- choice: a JSON array of the chosen options' labels
  created_at BIGINT NOT NULL,
  PRIMARY KEY (registration_id, question_id)
);
CREATE INDEX event_answers_by_question ON event_answers(question_id);
