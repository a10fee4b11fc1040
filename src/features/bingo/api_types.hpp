// The bingo API's typed bodies and replies (Boost.Describe: parsed, written
// and documented in OpenAPI from these declarations).
#pragma once

#include <boost/describe.hpp>

#include "features/bingo/bingo_service.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::bingo::api {

using web::Instant;
using web::Int;
using web::Text;

struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))
struct ExchangePath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t exchange = 0;
};
BOOST_DESCRIBE_STRUCT(ExchangePath, (), (slug, event, exchange))
struct ClaimPath {
  std::string slug;
  std::int64_t event = 0;
  std::string code;
};
BOOST_DESCRIBE_STRUCT(ClaimPath, (), (slug, event, code))

struct CategoryBody {
  Text<1, kMaxCategoryChars> name;
  std::vector<Text<1, kMaxKeywordChars>> keywords;
};
BOOST_DESCRIBE_STRUCT(CategoryBody, (), (name, keywords))
struct PrizeBody {
  Int<1, 12> lines;
  Int<0, kMaxStock> stock;
};
BOOST_DESCRIBE_STRUCT(PrizeBody, (), (lines, stock))
struct BoothBody {
  Text<1, kMaxBoothNameChars> name;
};
BOOST_DESCRIBE_STRUCT(BoothBody, (), (name))
struct GameBody {
  Int<3, 5> size;
  std::optional<Int<0, 25>> picks;                                 // default 3
  std::optional<std::vector<Text<1, kMaxKeywordChars>>> keywords;  // no category
  std::optional<std::vector<CategoryBody>> categories;             // keywords with a category
  std::optional<std::vector<PrizeBody>> prizes;
  std::optional<std::vector<BoothBody>> booths;
  std::optional<Int<0, kMaxRateLimitSeconds>> rate_limit_seconds;  // default 5, 0 off
  std::optional<Instant> starts_at;
  std::optional<Instant> ends_at;
  std::optional<bool> closed;
};
BOOST_DESCRIBE_STRUCT(GameBody, (),
                      (size, picks, keywords, categories, prizes, booths, rate_limit_seconds,
                       starts_at, ends_at, closed))

struct KeywordOut {
  std::string keyword;
  std::string category;
};
BOOST_DESCRIBE_STRUCT(KeywordOut, (), (keyword, category))
struct PrizeOut {
  std::int64_t lines = 0;
  std::int64_t stock = 0;
  std::int64_t claimed = 0;
  std::int64_t left = 0;
};
BOOST_DESCRIBE_STRUCT(PrizeOut, (), (lines, stock, claimed, left))
struct BoothOut {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> code;  // organizers only
};
BOOST_DESCRIBE_STRUCT(BoothOut, (), (id, name, code))
struct GameOut {
  std::int64_t event_id = 0;
  std::int64_t size = 0;
  std::int64_t picks = 0;
  std::int64_t rate_limit_seconds = 0;
  Instant starts_at;
  std::optional<Instant> ends_at;
  bool open = false;
  std::int64_t exchanges = 0;
  std::int64_t players = 0;
  std::vector<KeywordOut> keywords;
  std::vector<PrizeOut> prizes;
  std::vector<BoothOut> booths;
};
BOOST_DESCRIBE_STRUCT(GameOut, (),
                      (event_id, size, picks, rate_limit_seconds, starts_at, ends_at, open,
                       exchanges, players, keywords, prizes, booths))
struct GameReply {
  GameOut bingo;
};
BOOST_DESCRIBE_STRUCT(GameReply, (), (bingo))

