// The privacy notice's pages (/c/{slug}/privacy, its editor and the
// agreement form) and its typed API (issue #16).
#include <boost/describe.hpp>

#include <charconv>

#include "features/accounts/api_routes.hpp"
#include "features/communities/privacy_notice.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/markdown.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::communities {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

constexpr std::string_view kDefaultBodyKey = "privacy_notice_default_body";

http::Response csrf_refused(WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

// ?version=N; anything else names no version (404).
Result<std::optional<std::int64_t>> asked_version(const http::Request& request) {
  auto text = request.query_param("version");
  if (!text || text->empty()) return std::optional<std::int64_t>();
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), version);
  if (error != std::errc{} || end != text->data() + text->size() || version <= 0)
    return Error::not_found("no such version of the privacy notice");
  return std::optional<std::int64_t>(version);
}

std::string notice_key(const http::Request& request) {
  const std::string notice = request.query_param("notice").value_or("");
  for (const char* known : {"published", "unchanged", "agreed"}) {
    if (notice == known) return "notice_privacy_notice_" + notice;
  }
  return "";
}

http::Response notice_page(WebSession& session, const RequestContext& context,
                           const PrivacyNoticeView& view, const std::string& notice) {
  const Community& community = view.community;
  const std::string base = "/c/" + community.slug + "/privacy";
  boost::json::object data{
      {"community", boost::json::object{{"slug", community.slug}, {"name", community.name}}},
      {"has_notice", view.notice.has_value()},
      {"can_manage", view.can_manage},
      {"edit_link", base + "/edit"}};
  if (view.notice) {
    const PrivacyNotice& notice_shown = *view.notice;
    // The viewer's language, else the other one (and say so).
    const bool english = context.language == "en";
    const std::string& wanted = english ? notice_shown.body_en : notice_shown.body_ko;
    const std::string& other = english ? notice_shown.body_ko : notice_shown.body_en;
    const bool fallback = wanted.empty();
    data["body_html"] = web::render_markdown(fallback ? other : wanted);
    data["body_lang"] = fallback == english ? "ko" : "en";
    data["fallback"] = fallback;
    data["version"] = notice_shown.version;
    data["published"] = format_local(notice_shown.published_at, community.time_zone, "%Y-%m-%d");
    const bool is_current = notice_shown.version == view.current_version;
    data["is_current"] = is_current;
    data["current_link"] = base;
    data["needs_agreement"] = view.needs_agreement && is_current;
    data["agree_action"] = base + "/agree";
    data["return_to"] = base;
    if (view.is_member && view.agreed_version)
      data["agreed"] = boost::json::object{
          {"version", *view.agreed_version},
          {"date", format_local(view.agreed_at, community.time_zone, "%Y-%m-%d")}};
    boost::json::array versions;
    for (const PrivacyNoticeVersion& version : view.versions)
      versions.push_back(
          {{"version", version.version},
           {"date", format_local(version.published_at, community.time_zone, "%Y-%m-%d")},
           {"link", base + "?version=" + std::to_string(version.version)},
           {"shown", version.version == notice_shown.version}});
    data["has_versions"] = view.versions.size() > 1;
    data["versions"] = std::move(versions);
  }
  return session.page(
      context, 200, "communities/privacy_notice", std::move(data),
      {.title = session.text(context, "privacy_notice_title") + " · " + community.name,
       .notice_key = notice});
}

http::Response edit_page(WebSession& session, const RequestContext& context,
                         const PrivacyNoticeView& view) {
  const Community& community = view.community;
  const web::Catalog& catalog = session.catalog();
  const bool first = !view.notice.has_value();
  boost::json::object data{
      {"community", boost::json::object{{"slug", community.slug}, {"name", community.name}}},
      {"action", "/c/" + community.slug + "/privacy/edit"},
      {"first", first},
      {"current_version", view.current_version},
      {"next_version", view.current_version + 1},
      {"max_chars", static_cast<std::int64_t>(kMaxPrivacyNoticeChars)},
      // The first version starts from the catalog's template in each language.
      {"body_ko", first ? catalog.text("ko", kDefaultBodyKey) : view.notice->body_ko},
      {"body_en", first ? catalog.text("en", kDefaultBodyKey) : view.notice->body_en}};
  return session.page(
      context, 200, "communities/privacy_notice_edit", std::move(data),
      {.title = session.text(context, "privacy_notice_edit_title") + " · " + community.name});
}

// --- API ---------------------------------------------------------------------

struct NoticePath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(NoticePath, (), (slug))
struct NoticeVersionOut {
  std::int64_t version = 0;
  std::string published_at;
};
BOOST_DESCRIBE_STRUCT(NoticeVersionOut, (), (version, published_at))
// version null: nothing published yet (the bodies are then empty).
struct NoticeOut {
  std::optional<std::int64_t> version;
  std::string body_ko;
  std::string body_en;
  std::optional<std::string> published_at;
  std::vector<NoticeVersionOut> versions;
  std::optional<std::int64_t> agreed_version;
  bool needs_agreement = false;
};
BOOST_DESCRIBE_STRUCT(NoticeOut, (),
                      (version, body_ko, body_en, published_at, versions, agreed_version,
                       needs_agreement))
struct NoticeBody {
  std::optional<std::string> body_ko;
  std::optional<std::string> body_en;
};
BOOST_DESCRIBE_STRUCT(NoticeBody, (), (body_ko, body_en))
struct AgreementBody {
  std::optional<std::int64_t> version;
};
BOOST_DESCRIBE_STRUCT(AgreementBody, (), (version))
struct AgreementOut {
  std::int64_t version = 0;
  std::string agreed_at;
};
BOOST_DESCRIBE_STRUCT(AgreementOut, (), (version, agreed_at))

