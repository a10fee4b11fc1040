// Every route of the bingo room (api.cpp, play_api.cpp).
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/bingo/bingo_service.hpp"

namespace moim::bingo {

// Settings (organizers), joining, exchanges and stamps, boards, the
// leaderboard, prize claims and voiding, under
// /api/v1/communities/{slug}/events/{event}/bingo.
void add_bingo_api(accounts::ApiRoutes& routes, BingoService& bingo);

// GET .../bingo/stream: live changes as Server-Sent Events (stream_api.cpp).
void add_bingo_stream(accounts::ApiRoutes& routes, BingoService& bingo, live::Hub& hub);

}  // namespace moim::bingo
