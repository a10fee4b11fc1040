-- An event's figures (by ticket type and growth stage) read kept counts
-- instead of every registration: the page's cost stays flat however many
-- people registered. A registration leaves its tally before it changes and
-- joins its new one after, in the same transaction (events/tallies.cpp).

-- The stage a member had when they registered ('guest' for someone without
-- an account): the figures describe who came, not who they became since.
ALTER TABLE event_registrations ADD COLUMN stage TEXT NOT NULL DEFAULT 'guest';

UPDATE event_registrations SET stage = (
  SELECT m.stage FROM memberships m JOIN events e ON e.community_id = m.community_id
  WHERE e.id = event_registrations.event_id AND m.user_id = event_registrations.user_id)
WHERE user_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM memberships m JOIN events e ON e.community_id = m.community_id
  WHERE e.id = event_registrations.event_id AND m.user_id = event_registrations.user_id);

CREATE TABLE event_registration_tallies (
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  ticket_type_id BIGINT NOT NULL REFERENCES event_ticket_types(id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  status TEXT NOT NULL,
  checked_in INTEGER NOT NULL,
  registrations BIGINT NOT NULL,
  PRIMARY KEY (event_id, ticket_type_id, stage, status, checked_in)
);

INSERT INTO event_registration_tallies
  (event_id, ticket_type_id, stage, status, checked_in, registrations)
SELECT event_id, ticket_type_id, stage, status,
       CASE WHEN checked_in_at IS NULL THEN 0 ELSE 1 END, COUNT(*)
FROM event_registrations
GROUP BY event_id, ticket_type_id, stage, status,
         CASE WHEN checked_in_at IS NULL THEN 0 ELSE 1 END;