struct JoinBody {
  std::vector<Text<1, kMaxKeywordChars>> keywords;
};
BOOST_DESCRIBE_STRUCT(JoinBody, (), (keywords))
struct CellOut {
  std::string keyword;
  bool marked = false;
  std::optional<std::string> by;  // who marked it: the other player's or the booth's name
};
BOOST_DESCRIBE_STRUCT(CellOut, (), (keyword, marked, by))
struct BoardOut {
  std::int64_t size = 0;
  std::vector<CellOut> cells;
};
BOOST_DESCRIBE_STRUCT(BoardOut, (), (size, cells))
struct ClaimOut {
  std::int64_t lines = 0;
  std::string code;
  bool redeemed = false;
};
BOOST_DESCRIBE_STRUCT(ClaimOut, (), (lines, code, redeemed))
struct MetOut {
  std::int64_t exchange_id = 0;
  std::string kind;  // "player" or "booth"
  std::string name;
  std::vector<std::string> keywords;
  Instant at;
};
BOOST_DESCRIBE_STRUCT(MetOut, (), (exchange_id, kind, name, keywords, at))
struct PlayerOut {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::vector<std::string> keywords;
  BoardOut board;
  std::int64_t lines = 0;
  std::vector<ClaimOut> claims;
  std::vector<MetOut> met;
};
BOOST_DESCRIBE_STRUCT(PlayerOut, (), (id, code, name, keywords, board, lines, claims, met))
struct PlayerReply {
  PlayerOut player;
};
BOOST_DESCRIBE_STRUCT(PlayerReply, (), (player))

struct ExchangeBody {
  Text<1, 40> code;
};
BOOST_DESCRIBE_STRUCT(ExchangeBody, (), (code))
struct MarkedOut {
  std::int64_t cell = 0;  // reading order from 0
  std::string keyword;
};
BOOST_DESCRIBE_STRUCT(MarkedOut, (), (cell, keyword))
struct WithOut {
  std::string kind;  // "player" or "booth"
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> keywords;  // a player's own keywords
};
BOOST_DESCRIBE_STRUCT(WithOut, (), (kind, id, name, keywords))
struct ExchangeOut {
  std::int64_t id = 0;
  WithOut with;
  std::vector<MarkedOut> marked;
  std::vector<MarkedOut> their_marked;
  std::int64_t lines = 0;
  std::optional<std::int64_t> their_lines;
  std::optional<ClaimOut> prize;  // a tier this exchange reached
};
BOOST_DESCRIBE_STRUCT(ExchangeOut, (), (id, with, marked, their_marked, lines, their_lines, prize))
struct ExchangeReply {
  ExchangeOut exchange;
};
BOOST_DESCRIBE_STRUCT(ExchangeReply, (), (exchange))

struct LeaderboardQuery {
  std::optional<Int<1, 500>> limit;  // default 20
};
BOOST_DESCRIBE_STRUCT(LeaderboardQuery, (), (limit))
struct RankedOut {
  std::int64_t rank = 0;
  std::int64_t player_id = 0;
  std::string name;
  std::int64_t lines = 0;
  Instant lines_at;
};
BOOST_DESCRIBE_STRUCT(RankedOut, (), (rank, player_id, name, lines, lines_at))
struct LeaderboardReply {
  std::int64_t exchanges = 0;
  std::int64_t players = 0;
  std::vector<RankedOut> leaderboard;
};
BOOST_DESCRIBE_STRUCT(LeaderboardReply, (), (exchanges, players, leaderboard))

struct RedeemReply {
  ClaimOut claim;
  std::string player;
  PrizeOut prize;
};
BOOST_DESCRIBE_STRUCT(RedeemReply, (), (claim, player, prize))

struct UnmarkedOut {
  std::int64_t player_id = 0;
  std::vector<std::int64_t> cells;
  std::int64_t lines = 0;
};
BOOST_DESCRIBE_STRUCT(UnmarkedOut, (), (player_id, cells, lines))
struct VoidReply {
  std::int64_t exchange_id = 0;
  std::vector<UnmarkedOut> players;
  std::int64_t exchanges = 0;
};
BOOST_DESCRIBE_STRUCT(VoidReply, (), (exchange_id, players, exchanges))

struct NodeOut {
  std::int64_t id = 0;
  std::string name;
  std::int64_t lines = 0;
};
BOOST_DESCRIBE_STRUCT(NodeOut, (), (id, name, lines))
struct EdgeOut {
  std::int64_t from = 0;
  std::int64_t to = 0;
};
BOOST_DESCRIBE_STRUCT(EdgeOut, (), (from, to))
struct NetworkReply {
  std::int64_t exchanges = 0;
  std::vector<NodeOut> nodes;
  std::vector<EdgeOut> edges;
};
BOOST_DESCRIBE_STRUCT(NetworkReply, (), (exchanges, nodes, edges))

}  // namespace moim::bingo::api
