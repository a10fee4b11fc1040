// One declaration per API route: method, path, who may call it, the typed
// input (path parameters, query, body) and output, and a handler that is a
// plain function from the call to a Result<Output>. Resolving the caller,
// refusing cross-site state changes, parsing (an Error naming the field),
// error mapping, status codes and JSON writing happen here, once; the same
// declaration becomes the route's OpenAPI operation (platform/web/api_docs).
//
//   struct EventPath { std::string slug; std::int64_t event; };
//   BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))
//   routes.add<EventPath, web::Nothing, web::Nothing, EventReply>(
//       {.method = http::Method::kGet, .path = "/api/v1/communities/{slug}/events/{event}",
//        .operation_id = "getEvent", .summary = "One event", .tag = "events",
//        .access = Access::kAnyone},
//       [&](auto& call) { return events.event(call.viewer(), call.path.slug, call.path.event); });
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/web_session.hpp"
#include "platform/http/event_stream.hpp"
#include "platform/web/api_docs.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::accounts {

enum class Access {
  kAnyone,          // signed in or not
  kSignedIn,        // 401 before the handler runs when nobody is signed in
  kAnyoneOrTicket,  // also a guest's ticket token (Bearer tkt_...), see Call::ticket_token
};

// A guest's ticket token starts with this, so the caller can be told apart
// from a personal API token before any lookup; routes that do not accept
// tickets answer 401 to it like to any unknown token.
inline constexpr std::string_view kTicketTokenPrefix = "tkt_";

struct RouteSpec {
  http::Method method = http::Method::kGet;
  std::string path;
  std::string operation_id;
  std::string summary;
  std::string description;
  std::string tag;
  int status = 200;  // on success; 204 writes no body
  Access access = Access::kSignedIn;
  std::vector<int> errors;  // besides those the input implies (400/401/404/422)
};

template <class Path, class Query, class Body>
struct Call {
  Path path;
  Query query;
  Body body;
  RequestContext& context;
  const http::Request& request;
  std::optional<std::string> ticket_token;  // with Access::kAnyoneOrTicket only
  int status = 0;                           // non-zero overrides RouteSpec::status
  std::vector<http::Cookie> cookies;
  const Viewer& viewer() const { return context.viewer; }
};

namespace route_detail {
// The caller: a ticket (where accepted), a bearer API token, or the cookie.
Result<RequestContext> resolve(WebSession& session, const http::Request& request, Access access,
                               std::optional<std::string>& ticket_token);
// The JSON body, or {} when there is none.
Result<boost::json::value> body_value(const http::Request& request);
// Path parameters that do not parse are a 404 naming nothing secret.
Error not_found_for(const Error& error);
http::Response reply(int status, const boost::json::value* body,
                     const std::vector<http::Cookie>& cookies);
std::string method_key(http::Method method);
std::map<std::string, std::string> query_map(const http::Request& request);
std::vector<int> implied_errors(const RouteSpec& spec, bool has_path, bool has_query,
                                bool has_body);
}  // namespace route_detail

class ApiRoutes {
 public:
  ApiRoutes(http::Router& router, WebSession& session, web::ApiDocs& docs)
      : router_(router), session_(session), docs_(docs) {}

  // A Server-Sent Events route: the caller, path and query as for add(); the
  // handler returns the stream (platform/http/event_stream.hpp), documented
  // as text/event-stream.
  template <class Path, class Query, class Handler>
  void add_stream(RouteSpec spec, Handler handler) {
    record<Path, Query, web::Nothing, web::Nothing>(spec, !std::is_same_v<Path, web::Nothing>,
                                                    !std::is_same_v<Query, web::Nothing>, false,
                                                    false, true);
    router_.add(spec.method, spec.path,
                [&session = session_, spec, handler = std::move(handler)](http::Request& request) {
                  std::optional<std::string> ticket;
                  auto context = route_detail::resolve(session, request, spec.access, ticket);
                  if (!context) return web::error_response(context.error());
                  if (spec.access == Access::kSignedIn && !context->viewer.signed_in())
                    return web::error_response(Error::unauthenticated());
                  auto path = web::read_params<Path>(request.path_params);
                  if (!path) return web::error_response(route_detail::not_found_for(path.error()));
                  auto query = web::read_params<Query>(route_detail::query_map(request));
                  if (!query) return web::error_response(query.error());
                  Call<Path, Query, web::Nothing> call{std::move(path.value()),
                                                       std::move(query.value()),
                                                       web::Nothing{},
                                                       context.value(),
                                                       request,
                                                       std::move(ticket)};
                  Result<std::shared_ptr<http::EventStream>> stream = handler(call);
                  if (!stream) return web::error_response(stream.error());
                  return http::Response::event_stream(std::move(stream.value()));
                });
  }

