#include "app/system_routes.hpp"

#include "platform/base/error.hpp"

namespace moim {

void add_system_routes(http::Router& router, db::Database& database, http::Metrics& metrics,
                       const std::string& openapi_document) {
  // The process is up and answering; says nothing about its dependencies.
  router.get("/healthz", [](http::Request&) {
    http::Response response = http::Response::json(200, R"({"status":"ok"})");
    response.set_header("Cache-Control", "no-store");
    return response;
  });
  // Ready to serve: the database answers.
  router.get("/readyz", [&database](http::Request&) {
    const bool ready = database.ping();
    http::Response response = http::Response::json(
        ready ? 200 : 503,
        ready ? R"({"status":"ready"})" : R"({"status":"unavailable","reason":"database"})");
    response.set_header("Cache-Control", "no-store");
    if (!ready) response.set_header("Retry-After", std::to_string(Error::kUnavailableRetrySeconds));
    return response;
  });
  router.get("/metrics", [&metrics](http::Request&) {
    return http::Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.get("/api/v1/openapi.json", [&openapi_document](http::Request&) {
    http::Response response = http::Response::json(200, openapi_document);
    response.set_header("Cache-Control", "public, max-age=300");
    return response;
  });
}

}  // namespace moim
