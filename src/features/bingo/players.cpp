// Players: joining with one's own keywords (the board is drawn then), one's
// board, leaving, and the leaderboard.
#include <set>

#include "features/accounts/consents.hpp"
#include "features/bingo/internal.hpp"
#include "features/bingo/live.hpp"

namespace moim::bingo {

using internal::refusal;

namespace {

std::string folded(const std::string& text) {
  std::string lower = text;
  for (char& ch : lower)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return lower;
}

// The player's keywords in the pool's spelling ("llm" picks "LLM").
Result<std::vector<std::string>> resolve_picks(const Game& game,
                                               const std::vector<std::string>& typed) {
  if (typed.size() != static_cast<std::size_t>(game.picks))
    return refusal(422,
                   typed.size() > static_cast<std::size_t>(game.picks) ? "too_many_keywords"
                                                                       : "too_few_keywords",
                   "keywords", "pick exactly " + std::to_string(game.picks) + " keywords");
  std::vector<std::string> picks;
  std::set<std::string> seen;
  for (std::size_t index = 0; index < typed.size(); ++index) {
    const std::string field = "keywords[" + std::to_string(index) + "]";
    const Keyword* found = nullptr;
    for (const auto& keyword : game.keywords)
      if (folded(keyword.text) == folded(typed[index])) found = &keyword;
    if (!found)
      return refusal(422, "keyword_not_in_pool", field,
                     "\"" + typed[index] + "\" is not one of this game's keywords");
    if (!seen.insert(found->text).second)
      return refusal(422, "repeated_keyword", field, "\"" + typed[index] + "\" is picked twice");
    picks.push_back(found->text);
  }
  return picks;
}

}  // namespace

Result<BingoService::Located> BingoService::locate(const events::Caller& caller,
                                                   const std::string& slug, std::int64_t event_id,
                                                   bool write) {
  auto community = community_id(slug);
  if (!community) return community.error();
  auto registration = events_.attendee(caller, event_id);
  if (!registration) return registration.error();
  auto transaction = write ? database_.write() : database_.read();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  return Located{std::move(transaction.value()), std::move(registration.value()),
                 std::move(**found)};
}

Result<Player> BingoService::join(const events::Caller& caller, const std::string& slug,
                                  std::int64_t event_id, const std::vector<std::string>& keywords) {
  auto located = locate(caller, slug, event_id, true);
  if (!located) return located.error();
  db::Transaction* transaction = &located->transaction;
  const events::Registration* registration = &located->registration;
  Game game = located->game;
  const std::int64_t now = clock_.now_seconds();
  if (!game.open(now))
    return refusal(409, "closed", "game",
                   game.starts_at > now ? "the bingo has not started yet" : "the bingo is closed");
  if (auto filled = internal::fill_game(*transaction, game, false); !filled) return filled.error();
  auto picks = resolve_picks(game, keywords);
  if (!picks) return picks.error();
  auto existing =
      internal::player_where(*transaction, game.size, "p.game_id = ? AND p.registration_id = ?",
                             {game.id, registration->id});
  if (!existing) return existing.error();
  if (existing->has_value())
    return (*existing)->left_at
               ? refusal(409, "left", "", "you left this bingo")
               : refusal(409, "already_playing", "", "you already play this bingo");
  std::vector<std::string> pool;
  for (const auto& keyword : game.keywords) pool.push_back(keyword.text);
  const std::uint64_t seed = internal::new_seed();
  auto board = generate_board(game.size, pool, picks.value(), seed);
  if (!board) return refusal(422, "no_board", "keywords", "no board can be drawn from this pool");
  std::string code;
  for (int attempt = 0; attempt < 8 && code.empty(); ++attempt) {
    std::string candidate = internal::new_code(kPlayerCodeChars);
    auto taken = transaction->query_one(
        "SELECT 1 FROM bingo_players WHERE game_id = ? AND code = ?", {game.id, candidate});
    if (!taken) return taken.error();
    if (!taken->has_value()) code = std::move(candidate);
  }
  if (code.empty()) return Error::internal("no free player code");
  const Marks marks(board->cells.size(), 0);
  // A member who did not agree to show their name on boards plays under a
  // neutral label (names.hpp); a guest's registration name is theirs to give.
  std::string shown = registration->name;
  if (registration->user_id) {
    auto agreed = accounts::has_consent(*transaction, *registration->user_id, "bingo_name");
    if (!agreed) return agreed.error();
    if (!agreed.value()) shown.clear();
  }
  auto inserted = transaction->query_one(
      "INSERT INTO bingo_players (game_id, registration_id, user_id, display_name, code, seed, "
      "picks, board, marks, lines, lines_at, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, "
      "?) RETURNING id",
      {game.id, registration->id, db::maybe(registration->user_id), shown, code,
       static_cast<std::int64_t>(seed), internal::encode_words(picks.value()),
       internal::encode_words(board->cells), internal::encode_marks(marks), now, now});
  if (!inserted && inserted.error().code == db::kUniqueViolation)  // a second join at once
    return refusal(409, "already_playing", "", "you already play this bingo");
  if (!inserted) return inserted.error();
  internal::PlayerRow row{
      .id = (**inserted).int64(0),
      .registration_id = registration->id,
      .name = shown.empty() ? "#" + std::to_string((**inserted).int64(0)) : shown,
      .code = code,
      .picks = picks.value(),
      .board = board.value(),
      .marks = marks,
      .lines_at = now,
      .joined_at = now};
  if (auto counted = transaction->execute(
          "UPDATE bingo_games SET players_count = players_count + 1 WHERE id = ?", {game.id});
      !counted)
    return counted.error();
  auto view = internal::player_view(*transaction, game, row);
  if (!view) return view.error();
  if (auto told = live_channels::announce_joined(hub_, *transaction, game.id, event_id, row.id);
      !told)
    return told.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return view;
}

Result<Player> BingoService::board(const events::Caller& caller, const std::string& slug,
                                   std::int64_t event_id) {
  auto located = locate(caller, slug, event_id, false);
  if (!located) return located.error();
  db::Transaction* transaction = &located->transaction;
  const events::Registration* registration = &located->registration;
  auto row = internal::player_where(*transaction, located->game.size,
                                    "p.game_id = ? AND p.registration_id = ? AND p.left_at IS NULL",
                                    {located->game.id, registration->id});
  if (!row) return row.error();
  if (!row->has_value()) return refusal(404, "not_playing", "", "join the bingo first");
  return internal::player_view(*transaction, located->game, **row);
}

Status BingoService::leave(const events::Caller& caller, const std::string& slug,
                           std::int64_t event_id) {
  auto located = locate(caller, slug, event_id, true);
  if (!located) return located.error();
  db::Transaction* transaction = &located->transaction;
  const events::Registration* registration = &located->registration;
  auto left = transaction->execute(
      "UPDATE bingo_players SET left_at = ? WHERE game_id = ? AND registration_id = ? AND "
      "left_at IS NULL",
      {clock_.now_seconds(), located->game.id, registration->id});
  if (!left) return left.error();
  if (left.value() == 0) return refusal(404, "not_playing", "", "you do not play this bingo");
  if (auto counted = transaction->execute(
          "UPDATE bingo_games SET players_count = players_count - 1 WHERE id = ?",
          {located->game.id});
      !counted)
    return counted.error();
  if (auto told = live_channels::announce_left(hub_, *transaction, located->game.id, event_id);
      !told)
    return told;
  return transaction->commit();
}

Result<Leaderboard> BingoService::leaderboard(const events::Caller& caller, const std::string& slug,
                                              std::int64_t event_id, int limit) {
  auto event = events_.event(caller, slug, event_id);  // who may see the event
  if (!event) return event.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, event->community_id, event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  Leaderboard board{.exchanges = (*found)->exchanges, .players = (*found)->players};
  auto top = internal::top_players(*transaction, (*found)->id, limit);
  if (!top) return top.error();
  board.top = std::move(top.value());
  return board;
}

}  // namespace moim::bingo
