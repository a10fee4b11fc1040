#include "features/bingo/internal.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <cstring>
#include <map>

#include "platform/crypto/crypto.hpp"

namespace moim::bingo::internal {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // 31
// The largest multiple of 31 below 256: bytes at or above it are drawn again.
constexpr unsigned kUnbiased = 256 - 256 % 31;
}  // namespace

std::string new_code(std::size_t length) {
  std::string code;
  while (code.size() < length) {
    for (char byte : crypto::random_bytes(length * 2)) {
      const auto value = static_cast<unsigned char>(byte);
      if (value >= kUnbiased) continue;
      code += kAlphabet[value % kAlphabet.size()];
      if (code.size() == length) break;
    }
  }
  return code;
}

std::string normalize_code(const std::string& typed) {
  std::string letters;
  for (char ch : typed) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      letters += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (letters.size() > kBoothCodeChars) break;
  }
  return letters;
}

std::uint64_t new_seed() {
  const std::string bytes = crypto::random_bytes(8);
  std::uint64_t seed = 0;
  std::memcpy(&seed, bytes.data(), sizeof seed);
  return seed;
}

std::string encode_marks(const Marks& marks) {
  std::string text;
  for (std::size_t cell = 0; cell < marks.size(); ++cell) {
    if (cell > 0) text += ',';
    text += std::to_string(marks[cell]);
  }
  return text;
}

Marks decode_marks(const std::string& text, std::size_t cells) {
  Marks marks(cells, 0);
  const char* at = text.data();
  const char* end = text.data() + text.size();
  for (std::size_t cell = 0; cell < cells && at < end; ++cell) {
    auto [next, error] = std::from_chars(at, end, marks[cell]);
    if (error != std::errc()) break;
    at = next < end ? next + 1 : end;
  }
  return marks;
}

std::string encode_words(const std::vector<std::string>& words) {
  boost::json::array array;
  for (const auto& word : words) array.emplace_back(word);
  return boost::json::serialize(array);
}

std::vector<std::string> decode_words(const std::string& json) {
  std::vector<std::string> words;
  boost::system::error_code error;
  auto value = boost::json::parse(json, error);
  if (error || !value.is_array()) return words;
  for (const auto& item : value.as_array())
    if (item.is_string()) words.emplace_back(item.as_string());
  return words;
}

Game game_from(const db::Row& row) {
  Game game;
  game.id = row.int64(0);
  game.event_id = row.int64(1);
  game.community_id = row.int64(2);
  game.size = static_cast<int>(row.int64(3));
  game.picks = static_cast<int>(row.int64(4));
  game.rate_limit_seconds = row.int64(5);
  game.starts_at = row.int64(6);
  game.ends_at = row.opt_int64(7);
  game.closed_at = row.opt_int64(8);
  game.exchanges = row.int64(9);
  game.players = row.int64(10);
  return game;
}

Result<std::optional<Game>> find_game(db::Transaction& transaction, std::int64_t community_id,
                                      std::int64_t event_id) {
  auto row = transaction.query_one(std::string("SELECT ") + kGameColumns +
                                       " FROM bingo_games g WHERE g.event_id = ? AND "
                                       "g.community_id = ?",
                                   {event_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Game>();
  return std::optional<Game>(game_from(**row));
}

Result<std::vector<Prize>> prizes_of(db::Transaction& transaction, std::int64_t game_id) {
  auto rows = transaction.query(
      "SELECT id, lines, stock, claimed FROM bingo_prizes WHERE game_id = ? ORDER BY lines",
      {game_id});
  if (!rows) return rows.error();
  std::vector<Prize> prizes;
  for (const auto& row : rows.value())
    prizes.push_back({row.int64(0), static_cast<int>(row.int64(1)), row.int64(2), row.int64(3)});
  return prizes;
}

Status fill_game(db::Transaction& transaction, Game& game, bool with_codes) {
  auto keywords = transaction.query(
      "SELECT keyword, category FROM bingo_keywords WHERE game_id = ? ORDER BY position",
      {game.id});
  if (!keywords) return keywords.error();
  game.keywords.clear();
  for (const auto& row : keywords.value()) game.keywords.push_back({row.text(0), row.text(1)});
  auto prizes = prizes_of(transaction, game.id);
  if (!prizes) return prizes.error();
  game.prizes = std::move(prizes.value());
  auto booths = transaction.query(
      "SELECT id, name, code FROM bingo_booths WHERE game_id = ? ORDER BY id", {game.id});
  if (!booths) return booths.error();
  game.booths.clear();
  for (const auto& row : booths.value())
    game.booths.push_back({row.int64(0), row.text(1), with_codes ? row.text(2) : ""});
  return ok_status();
}

Result<std::vector<Ranked>> top_players(db::Transaction& transaction, std::int64_t game_id,
                                        int limit) {
  auto rows =
      transaction.query("SELECT p.id, " + shown_name_sql("p") +
                            ", p.lines, p.lines_at FROM bingo_players p WHERE p.game_id = ? AND "
                            "p.left_at IS NULL ORDER BY p.lines DESC, p.lines_at, p.id LIMIT ?",
                        {game_id, static_cast<std::int64_t>(limit)});
  if (!rows) return rows.error();
  std::vector<Ranked> top;
  for (const auto& row : rows.value())
    top.push_back({static_cast<int>(top.size()) + 1, row.int64(0), row.text(1),
                   static_cast<int>(row.int64(2)), row.int64(3)});
  return top;
}

PlayerRow player_from(const db::Row& row, int size) {
  PlayerRow player;
  player.id = row.int64(0);
  player.registration_id = row.int64(1);
  player.name = row.text(2);
  player.code = row.text(3);
  player.picks = decode_words(row.text(4));
  player.board = Board{size, decode_words(row.text(5))};
  player.marks = decode_marks(row.text(6), player.board.cells.size());
  player.lines = static_cast<int>(row.int64(7));
  player.lines_at = row.int64(8);
  player.last_action_at = row.int64(9);
  player.left_at = row.opt_int64(10);
  player.joined_at = row.int64(11);
  return player;
}

Result<std::optional<PlayerRow>> player_where(db::Transaction& transaction, int size,
                                              const std::string& condition,
                                              std::initializer_list<db::Value> params) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kPlayerColumns + " FROM bingo_players p WHERE " + condition, params);
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<PlayerRow>();
  return std::optional<PlayerRow>(player_from(**row, size));
}