NoticeOut notice_out(const PrivacyNoticeView& view) {
  NoticeOut out;
  if (view.notice) {
    out.version = view.notice->version;
    out.body_ko = view.notice->body_ko;
    out.body_en = view.notice->body_en;
    out.published_at = format_utc_iso(view.notice->published_at);
  }
  for (const PrivacyNoticeVersion& version : view.versions)
    out.versions.push_back({version.version, format_utc_iso(version.published_at)});
  out.agreed_version = view.agreed_version;
  out.needs_agreement = view.needs_agreement;
  return out;
}

}  // namespace

void add_privacy_notice_pages(http::Router& router, WebSession& session,
                              std::shared_ptr<PrivacyNotices> notices) {
  router.get("/c/{slug}/privacy", [&session, notices](http::Request& request) {
    auto community = notices->communities().find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    auto version = asked_version(request);
    if (!version) return session.refuse(context, version.error());
    auto view = notices->view(context.viewer, community->slug, version.value());
    if (!view) return session.refuse(context, view.error());
    return notice_page(session, context, view.value(), notice_key(request));
  });

  router.get("/c/{slug}/privacy/edit", [&session, notices](http::Request& request) {
    auto community = notices->communities().find(request.param("slug"));
    auto context = session.context(request, community ? community->default_locale : "ko");
    if (!community) return session.refuse(context, community.error());
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto view = notices->view(context.viewer, community->slug);
    if (!view) return session.refuse(context, view.error());
    if (!view->can_manage) return session.refuse(context, Error::forbidden());
    return edit_page(session, context, view.value());
  });

  router.post("/c/{slug}/privacy/edit", [&session, notices](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    PrivacyNoticeInput input;
    for (auto [name, target] :
         {std::pair{"body_ko", &input.body_ko}, std::pair{"body_en", &input.body_en}}) {
      auto text = fields.optional_text(name, kMaxPrivacyNoticeChars);
      if (!text) return session.form_failed(request, context, text.error());
      *target = text->value_or("");
    }
    auto published = notices->publish(context.viewer, request.param("slug"), input);
    if (!published) return session.form_failed(request, context, published.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/privacy?notice=" +
                                    (published->created ? "published" : "unchanged"));
  });

  router.post("/c/{slug}/privacy/agree", [&session, notices](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto version = web::Fields(form).optional_integer("version", 1, INT32_MAX);
    if (!version) return session.form_failed(request, context, version.error());
    const std::string slug = request.param("slug");
    auto agreed = notices->agree(context.viewer, slug, version.value());
    if (!agreed) {
      // A newer version came out while they read: show it to them.
      if (agreed.error().http_status == 409)
        return http::Response::redirect("/c/" + slug + "/privacy");
      return session.form_failed(request, context, agreed.error());
    }
    const std::string back = accounts::return_path(request, form, "/c/" + slug + "/privacy");
    if (back.starts_with("/c/" + slug + "/privacy"))
      return http::Response::redirect("/c/" + slug + "/privacy?notice=agreed");
    return http::Response::redirect(back);
  });
}

void add_privacy_notice_api(accounts::ApiRoutes& routes, std::shared_ptr<PrivacyNotices> notices) {
  using accounts::Access;
  const std::string path = "/api/v1/communities/{slug}/privacy-notice";
  routes.add<NoticePath, web::Nothing, web::Nothing, NoticeOut>(
      {.method = http::Method::kGet,
       .path = path,
       .operation_id = "getPrivacyNotice",
       .summary = "The community's current privacy notice and its versions",
       .description = "Public. `version` is null while nothing is published. For a signed-in "
                      "caller, `agreed_version` is the latest version they agreed to and "
                      "`needs_agreement` says whether a member must agree (again).",
       .tag = "communities",
       .access = Access::kAnyone},
      [notices](auto& call) -> Result<NoticeOut> {
        auto view = notices->view(call.viewer(), call.path.slug);
        if (!view) return view.error();
        return notice_out(view.value());
      });
  routes.add<NoticePath, web::Nothing, NoticeBody, NoticeOut>(
      {.method = http::Method::kPut,
       .path = path,
       .operation_id = "publishPrivacyNotice",
       .summary = "Publish a new version of the privacy notice (organizers)",
       .description = "Markdown in Korean and English, up to 20000 characters each, at least "
                      "one not blank. Text identical to the current version publishes nothing. "
                      "Members are then asked to agree again. Audited.",
       .tag = "communities",
       .errors = {403}},
      [notices](auto& call) -> Result<NoticeOut> {
        PrivacyNoticeInput input{call.body.body_ko.value_or(""), call.body.body_en.value_or("")};
        auto published = notices->publish(call.viewer(), call.path.slug, input);
        if (!published) return published.error();
        auto view = notices->view(call.viewer(), call.path.slug);
        if (!view) return view.error();
        return notice_out(view.value());
      });
  routes.add<NoticePath, web::Nothing, AgreementBody, AgreementOut>(
      {.method = http::Method::kPost,
       .path = path + "/agreement",
       .operation_id = "agreeToPrivacyNotice",
       .summary = "Agree to the current privacy notice (members)",
       .description = "`version`, when given, must be the current version (409 otherwise, so "
                      "nobody agrees to text they have not read). Agreeing again changes "
                      "nothing. 404 while the community has no notice.",
       .tag = "communities",
       .errors = {403, 409}},
      [notices](auto& call) -> Result<AgreementOut> {
        auto agreed = notices->agree(call.viewer(), call.path.slug, call.body.version);
        if (!agreed) return agreed.error();
        return AgreementOut{agreed->version, format_utc_iso(agreed->agreed_at)};
      });
}

}  // namespace moim::communities
