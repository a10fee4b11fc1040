// Networking bingo (issue #14): a game per event; confirmed attendees (members,
// or guests by their ticket token) join with a few keywords of their own and
// get a board; meeting someone and scanning their code marks, on both boards,
// the cells whose keyword the other picked; a booth's code gives one stamp.
// Lines (rows, columns, diagonals) reach prize tiers whose claim codes staff
// redeem once. The pure rules are src/engines/bingo; this room stores them.
//
// Every change is one transaction and returns what changed (an Exchange, a
// Voided), so the caller can publish it to live screens after the commit.
// The events room is reached through its service only: attendees, organizers
// and staff are its word.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/events/events_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/live/live_stream.hpp"

namespace moim::bingo {

inline constexpr std::size_t kMaxKeywords = 200;
inline constexpr std::size_t kMaxKeywordChars = 40;
inline constexpr std::size_t kMaxCategoryChars = 40;
inline constexpr std::size_t kMaxPrizes = 12;
inline constexpr std::size_t kMaxBooths = 50;
inline constexpr std::size_t kMaxBoothNameChars = 60;
inline constexpr std::int64_t kMaxStock = 100000;
inline constexpr std::int64_t kMaxRateLimitSeconds = 3600;
inline constexpr std::int64_t kDefaultRateLimitSeconds = 5;
inline constexpr std::size_t kPlayerCodeChars = 8;  // players' codes; booths' have 10
inline constexpr std::size_t kBoothCodeChars = 10;

struct Keyword {
  std::string text;
  std::string category;  // "" for none
};

struct Prize {
  std::int64_t id = 0;
  int lines = 1;
  std::int64_t stock = 0;
  std::int64_t claimed = 0;
  std::int64_t left() const { return stock - claimed; }
};

struct Booth {
  std::int64_t id = 0;
  std::string name;
  std::string code;  // only for organizers; empty otherwise
};

struct Game {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t community_id = 0;
  int size = 5;
  int picks = 3;
  std::int64_t rate_limit_seconds = kDefaultRateLimitSeconds;
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> ends_at;
  std::optional<std::int64_t> closed_at;
  std::int64_t exchanges = 0;  // live (not voided) exchanges between players
  std::int64_t players = 0;    // on the leaderboard (not left)
  std::vector<Keyword> keywords;
  std::vector<Prize> prizes;  // by lines
  std::vector<Booth> booths;
  bool open(std::int64_t now) const {
    return !closed_at && starts_at <= now && (!ends_at || now < *ends_at);
  }
};

struct PrizeInput {
  int lines = 1;
  std::int64_t stock = 0;
};

// PUT: the whole settings. Once players joined, size, picks and the keyword
// pool are fixed (their boards come from them); tiers and booths that were
// used cannot go away, and a tier's stock not below what was claimed.
struct GameInput {
  int size = 5;
  int picks = 3;
  std::vector<Keyword> keywords;
  std::vector<PrizeInput> prizes;
  std::vector<std::string> booths;  // names; a kept name keeps its code
  std::int64_t rate_limit_seconds = kDefaultRateLimitSeconds;
  std::optional<std::int64_t> starts_at;  // default: now (opens at once)
  std::optional<std::int64_t> ends_at;    // default: open until closed
  bool closed = false;                    // true: closed now (by hand)
};

struct Cell {
  std::string keyword;
  std::int64_t mark = 0;  // the marking exchange's id, 0 unmarked
  std::string by;         // the other player's or the booth's name
};

struct Claim {
  std::int64_t id = 0;
  int lines = 0;  // the tier
  std::string code;
  std::optional<std::int64_t> redeemed_at;
};

struct Met {
  std::int64_t exchange_id = 0;
  bool booth = false;
  std::string name;
  std::vector<std::string> picks;  // a player's own keywords
  std::int64_t at = 0;
};

struct Player {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::vector<std::string> picks;
  int size = 0;
  std::vector<Cell> cells;
  int lines = 0;
  std::int64_t lines_at = 0;
  std::vector<Claim> claims;
  std::vector<Met> met;  // in the order met
};

// One side of an exchange, as it changed.
struct Side {
  std::int64_t player_id = 0;
  std::string name;
  std::vector<std::string> picks;
  std::vector<int> marked;  // cells newly marked, ascending
  std::vector<std::string> marked_keywords;
  int lines = 0;
  bool lines_changed = false;
  std::vector<Claim> new_claims;  // tiers reached by this exchange
};

// What an exchange or a stamp changed (committed).
struct Exchange {
  std::int64_t id = 0;
  std::int64_t game_id = 0;
  std::int64_t event_id = 0;
  std::int64_t at = 0;
  Side me;                     // the scanner
  std::optional<Side> them;    // the other player; nullopt for a booth's stamp
  std::optional<Booth> booth;  // the stamping booth (no code)
  std::int64_t exchanges = 0;  // the game's live exchanges after this one
};

// What voiding changed (committed): each affected player's unmarked cells
// and new line count.
struct Unmarked {
  std::int64_t player_id = 0;
  std::vector<int> cells;  // marked before, unmarked now (or marked by another action now)
  int lines = 0;
};
struct Voided {
  std::int64_t exchange_id = 0;
  std::int64_t game_id = 0;
  std::int64_t event_id = 0;
  std::vector<Unmarked> players;
  std::int64_t exchanges = 0;
};

struct Ranked {
  int rank = 0;
  std::int64_t player_id = 0;
  std::string name;
  int lines = 0;
  std::int64_t lines_at = 0;
};
struct Leaderboard {
  std::int64_t exchanges = 0;
  std::int64_t players = 0;
  std::vector<Ranked> top;
};

// The hall screen's picture: players (not left) and who met whom.
struct Node {
  std::int64_t id = 0;
  std::string name;
  int lines = 0;
};
struct Edge {
  std::int64_t from = 0;  // player ids, from < to
  std::int64_t to = 0;
};
struct Network {
  std::int64_t exchanges = 0;
  std::vector<Node> nodes;  // by id
  std::vector<Edge> edges;  // by exchange id
};

// An exchange or a stamp as the organizers' void list shows it.
struct Recent {
  std::int64_t id = 0;
  std::string first;   // the lower player id's name
  std::string second;  // the other player's name, or the booth's
  bool booth = false;
  std::int64_t at = 0;
  bool voided = false;
};

struct Redeemed {
  Claim claim;
  std::string player_name;
  Prize prize;  // after the redemption
};

class BingoService {
 public:
  BingoService(db::Database& database, const Clock& clock,
               communities::CommunitiesService& communities, events::EventsService& events);

