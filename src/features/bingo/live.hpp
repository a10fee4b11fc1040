// What the bingo room tells live screens (platform/live): short messages on
// three kinds of channel, published inside the change's transaction so a
// screen hears of a change only once it is committed. A screen refetches
// what it shows (the board, the leaderboard) when a message arrives.
//   bingo.<event>.player.<id>   one player's board or claims changed (their phone)
//   bingo.<event>.leaderboard   lines or players changed (every phone)
//   bingo.<event>.hall          every exchange and stamp (the projector)
#pragma once

#include <cstdint>
#include <string>

#include "features/bingo/bingo_service.hpp"
#include "platform/live/hub.hpp"

namespace moim::bingo::live_channels {

std::string player(std::int64_t event_id, std::int64_t player_id);
std::string leaderboard(std::int64_t event_id);
std::string hall(std::int64_t event_id);

// Each is a no-op without a hub (services built without one, in tests).
Status announce(live::Hub* hub, db::Transaction& transaction, const Exchange& exchange);
Status announce(live::Hub* hub, db::Transaction& transaction, const Voided& voided);
// A player's prize was handed out: their page marks the claim.
Status announce_claim(live::Hub* hub, db::Transaction& transaction, std::int64_t event_id,
                      std::int64_t player_id);
// A player joined or left: the leaderboard's count and order.
Status announce_players(live::Hub* hub, db::Transaction& transaction, std::int64_t event_id);

}  // namespace moim::bingo::live_channels
