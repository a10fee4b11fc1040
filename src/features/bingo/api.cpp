// /api/v1/communities/{slug}/events/{event}/bingo*: the typed routes. A
// handler parses (the types do), calls the service and shapes the reply.
#include "features/bingo/api_types.hpp"
#include "features/bingo/routes.hpp"

namespace moim::bingo {

using namespace api;  // NOLINT: this file is the API's
using accounts::Access;
using http::Method;
using web::Nothing;

namespace {

GameOut game_out(const Game& game, std::int64_t now) {
  GameOut out{
      .event_id = game.event_id,
      .size = game.size,
      .picks = game.picks,
      .rate_limit_seconds = game.rate_limit_seconds,
      .starts_at = Instant{game.starts_at},
      .ends_at = game.ends_at ? std::optional<Instant>(Instant{*game.ends_at}) : std::nullopt,
      .open = game.open(now),
      .exchanges = game.exchanges,
      .players = game.players};
  for (const auto& keyword : game.keywords)
    out.keywords.push_back({keyword.text, keyword.category});
  for (const auto& prize : game.prizes)
    out.prizes.push_back({prize.lines, prize.stock, prize.claimed, prize.left()});
  for (const auto& booth : game.booths)
    out.booths.push_back(
        {booth.id, booth.name, booth.code.empty() ? std::nullopt : std::optional(booth.code)});
  return out;
}

ClaimOut claim_out(const Claim& claim) {
  return {claim.lines, claim.code, claim.redeemed_at.has_value()};
}

PlayerReply player_out(const Player& player) {
  PlayerOut out{.id = player.id,
                .code = player.code,
                .name = player.name,
                .keywords = player.picks,
                .board = {.size = player.size},
                .lines = player.lines};
  for (const auto& cell : player.cells)
    out.board.cells.push_back(
        {cell.keyword, cell.mark != 0, cell.mark != 0 ? std::optional(cell.by) : std::nullopt});
  for (const auto& claim : player.claims) out.claims.push_back(claim_out(claim));
  for (const auto& met : player.met)
    out.met.push_back(
        {met.exchange_id, met.booth ? "booth" : "player", met.name, met.picks, Instant{met.at}});
  return {std::move(out)};
}

std::vector<MarkedOut> marked_out(const Side& side) {
  std::vector<MarkedOut> marked;
  for (std::size_t index = 0; index < side.marked.size(); ++index)
    marked.push_back({side.marked[index], side.marked_keywords[index]});
  return marked;
}

ExchangeReply exchange_out(const Exchange& exchange) {
  ExchangeOut out{.id = exchange.id, .marked = marked_out(exchange.me), .lines = exchange.me.lines};
  if (exchange.them) {
    out.with = {"player", exchange.them->player_id, exchange.them->name, exchange.them->picks};
    out.their_marked = marked_out(*exchange.them);
    out.their_lines = exchange.them->lines;
  } else if (exchange.booth) {
    out.with = {"booth", exchange.booth->id, exchange.booth->name, {}};
  }
  if (!exchange.me.new_claims.empty()) out.prize = claim_out(exchange.me.new_claims.back());
  return {std::move(out)};
}

GameInput input_of(const GameBody& body) {
  GameInput input{.size = static_cast<int>(body.size.value),
                  .picks = body.picks ? static_cast<int>(body.picks->value) : 3,
                  .rate_limit_seconds = body.rate_limit_seconds ? body.rate_limit_seconds->value
                                                                : kDefaultRateLimitSeconds,
                  .closed = body.closed.value_or(false)};
  if (body.keywords)
    for (const auto& keyword : *body.keywords) input.keywords.push_back({keyword.value, ""});
  if (body.categories)
    for (const auto& category : *body.categories)
      for (const auto& keyword : category.keywords)
        input.keywords.push_back({keyword.value, category.name.value});
  if (body.prizes)
    for (const auto& prize : *body.prizes)
      input.prizes.push_back({static_cast<int>(prize.lines.value), prize.stock.value});
  if (body.booths)
    for (const auto& booth : *body.booths) input.booths.push_back(booth.name.value);
  if (body.starts_at) input.starts_at = body.starts_at->seconds;
  if (body.ends_at) input.ends_at = body.ends_at->seconds;
  return input;
}

template <class Call>
events::Caller caller_of(const Call& call) {
  return events::Caller{call.viewer(), call.ticket_token};
}

template <class Call>
bool anonymous(const Call& call) {
  return !call.viewer().signed_in() && !call.ticket_token;
}

}  // namespace

void add_bingo_api(accounts::ApiRoutes& routes, BingoService& bingo) {
  const std::string base = "/api/v1/communities/{slug}/events/{event}/bingo";
  const std::string codes =
      " Refusals carry a code pages translate (web/i18n bingo.json, \"bingo_error_<code>\").";

  routes.add<EventPath, Nothing, GameBody, GameReply>(
      {.method = Method::kPut,
       .path = base,
       .operation_id = "setBingo",
       .summary = "Create or change the event's bingo (organizers)",
       .description =
           "Board `size` 3-5, `picks` each player's own keywords (default 3), the pool as "
           "`keywords` and/or `categories` (at least size^2 in all), prize tiers (`lines`, "
           "`stock`), booths (each gets a secret code for its QR), `rate_limit_seconds` (default "
           "5, 0 turns the per-player limit off). Opens at once unless `starts_at` is given; "
           "`ends_at` closes it, `closed: true` closes it now. Once players joined, size, picks "
           "and the pool are fixed (409), and a tier's stock cannot go below what was redeemed." +
           codes,
       .tag = "bingo",
       .errors = {403, 409}},
      [&bingo](auto& call) -> Result<GameReply> {
        auto game =
            bingo.configure(call.viewer(), call.path.slug, call.path.event, input_of(call.body));
        if (!game) return game.error();
        return GameReply{game_out(game.value(), std::time(nullptr))};
      });

  routes.add<EventPath, Nothing, Nothing, GameReply>(
      {.method = Method::kGet,
       .path = base,
       .operation_id = "getBingo",
       .summary = "The event's bingo settings (booth codes for organizers only)",
       .tag = "bingo",
       .access = Access::kAnyoneOrTicket},
      [&bingo](auto& call) -> Result<GameReply> {
        auto game = bingo.game(caller_of(call), call.path.slug, call.path.event);
        if (!game) return game.error();
        return GameReply{game_out(game.value(), std::time(nullptr))};
      });

  routes.add<EventPath, Nothing, JoinBody, PlayerReply>(
      {.method = Method::kPost,
       .path = base + "/players",
       .operation_id = "joinBingo",
       .summary = "Join the bingo with one's own keywords (confirmed attendees)",
       .description =
           "A member (session or API token) or a guest (`Authorization: Bearer <ticket_token>`). "
           "`keywords`: exactly the game's `picks`, from the pool. Other players see your name "
           "and these keywords. Joining again, or after leaving, is a 409." +
           codes,
       .tag = "bingo",
       .status = 201,
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403, 409}},
      [&bingo](auto& call) -> Result<PlayerReply> {
        if (anonymous(call)) return Error::unauthenticated();
        std::vector<std::string> keywords;
        for (const auto& keyword : call.body.keywords) keywords.push_back(keyword.value);
        auto player = bingo.join(caller_of(call), call.path.slug, call.path.event, keywords);
        if (!player) return player.error();
        return player_out(player.value());
      });

