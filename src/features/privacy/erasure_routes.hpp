// The erasure routes (issue #16): the pages GET/POST /me/delete and POST
// /c/{slug}/members/{id}/erase, and the typed API POST /api/v1/me/deletion
// and POST /api/v1/communities/{slug}/members/{user_id}/erasure.
#pragma once

#include <cstdint>
#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/erasure.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_erasure_pages(http::Router& router, accounts::WebSession& session,
                       std::shared_ptr<ErasureService> erasure, std::int64_t grace_days);
void add_erasure_api(accounts::ApiRoutes& routes, std::shared_ptr<ErasureService> erasure);

}  // namespace moim::privacy
