// What the bingo room tells live screens (platform/live), published inside
// the change's transaction so a screen hears of a change only once it is
// committed:
//   bingo.<event>.player.<id>   one player's board or claims changed (their
//                               phone refetches its board)
//   bingo.<event>.leaderboard   the top ten changed (every phone): the note
//                               carries the ten, so 10,000 phones draw it
//                               without 10,000 requests
//   bingo.<event>.hall          every exchange, stamp, join and leave (the projector)
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
// A player joined: the hall's count, and every phone's leaderboard if the
// newcomer is in the top ten (only while fewer than ten play).
Status announce_joined(live::Hub* hub, db::Transaction& transaction, std::int64_t game_id,
                       std::int64_t event_id, std::int64_t player_id);
// A player left: the hall's count and every phone's leaderboard.
Status announce_left(live::Hub* hub, db::Transaction& transaction, std::int64_t game_id,
                     std::int64_t event_id);

// How many players the leaderboard note carries (the pages show ten).
inline constexpr int kTopShown = 10;

}  // namespace moim::bingo::live_channels
