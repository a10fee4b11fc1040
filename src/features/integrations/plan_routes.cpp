// The plan page and API. Applying is a POST with the form token (pages) or
// a JSON POST (API); both enqueue the whole plan in one transaction.
#include "features/integrations/plan_routes.hpp"

#include "features/communities/routes.hpp"

namespace moim::automation {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

constexpr std::string_view kVerbs[] = {"create", "update", "remove"};

boost::json::object summary_object(const CohortSummary& summary) {
  return {{"done", summary.done},
          {"failed", summary.failed},
          {"waiting", summary.waiting},
          {"automatic", summary.automatic}};
}

// An action's summary in the viewer's language (issue #12): its catalog key
// with the {name}s filled in; the English summary when it has no key.
std::string summary_text(const accounts::WebSession& session,
                         const accounts::RequestContext& context, const PlannedAction& action) {
  if (action.summary_key.empty()) return action.summary;
  std::string text = session.text(context, action.summary_key);
  for (const auto& [name, raw] : action.summary_args) {
    const std::string value =
        raw.starts_with("catalog:") ? session.text(context, raw.substr(8)) : raw;
    const std::string placeholder = "{" + name + "}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  return text;
}

}  // namespace

boost::json::object plan_json(const CohortPlan& plan) {
  boost::json::array services;
  for (const auto& service : plan.services) {
    boost::json::array actions;
    boost::json::object counts{{"create", 0}, {"update", 0}, {"remove", 0}};
    for (const auto& action : service.actions) {
      actions.push_back({{"verb", action.verb},
                         {"summary", action.summary},
                         {"kind", action.message.kind},
                         {"target", action.message.target},
                         {"idempotency_key", action.message.idempotency_key}});
      if (counts.contains(action.verb)) counts[action.verb] = counts[action.verb].as_int64() + 1;
    }
    boost::json::array notices;
    for (const auto& notice : service.notices)
      notices.push_back({{"key", notice.key}, {"subject", notice.subject}});
    services.push_back({{"service", service.service},
                        {"connected", service.connected},
                        {"in_sync", service.in_sync},
                        {"counts", counts},
                        {"actions", actions},
                        {"notices", notices},
                        {"remote_error", service.remote_error.empty()
                                             ? boost::json::value(nullptr)
                                             : boost::json::value(service.remote_error)}});
  }
  return {{"cohort", {{"key", plan.cohort.key}, {"name", plan.cohort.name}}},
          {"auto_apply", plan.auto_apply},
          {"action_count", plan.action_count()},
          {"summary", summary_object(plan.summary)},
          {"services", services}};
}

void add_plan_pages(http::Router& router, accounts::WebSession& session, PlanService& plans) {
  router.get("/c/{slug}/automation/plan", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    auto listed = plans.cohorts(context.viewer, slug);
    if (!listed) return session.refuse(context, listed.error());
    const auto& [community, cohorts] = listed.value();
    std::string key = request.query_param("cohort").value_or("");
    if (key.empty() && !cohorts.empty()) key = cohorts.front().key;
    boost::json::array cohort_items;
    for (const auto& cohort : cohorts) {
      cohort_items.push_back(
          {{"key", cohort.key}, {"name", cohort.name}, {"selected", cohort.key == key}});
    }
    boost::json::object data{{"community", communities::community_json(community)},
                             {"cohorts", cohort_items},
                             {"no_cohorts", cohorts.empty()},
                             {"has_plan", false}};
    const std::string notice = request.query_param("notice").value_or("");
    accounts::PageOptions options{
        .title = session.text(context, "plan_title") + " · " + community.name,
        .notice_key = notice == "applied" || notice == "saved" ? "notice_plan_" + notice : "",
        .error_text = ""};
    if (!key.empty()) {
      auto plan = plans.plan(context.viewer, slug, key);
      if (!plan) return session.refuse(context, plan.error());
      boost::json::array services;
      for (const auto& service : plan->services) {
        boost::json::array groups;
        for (std::string_view verb : kVerbs) {
          boost::json::array items;
          for (const auto& action : service.actions) {
            if (action.verb == verb)
              items.push_back(
                  boost::json::object{{"summary", summary_text(session, context, action)}});
          }
          if (items.empty()) continue;
          groups.push_back({{"verb", verb},
                            {"label", session.text(context, "plan_verb_" + std::string(verb))},
                            {"count", items.size()},
                            {"items", std::move(items)}});
        }
        boost::json::array notices;
        for (const auto& plan_notice : service.notices)
          notices.push_back(
              {{"text", session.text(context, plan_notice.key)}, {"subject", plan_notice.subject}});
        services.push_back({{"service", service.service},
                            {"label", session.text(context, "plan_service_" + service.service)},
                            {"notices", notices},
                            {"has_notices", !notices.empty()},
                            {"connected", service.connected},
                            {"in_sync", service.in_sync},
                            {"groups", groups},
                            {"nothing_to_do", service.connected && service.actions.empty()},
                            {"remote_error", service.remote_error}});
      }
      data["has_plan"] = true;
      data["cohort"] = {{"key", plan->cohort.key}, {"name", plan->cohort.name}};
      data["services"] = services;
      data["no_services"] = services.empty();
      data["action_count"] = plan->action_count();
      data["has_actions"] = plan->action_count() > 0;
      data["auto_apply"] = plan->auto_apply;
      data["summary"] = summary_object(plan->summary);
    }
    return session.page(context, 200, "automation/plan", std::move(data), options);
  });

