// Operational routes: /healthz, /readyz, /metrics, /api/v1/openapi.json.
#pragma once

#include <string>

#include "platform/db/database.hpp"
#include "platform/http/metrics.hpp"
#include "platform/http/router.hpp"

namespace moim {

void add_system_routes(http::Router& router, db::Database& database, http::Metrics& metrics,
                       const std::string& openapi_document);

}  // namespace moim
