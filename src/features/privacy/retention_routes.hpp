// Retention's routes: the organizers' page /c/{slug}/retention (periods,
// what is due now, recent runs) and its typed API twin.
#pragma once

#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/retention.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_retention_pages(http::Router& router, accounts::WebSession& session,
                         std::shared_ptr<RetentionService> retention);
void add_retention_api(accounts::ApiRoutes& routes, std::shared_ptr<RetentionService> retention);

}  // namespace moim::privacy
