// Exchanges and booth stamps, the hot path: the two players are read and
// locked by one indexed SELECT (in id order, so two exchanges never wait on
// each other in a cycle), the exchange is one INSERT whose UNIQUE pair makes
// the same pair a 409 whoever scans, then one UPDATE per board and one of the
// game's counter, all in one transaction.
#include "features/bingo/internal.hpp"
#include "features/bingo/live.hpp"

namespace moim::bingo {

using internal::PlayerRow;
using internal::refusal;

namespace {

// PostgreSQL takes the rows' locks (read-modify-write of a board); SQLite
// has one writer already.
std::string locked(db::Transaction& transaction, std::string sql) {
  if (transaction.dialect() == db::Dialect::kPostgres) sql += " FOR UPDATE";
  return sql;
}

Side side_of(const PlayerRow& row, const std::vector<int>& marked, int lines_before) {
  Side side{.player_id = row.id, .name = row.name, .picks = row.picks, .marked = marked};
  for (int cell : marked)
    side.marked_keywords.push_back(row.board.cells[static_cast<std::size_t>(cell)]);
  side.lines = count_lines(row.board.size, row.marks);
  side.lines_changed = side.lines != lines_before;
  return side;
}

Status save_board(db::Transaction& transaction, const PlayerRow& row, const Side& side,
                  std::int64_t now, bool scanner) {
  const std::int64_t lines_at = side.lines > row.lines ? now : row.lines_at;
  auto saved = scanner
                   ? transaction.execute(
                         "UPDATE bingo_players SET marks = ?, lines = ?, lines_at = ?, "
                         "last_action_at = ? WHERE id = ?",
                         {internal::encode_marks(row.marks), static_cast<std::int64_t>(side.lines),
                          lines_at, now, row.id})
                   : transaction.execute(
                         "UPDATE bingo_players SET marks = ?, lines = ?, lines_at = ? WHERE id = ?",
                         {internal::encode_marks(row.marks), static_cast<std::int64_t>(side.lines),
                          lines_at, row.id});
  if (!saved) return saved.error();
  return ok_status();
}

}  // namespace

Result<Exchange> BingoService::exchange(const events::Caller& caller, const std::string& slug,
                                        std::int64_t event_id, const std::string& typed) {
  const std::string code = internal::normalize_code(typed);
  if (code.size() != kPlayerCodeChars && code.size() != kBoothCodeChars)
    return Error::invalid("code", "a player's code has 8 letters and digits, a booth's 10");
  auto located = locate(caller, slug, event_id, true);
  if (!located) return located.error();
  db::Transaction* transaction = &located->transaction;
  const events::Registration* registration = &located->registration;
  const Game& game = located->game;
  const std::int64_t now = clock_.now_seconds();
  if (!game.open(now))
    return refusal(409, "closed", "game",
                   game.starts_at > now ? "the bingo has not started yet" : "the bingo is closed");
  const bool with_player = code.size() == kPlayerCodeChars;
  auto rows = transaction->query(
      locked(*transaction, std::string("SELECT ") + internal::kPlayerColumns +
                               " FROM bingo_players p WHERE p.game_id = ? AND "
                               "(p.registration_id = ? OR p.code = ?) ORDER BY p.id"),
      {game.id, registration->id, with_player ? code : std::string()});
  if (!rows) return rows.error();
  std::optional<PlayerRow> me, them;
  for (const auto& row : rows.value()) {
    PlayerRow player = internal::player_from(row, game.size);
    if (player.registration_id == registration->id) me = player;
    if (with_player && player.code == code) them = std::move(player);
  }
  if (!me || me->left_at) return refusal(403, "not_playing", "", "join the bingo first");
  if (game.rate_limit_seconds > 0 && me->last_action_at > 0 &&
      now - me->last_action_at < game.rate_limit_seconds) {
    Error flood = Error::too_many(
        "one scan every " + std::to_string(game.rate_limit_seconds) + " seconds; try again shortly",
        game.rate_limit_seconds - (now - me->last_action_at));
    flood.field = "code";
    return flood;
  }
  if (them && them->id == me->id)
    return refusal(422, "yourself", "code", "this is your own code; scan someone else's");
  std::optional<Booth> booth;
  if (!with_player) {
    auto row = transaction->query_one(
        "SELECT id, name FROM bingo_booths WHERE game_id = ? AND code = ?", {game.id, code});
    if (!row) return row.error();
    if (row->has_value()) booth = Booth{(**row).int64(0), (**row).text(1), ""};
  }
  if ((with_player && (!them || them->left_at)) || (!with_player && !booth)) {
    // A wrong guess still spends the scanner's turn: codes cannot be tried
    // faster than the rate limit allows. Nothing else is written.
    if (game.rate_limit_seconds > 0) {
      if (auto spent = transaction->execute(
              "UPDATE bingo_players SET last_action_at = ? WHERE id = ?", {now, me->id});
          !spent)
        return spent.error();
      if (auto committed = transaction->commit(); !committed) return committed.error();
    }
    return refusal(404, "unknown_code", "code", "no player or booth of this bingo has this code");
  }

  Exchange result{.game_id = game.id, .event_id = event_id, .at = now, .booth = booth};
  if (booth) {
    auto inserted = transaction->query_one(
        "INSERT INTO bingo_exchanges (game_id, low_player_id, booth_id, scanned_by, created_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (game_id, low_player_id, booth_id) DO NOTHING "
        "RETURNING id",
        {game.id, me->id, booth->id, me->id, now});
    if (!inserted) return inserted.error();
    if (!inserted->has_value())
      return refusal(409, "already_stamped", "code", "this booth already stamped your board");
    result.id = (**inserted).int64(0);
    const int before = me->lines;
    auto cell = stamp(me->board, me->marks, result.id);
    if (!cell) return refusal(409, "board_full", "code", "every cell of your board is marked");
    result.me = side_of(*me, {*cell}, before);
    if (auto saved = save_board(*transaction, *me, result.me, now, true); !saved)
      return saved.error();
    result.exchanges = game.exchanges;
  } else {
    const std::int64_t low = std::min(me->id, them->id), high = std::max(me->id, them->id);
    auto inserted = transaction->query_one(
        "INSERT INTO bingo_exchanges (game_id, low_player_id, high_player_id, scanned_by, "
        "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (game_id, low_player_id, "
        "high_player_id) DO NOTHING RETURNING id",
        {game.id, low, high, me->id, now});
    if (!inserted) return inserted.error();
    if (!inserted->has_value())
      return refusal(409, "already_met", "code", "you two already exchanged codes");
    result.id = (**inserted).int64(0);
    const int my_before = me->lines, their_before = them->lines;
    const auto mine = mark_picks(me->board, me->marks, them->picks, result.id);
    const auto theirs = mark_picks(them->board, them->marks, me->picks, result.id);
    result.me = side_of(*me, mine, my_before);
    result.them = side_of(*them, theirs, their_before);
    if (auto saved = save_board(*transaction, *me, result.me, now, true); !saved)
      return saved.error();
    if (auto saved = save_board(*transaction, *them, *result.them, now, false); !saved)
      return saved.error();
    auto counted = transaction->query_one(
        "UPDATE bingo_games SET exchanges_count = exchanges_count + 1 WHERE id = ? "
        "RETURNING exchanges_count",
        {game.id});
    if (!counted) return counted.error();
    result.exchanges = (**counted).int64(0);
  }
  for (Side* side : {&result.me, result.them ? &*result.them : nullptr}) {
    if (!side || !side->lines_changed) continue;
    auto claims = internal::claim_tiers(*transaction, game, side->player_id, side->lines, now);
    if (!claims) return claims.error();
    side->new_claims = std::move(claims.value());
  }
  if (auto told = live_channels::announce(hub_, *transaction, result); !told) return told.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return result;
}

Result<Voided> BingoService::void_exchange(const accounts::Viewer& viewer, const std::string& slug,
                                           std::int64_t event_id, std::int64_t exchange_id) {
  auto community = organizer_check(viewer, slug);
  if (!community) return community.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  const Game& game = **found;
  auto row = transaction->query_one(
      "SELECT low_player_id, high_player_id, voided_at FROM bingo_exchanges WHERE id = ? AND "
      "game_id = ?",
      {exchange_id, game.id});
  if (!row) return row.error();
  if (!row->has_value()) return refusal(404, "unknown_exchange", "", "no such exchange");
  if (!(**row).is_null(2)) return refusal(409, "already_voided", "", "already voided");
  const bool between_players = !(**row).is_null(1);
  std::vector<std::int64_t> players = {(**row).int64(0)};
  if (between_players) players.push_back((**row).int64(1));
  const std::int64_t now = clock_.now_seconds();
  if (auto voided = transaction->execute(
          "UPDATE bingo_exchanges SET voided_at = ?, voided_by = ? WHERE id = ?",
          {now, viewer.user_id(), exchange_id});
      !voided)
    return voided.error();
  Voided result{.exchange_id = exchange_id,
                .game_id = game.id,
                .event_id = event_id,
                .exchanges = game.exchanges};
  for (std::int64_t player_id : players) {  // ascending: low first
    // Locked like an exchange locks it (PostgreSQL), low id first.
    auto player = internal::player_where(*transaction, game.size, locked(*transaction, "p.id = ?"),
                                         {player_id});
    if (!player) return player.error();
    if (!player->has_value()) continue;
    PlayerRow& board = **player;
    auto actions = transaction->query(
        std::string("SELECT x.id, x.booth_id, COALESCE(o.picks, '[]'), x.created_at FROM ") +
            internal::kExchangesOfPlayer +
            " x LEFT JOIN bingo_players o ON o.id = x.other_id ORDER BY x.id",
        {game.id, player_id, game.id, player_id});
    if (!actions) return actions.error();
    std::vector<Action> replayed_actions;
    std::map<std::int64_t, std::int64_t> when;
    for (const auto& action : actions.value()) {
      replayed_actions.push_back(
          {action.int64(0), !action.is_null(1), internal::decode_words(action.text(2))});
      when[action.int64(0)] = action.int64(3);
    }
    const Replayed replayed = replay(board.board, replayed_actions);
    Unmarked change{.player_id = player_id, .lines = replayed.lines};
    for (std::size_t cell = 0; cell < board.marks.size(); ++cell)
      if (board.marks[cell] != 0 && board.marks[cell] != replayed.marks[cell])
        change.cells.push_back(static_cast<int>(cell));
    const std::int64_t lines_at =
        replayed.lines_reached_by != 0 ? when[replayed.lines_reached_by] : board.joined_at;
    if (auto saved = transaction->execute(
            "UPDATE bingo_players SET marks = ?, lines = ?, lines_at = ? WHERE id = ?",
            {internal::encode_marks(replayed.marks), static_cast<std::int64_t>(replayed.lines),
             lines_at, player_id});
        !saved)
      return saved.error();
    // Tiers no longer reached lose their claim unless it was redeemed.
    if (auto dropped = transaction->execute(
            "DELETE FROM bingo_claims WHERE player_id = ? AND redeemed_at IS NULL AND prize_id IN "
            "(SELECT id FROM bingo_prizes WHERE game_id = ? AND lines > ?)",
            {player_id, game.id, static_cast<std::int64_t>(replayed.lines)});
        !dropped)
      return dropped.error();
    result.players.push_back(std::move(change));
  }
  if (between_players) {
    auto counted = transaction->query_one(
        "UPDATE bingo_games SET exchanges_count = exchanges_count - 1 WHERE id = ? "
        "RETURNING exchanges_count",
        {game.id});
    if (!counted) return counted.error();
    result.exchanges = (**counted).int64(0);
  }
  if (auto told = live_channels::announce(hub_, *transaction, result); !told) return told.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return result;
}

}  // namespace moim::bingo
