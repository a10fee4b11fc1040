// Every route of the bingo room (api.cpp, play_api.cpp).
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/bingo/bingo_service.hpp"

namespace moim::bingo {

// Settings (organizers), joining, exchanges and stamps, boards, the
// leaderboard, prize claims and voiding, under
// /api/v1/communities/{slug}/events/{event}/bingo.
void add_bingo_api(accounts::ApiRoutes& routes, BingoService& bingo);

}  // namespace moim::bingo
