#include "features/bingo/live.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "features/bingo/internal.hpp"

namespace moim::bingo::live_channels {

std::string player(std::int64_t event_id, std::int64_t player_id) {
  return "bingo." + std::to_string(event_id) + ".player." + std::to_string(player_id);
}

std::string leaderboard(std::int64_t event_id) {
  return "bingo." + std::to_string(event_id) + ".leaderboard";
}

std::string hall(std::int64_t event_id) { return "bingo." + std::to_string(event_id) + ".hall"; }

namespace {

// The leaderboard note: the top ten as GET .../leaderboard?limit=10 answers
// it (without lines_at), published only when it may have changed: one of
// `changed` is in it now (a player outside the ten who gains lines stays
// outside, and the ten are the same), or `always`.
Status announce_top(live::Hub& hub, db::Transaction& transaction, std::int64_t game_id,
                    std::int64_t event_id, std::initializer_list<std::int64_t> changed,
                    bool always) {
  auto top = internal::top_players(transaction, game_id, kTopShown);
  if (!top) return top.error();
  const bool moved = std::any_of(top->begin(), top->end(), [&](const Ranked& ranked) {
    return std::find(changed.begin(), changed.end(), ranked.player_id) != changed.end();
  });
  if (!always && !moved) return ok_status();
  auto counts = transaction.query_one(
      "SELECT exchanges_count, players_count FROM bingo_games WHERE id = ?", {game_id});
  if (!counts) return counts.error();
  if (!counts->has_value()) return ok_status();
  boost::json::array ranks;
  for (const auto& ranked : top.value())
    ranks.push_back(boost::json::object{{"rank", ranked.rank},
                                        {"player_id", ranked.player_id},
                                        {"name", ranked.name},
                                        {"lines", ranked.lines}});
  const std::string note =
      boost::json::serialize(boost::json::object{{"kind", "top"},
                                                 {"exchanges", (**counts).int64(0)},
                                                 {"players", (**counts).int64(1)},
                                                 {"leaderboard", std::move(ranks)}});
  // Ten very long names would not fit a message: then the note says only
  // that the ten changed, and phones fetch them.
  if (note.size() > live::Hub::kMaxDataBytes)
    return hub.publish(transaction, leaderboard(event_id), R"({"kind":"top"})");
  return hub.publish(transaction, leaderboard(event_id), note);
}

}  // namespace

Status announce(live::Hub* hub, db::Transaction& transaction, const Exchange& exchange) {
  if (!hub) return ok_status();
  const std::string mark =
      boost::json::serialize(boost::json::object{{"kind", "exchange"}, {"id", exchange.id}});
  for (const Side* side : {&exchange.me, exchange.them ? &*exchange.them : nullptr}) {
    if (!side) continue;
    if (auto sent = hub->publish(transaction, player(exchange.event_id, side->player_id), mark);
        !sent)
      return sent;
  }
  const std::int64_t mine = exchange.me.lines_changed ? exchange.me.player_id : 0;
  const std::int64_t theirs =
      exchange.them && exchange.them->lines_changed ? exchange.them->player_id : 0;
  if (mine != 0 || theirs != 0) {
    if (auto sent = announce_top(*hub, transaction, exchange.game_id, exchange.event_id,
                                 {mine, theirs}, false);
        !sent)
      return sent;
  }
  boost::json::object seen{{"kind", exchange.them ? "exchange" : "stamp"},
                           {"id", exchange.id},
                           {"a", exchange.me.player_id},
                           {"exchanges", exchange.exchanges}};
  if (exchange.them) seen["b"] = exchange.them->player_id;
  return hub->publish(transaction, hall(exchange.event_id), boost::json::serialize(seen));
}

Status announce(live::Hub* hub, db::Transaction& transaction, const Voided& voided) {
  if (!hub) return ok_status();
  const std::string message =
      boost::json::serialize(boost::json::object{{"kind", "void"}, {"id", voided.exchange_id}});
  for (const auto& changed : voided.players) {
    if (auto sent = hub->publish(transaction, player(voided.event_id, changed.player_id), message);
        !sent)
      return sent;
  }
  if (auto sent = announce_top(*hub, transaction, voided.game_id, voided.event_id, {}, true); !sent)
    return sent;
  return hub->publish(transaction, hall(voided.event_id), message);
}

Status announce_claim(live::Hub* hub, db::Transaction& transaction, std::int64_t event_id,
                      std::int64_t player_id) {
  if (!hub) return ok_status();
  return hub->publish(transaction, player(event_id, player_id), R"({"kind":"claim"})");
}

Status announce_joined(live::Hub* hub, db::Transaction& transaction, std::int64_t game_id,
                       std::int64_t event_id, std::int64_t player_id) {
  if (!hub) return ok_status();
  if (auto sent = announce_top(*hub, transaction, game_id, event_id, {player_id}, false); !sent)
    return sent;
  return hub->publish(transaction, hall(event_id), R"({"kind":"players"})");
}

Status announce_left(live::Hub* hub, db::Transaction& transaction, std::int64_t game_id,
                     std::int64_t event_id) {
  if (!hub) return ok_status();
  if (auto sent = announce_top(*hub, transaction, game_id, event_id, {}, true); !sent) return sent;
  return hub->publish(transaction, hall(event_id), R"({"kind":"players"})");
}

}  // namespace moim::bingo::live_channels

namespace moim::bingo {

Result<std::vector<live::Feed>> BingoService::feeds(const events::Caller& caller,
                                                    const std::string& slug, std::int64_t event_id,
                                                    bool hall) {
  auto shown = game(caller, slug, event_id);  // may the caller see this game at all
  if (!shown) return shown.error();
  std::vector<live::Feed> feeds{{live_channels::leaderboard(event_id), "leaderboard"}};
  if (hall) {
    if (!caller.viewer.signed_in()) return Error::unauthenticated();
    auto staff = events_.may_staff(caller.viewer, slug, event_id);
    if (!staff) return staff.error();
    if (!staff.value()) return Error::forbidden("only organizers and staff watch every exchange");
    feeds.push_back({live_channels::hall(event_id), "hall"});
    return feeds;
  }
  if (caller.viewer.signed_in() || caller.ticket_token) {
    auto mine = board(caller, slug, event_id);
    if (mine) {
      feeds.push_back({live_channels::player(event_id, mine->id), "board"});
    } else if (mine.error().http_status >= 500) {
      return mine.error();
    }
  }
  return feeds;
}

}  // namespace moim::bingo
