#include "features/accounts/web_session.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include "platform/crypto/crypto.hpp"
#include "platform/web/error_reasons.hpp"
#include "platform/web/kept_pages.hpp"

namespace moim::accounts {

boost::json::object viewer_json(const Viewer& viewer) {
  if (!viewer.signed_in()) return {};
  return {{"id", viewer.user->id},
          {"display_name", viewer.user->display_name},
          {"is_admin", viewer.user->is_admin},
          {"email_verified", viewer.user->email_verified}};
}

boost::json::object user_json(const User& user, bool include_email) {
  boost::json::array interests;
  for (const auto& tag : user.interests) interests.emplace_back(tag);
  boost::json::object json{{"id", user.id},
                           {"display_name", user.display_name},
                           {"bio", user.bio},
                           {"github_url", user.github_url},
                           {"blog_url", user.blog_url},
                           {"linkedin_url", user.linkedin_url},
                           {"interests", interests}};
  if (include_email) {
    json["email"] = user.email;
    json["email_verified"] = user.email_verified;
    json["is_admin"] = user.is_admin;
    json["locale"] = user.locale ? boost::json::value(*user.locale) : boost::json::value(nullptr);
  }
  return json;
}

WebSession::WebSession(AccountsService& accounts, const web::PageRenderer& renderer,
                       const web::Catalog& catalog, bool force_secure_cookies)
    : accounts_(accounts),
      renderer_(renderer),
      catalog_(catalog),
      force_secure_cookies_(force_secure_cookies) {}

RequestContext WebSession::context(const http::Request& request,
                                   std::string_view fallback_language) {
  return resolve(request, fallback_language, true);
}

RequestContext WebSession::resolve(const http::Request& request, std::string_view fallback_language,
                                   bool form_token) {
  RequestContext context;
  context.secure = request.secure || force_secure_cookies_;
  // The page as asked for, query included (a search, a page number), so that the
  // language picker and the login page return to exactly this page.
  context.path = request.target.starts_with('/') ? request.target : request.path;
  if (auto token = request.cookie(kSessionCookie)) {
    auto viewer = accounts_.viewer_from_session(*token);
    if (viewer)
      context.viewer = std::move(viewer.value());
    else
      context.unavailable = viewer.error();
  }
  std::optional<std::string> saved =
      context.viewer.signed_in() ? context.viewer.user->locale : std::nullopt;
  if (!saved) saved = request.cookie(kLanguageCookie);
  context.language = web::choose_language(saved, request.header("accept-language").value_or(""),
                                          fallback_language);
  if (!form_token) {
    // An API answer has no forms to protect.
  } else if (context.viewer.session_id != 0) {
    context.csrf_token = context.viewer.csrf_token;
  } else if (auto cookie = request.cookie(kCsrfCookie); cookie && cookie->size() == 43) {
    context.csrf_token = *cookie;
  } else {
    context.csrf_token = crypto::random_token();
    context.issue_csrf_cookie = true;
  }
  return context;
}

Result<RequestContext> WebSession::api_context(const http::Request& request) {
  if (auto authorization = request.header("authorization")) {
    if (!authorization->starts_with("Bearer ")) {
      return Error::unauthenticated("use Authorization: Bearer <token>");
    }
    auto viewer = accounts_.viewer_from_api_token(std::string(authorization->substr(7)));
    if (!viewer) return viewer.error();
    RequestContext context;
    context.viewer = std::move(viewer.value());
    context.language = context.viewer.user->locale.value_or("ko");
    return context;
  }
  // Cookie sessions are accepted too. Cross-site forgery is refused because
  // every state-changing API call must send application/json, which no
  // cross-site form can, and CORS is never granted.
  RequestContext resolved = resolve(request, "ko", false);
  if (resolved.unavailable) return *resolved.unavailable;
  return resolved;
}

bool WebSession::csrf_ok(const RequestContext& context,
                         const std::map<std::string, std::string>& form) const {
  auto sent = form.find("_csrf");
  if (sent == form.end() || context.csrf_token.empty() || context.issue_csrf_cookie) return false;
  return crypto::constant_time_equal(sent->second, context.csrf_token);
}

http::Cookie WebSession::session_cookie(const RequestContext& context, const std::string& token,
                                        std::int64_t max_age) const {
  return http::Cookie{.name = std::string(kSessionCookie),
                      .value = token,
                      .max_age_seconds = max_age,
                      .http_only = true,
                      .secure = context.secure,
                      .same_site = "Lax"};
}

http::Cookie WebSession::csrf_cookie(const RequestContext& context,
                                     const std::string& token) const {
  return http::Cookie{.name = std::string(kCsrfCookie),
                      .value = token,
                      .max_age_seconds = -1,
                      .http_only = true,
                      .secure = context.secure,
                      .same_site = "Lax"};
}

std::vector<http::Cookie> WebSession::login_cookies(const RequestContext& context,
                                                    const SessionGrant& grant) const {
  std::vector<http::Cookie> cookies{
      session_cookie(context, grant.token, accounts_.config().session_absolute_seconds)};
  if (!grant.device_token.empty()) {
    cookies.push_back(http::Cookie{.name = std::string(kDeviceCookie),
                                   .value = grant.device_token,
                                   .max_age_seconds = accounts_.config().device_lifetime_seconds,
                                   .http_only = true,
                                   .secure = context.secure,
                                   .same_site = "Lax"});
  }
  return cookies;
}

LoginClient WebSession::login_client(const http::Request& request) {
  return LoginClient{request.remote_ip, std::string(request.header("user-agent").value_or("")),
                     request.cookie(kDeviceCookie).value_or("")};
}

std::string WebSession::fragment(const RequestContext& context, std::string_view template_name,
                                 const boost::json::value& data) const {
  return renderer_.templates().render(template_name, context.language, data);
}

http::Response WebSession::page(const RequestContext& context, int status,
                                std::string_view template_name, boost::json::object data,
                                const PageOptions& options) const {
  web::Frame frame;
  frame.language = context.language;
  frame.csrf_token = context.csrf_token;
  frame.viewer =
      context.viewer.signed_in() ? boost::json::value(viewer_json(context.viewer)) : nullptr;
  frame.title = options.title.empty() ? "moim" : options.title + " · moim";
  if (!options.notice_key.empty())
    frame.notice = catalog_.text(context.language, options.notice_key);
  frame.error = options.error_text;
  frame.current_path = context.path;
  if (section_nav_) {
    if (const std::string_view slug = community_slug(context.path); !slug.empty())
      frame.section = section_nav_(context, slug);
  }
  http::Response response = renderer_.render(status, frame, template_name, std::move(data));
  if (context.issue_csrf_cookie) response.set_cookie(csrf_cookie(context, context.csrf_token));
  response.set_header("Vary", "Cookie, Accept-Language");
  return response;
}

http::Response WebSession::kept_page(const http::Request& request, const RequestContext& context,
                                     const std::function<http::Response()>& build) const {
  if (!kept_pages_ || context.viewer.signed_in() || context.unavailable || !request.query.empty())
    return build();
  http::Response response =
      kept_pages_->serve(context.language + ' ' + request.path, context.csrf_token, build);
  // build() set a new visitor's token cookie; a kept page has none.
  if (context.issue_csrf_cookie && !response.header("Set-Cookie"))
    response.set_cookie(csrf_cookie(context, context.csrf_token));
  return response;
}

http::Response WebSession::error_page(const RequestContext& context, int status) const {
  std::string key = "error_page_" + std::to_string(status);
  if (!catalog_.strings(context.language).contains(key)) key = "error_page_500";
  boost::json::object data{{"status", status}, {"message", catalog_.text(context.language, key)}};
  http::Response response = page(context, status, "error", std::move(data),
                                 {.title = catalog_.text(context.language, key)});
  if (status == 503) web::set_retry_after(response, Error::unavailable(""));
  return response;
}

http::Response WebSession::refuse(const RequestContext& context, const Error& error) const {
  // We could not tell who is asking: "log in first" would be a lie.
  if (context.unavailable) return refuse_server_error(context, *context.unavailable);
  if (error.http_status >= 500) return refuse_server_error(context, error);
  if (error.http_status == 401) {
    return http::Response::redirect("/login?next=" + http::percent_encode(context.path));
  }
  // An expired or forged form token is not "you may not see this": say what
  // happened and what to do (reload), in the visitor's language.
  // An erased community (410) says so, and where its certificates still answer.
  if (error.http_status == 400 || error.http_status == 409 || error.http_status == 429 ||
      error.code == "csrf" || error.code == "community_erased") {
    web::Frame frame;
    boost::json::object data{{"status", error.http_status},
                             {"message", error_text(context, error)}};
    http::Response response = page(context, error.http_status, "error", std::move(data),
                                   {.title = error_text(context, error)});
    web::set_retry_after(response, error);
    return response;
  }
  return error_page(context, error.http_status);
}

http::Response WebSession::refuse_server_error(const RequestContext& context,
                                               const Error& error) const {
  const Error shown = web::public_error(error);  // logs the detail
  http::Response response = error_page(context, shown.http_status);
  web::set_retry_after(response, shown);
  return response;
}

std::string WebSession::error_text(const RequestContext& context, const Error& error) const {
  // Never show a server-side detail (hosts, SQL) on a page.
  if (error.http_status >= 500)
    return catalog_.text(context.language,
                         error.http_status == 503 ? "error_unavailable" : "error_internal");
  const auto& strings = catalog_.strings(context.language);
  // Most precise first: this field for this reason, this field, the reason
  // (web::Fields' "too_long" and friends, with {limit}), the code.
  const auto reason = web::reason_of(error);
  std::vector<std::string> keys;
  if (!error.field.empty() && reason)
    keys.push_back("error_" + error.code + "_" + error.field + "_" + reason->key);
  if (reason && reason->precise) keys.push_back("error_reason_" + reason->key);
  if (!error.field.empty()) keys.push_back("error_" + error.code + "_" + error.field);
  if (reason && !reason->precise) keys.push_back("error_reason_" + reason->key);
  keys.push_back("error_" + error.code);
  for (const std::string& key : keys) {
    if (!strings.contains(key)) continue;
    std::string text = catalog_.text(context.language, key);
    if (!reason) return text;
    for (const auto& [name, number] : {std::pair<std::string, long long>{"{limit}", reason->limit},
                                       std::pair<std::string, long long>{"{min}", reason->min}}) {
      for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at))
        text.replace(at, name.size(), std::to_string(number));
    }
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"{from}", reason->from},
                                      std::pair<std::string, std::string>{"{to}", reason->to}}) {
      for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at))
        text.replace(at, name.size(), value);
    }
    return text;
  }
  if (context.language == "en") return error.message;
  // Korean page, a message without a translation: say which field, in Korean,
  // and keep the precise English reason beside it.
  if (!error.field.empty())
    return catalog_.text("ko", "error_check_field") + " (" + error.field + "): " + error.message;
  return error.message;
}

}  // namespace moim::accounts