  template <class Path, class Query, class Body, class Output, class Handler>
  void add(RouteSpec spec, Handler handler) {
    constexpr bool has_path = !std::is_same_v<Path, web::Nothing>;
    constexpr bool has_query = !std::is_same_v<Query, web::Nothing>;
    constexpr bool has_body = !std::is_same_v<Body, web::Nothing>;
    constexpr bool has_output = !std::is_same_v<Output, web::Nothing>;
    record<Path, Query, Body, Output>(spec, has_path, has_query, has_body, has_output);
    router_.add(spec.method, spec.path,
                [&session = session_, spec, handler = std::move(handler)](http::Request& request) {
                  std::optional<std::string> ticket;
                  auto context = route_detail::resolve(session, request, spec.access, ticket);
                  if (!context) return web::error_response(context.error());
                  if (spec.access == Access::kSignedIn && !context->viewer.signed_in())
                    return web::error_response(Error::unauthenticated());
                  auto path = web::read_params<Path>(request.path_params);
                  if (!path) return web::error_response(route_detail::not_found_for(path.error()));
                  auto query = web::read_params<Query>(route_detail::query_map(request));
                  if (!query) return web::error_response(query.error());
                  auto raw = route_detail::body_value(request);
                  if (!raw) return web::error_response(raw.error());
                  auto body = web::read_json<Body>(raw.value(), "");
                  if (!body) return web::error_response(body.error());
                  Call<Path, Query, Body> call{std::move(path.value()),
                                               std::move(query.value()),
                                               std::move(body.value()),
                                               context.value(),
                                               request,
                                               std::move(ticket)};
                  Result<Output> output = handler(call);
                  if (!output) return web::error_response(output.error());
                  const int status = call.status != 0 ? call.status : spec.status;
                  if constexpr (has_output) {
                    const boost::json::value written = web::write_json(output.value());
                    return route_detail::reply(status, &written, call.cookies);
                  } else {
                    return route_detail::reply(status, nullptr, call.cookies);
                  }
                });
  }

 private:
  template <class Path, class Query, class Body, class Output>
  void record(const RouteSpec& spec, bool has_path, bool has_query, bool has_body, bool has_output,
              bool event_stream = false) {
    web::OperationDoc doc{.method = route_detail::method_key(spec.method),
                          .path = spec.path,
                          .operation_id = spec.operation_id,
                          .summary = spec.summary,
                          .description = spec.description,
                          .tag = spec.tag,
                          .access = spec.access == Access::kAnyone     ? "anyone"
                                    : spec.access == Access::kSignedIn ? "signed_in"
                                                                       : "anyone_or_ticket",
                          .status = spec.status};
    for (const char* in : {"path", "query"}) {
      const bool is_path = std::string_view(in) == "path";
      if (is_path ? !has_path : !has_query) continue;
      const boost::json::array list =
          is_path ? web::parameter_schemas<Path>(in) : web::parameter_schemas<Query>(in);
      for (const auto& item : list) {
        const auto& object = item.as_object();
        doc.parameters.push_back({.name = std::string(object.at("name").as_string()),
                                  .in = in,
                                  .required = object.at("required").as_bool(),
                                  .schema = object.at("schema").as_object()});
      }
    }
    if (has_body) doc.request_schema = web::json_schema<Body>();
    if (has_output) doc.response_schema = web::json_schema<Output>();
    doc.event_stream = event_stream;
    doc.errors = route_detail::implied_errors(spec, has_path, has_query, has_body);
    docs_.add(std::move(doc));
  }

  http::Router& router_;
  WebSession& session_;
  web::ApiDocs& docs_;
};

}  // namespace moim::accounts
