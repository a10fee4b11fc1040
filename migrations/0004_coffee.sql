-- Coffee chats: programs, who takes part and when they are free, rounds,
-- the groups each round formed (with "did we meet?" answers), and the
-- private "don't group me with" lists. The pairing history is read from the
-- groups themselves, across every program of a community.
CREATE TABLE coffee_programs (
  id @PK@,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL DEFAULT 'members' CHECK (audience IN ('members')),
  cadence TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
  min_size INTEGER NOT NULL,
  target_size INTEGER NOT NULL,
  max_size INTEGER NOT NULL,
  mix_circles INTEGER NOT NULL DEFAULT 1,     -- prefer groups that mix stages/circles
  mix_newcomers INTEGER NOT NULL DEFAULT 1,   -- prefer newcomers with alumni
  require_common_slot INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (min_size >= 2 AND min_size <= target_size AND target_size <= max_size AND max_size <= 8)
);
CREATE INDEX coffee_programs_by_community ON coffee_programs(community_id);

CREATE TABLE coffee_participants (
  program_id BIGINT NOT NULL REFERENCES coffee_programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  opted_in INTEGER NOT NULL DEFAULT 1,
  snoozed_round_id BIGINT,                    -- the open round this person sits out
  time_zone TEXT NOT NULL DEFAULT 'Asia/Seoul',
  languages TEXT NOT NULL DEFAULT '',         -- comma-separated, e.g. 'ko,en'
  topics TEXT NOT NULL DEFAULT '',            -- comma-separated
  joined_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (program_id, user_id)
);

-- Weekly availability as UTC hours of the week (0 = Monday 00:00 UTC).
CREATE TABLE coffee_slots (
  program_id BIGINT NOT NULL REFERENCES coffee_programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  hour_of_week INTEGER NOT NULL CHECK (hour_of_week BETWEEN 0 AND 167),
  PRIMARY KEY (program_id, user_id, hour_of_week)
);

-- Private: never shown to anyone but its owner. Holds across the community's programs.
CREATE TABLE coffee_avoid (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  avoid_user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, user_id, avoid_user_id)
);

CREATE TABLE coffee_rounds (
  id @PK@,
  program_id BIGINT NOT NULL REFERENCES coffee_programs(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  cutoff_at BIGINT NOT NULL,
  closed_at BIGINT,                           -- NULL while open
  closed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- NULL: closed when due
  people_count INTEGER NOT NULL DEFAULT 0,
  repeated_pairs INTEGER NOT NULL DEFAULT 0,
  UNIQUE (program_id, number)
);
CREATE INDEX coffee_rounds_open ON coffee_rounds(closed_at, cutoff_at);

CREATE TABLE coffee_groups (
  id @PK@,
  round_id BIGINT NOT NULL REFERENCES coffee_rounds(id) ON DELETE CASCADE,
  host_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  common_slots TEXT NOT NULL DEFAULT ''       -- comma-separated UTC hours of the week
);
CREATE INDEX coffee_groups_by_round ON coffee_groups(round_id);

CREATE TABLE coffee_group_members (
  group_id BIGINT NOT NULL REFERENCES coffee_groups(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  met INTEGER,                                -- "did we meet?": NULL unanswered, 1 yes, 0 no
  answered_at BIGINT,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX coffee_group_members_by_user ON coffee_group_members(user_id);