namespace moim::accounts {

http::Handler api_route(WebSession& session, ApiHandler handler) {
  return [&session, handler = std::move(handler)](http::Request& request) -> http::Response {
    auto context = session.api_context(request);
    if (!context) return web::error_response(context.error());
    const bool changes_state =
        request.method != http::Method::kGet && request.method != http::Method::kHead;
    if (changes_state && !context->viewer.via_api_token) {
      const auto content_type = request.header("content-type");
      if (!content_type || !content_type->starts_with("application/json")) {
        return web::error_response(Error{415,
                                         "unsupported_media_type",
                                         "send state-changing API calls as application/json",
                                         {}});
      }
    }
    auto reply = handler(context.value(), request);
    if (!reply) return web::error_response(reply.error());
    http::Response response =
        reply->status == 204 ? http::Response{} : web::json_response(reply->status, reply->body);
    response.status = reply->status;
    for (const auto& cookie : reply->cookies) response.set_cookie(cookie);
    response.set_header("Cache-Control", "no-store");
    return response;
  };
}

Result<web::Fields> api_fields(const http::Request& request) {
  if (request.body.empty()) return web::Fields(boost::json::object{});
  auto body = web::json_body(request);
  if (!body) return body.error();
  return web::Fields(std::move(body.value()));
}

Result<std::int64_t> path_id(const http::Request& request, const std::string& name) {
  const std::string& text = request.param(name);
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
    return Error::not_found("no such " + name.substr(0, name.rfind("_id")));
  }
  return id;
}

