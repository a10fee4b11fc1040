// Every route of the mentoring room: the typed API (api.cpp) and the pages
// (pages.cpp, review_pages.cpp).
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/mentoring/mentoring_service.hpp"
#include "platform/http/router.hpp"

namespace moim::mentoring {

// /api/v1/communities/{slug}/mentoring/programs[...]: programs, offers,
// applications, review, rules, runs, announcing, pairs.
void add_mentoring_api(accounts::ApiRoutes& routes, MentoringService& mentoring);

// /c/{slug}/mentoring[...]: the programs list, a program's page, the
// mentor's and mentee's forms, a pair's page (members).
void add_member_pages(http::Router& router, accounts::WebSession& session,
                      MentoringService& mentoring);
// /c/{slug}/mentoring/new, .../{program}/edit and .../{program}/review:
// creating and changing a program, reviewing both sides, pins and
// exclusions, matching and announcing (organizers).
void add_organizer_pages(http::Router& router, accounts::WebSession& session,
                         MentoringService& mentoring);

}  // namespace moim::mentoring
