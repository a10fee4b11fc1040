// The game's settings: organizers create and change it (PUT), anyone who may
// see the event reads it (booth codes for organizers only).
#include <set>

#include "features/bingo/internal.hpp"

namespace moim::bingo {

using internal::refusal;

BingoService::BingoService(db::Database& database, const Clock& clock,
                           communities::CommunitiesService& communities,
                           events::EventsService& events)
    : database_(database), clock_(clock), communities_(communities), events_(events) {}

Result<std::int64_t> BingoService::community_id(const std::string& slug) {
  {
    std::lock_guard lock(community_ids_mutex_);
    if (auto known = community_ids_.find(slug); known != community_ids_.end()) return known->second;
  }
  auto community = communities_.find(slug);
  if (!community) return community.error();
  std::lock_guard lock(community_ids_mutex_);
  if (community_ids_.size() >= 10000) community_ids_.clear();  // bounded; refilled on use
  community_ids_[slug] = community->id;
  return community->id;
}

Result<std::int64_t> BingoService::organizer_check(const accounts::Viewer& viewer,
                                                   const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto organizer = events_.may_create(viewer, slug);
  if (!organizer) return organizer.error();
  if (!organizer.value()) return Error::forbidden("only organizers run the bingo");
  return community_id(slug);
}

namespace {

std::string folded(const std::string& text) {
  std::string lower = text;
  for (char& ch : lower)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return lower;
}

Status check_input(const GameInput& input) {
  if (input.size < kMinSize || input.size > kMaxSize)
    return Error::invalid("size", "the board is 3, 4 or 5 cells wide");
  const int cells = input.size * input.size;
  if (input.picks < 0 || input.picks > cells)
    return Error::invalid(
        "picks", "players pick between 0 and " + std::to_string(cells) + " keywords of their own");
  if (input.keywords.size() < static_cast<std::size_t>(cells))
    return refusal(422, "too_few_keywords", "keywords",
                   "the pool needs at least " + std::to_string(cells) + " keywords for a " +
                       std::to_string(input.size) + "x" + std::to_string(input.size) + " board");
  if (input.keywords.size() > kMaxKeywords)
    return Error::invalid("keywords", "at most " + std::to_string(kMaxKeywords) + " keywords");
  std::set<std::string> seen;
  for (std::size_t index = 0; index < input.keywords.size(); ++index) {
    const auto& keyword = input.keywords[index].text;
    const std::string field = "keywords[" + std::to_string(index) + "]";
    if (keyword.empty() || keyword.size() > kMaxKeywordChars * 4 ||
        keyword.find('\n') != std::string::npos)
      return Error::invalid(field, "a keyword is one short line");
    if (!seen.insert(folded(keyword)).second)
      return refusal(422, "repeated_keyword", field, "\"" + keyword + "\" is in the pool twice");
  }
  std::set<int> tiers;
  const int most_lines = 2 * input.size + 2;
  for (std::size_t index = 0; index < input.prizes.size(); ++index) {
    const auto& prize = input.prizes[index];
    const std::string field = "prizes[" + std::to_string(index) + "]";
    if (prize.lines < 1 || prize.lines > most_lines)
      return Error::invalid(field + ".lines",
                            "a board has at most " + std::to_string(most_lines) + " lines");
    if (!tiers.insert(prize.lines).second)
      return Error::invalid(field + ".lines", "two prize tiers for the same lines");
  }
  std::set<std::string> booths;
  for (std::size_t index = 0; index < input.booths.size(); ++index)
    if (!booths.insert(input.booths[index]).second)
      return Error::invalid("booths[" + std::to_string(index) + "]", "two booths of one name");
  if (input.starts_at && input.ends_at && *input.ends_at <= *input.starts_at)
    return Error::invalid("ends_at", "the game ends after it starts");
  return ok_status();
}

// Replaces the pool (only while nobody plays).
Status write_keywords(db::Transaction& transaction, std::int64_t game_id,
                      const std::vector<Keyword>& keywords) {
  if (auto cleared = transaction.execute("DELETE FROM bingo_keywords WHERE game_id = ?", {game_id});
      !cleared)
    return cleared.error();
  for (std::size_t index = 0; index < keywords.size(); ++index)
    if (auto added = transaction.execute(
            "INSERT INTO bingo_keywords (game_id, position, keyword, category) VALUES (?, ?, ?, ?)",
            {game_id, static_cast<std::int64_t>(index), keywords[index].text,
             keywords[index].category});
        !added)
      return added.error();
  return ok_status();
}

// Tiers: kept ones get their new stock (not below what was claimed), new
// ones are added, dropped ones go unless someone reached them.
Status write_prizes(db::Transaction& transaction, std::int64_t game_id,
                    const std::vector<PrizeInput>& prizes) {
  auto existing = internal::prizes_of(transaction, game_id);
  if (!existing) return existing.error();
  for (const auto& prize : existing.value()) {
    bool kept = false;
    for (const auto& wanted : prizes) kept = kept || wanted.lines == prize.lines;
    if (kept) continue;
    auto claims =
        transaction.query_one("SELECT COUNT(*) FROM bingo_claims WHERE prize_id = ?", {prize.id});
    if (!claims) return claims.error();
    if ((**claims).int64(0) > 0)
      return refusal(409, "prize_reached", "prizes",
                     "players reached the " + std::to_string(prize.lines) +
                         "-line tier; it cannot be removed");
    if (auto gone = transaction.execute("DELETE FROM bingo_prizes WHERE id = ?", {prize.id}); !gone)
      return gone.error();
  }
  for (std::size_t index = 0; index < prizes.size(); ++index) {
    const auto& wanted = prizes[index];
    const Prize* found = nullptr;
    for (const auto& prize : existing.value())
      if (prize.lines == wanted.lines) found = &prize;
    if (found && wanted.stock < found->claimed)
      return refusal(409, "stock_below_claimed", "prizes[" + std::to_string(index) + "].stock",
                     std::to_string(found->claimed) + " were already redeemed");
    auto written = found ? transaction.execute("UPDATE bingo_prizes SET stock = ? WHERE id = ?",
                                               {wanted.stock, found->id})
                         : transaction.execute(
                               "INSERT INTO bingo_prizes (game_id, lines, stock) VALUES (?, ?, ?)",
                               {game_id, static_cast<std::int64_t>(wanted.lines), wanted.stock});
    if (!written) return written.error();
  }
  return ok_status();
}

Status write_booths(db::Transaction& transaction, std::int64_t game_id,
                    const std::vector<std::string>& names) {
  auto existing =
      transaction.query("SELECT id, name FROM bingo_booths WHERE game_id = ?", {game_id});
  if (!existing) return existing.error();
  std::set<std::string> have;
  for (const auto& row : existing.value()) {
    const std::string name = row.text(1);
    have.insert(name);
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    auto stamps = transaction.query_one("SELECT COUNT(*) FROM bingo_exchanges WHERE booth_id = ?",
                                        {row.int64(0)});
    if (!stamps) return stamps.error();
    if ((**stamps).int64(0) > 0)
      return refusal(409, "booth_used", "booths",
                     "the booth \"" + name + "\" gave stamps; it cannot be removed");
    if (auto gone = transaction.execute("DELETE FROM bingo_booths WHERE id = ?", {row.int64(0)});
        !gone)
      return gone.error();
  }
  for (const auto& name : names) {
    if (have.contains(name)) continue;
    if (auto added =
            transaction.execute("INSERT INTO bingo_booths (game_id, name, code) VALUES (?, ?, ?)",
                                {game_id, name, internal::new_code(kBoothCodeChars)});
        !added)
      return added.error();
  }
  return ok_status();
}

}  // namespace

Result<Game> BingoService::configure(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t event_id, const GameInput& input) {
  if (auto checked = check_input(input); !checked) return checked.error();
  auto community = organizer_check(viewer, slug);
  if (!community) return community.error();
  auto event = events_.event(events::Caller{viewer, std::nullopt}, slug, event_id);
  if (!event) return event.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  const std::int64_t now = clock_.now_seconds();
  auto found = internal::find_game(*transaction, community.value(), event_id);
  if (!found) return found.error();
  std::int64_t game_id = 0;
  // Opens at once unless a start is given; a change keeps the start it had.
  const std::int64_t starts_at =
      input.starts_at ? *input.starts_at : (found->has_value() ? (*found)->starts_at : now);
  const db::Value closed_at =
      input.closed
          ? db::Value{found->has_value() && (*found)->closed_at ? *(*found)->closed_at : now}
          : db::null();
  if (!found->has_value()) {
    auto created = transaction->query_one(
        "INSERT INTO bingo_games (event_id, community_id, size, picks, rate_limit_seconds, "
        "starts_at, ends_at, closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?) RETURNING id",
        {event_id, community.value(), static_cast<std::int64_t>(input.size),
         static_cast<std::int64_t>(input.picks), input.rate_limit_seconds, starts_at,
         db::maybe(input.ends_at), closed_at, now, now});
    if (!created && created.error().code == db::kUniqueViolation)  // set up twice at once
      return refusal(409, "conflict", "", "the bingo was just set up; try again");
    if (!created) return created.error();
    game_id = (**created).int64(0);
    if (auto written = write_keywords(*transaction, game_id, input.keywords); !written)
      return written.error();
  } else {
    Game current = **found;
    game_id = current.id;
    if (auto filled = internal::fill_game(*transaction, current, false); !filled)
      return filled.error();
    bool same_pool = current.keywords.size() == input.keywords.size();
    for (std::size_t index = 0; same_pool && index < input.keywords.size(); ++index)
      same_pool = current.keywords[index].text == input.keywords[index].text &&
                  current.keywords[index].category == input.keywords[index].category;
    auto joined =
        transaction->query_one("SELECT COUNT(*) FROM bingo_players WHERE game_id = ?", {game_id});
    if (!joined) return joined.error();
    if ((**joined).int64(0) > 0) {
      if (current.size != input.size)
        return refusal(409, "boards_fixed", "size", "players joined; the board size is fixed");
      if (current.picks != input.picks)
        return refusal(409, "boards_fixed", "picks", "players joined; the picks are fixed");
      if (!same_pool)
        return refusal(409, "boards_fixed", "keywords",
                       "players joined; the keyword pool is fixed");
    } else if (!same_pool) {
      if (auto written = write_keywords(*transaction, game_id, input.keywords); !written)
        return written.error();
    }
    if (auto updated = transaction->execute(
            "UPDATE bingo_games SET size = ?, picks = ?, rate_limit_seconds = ?, starts_at = ?, "
            "ends_at = ?, closed_at = ?, updated_at = ? WHERE id = ?",
            {static_cast<std::int64_t>(input.size), static_cast<std::int64_t>(input.picks),
             input.rate_limit_seconds, starts_at, db::maybe(input.ends_at), closed_at, now,
             game_id});
        !updated)
      return updated.error();
  }
  if (auto written = write_prizes(*transaction, game_id, input.prizes); !written)
    return written.error();
  if (auto written = write_booths(*transaction, game_id, input.booths); !written)
    return written.error();
  auto game = internal::find_game(*transaction, community.value(), event_id);
  if (!game) return game.error();
  Game result = **game;
  if (auto filled = internal::fill_game(*transaction, result, true); !filled) return filled.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return result;
}

Result<Game> BingoService::game(const events::Caller& caller, const std::string& slug,
                                std::int64_t event_id) {
  auto event = events_.event(caller, slug, event_id);  // who may see the event
  if (!event) return event.error();
  bool organizer = false;
  if (caller.viewer.signed_in()) {
    auto may = events_.may_create(caller.viewer, slug);
    if (!may) return may.error();
    organizer = may.value();
  }
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto found = internal::find_game(*transaction, event->community_id, event_id);
  if (!found) return found.error();
  if (!found->has_value()) return refusal(404, "no_game", "", "this event has no bingo");
  Game game = **found;
  if (auto filled = internal::fill_game(*transaction, game, organizer); !filled)
    return filled.error();
  return game;
}

}  // namespace moim::bingo
