#include "features/bingo/live.hpp"

#include <boost/json/serialize.hpp>

namespace moim::bingo::live_channels {

std::string player(std::int64_t event_id, std::int64_t player_id) {
  return "bingo." + std::to_string(event_id) + ".player." + std::to_string(player_id);
}

std::string leaderboard(std::int64_t event_id) {
  return "bingo." + std::to_string(event_id) + ".leaderboard";
}

std::string hall(std::int64_t event_id) { return "bingo." + std::to_string(event_id) + ".hall"; }

Status announce(live::Hub* hub, db::Transaction& transaction, const Exchange& exchange) {
  if (!hub) return ok_status();
  const std::string mark =
      boost::json::serialize(boost::json::object{{"kind", "exchange"}, {"id", exchange.id}});
  bool lines_changed = exchange.me.lines_changed;
  for (const Side* side : {&exchange.me, exchange.them ? &*exchange.them : nullptr}) {
    if (!side) continue;
    lines_changed = lines_changed || side->lines_changed;
    if (auto sent = hub->publish(transaction, player(exchange.event_id, side->player_id), mark);
        !sent)
      return sent;
  }
  if (lines_changed) {
    if (auto sent = hub->publish(transaction, leaderboard(exchange.event_id), mark); !sent)
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
  if (auto sent = hub->publish(transaction, leaderboard(voided.event_id), message); !sent)
    return sent;
  return hub->publish(transaction, hall(voided.event_id), message);
}

Status announce_claim(live::Hub* hub, db::Transaction& transaction, std::int64_t event_id,
                      std::int64_t player_id) {
  if (!hub) return ok_status();
  return hub->publish(transaction, player(event_id, player_id), R"({"kind":"claim"})");
}

Status announce_players(live::Hub* hub, db::Transaction& transaction, std::int64_t event_id) {
  if (!hub) return ok_status();
  const std::string message = R"({"kind":"players"})";
  if (auto sent = hub->publish(transaction, leaderboard(event_id), message); !sent) return sent;
  return hub->publish(transaction, hall(event_id), message);
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
