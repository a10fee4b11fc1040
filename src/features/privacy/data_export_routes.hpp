// The routes of the prepared data export (issue #16): the pages POST
// /me/data/exports ("prepare my export"), GET /me/data/exports/{token} (the
// mailed link) and the organizers' POST /c/{slug}/members/{user_id}/data-export;
// the typed API POST/GET /api/v1/me/data/exports and POST
// /api/v1/communities/{slug}/members/{user_id}/data-export, and the ZIP
// itself at GET /api/v1/me/data/exports/{token} (documented by hand in
// web/openapi.json: it answers application/zip).
#pragma once

#include <memory>

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/privacy/data_export.hpp"
#include "platform/http/router.hpp"

namespace moim::privacy {

void add_data_export_pages(http::Router& router, accounts::WebSession& session,
                           std::shared_ptr<DataExportService> exports);
void add_data_export_api(http::Router& router, accounts::ApiRoutes& routes,
                         accounts::WebSession& session, std::shared_ptr<DataExportService> exports);

// The rows /me/data lists: state, when asked, by whom, size and expiry, in
// the reader's language.
boost::json::array data_export_views(const accounts::WebSession& session,
                                     const accounts::RequestContext& context,
                                     const std::vector<DataExport>& exports);

}  // namespace moim::privacy
