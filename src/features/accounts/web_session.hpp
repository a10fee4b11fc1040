// Who is asking, in which language, with which form token: resolved once per
// request for pages and the API alike. Every feature's routes use this.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "features/accounts/accounts_service.hpp"
#include "platform/http/message.hpp"
#include "platform/http/router.hpp"
#include "platform/web/catalog.hpp"
#include "platform/web/csv_localize.hpp"
#include "platform/web/input.hpp"
#include "platform/web/respond.hpp"

namespace moim::web {
class KeptPages;  // platform/web/kept_pages.hpp
}  // namespace moim::web

namespace moim::accounts {

inline constexpr std::string_view kSessionCookie = "moim_session";
inline constexpr std::string_view kCsrfCookie = "moim_csrf";  // anonymous forms (double submit)
inline constexpr std::string_view kLanguageCookie = "moim_lang";
inline constexpr std::string_view kDeviceCookie = "moim_device";  // passes the login throttle

struct RequestContext {
  Viewer viewer;
  std::string language = "ko";
  std::string csrf_token;          // what forms must send back as _csrf
  bool issue_csrf_cookie = false;  // an anonymous visitor without a token yet
  bool secure = false;
  std::string path;  // as asked for, query included: where to come back to
  // Set when the session could not be looked up because storage failed: the
  // visitor is not anonymous, we just cannot tell, so refuse() answers 503
  // instead of sending them to the login page.
  std::optional<Error> unavailable;
};

struct PageOptions {
  std::string title;
  std::string notice_key;  // a catalog key shown as confirmation
  std::string error_text;  // already translated
};

class WebSession {
 public:
  WebSession(AccountsService& accounts, const web::PageRenderer& renderer,
             const web::Catalog& catalog, bool force_secure_cookies);

  // Pages: the session cookie; an unknown or expired one is anonymous.
  RequestContext context(const http::Request& request, std::string_view fallback_language = "ko");
  // API: a bearer token if present (and then it must be valid), else the cookie.
  Result<RequestContext> api_context(const http::Request& request);

  // A state-changing form must carry the token of its context.
  bool csrf_ok(const RequestContext& context, const std::map<std::string, std::string>& form) const;

  http::Response page(const RequestContext& context, int status, std::string_view template_name,
                      boost::json::object data, const PageOptions& options) const;
  // A template rendered alone, without the layout, in the viewer's language:
  // a part of a page that is kept and reused (the catalog's cards).
  std::string fragment(const RequestContext& context, std::string_view template_name,
                       const boost::json::value& data) const;
  // For a page every anonymous visitor gets alike: build()'s page, kept
  // rendered for anonymous visitors while the database and the clock's
  // second stay as they were (web/kept_pages.hpp). Signed-in visitors, a
  // query string (notices, filters) and a database without a change stamp
  // always get build()'s.
  http::Response kept_page(const http::Request& request, const RequestContext& context,
                           const std::function<http::Response()>& build) const;
  void set_kept_pages(std::shared_ptr<web::KeptPages> kept_pages) {
    kept_pages_ = std::move(kept_pages);
  }
  // A page for 403/404/405/500 and friends, in the visitor's language.
  http::Response error_page(const RequestContext& context, int status) const;
  // Sends anonymous visitors to the login page, others to an error page; a
  // storage failure (also while resolving the session) is a 503 page.
  http::Response refuse(const RequestContext& context, const Error& error) const;
  // A translated sentence for an Error shown on a page.
  std::string error_text(const RequestContext& context, const Error& error) const;
  // A page form whose input was refused (400, 409, 413, 422): the page the
  // form was on (its Referer) is rendered again, its form refilled with what
  // was typed and the field at fault marked, answered with the error's
  // status. Other errors, and forms whose page cannot be found, are refuse().
  // One place for every form, so no form is a dead end (form_failed.cpp).
  http::Response form_failed(const http::Request& request, const RequestContext& context,
                             const Error& error) const;
  // For a page that renders its own form again (typed values in its data):
  // the same field marking and translated message, and the error's status.
  http::Response mark_form(http::Response page, const http::Request& request,
                           const RequestContext& context, const Error& error) const;
  // A service's CSV for this viewer (issue #12): each header from the
  // catalog's "csv_<column>", and the cells of the columns in
  // `value_prefixes` from "<prefix><value>" ("stage" → "stage_": "runner"
  // reads "러너"); `custom` rewrites other columns' cells. web::localize_csv.
  std::string localized_csv(const RequestContext& context, std::string_view csv,
                            const std::map<std::string, std::string>& value_prefixes,
                            const std::map<std::string, web::CellText>& custom = {}) const;
  // The routes that form_failed renders again; set once all are added.
  void set_router(const http::Router* router) { router_ = router; }
  std::string text(const RequestContext& context, std::string_view key) const {
    return catalog_.text(context.language, key);
  }