Result<Player> player_view(db::Transaction& transaction, const Game& game, const PlayerRow& row) {
  Player player{.id = row.id,
                .code = row.code,
                .name = row.name,
                .picks = row.picks,
                .size = game.size,
                .lines = row.lines,
                .lines_at = row.lines_at};
  // Every live exchange and stamp of the player, with the other side's name.
  auto met = transaction.query(
      std::string("SELECT x.id, x.booth_id, COALESCE(b.name, ") + shown_name_sql("o") +
          ", ''), COALESCE(o.picks, '[]'), x.created_at FROM " + kExchangesOfPlayer +
          " x LEFT JOIN bingo_booths b ON b.id = x.booth_id LEFT JOIN bingo_players o ON o.id = "
          "x.other_id ORDER BY x.id",
      {game.id, row.id, game.id, row.id});
  if (!met) return met.error();
  std::map<std::int64_t, std::string> names;
  for (const auto& item : met.value()) {
    Met one{.exchange_id = item.int64(0),
            .booth = !item.is_null(1),
            .name = item.text(2),
            .picks = item.is_null(1) ? decode_words(item.text(3)) : std::vector<std::string>{},
            .at = item.int64(4)};
    names[one.exchange_id] = one.name;
    player.met.push_back(std::move(one));
  }
  for (std::size_t cell = 0; cell < row.board.cells.size(); ++cell) {
    const std::int64_t mark = cell < row.marks.size() ? row.marks[cell] : 0;
    auto name = names.find(mark);
    player.cells.push_back(
        {row.board.cells[cell], mark, mark != 0 && name != names.end() ? name->second : ""});
  }
  auto claims = transaction.query(
      "SELECT c.id, p.lines, c.code, c.redeemed_at FROM bingo_claims c JOIN bingo_prizes p ON "
      "p.id = c.prize_id WHERE c.player_id = ? ORDER BY p.lines",
      {row.id});
  if (!claims) return claims.error();
  for (const auto& item : claims.value())
    player.claims.push_back(
        {item.int64(0), static_cast<int>(item.int64(1)), item.text(2), item.opt_int64(3)});
  return player;
}

Result<std::vector<Claim>> claim_tiers(db::Transaction& transaction, const Game& game,
                                       std::int64_t player_id, int lines, std::int64_t now) {
  std::vector<Claim> claims;
  auto prizes = prizes_of(transaction, game.id);
  if (!prizes) return prizes.error();
  for (const auto& prize : prizes.value()) {
    if (prize.lines > lines) break;
    const std::string code = new_code(kPlayerCodeChars);
    auto inserted = transaction.query_one(
        "INSERT INTO bingo_claims (game_id, prize_id, player_id, code, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (prize_id, player_id) DO NOTHING RETURNING id",
        {game.id, prize.id, player_id, code, now});
    if (!inserted) return inserted.error();
    if (inserted->has_value())
      claims.push_back({(**inserted).int64(0), prize.lines, code, std::nullopt});
  }
  return claims;
}

Error refusal(int status, const std::string& code, const std::string& field,
              const std::string& message) {
  return Error{status, code, message, field};
}

}  // namespace moim::bingo::internal
