// Every route of the mentoring room: the typed API (api.cpp, pair_api.cpp)
// and the pages (member_pages.cpp, organizer_pages.cpp, pair_pages.cpp,
// figures_pages.cpp).
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/mentoring/mentoring_service.hpp"
#include "features/mentoring/pair_space.hpp"
#include "platform/http/router.hpp"

#include <functional>
#include <string>
#include <vector>

namespace moim::mentoring {

// /api/v1/communities/{slug}/mentoring/programs[...]: programs, offers,
// applications, review, rules, runs, announcing, pairs.
void add_mentoring_api(accounts::ApiRoutes& routes, MentoringService& mentoring);
// .../programs/{program}/pairs/{pair}/*: the pair's space (goals, sessions,
// notes, check-in, feedback); .../figures and .../certificates (organizers).
void add_pair_api(accounts::ApiRoutes& routes, PairSpaceService& spaces);

// /c/{slug}/mentoring[...]: the programs list, a program's page, the
// mentor's and mentee's forms (members).
void add_member_pages(http::Router& router, accounts::WebSession& session,
                      MentoringService& mentoring);
// /c/{slug}/mentoring/{program}/pairs/{pair}[...]: the pair's space
// (goals, sessions and their calendar file, notes, check-in, feedback) and
// /c/{slug}/mentoring/{program}/figures (organizers: figures, certificates).
void add_pair_pages(http::Router& router, accounts::WebSession& session, PairSpaceService& spaces);
// /c/{slug}/mentoring/new, .../{program}/edit and .../{program}/review:
// creating and changing a program, reviewing both sides, pins and
// exclusions, matching and announcing (organizers).
// `suggest_topics` proposes a new program's topics: the community's study
// tags (the academy's, which this room does not read itself).
using TopicSuggestions =
    std::function<std::vector<std::string>(const accounts::Viewer&, const std::string& slug)>;
void add_organizer_pages(http::Router& router, accounts::WebSession& session,
                         MentoringService& mentoring, TopicSuggestions suggest_topics);

}  // namespace moim::mentoring