  router.post("/c/{slug}/automation/plan/apply", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    auto cohort = form.find("cohort");
    const std::string key = cohort == form.end() ? "" : cohort->second;
    auto applied = plans.apply(context.viewer, request.param("slug"), key);
    if (!applied) return session.refuse(context, applied.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/automation/plan?cohort=" +
                                    http::percent_encode(key) + "&notice=applied");
  });

  router.post("/c/{slug}/automation/plan/settings", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form))
      return session.refuse(
          context, Error{403, "csrf", "the form expired; reload the page and try again", {}});
    auto saved =
        plans.set_auto_apply(context.viewer, request.param("slug"), form.count("auto_apply") > 0);
    if (!saved) return session.refuse(context, saved.error());
    auto cohort = form.find("cohort");
    return http::Response::redirect(
        "/c/" + request.param("slug") + "/automation/plan?cohort=" +
        http::percent_encode(cohort == form.end() ? "" : cohort->second) + "&notice=saved");
  });
}

void add_plan_api(http::Router& router, accounts::WebSession& session, PlanService& plans) {
  router.get("/api/v1/communities/{slug}/cohorts/{key}/plan",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto plan =
                       plans.plan(context.viewer, request.param("slug"), request.param("key"));
                   if (!plan) return plan.error();
                   return ApiReply{200, {{"plan", plan_json(plan.value())}}, {}};
                 }));

  router.post(
      "/api/v1/communities/{slug}/cohorts/{key}/plan/apply",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto applied = plans.apply(context.viewer, request.param("slug"), request.param("key"));
            if (!applied) return applied.error();
            return ApiReply{
                200, {{"actions", applied->actions}, {"enqueued", applied->enqueued}}, {}};
          }));

  router.get("/api/v1/communities/{slug}/automation/settings",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto on = plans.auto_apply(context.viewer, request.param("slug"));
                   if (!on) return on.error();
                   return ApiReply{200, {{"auto_apply", on.value()}}, {}};
                 }));

  router.put("/api/v1/communities/{slug}/automation/settings",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto wanted = fields->optional_boolean("auto_apply");
                   if (!wanted) return wanted.error();
                   if (!wanted->has_value())
                     return Error::invalid("auto_apply", "auto_apply (true or false) is required");
                   auto on =
                       plans.set_auto_apply(context.viewer, request.param("slug"), wanted->value());
                   if (!on) return on.error();
                   return ApiReply{200, {{"auto_apply", on.value()}}, {}};
                 }));
}

}  // namespace moim::automation
