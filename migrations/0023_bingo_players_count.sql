-- The bingo's player count kept on the game row (features/bingo), changed in
-- the same transaction as the join or leave it counts: the leaderboard and
-- the game's page show it, and counting 10,000 players on every request made
-- their cost grow with players they do not show.
ALTER TABLE bingo_games ADD COLUMN players_count BIGINT NOT NULL DEFAULT 0;
UPDATE bingo_games SET players_count =
  (SELECT COUNT(*) FROM bingo_players p WHERE p.game_id = bingo_games.id AND p.left_at IS NULL);