  http::Cookie session_cookie(const RequestContext& context, const std::string& token,
                              std::int64_t max_age) const;
  http::Cookie csrf_cookie(const RequestContext& context, const std::string& token) const;
  // The cookies a successful login sets: the session, and a new device token.
  std::vector<http::Cookie> login_cookies(const RequestContext& context,
                                          const SessionGrant& grant) const;
  // Who is logging in: address, user agent, the device cookie.
  static LoginClient login_client(const http::Request& request);

  AccountsService& accounts() { return accounts_; }
  const web::Catalog& catalog() const { return catalog_; }

  // The top bar's community sections for a page under /c/{slug}: set once by
  // the app, because only the communities room knows who may manage; it
  // answers null for an unknown community.
  using SectionNav =
      std::function<boost::json::value(const RequestContext&, std::string_view slug)>;
  void set_section_nav(SectionNav section_nav) { section_nav_ = std::move(section_nav); }

 private:
  // context() without a form token when `form_token` is false (the API).
  RequestContext resolve(const http::Request& request, std::string_view fallback_language,
                         bool form_token);
  http::Response refuse_server_error(const RequestContext& context, const Error& error) const;

  AccountsService& accounts_;
  const web::PageRenderer& renderer_;
  const web::Catalog& catalog_;
  bool force_secure_cookies_;
  const http::Router* router_ = nullptr;
  SectionNav section_nav_;
  std::shared_ptr<web::KeptPages> kept_pages_;  // null: render every page
};

// {id, display_name, is_admin} for the layout.
boost::json::object viewer_json(const Viewer& viewer);
// The public view of a user; email only when asked.
boost::json::object user_json(const User& user, bool include_email);

}  // namespace moim::accounts

namespace moim::accounts {

// What an API handler returns on success.
struct ApiReply {
  int status = 200;
  boost::json::value body = nullptr;  // null with 204
  std::vector<http::Cookie> cookies;
};
using ApiHandler = std::function<Result<ApiReply>(RequestContext&, http::Request&)>;

// Wraps an API handler: resolves who is asking, refuses cookie-authenticated
// state changes that are not application/json (cross-site forgery), and turns
// an Error into the one JSON error shape.
http::Handler api_route(WebSession& session, ApiHandler handler);

// Reads the JSON object body into Fields, or the Error to answer with.
Result<web::Fields> api_fields(const http::Request& request);

// Parses a path parameter that must be a positive id; a 404 otherwise.
Result<std::int64_t> path_id(const http::Request& request, const std::string& name);

// Only local paths ("/c/x"), never "//host" or "https://...": no open redirects.
std::string safe_next(const std::optional<std::string>& next, const std::string& fallback = "/");

// Where a form's POST sends the visitor back to: the form's own `return_to`
// field if it has one, else the page the form was on (a same-origin Referer,
// so an organizer keeps their search and page), else the fallback. Always a
// local path (safe_next).
std::string return_path(const http::Request& request,
                        const std::map<std::string, std::string>& form,
                        const std::string& fallback);

// The {slug} of a page path "/c/{slug}" or "/c/{slug}/..." (a query after it
// is fine); empty for any other path.
std::string_view community_slug(std::string_view path);

// `path` with notice=NAME as its only notice (an earlier one is replaced).
std::string with_notice(std::string_view path, std::string_view notice);

}  // namespace moim::accounts
