// The search's routes: GET /api/v1/communities/{slug}/search (typed,
// documented in the OpenAPI document) and the page /c/{slug}/search.
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/search/search_service.hpp"
#include "platform/http/router.hpp"

namespace moim::search {

void add_search_api(accounts::ApiRoutes& routes, SearchService& search);
void add_search_pages(http::Router& router, accounts::WebSession& session, SearchService& search);

}  // namespace moim::search
