// Erasing a whole community (issue #16), the platform admin's routes: the
// page GET/POST /admin/communities/{slug}/erase and the typed API
// POST /api/v1/admin/communities/{slug}/erasure.
#pragma once

#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/community_erasure.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_community_erasure_pages(http::Router& router, accounts::WebSession& session,
                                 std::shared_ptr<CommunityErasureService> erasure);
void add_community_erasure_api(accounts::ApiRoutes& routes,
                               std::shared_ptr<CommunityErasureService> erasure);

}  // namespace moim::privacy