// A URL parser that follows the WHATWG standard (every browser) drops tabs
// and newlines anywhere in a URL and reads `\` as `/`, so "/\t/evil.example"
// and "/\\evil.example" are both "//evil.example", another origin. The
// path is accepted only if it is a plain local path after that clean-up.
std::string_view community_slug(std::string_view path) {
  constexpr std::string_view kPrefix = "/c/";
  if (!path.starts_with(kPrefix)) return {};
  path.remove_prefix(kPrefix.size());
  return path.substr(0, path.find_first_of("/?#"));
}

std::string safe_next(const std::optional<std::string>& next, const std::string& fallback) {
  if (!next || next->empty() || next->size() > 500) return fallback;
  std::string cleaned;
  cleaned.reserve(next->size());
  for (const char ch : *next) {
    if (ch == '\t' || ch == '\n' || ch == '\r') continue;
    cleaned += ch;
  }
  for (const unsigned char ch : cleaned) {
    if (ch < 0x20 || ch == 0x7f || ch == '\\') return fallback;
  }
  if (cleaned.empty() || cleaned.front() != '/' || cleaned.starts_with("//")) return fallback;
  // The original must already be that clean path: a Location header carries
  // the bytes as they are, and another parser may not strip what ours did.
  if (cleaned != *next) return fallback;
  return cleaned;
}

std::string return_path(const http::Request& request,
                        const std::map<std::string, std::string>& form,
                        const std::string& fallback) {
  if (auto field = form.find("return_to"); field != form.end() && !field->second.empty())
    return safe_next(field->second, fallback);
  const auto referer = request.header("referer");
  const auto host = request.header("host");
  if (!referer || !host || host->empty()) return fallback;
  for (std::string_view scheme : {"http://", "https://"}) {
    const std::string origin = std::string(scheme) + std::string(*host);
    if (referer->size() > origin.size() && referer->starts_with(origin) &&
        (*referer)[origin.size()] == '/') {
      std::string path(referer->substr(origin.size()));
      path = path.substr(0, path.find('#'));
      return safe_next(path, fallback);
    }
  }
  return fallback;
}

std::string with_notice(std::string_view path, std::string_view notice) {
  const std::size_t question = path.find('?');
  std::string result(path.substr(0, question));
  char separator = '?';
  if (question != std::string_view::npos) {
    std::string_view query = path.substr(question + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      if (pair.empty() || pair == "notice" || pair.starts_with("notice=")) continue;
      result += separator;
      result += pair;
      separator = '&';
    }
  }
  result += separator;
  result += "notice=";
  result += notice;
  return result;
}

}  // namespace moim::accounts
