// The privacy room's routes: GET /me/data (the page), GET
// /me/data/export.zip ("download my data") and GET /api/v1/me/data (typed,
// in the OpenAPI document).
#pragma once

#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/privacy_service.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_privacy_api(accounts::ApiRoutes& routes, std::shared_ptr<PrivacyService> privacy);
void add_privacy_pages(http::Router& router, accounts::WebSession& session,
                       std::shared_ptr<PrivacyService> privacy);

}  // namespace moim::privacy
