-- Events (issue #13): conferences and meetups in a community, ticket types
-- with hard capacities, registrations of members and guests with a waitlist
-- in arrival order, tickets checked in at the door, and each event's staff.
-- Counts are kept in the same transaction as every change, so list pages
-- never count rows.
CREATE TABLE events (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',   -- markdown; rendered sanitized
  kind TEXT NOT NULL DEFAULT 'meetup'
    CHECK (kind IN ('conference', 'meetup', 'demo_day', 'hackathon', 'online')),
  venue TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  map_url TEXT NOT NULL DEFAULT '',
  online_url TEXT NOT NULL DEFAULT '',    -- shown to confirmed attendees only
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  registration_opens_at BIGINT NOT NULL,
  registration_closes_at BIGINT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members', 'unlisted')),
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
  claim_hours INTEGER NOT NULL DEFAULT 24,  -- how long a promoted person has to claim the seat
  -- The waitlist's arrival counter: incremented under the event row's lock,
  -- so the order is the order registrations committed, on either database.
  waitlist_counter BIGINT NOT NULL DEFAULT 0,
  confirmed_count INTEGER NOT NULL DEFAULT 0,   -- confirmed and offered (seats held)
  waitlisted_count INTEGER NOT NULL DEFAULT 0,
  checked_in_count INTEGER NOT NULL DEFAULT 0,
  cancelled_count INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX events_by_community ON events(community_id, starts_at);

CREATE TABLE event_ticket_types (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  -- Seats held (confirmed and offered). The CHECK is the last guard: even a
  -- bug cannot write one registration more than the seats.
  held INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0 AND held <= capacity),
  price_cents BIGINT NOT NULL DEFAULT 0,  -- payment is out of scope; always 0 for now
  sales_open_at BIGINT,                   -- NULL: the event's registration window
  sales_close_at BIGINT,
  organizers_only INTEGER NOT NULL DEFAULT 0,  -- speakers, staff, sponsors: given by hand
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_ticket_types_by_event ON event_ticket_types(event_id, position);

CREATE TABLE event_registrations (
  id @PK@,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  ticket_type_id BIGINT NOT NULL REFERENCES event_ticket_types(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  -- One registration a person and event: 'u:<user id>' or 'e:<lower-cased email>'.
  person_key TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'offered', 'waitlisted', 'cancelled')),
  waitlist_position BIGINT,      -- arrival order among the waitlisted (the event's counter)
  offered_until BIGINT,          -- a promoted person's claim deadline
  ticket_code TEXT NOT NULL UNIQUE,
  token_digest TEXT UNIQUE,      -- the private link's secret, as a digest
  source TEXT NOT NULL DEFAULT 'self' CHECK (source IN ('self', 'organizer', 'door')),
  language TEXT NOT NULL DEFAULT '',  -- the page's language at registration: guests' mail
  checked_in_at BIGINT,
  checked_in_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (event_id, person_key)
);
CREATE INDEX event_registrations_by_status ON event_registrations(event_id, status, waitlist_position);
CREATE INDEX event_registrations_by_user ON event_registrations(user_id);
CREATE INDEX event_registrations_by_name ON event_registrations(event_id, name);

-- Who checked whom in or undid it, and when: several staff phones at once.
CREATE TABLE event_check_ins (
  id @PK@,
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  staff_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  action TEXT NOT NULL CHECK (action IN ('check_in', 'undo')),
  at BIGINT NOT NULL
);
CREATE INDEX event_check_ins_by_registration ON event_check_ins(registration_id, at);

-- Members given the event-staff role for one event only.
CREATE TABLE event_staff (
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
