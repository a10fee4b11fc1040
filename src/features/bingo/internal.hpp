// Helpers shared by the bingo service's files; not part of its interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engines/bingo/bingo.hpp"
#include "features/bingo/bingo_service.hpp"
#include "features/bingo/names.hpp"

namespace moim::bingo {

struct BingoService::Located {
  db::Transaction transaction;
  events::Registration registration;
  Game game;
};

}  // namespace moim::bingo

namespace moim::bingo::internal {

// "K7QXM3PD": letters and digits that cannot be mistaken for each other (the
// events tickets' 31: no 0/O, 1/I/L), drawn without bias from random bytes.
std::string new_code(std::size_t length);
// What a player typed or scanned: upper case, letters and digits only.
std::string normalize_code(const std::string& typed);
std::uint64_t new_seed();

std::string encode_marks(const Marks& marks);
Marks decode_marks(const std::string& text, std::size_t cells);
std::string encode_words(const std::vector<std::string>& words);
std::vector<std::string> decode_words(const std::string& json);

// The columns game_from() reads, in order.
inline constexpr const char* kGameColumns =
    "g.id, g.event_id, g.community_id, g.size, g.picks, g.rate_limit_seconds, g.starts_at, "
    "g.ends_at, g.closed_at, g.exchanges_count, g.players_count";
// A player's live exchanges and stamps as a table (id, booth_id, other_id,
// created_at), parameters (game, player, game, player): one indexed search
// per side of the pair. Written as `low = ? OR high = ?`, SQLite without
// statistics searched the game's index and read every exchange of the game
// for each board (10,000 players' boards slowed with every exchange made).
inline constexpr const char* kExchangesOfPlayer =
    "(SELECT id, booth_id, high_player_id AS other_id, created_at FROM bingo_exchanges WHERE "
    "game_id = ? AND low_player_id = ? AND voided_at IS NULL UNION ALL SELECT id, booth_id, "
    "low_player_id AS other_id, created_at FROM bingo_exchanges WHERE game_id = ? AND "
    "high_player_id = ? AND voided_at IS NULL)";
Game game_from(const db::Row& row);
// The game of an event in a community, without its lists; nullopt: none.
Result<std::optional<Game>> find_game(db::Transaction& transaction, std::int64_t community_id,
                                      std::int64_t event_id);
// The pool, the tiers, the booths (with codes when `with_codes`) and the
// player count.
Status fill_game(db::Transaction& transaction, Game& game, bool with_codes);
Result<std::vector<Prize>> prizes_of(db::Transaction& transaction, std::int64_t game_id);
// The leaderboard's first `limit` players (not left): lines first, then who
// got there first; on the partial index bingo_players_leaderboard.
Result<std::vector<Ranked>> top_players(db::Transaction& transaction, std::int64_t game_id,
                                        int limit);

// A player's row as stored.
struct PlayerRow {
  std::int64_t id = 0;
  std::int64_t registration_id = 0;
  std::string name;
  std::string code;
  std::vector<std::string> picks;
  Board board;
  Marks marks;
  int lines = 0;
  std::int64_t lines_at = 0;
  std::int64_t last_action_at = 0;
  std::optional<std::int64_t> left_at;
  std::int64_t joined_at = 0;
};
inline constexpr const char* kPlayerColumns =
    "p.id, p.registration_id, CASE WHEN p.display_name = '' THEN '#' || CAST(p.id AS TEXT) "
    "ELSE p.display_name END, p.code, p.picks, p.board, p.marks, p.lines, "
    "p.lines_at, p.last_action_at, p.left_at, p.joined_at";
PlayerRow player_from(const db::Row& row, int size);
Result<std::optional<PlayerRow>> player_where(db::Transaction& transaction, int size,
                                              const std::string& condition,
                                              std::initializer_list<db::Value> params);

// The whole view of a player's board: cells with who marked them, claims, whom they met.
Result<Player> player_view(db::Transaction& transaction, const Game& game, const PlayerRow& row);

// New claims for the tiers `lines` reaches that the player has none of.
Result<std::vector<Claim>> claim_tiers(db::Transaction& transaction, const Game& game,
                                       std::int64_t player_id, int lines, std::int64_t now);

// Refusals with a code pages translate ("bingo_error_<code>" in web/i18n).
Error refusal(int status, const std::string& code, const std::string& field,
              const std::string& message);

}  // namespace moim::bingo::internal
