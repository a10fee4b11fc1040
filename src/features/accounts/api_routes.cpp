#include "features/accounts/api_routes.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace moim::accounts::route_detail {

Result<RequestContext> resolve(WebSession& session, const http::Request& request, Access access,
                               std::optional<std::string>& ticket_token) {
  const auto authorization = request.header("authorization");
  const std::string bearer_ticket = "Bearer " + std::string(kTicketTokenPrefix);
  if (access == Access::kAnyoneOrTicket && authorization &&
      authorization->starts_with(bearer_ticket)) {
    // A guest: no session, no API token; the room checks the ticket.
    ticket_token = std::string(authorization->substr(7));
    RequestContext context;
    if (auto language = request.header("accept-language"); language && language->starts_with("en"))
      context.language = "en";
    return context;
  }
  auto context = session.api_context(request);
  if (!context) return context.error();
  const bool changes_state =
      request.method != http::Method::kGet && request.method != http::Method::kHead;
  // A cookie-authenticated state change must be application/json, which no
  // cross-site form can send (CORS is never granted).
  if (changes_state && !context->viewer.via_api_token) {
    const auto content_type = request.header("content-type");
    if (!content_type || !content_type->starts_with("application/json")) {
      return Error{
          415, "unsupported_media_type", "send state-changing API calls as application/json", {}};
    }
  }
  return context;
}

Result<boost::json::value> body_value(const http::Request& request) {
  if (request.body.empty()) return boost::json::value(boost::json::object{});
  auto body = web::json_body(request);
  if (!body) return body.error();
  return boost::json::value(std::move(body.value()));
}

Error not_found_for(const Error& error) {
  return Error::not_found("no such " + (error.field.empty() ? std::string("thing") : error.field));
}

http::Response reply(int status, const boost::json::value* body,
                     const std::vector<http::Cookie>& cookies) {
  http::Response response =
      body && status != 204 ? web::json_response(status, *body) : http::Response{};
  response.status = status;
  for (const auto& cookie : cookies) response.set_cookie(cookie);
  response.set_header("Cache-Control", "no-store");
  return response;
}

std::string method_key(http::Method method) {
  switch (method) {
    case http::Method::kGet:
      return "get";
    case http::Method::kPost:
      return "post";
    case http::Method::kPut:
      return "put";
    case http::Method::kPatch:
      return "patch";
    case http::Method::kDelete:
      return "delete";
    default:
      return "get";
  }
}

std::map<std::string, std::string> query_map(const http::Request& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = std::move(value);
  return params;
}

std::vector<int> implied_errors(const RouteSpec& spec, bool has_path, bool has_query,
                                bool has_body) {
  std::vector<int> errors;
  auto add = [&](int status) {
    for (int known : errors) {
      if (known == status) return;
    }
    errors.push_back(status);
  };
  if (has_body || has_query) add(400);
  if (spec.access == Access::kSignedIn) add(401);
  if (has_path) add(404);
  if (has_body) add(422);
  for (int status : spec.errors) add(status);
  std::sort(errors.begin(), errors.end());
  return errors;
}

}  // namespace moim::accounts::route_detail
