// "Prepare my export": the form on /me/data, the mailed download link, the
// organizers' form on a member's page, and the typed API routes.
#include <boost/describe.hpp>

#include <string>

#include "features/privacy/data_export_routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/respond.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::privacy {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

constexpr const char* kShownZone = "Asia/Seoul";

Error csrf_error() {
  return Error{403, "csrf", "the form expired; reload the page and try again", {}};
}

http::Response zip_response(std::string bytes, std::int64_t user_id) {
  http::Response response;
  response.status = 200;
  response.body = std::move(bytes);
  response.set_header("Content-Type", "application/zip");
  response.set_header("Content-Disposition",
                      "attachment; filename=\"moim-my-data-" + std::to_string(user_id) + ".zip\"");
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

std::string size_text(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
  const std::int64_t tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

struct DataExportOut {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string state;
  bool by_organizer = false;
  web::Instant created_at;
  std::optional<web::Instant> ready_at;
  std::optional<web::Instant> expires_at;
  std::optional<std::int64_t> byte_size;
};
BOOST_DESCRIBE_STRUCT(DataExportOut, (),
                      (id, user_id, state, by_organizer, created_at, ready_at, expires_at,
                       byte_size))

std::optional<web::Instant> instant(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return std::nullopt;
  return web::Instant{*seconds};
}

DataExportOut export_out(const DataExport& item) {
  return {item.id,
          item.user_id,
          item.state,
          item.by_organizer(),
          {item.created_at},
          instant(item.ready_at),
          instant(item.expires_at),
          item.byte_size};
}

struct DataExportList {
  std::vector<DataExportOut> exports;
};
BOOST_DESCRIBE_STRUCT(DataExportList, (), (exports))

struct MemberPath {
  std::string slug;
  std::int64_t user_id = 0;
};
BOOST_DESCRIBE_STRUCT(MemberPath, (), (slug, user_id))

struct MemberExportBody {
  web::Text<1, kMaxExportReasonChars> reason;
};
BOOST_DESCRIBE_STRUCT(MemberExportBody, (), (reason))

}  // namespace

boost::json::array data_export_views(const WebSession& session, const RequestContext& context,
                                     const std::vector<DataExport>& exports) {
  boost::json::array out;
  for (const auto& item : exports) {
    out.push_back(boost::json::object{
        {"id", item.id},
        {"state", item.state},
        {"state_label", session.text(context, "privacy_export_state_" + item.state)},
        {"requested", format_local(item.created_at, kShownZone)},
        {"by_organizer", item.by_organizer()},
        {"ready", item.state == "ready"},
        {"expires", item.expires_at ? format_local(*item.expires_at, kShownZone) : "-"},
        {"size", item.byte_size ? size_text(*item.byte_size) : "-"}});
  }
  return out;
}

void add_data_export_pages(http::Router& router, WebSession& session,
                           std::shared_ptr<DataExportService> exports) {
  router.post("/me/data/exports", [&session, exports](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return session.refuse(context, csrf_error());
    auto asked = exports->request_own(context.viewer);
    if (!asked) return session.form_failed(request, context, asked.error());
    return http::Response::redirect("/me/data?notice=data_export_requested#exports");
  });

  router.get("/me/data/exports/{token}", [&session, exports](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto bytes = exports->download(context.viewer, request.param("token"));
    if (!bytes && bytes.error().http_status == 410) {
      // Say what happened and what to do, in the reader's language.
      const std::string message = session.text(context, "privacy_export_expired");
      http::Response response = session.page(
          context, 410, "error", {{"status", 410}, {"message", message}}, {.title = message});
      response.set_header("Cache-Control", "private, no-store");
      return response;
    }
    if (!bytes) return session.refuse(context, bytes.error());
    return zip_response(std::move(bytes.value()), context.viewer.user_id());
  });

  router.post("/c/{slug}/members/{user_id}/data-export", [&session,
                                                          exports](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return session.refuse(context, csrf_error());
    const std::string slug = request.param("slug");
    auto member_id = accounts::path_id(request, "user_id");
    if (!member_id) return session.refuse(context, member_id.error());
    const auto reason = form.find("reason");
    auto asked = exports->request_for_member(context.viewer, slug, member_id.value(),
                                             reason == form.end() ? "" : reason->second);
    if (!asked) return session.form_failed(request, context, asked.error());
    return http::Response::redirect("/c/" + slug + "/members/" + std::to_string(member_id.value()) +
                                    "?notice=data_export_requested");
  });
}

void add_data_export_api(http::Router& router, accounts::ApiRoutes& routes, WebSession& session,
                         std::shared_ptr<DataExportService> exports) {
  routes.add<web::Nothing, web::Nothing, web::Nothing, DataExportOut>(
      {.method = http::Method::kPost,
       .path = "/api/v1/me/data/exports",
       .operation_id = "requestMyDataExport",
       .summary = "Prepare my data export (a ZIP, built in the background)",
       .description =
           "Queues the export; the outbox worker builds the ZIP (one JSON file per section of "
           "GET /api/v1/me/data and the PDFs of valid certificates) and mails a download link "
           "that works for 7 days, for the signed-in owner only. While one is still queued, "
           "that one is returned. 429 after 10 requests in a day.",
       .tag = "privacy",
       .status = 202,
       .errors = {429}},
      [exports](auto& call) -> Result<DataExportOut> {
        auto asked = exports->request_own(call.viewer());
        if (!asked) return asked.error();
        return export_out(asked.value());
      });
  routes.add<web::Nothing, web::Nothing, web::Nothing, DataExportList>(
      {.method = http::Method::kGet,
       .path = "/api/v1/me/data/exports",
       .operation_id = "listMyDataExports",
       .summary = "My recent data exports",
       .description = "The 10 most recent, newest first: queued, ready (until expires_at), "
                      "failed or expired. The download link is in the mail.",
       .tag = "privacy"},
      [exports](auto& call) -> Result<DataExportList> {
        auto mine = exports->mine(call.viewer());
        if (!mine) return mine.error();
        DataExportList out;
        for (const auto& item : mine.value()) out.exports.push_back(export_out(item));
        return out;
      });
  routes.add<MemberPath, web::Nothing, MemberExportBody, DataExportOut>(
      {.method = http::Method::kPost,
       .path = "/api/v1/communities/{slug}/members/{user_id}/data-export",
       .operation_id = "requestMemberDataExport",
       .summary = "Prepare a member's data export on their request (organizers)",
       .description =
           "The reason (whose request, how it came) goes to the audit log. The download link "
           "is mailed to the member, never to the organizer, and works only for them.",
       .tag = "privacy",
       .status = 202,
       .errors = {403, 429}},
      [exports](auto& call) -> Result<DataExportOut> {
        auto asked = exports->request_for_member(call.viewer(), call.path.slug, call.path.user_id,
                                                 call.body.reason.value);
        if (!asked) return asked.error();
        return export_out(asked.value());
      });
  // The ZIP: bytes, not JSON, so a plain route (web/openapi.json documents it).
  router.get("/api/v1/me/data/exports/{token}", [&session, exports](http::Request& request) {
    auto context = session.api_context(request);
    if (!context) return web::error_response(context.error());
    auto bytes = exports->download(context->viewer, request.param("token"));
    if (!bytes) return web::error_response(bytes.error());
    return zip_response(std::move(bytes.value()), context->viewer.user_id());
  });
}

}  // namespace moim::privacy
