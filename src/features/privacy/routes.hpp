// The privacy room's routes: GET /me/data (the page), GET
// /me/data/export.zip ("download my data") and GET /api/v1/me/data (typed,
// in the OpenAPI document).
#pragma once

#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/data_export.hpp"
#include "features/privacy/privacy_service.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_privacy_api(accounts::ApiRoutes& routes, std::shared_ptr<PrivacyService> privacy);
// With `exports`, /me/data also offers "prepare my export" and lists the
// person's recent exports (features/privacy/data_export_routes.hpp).
void add_privacy_pages(http::Router& router, accounts::WebSession& session,
                       std::shared_ptr<PrivacyService> privacy,
                       std::shared_ptr<DataExportService> exports = nullptr);

}  // namespace moim::privacy
