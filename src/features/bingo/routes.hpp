// Every route of the bingo room (api.cpp, network_api.cpp, play_pages.cpp,
// staff_pages.cpp).
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/bingo/bingo_service.hpp"
#include "features/events/routes.hpp"
#include "platform/http/router.hpp"

namespace moim::bingo {

// Settings (organizers), joining, exchanges and stamps, boards, the
// leaderboard, prize claims and voiding, under
// /api/v1/communities/{slug}/events/{event}/bingo.
void add_bingo_api(accounts::ApiRoutes& routes, BingoService& bingo);
// GET .../bingo/network: the projector's picture (organizers and staff).
void add_network_api(accounts::ApiRoutes& routes, BingoService& bingo);

// The player's page (/c/{slug}/events/{event}/bingo, or a guest's
// /c/{slug}/events/{event}/t/{token}/bingo): join, board, code, exchange, leave.
void add_play_pages(http::Router& router, accounts::WebSession& session, BingoService& bingo,
                    events::EventsService& events);
// Organizers' settings and void list, the staff's redeem page, the projector.
void add_staff_pages(http::Router& router, accounts::WebSession& session, BingoService& bingo,
                     events::EventsService& events);
// The event and ticket pages' bingo links, for whom may use them.
events::EventLinks event_links(accounts::WebSession& session, BingoService& bingo,
                               events::EventsService& events);

// GET .../bingo/stream: live changes as Server-Sent Events (stream_api.cpp).
void add_bingo_stream(accounts::ApiRoutes& routes, BingoService& bingo, live::Hub& hub);

}  // namespace moim::bingo
