// /c/{slug}/retention: the community's periods as a form, a dry run of what
// the next run would purge, and what recent runs purged (counts only).
#include <boost/describe.hpp>

#include "features/privacy/retention_routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::privacy {

namespace {

using accounts::RequestContext;
using accounts::WebSession;

http::Response retention_page(const WebSession& session, const RequestContext& context,
                              const RetentionView& view, const std::string& notice) {
  const auto& community = view.community;
  auto kind_label = [&](const std::string& kind) {
    return session.text(context, "retention_kind_" + kind);
  };
  boost::json::array due;
  for (const auto& count : view.due)
    due.push_back(boost::json::object{
        {"label", kind_label(count.kind)}, {"count", count.count}, {"more", count.more}});
  boost::json::array recent;
  for (const auto& run : view.recent)
    recent.push_back(boost::json::object{
        {"when", format_local(run.ran_at, community.time_zone, "%Y-%m-%d %H:%M")},
        {"label", kind_label(run.kind)},
        {"purged", run.purged}});
  boost::json::object data{
      {"community", boost::json::object{{"slug", community.slug}, {"name", community.name}}},
      {"action", "/c/" + community.slug + "/retention"},
      {"outbox_days", view.policy.outbox_days},
      {"unplaced_applications_days", view.policy.unplaced_applications_days},
      {"guest_registrations_days", view.policy.guest_registrations_days},
      {"min_days", kMinRetentionDays},
      {"max_days", kMaxRetentionDays},
      {"is_default", view.policy.is_default},
      {"due", std::move(due)},
      {"recent", std::move(recent)},
      {"no_runs", view.recent.empty()}};
  return session.page(context, 200, "privacy/retention", std::move(data),
                      {.title = session.text(context, "retention_title") + " · " + community.name,
                       .notice_key = notice});
}

Result<RetentionInput> form_input(const web::Fields& fields) {
  RetentionInput input;
  // Out-of-range numbers pass here and are refused by the service, which
  // names the field with the same bounds for the page and the API.
  for (auto [name, target] :
       {std::pair{"outbox_days", &input.outbox_days},
        std::pair{"unplaced_applications_days", &input.unplaced_applications_days},
        std::pair{"guest_registrations_days", &input.guest_registrations_days}}) {
    auto days = fields.optional_integer(name, INT32_MIN, INT32_MAX);
    if (!days) return days.error();
    *target = days.value();
  }
  return input;
}

struct RetentionPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(RetentionPath, (), (slug))
struct PolicyBody {
  std::optional<web::Int<kMinRetentionDays, kMaxRetentionDays>> outbox_days;
  std::optional<web::Int<kMinRetentionDays, kMaxRetentionDays>> unplaced_applications_days;
  std::optional<web::Int<kMinRetentionDays, kMaxRetentionDays>> guest_registrations_days;
};
BOOST_DESCRIBE_STRUCT(PolicyBody, (),
                      (outbox_days, unplaced_applications_days, guest_registrations_days))
// more: the dry run stopped counting at count (db::kDryRunCap): more are due.
struct CountOut {
  std::string kind;
  std::int64_t count = 0;
  bool more = false;
};
BOOST_DESCRIBE_STRUCT(CountOut, (), (kind, count, more))
struct RunOut {
  std::string kind;
  std::int64_t purged = 0;
  std::string ran_at;
};
BOOST_DESCRIBE_STRUCT(RunOut, (), (kind, purged, ran_at))
struct RetentionOut {
  std::int64_t outbox_days = 0;
  std::int64_t unplaced_applications_days = 0;
  std::int64_t guest_registrations_days = 0;
  bool is_default = true;
  std::vector<CountOut> due;
  std::vector<RunOut> recent;
};
BOOST_DESCRIBE_STRUCT(RetentionOut, (),
                      (outbox_days, unplaced_applications_days, guest_registrations_days,
                       is_default, due, recent))

RetentionOut retention_out(const RetentionView& view) {
  RetentionOut out{view.policy.outbox_days,
                   view.policy.unplaced_applications_days,
                   view.policy.guest_registrations_days,
                   view.policy.is_default,
                   {},
                   {}};
  for (const auto& count : view.due) out.due.push_back({count.kind, count.count, count.more});
  for (const auto& run : view.recent)
    out.recent.push_back({run.kind, run.purged, format_utc_iso(run.ran_at)});
  return out;
}

}  // namespace

void add_retention_pages(http::Router& router, WebSession& session,
                         std::shared_ptr<RetentionService> retention) {
  router.get("/c/{slug}/retention", [&session, retention](http::Request& request) {
    auto context = session.context(request);
    auto view = retention->view(context.viewer, request.param("slug"));
    if (!view) return session.refuse(context, view.error());
    const bool saved = request.query_param("notice").value_or("") == "saved";
    return retention_page(session, context, view.value(), saved ? "notice_retention_saved" : "");
  });

  router.post("/c/{slug}/retention", [&session, retention](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    auto input = form_input(web::Fields(form));
    if (!input) return session.form_failed(request, context, input.error());
    auto saved = retention->set_policy(context.viewer, request.param("slug"), input.value());
    if (!saved) return session.form_failed(request, context, saved.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/retention?notice=saved");
  });
}

void add_retention_api(accounts::ApiRoutes& routes, std::shared_ptr<RetentionService> retention) {
  using accounts::Access;
  const std::string path = "/api/v1/communities/{slug}/retention";
  routes.add<RetentionPath, web::Nothing, web::Nothing, RetentionOut>(
      {.method = http::Method::kGet,
       .path = path,
       .operation_id = "getRetention",
       .summary = "The community's retention periods, what is due, recent runs (organizers)",
       .description = "`due` is a dry run: what the next run would purge now. `recent` lists "
                      "the last runs that purged something (counts only).",
       .tag = "privacy",
       .errors = {403}},
      [retention](auto& call) -> Result<RetentionOut> {
        auto view = retention->view(call.viewer(), call.path.slug);
        if (!view) return view.error();
        return retention_out(view.value());
      });
  routes.add<RetentionPath, web::Nothing, PolicyBody, RetentionOut>(
      {.method = http::Method::kPatch,
       .path = path,
       .operation_id = "setRetention",
       .summary = "Set the community's retention periods (organizers)",
       .description = "Days, 1 to 3650 each; periods left out keep theirs. Audited.",
       .tag = "privacy",
       .errors = {403}},
      [retention](auto& call) -> Result<RetentionOut> {
        RetentionInput input;
        if (call.body.outbox_days) input.outbox_days = call.body.outbox_days->value;
        if (call.body.unplaced_applications_days)
          input.unplaced_applications_days = call.body.unplaced_applications_days->value;
        if (call.body.guest_registrations_days)
          input.guest_registrations_days = call.body.guest_registrations_days->value;
        auto saved = retention->set_policy(call.viewer(), call.path.slug, input);
        if (!saved) return saved.error();
        auto view = retention->view(call.viewer(), call.path.slug);
        if (!view) return view.error();
        return retention_out(view.value());
      });
}

}  // namespace moim::privacy