  routes.add<EventPath, Nothing, Nothing, PlayerReply>(
      {.method = Method::kGet,
       .path = base + "/board",
       .operation_id = "myBingoBoard",
       .summary = "My board, claims and whom I met (players)",
       .tag = "bingo",
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403}},
      [&bingo](auto& call) -> Result<PlayerReply> {
        if (anonymous(call)) return Error::unauthenticated();
        auto player = bingo.board(caller_of(call), call.path.slug, call.path.event);
        if (!player) return player.error();
        return player_out(player.value());
      });

  routes.add<EventPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/players/me",
       .operation_id = "leaveBingo",
       .summary = "Leave the bingo: off the leaderboard, my code stops scanning",
       .description = "The marks my exchanges made on other boards stay: those meetings happened.",
       .tag = "bingo",
       .status = 204,
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403}},
      [&bingo](auto& call) -> Result<Nothing> {
        if (anonymous(call)) return Error::unauthenticated();
        if (auto left = bingo.leave(caller_of(call), call.path.slug, call.path.event); !left)
          return left.error();
        return Nothing{};
      });

  routes.add<EventPath, Nothing, ExchangeBody, ExchangeReply>(
      {.method = Method::kPost,
       .path = base + "/exchanges",
       .operation_id = "bingoExchange",
       .summary = "Exchange codes with another player, or take a booth's stamp (players)",
       .description =
           "`code`: the other player's (8 letters and digits) or a booth's (10). On both boards "
           "every unmarked cell whose keyword the other picked is marked; a booth marks one "
           "free cell (the one closest to completing a line, then reading order). One exchange "
           "per pair whoever scans, one stamp per booth (409). Scanning oneself is a 422, an "
           "unknown or left player's code a 404, more than one scan per `rate_limit_seconds` a "
           "429 with Retry-After (a wrong code spends the turn too). `prize`: a tier this "
           "exchange reached, with the claim code." +
           codes,
       .tag = "bingo",
       .status = 201,
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403, 409, 429}},
      [&bingo](auto& call) -> Result<ExchangeReply> {
        if (anonymous(call)) return Error::unauthenticated();
        auto exchange =
            bingo.exchange(caller_of(call), call.path.slug, call.path.event, call.body.code.value);
        if (!exchange) return exchange.error();
        return exchange_out(exchange.value());
      });

  routes.add<EventPath, LeaderboardQuery, Nothing, LeaderboardReply>(
      {.method = Method::kGet,
       .path = base + "/leaderboard",
       .operation_id = "bingoLeaderboard",
       .summary = "Players by lines, then by who got there first",
       .tag = "bingo",
       .access = Access::kAnyoneOrTicket},
      [&bingo](auto& call) -> Result<LeaderboardReply> {
        const int limit = call.query.limit ? static_cast<int>(call.query.limit->value) : 20;
        auto board = bingo.leaderboard(caller_of(call), call.path.slug, call.path.event, limit);
        if (!board) return board.error();
        LeaderboardReply reply{.exchanges = board->exchanges, .players = board->players};
        for (const auto& ranked : board->top)
          reply.leaderboard.push_back(
              {ranked.rank, ranked.player_id, ranked.name, ranked.lines, Instant{ranked.lines_at}});
        return reply;
      });

  routes.add<ClaimPath, Nothing, Nothing, RedeemReply>(
      {.method = Method::kPost,
       .path = base + "/claims/{code}/redeem",
       .operation_id = "redeemBingoPrize",
       .summary = "Hand out a prize: redeem its claim code once (organizers and event staff)",
       .description =
           "The tier's stock goes down and never below zero (409 when none is left)." + codes,
       .tag = "bingo",
       .errors = {403, 409}},
      [&bingo](auto& call) -> Result<RedeemReply> {
        auto redeemed =
            bingo.redeem(call.viewer(), call.path.slug, call.path.event, call.path.code);
        if (!redeemed) return redeemed.error();
        return RedeemReply{claim_out(redeemed->claim),
                           redeemed->player_name,
                           {redeemed->prize.lines, redeemed->prize.stock, redeemed->prize.claimed,
                            redeemed->prize.left()}};
      });

  routes.add<ExchangePath, Nothing, Nothing, VoidReply>(
      {.method = Method::kDelete,
       .path = base + "/exchanges/{exchange}",
       .operation_id = "voidBingoExchange",
       .summary = "Void an exchange or a stamp (organizers)",
       .description = "Both boards are replayed without it: its cells are unmarked (or marked by "
                      "a later exchange), lines recomputed, claims of tiers no longer reached "
                      "withdrawn unless redeemed. The pair cannot exchange again.",
       .tag = "bingo",
       .errors = {403, 409}},
      [&bingo](auto& call) -> Result<VoidReply> {
        auto voided =
            bingo.void_exchange(call.viewer(), call.path.slug, call.path.event, call.path.exchange);
        if (!voided) return voided.error();
        VoidReply reply{.exchange_id = voided->exchange_id, .exchanges = voided->exchanges};
        for (const auto& player : voided->players)
          reply.players.push_back(
              {player.player_id,
               std::vector<std::int64_t>(player.cells.begin(), player.cells.end()), player.lines});
        return reply;
      });
}

}  // namespace moim::bingo