  // Organizers: create or change the game (one per event).
  Result<Game> configure(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t event_id, const GameInput& input);
  // Anyone who may see the event; booth codes only for organizers.
  Result<Game> game(const events::Caller& caller, const std::string& slug, std::int64_t event_id);

  // Confirmed attendees: join with their own keywords (exactly the game's
  // `picks`, from the pool); 201 with the board. Again → 409.
  Result<Player> join(const events::Caller& caller, const std::string& slug, std::int64_t event_id,
                      const std::vector<std::string>& keywords);
  Result<Player> board(const events::Caller& caller, const std::string& slug,
                       std::int64_t event_id);
  // Off the leaderboard; the code stops scanning. Marks the player made on
  // others' boards stay there (those meetings happened).
  Status leave(const events::Caller& caller, const std::string& slug, std::int64_t event_id);
  // A player's code (8 characters) or a booth's (10). Same pair again → 409,
  // whoever scans; the same booth twice → 409.
  Result<Exchange> exchange(const events::Caller& caller, const std::string& slug,
                            std::int64_t event_id, const std::string& code);
  Result<Leaderboard> leaderboard(const events::Caller& caller, const std::string& slug,
                                  std::int64_t event_id, int limit);

  // Organizers and the event's staff: redeem a claim code once.
  Result<Redeemed> redeem(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t event_id, const std::string& code);
  // Organizers and the event's staff: the projector's network of players and
  // exchanges (names only, never codes or picks).
  Result<Network> network(const accounts::Viewer& viewer, const std::string& slug,
                          std::int64_t event_id);
  // Organizers: the latest exchanges and stamps, newest first (to void one).
  Result<std::vector<Recent>> recent(const accounts::Viewer& viewer, const std::string& slug,
                                     std::int64_t event_id, int limit);
  // Whether the viewer runs this event's bingo (organizers) or works its
  // door (staff): which links and pages a page shows them.
  Result<bool> may_organize(const accounts::Viewer& viewer, const std::string& slug);
  Result<bool> may_staff(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t event_id);

  // Organizers: void an exchange or a stamp; both boards are replayed.
  Result<Voided> void_exchange(const accounts::Viewer& viewer, const std::string& slug,
                               std::int64_t event_id, std::int64_t exchange_id);

  // Live screens (features/bingo/live.hpp): changes are published through
  // `hub` in their own transaction. What a caller's stream listens to: the
  // leaderboard for anyone who may see the game, their own board when they
  // play, and every exchange (`hall`: the projector) for organizers and the
  // event's staff only (403 for others).
  void publish_through(live::Hub& hub) { hub_ = &hub; }
  Result<std::vector<live::Feed>> feeds(const events::Caller& caller, const std::string& slug,
                                        std::int64_t event_id, bool hall);

 private:
  struct Located;  // the game row of (slug, event) and the caller's registration
  // The prologue of every player's call: the caller is a confirmed attendee,
  // a transaction (write or read) is open, and the event has a game (404).
  Result<Located> locate(const events::Caller& caller, const std::string& slug,
                         std::int64_t event_id, bool write);
  Result<std::int64_t> community_id(const std::string& slug);
  Result<std::int64_t> organizer_check(const accounts::Viewer& viewer, const std::string& slug);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  events::EventsService& events_;
  live::Hub* hub_ = nullptr;
  // Slug -> community id: a community's slug never changes and communities
  // are never deleted, so an exchange skips that read after the first.
  std::mutex community_ids_mutex_;
  std::unordered_map<std::string, std::int64_t> community_ids_;
};

}  // namespace moim::bingo
