-- Networking bingo (issue #14), owned by the bingo room. One game per event;
-- a player's board, picks and marks live on the player's row (JSON text and
-- one number per cell), so an exchange is a handful of statements in one
-- transaction: the two players by code (one indexed SELECT), one INSERT of
-- the exchange (UNIQUE per pair whoever scans), one UPDATE per board, one of
-- the game's counter. Voiding replays a player's remaining exchanges and
-- stamps in id order (src/engines/bingo).
CREATE TABLE bingo_games (
  id @PK@,
  event_id BIGINT NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  size INTEGER NOT NULL CHECK (size BETWEEN 3 AND 5),
  picks INTEGER NOT NULL CHECK (picks >= 0 AND picks <= size * size),
  rate_limit_seconds INTEGER NOT NULL DEFAULT 5 CHECK (rate_limit_seconds >= 0),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT,                              -- NULL: open until an organizer closes it
  closed_at BIGINT,                            -- closed by hand
  exchanges_count BIGINT NOT NULL DEFAULT 0 CHECK (exchanges_count >= 0),  -- live, not voided
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX bingo_games_by_community ON bingo_games(community_id);

-- The keyword pool, in the order boards are drawn from.
CREATE TABLE bingo_keywords (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  keyword TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  UNIQUE (game_id, keyword)
);

-- Prize tiers: `claimed` only grows by a conditional UPDATE (claimed < stock)
-- and the CHECK stands behind it, so the stock left never goes below zero.
CREATE TABLE bingo_prizes (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  lines INTEGER NOT NULL CHECK (lines >= 1),
  stock INTEGER NOT NULL CHECK (stock >= 0),
  claimed INTEGER NOT NULL DEFAULT 0 CHECK (claimed >= 0 AND claimed <= stock),
  UNIQUE (game_id, lines)
);

-- Booths give a stamp; their code (10 characters, players' have 8) is the
-- secret in the booth's QR code.
CREATE TABLE bingo_booths (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  code TEXT NOT NULL,
  UNIQUE (game_id, name),
  UNIQUE (game_id, code)
);

CREATE TABLE bingo_players (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- NULL: a guest
  display_name TEXT NOT NULL,
  code TEXT NOT NULL,                 -- 8 of 31 letters and digits, random
  seed BIGINT NOT NULL,               -- the board's seed (the bits of a uint64)
  picks TEXT NOT NULL,                -- JSON array of the player's own keywords
  board TEXT NOT NULL,                -- JSON array of the cells' keywords, reading order
  marks TEXT NOT NULL,                -- per cell the marking action's id, 0 unmarked: "0,17,0,..."
  lines INTEGER NOT NULL DEFAULT 0,
  lines_at BIGINT NOT NULL,           -- when the current line count was reached (joined_at at 0)
  last_action_at BIGINT NOT NULL DEFAULT 0,  -- the rate limit's clock
  left_at BIGINT,                     -- left: off the leaderboard, the code no longer scans
  joined_at BIGINT NOT NULL,
  UNIQUE (game_id, code),
  UNIQUE (game_id, registration_id)
);
-- The leaderboard: lines first, then who got there first.
CREATE INDEX bingo_players_leaderboard ON bingo_players(game_id, lines DESC, lines_at, id)
  WHERE left_at IS NULL;

-- Exchanges between two players (low_player_id < high_player_id, whoever
-- scanned) and booth stamps (high_player_id NULL, booth_id set), in one id
-- sequence so that a replay sees them in the order they happened.
CREATE TABLE bingo_exchanges (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  low_player_id BIGINT NOT NULL REFERENCES bingo_players(id) ON DELETE CASCADE,
  high_player_id BIGINT REFERENCES bingo_players(id) ON DELETE CASCADE,
  booth_id BIGINT REFERENCES bingo_booths(id) ON DELETE CASCADE,
  scanned_by BIGINT NOT NULL,         -- the player who scanned
  created_at BIGINT NOT NULL,
  voided_at BIGINT,
  voided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((high_player_id IS NULL) <> (booth_id IS NULL)),
  CHECK (high_player_id IS NULL OR low_player_id < high_player_id),
  UNIQUE (game_id, low_player_id, high_player_id),
  UNIQUE (game_id, low_player_id, booth_id)
);
CREATE INDEX bingo_exchanges_by_high ON bingo_exchanges(high_player_id);

-- A prize tier reached: the code staff redeem once.
CREATE TABLE bingo_claims (
  id @PK@,
  game_id BIGINT NOT NULL REFERENCES bingo_games(id) ON DELETE CASCADE,
  prize_id BIGINT NOT NULL REFERENCES bingo_prizes(id) ON DELETE CASCADE,
  player_id BIGINT NOT NULL REFERENCES bingo_players(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  redeemed_at BIGINT,
  redeemed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (game_id, code),
  UNIQUE (prize_id, player_id)
);
CREATE INDEX bingo_claims_by_player ON bingo_claims(player_id);
