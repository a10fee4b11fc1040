// /api/v1/communities/{slug}/...: completion rules, drop-outs, wrap-up
// results, closing and statistics as JSON.
#include "features/activity/wrap_up_routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object tally_json(const CompletionTally& tally) {
  const int permille = tally.rate_permille();
  return {{"completed", tally.completed},
          {"not_completed", tally.not_completed},
          {"dropped", tally.dropped},
          {"seated", tally.seated()},
          {"completion_rate",
           permille < 0 ? boost::json::value(nullptr) : boost::json::value(permille / 1000.0)},
          {"completion_rate_text", format_rate(permille)}};
}

boost::json::object result_json(const ResultRow& result) {
  boost::json::object json{{"project_id", result.project_id},
                           {"user_id", result.user_id},
                           {"display_name", result.display_name},
                           {"role", result.role},
                           {"computed", result.computed},
                           {"outcome", result.outcome},
                           {"override_reason", result.override_reason},
                           {"confirmed", result.confirmed},
                           {"updated_at", format_utc_iso(result.updated_at)}};
  if (!result.project_title.empty()) {
    json["project_title"] = result.project_title;
    json["cohort_name"] = result.cohort_name;
    json["final"] = result.final_result;
  }
  return json;
}

boost::json::object rules_json(const ProjectRules& rules) {
  return {{"min_attendance", rules.rules.min_attendance_percent},
          {"min_submissions", rules.rules.min_submissions},
          {"retrospective", rules.rules.retrospective_required},
          {"own", rules.own}};
}

boost::json::object project_wrap_up_json(const ProjectWrapUp& project) {
  boost::json::array results;
  for (const auto& result : project.results) results.push_back(result_json(result));
  return {{"project_id", project.project_id},
          {"title", project.title},
          {"rules", rules_json(project.rules)},
          {"tally", tally_json(project.tally)},
          {"cohort", project.cohort_key},
          {"closed", project.closed},
          {"results", results}};
}

boost::json::object cohort_wrap_up_json(const CohortWrapUp& cohort) {
  boost::json::array projects;
  for (const auto& project : cohort.projects) projects.push_back(project_wrap_up_json(project));
  return {
      {"key", cohort.key},
      {"name", cohort.name},
      {"computed", cohort.computed},
      {"closed", cohort.closed},
      {"closed_at", cohort.closed ? boost::json::value(format_utc_iso(cohort.closed_at)) : nullptr},
      {"may_compute", cohort.may_compute},
      {"tally", tally_json(cohort.total)},
      {"projects", projects}};
}

boost::json::object statistics_json(const CohortStatistics& statistics) {
  boost::json::array projects, attendance, deadlines;
  for (const auto& project : statistics.projects)
    projects.push_back(boost::json::object{{"project_id", project.project_id},
                                           {"title", project.title},
                                           {"tally", tally_json(project.tally)}});
  for (const auto& week : statistics.attendance)
    attendance.push_back(boost::json::object{{"week", week.week},
                                             {"attended", week.attended},
                                             {"counted", week.counted},
                                             {"percent", week.percent()}});
  for (const auto& deadline : statistics.deadlines)
    deadlines.push_back(boost::json::object{{"deadline_id", deadline.deadline_id},
                                            {"title", deadline.title},
                                            {"seq", deadline.seq},
                                            {"due_at", format_utc_iso(deadline.due_at)},
                                            {"on_time", deadline.on_time},
                                            {"late", deadline.late}});
  boost::json::object out{{"key", statistics.key},       {"name", statistics.name},
                          {"closed", statistics.closed}, {"tally", tally_json(statistics.total)},
                          {"projects", projects},        {"attendance", attendance},
                          {"submissions", deadlines}};
  if (statistics.organizer_count)
    out["organizer_count"] = outbox::organizer_count_json(*statistics.organizer_count);
  return out;
}

boost::json::object dropout_json(const Dropout& dropout) {
  return {{"project_id", dropout.project_id},
          {"user_id", dropout.user_id},
          {"display_name", dropout.display_name},
          {"reason", dropout.reason},
          {"self_reported", dropout.self_reported},
          {"dropped_at", format_utc_iso(dropout.dropped_at)},
          {"seat_offered_to_waitlist", dropout.seat_offered_to_waitlist}};
}

void add_wrap_up_api(http::Router& router, accounts::WebSession& session, WrapUpService& wrap_up) {
  const std::string base = "/api/v1/communities/{slug}";

  router.get(base + "/projects/{project_id}/completion-rules",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto rules = wrap_up.rules(context.viewer, request.param("slug"), id.value());
                   if (!rules) return rules.error();
                   return ApiReply{200, {{"rules", rules_json(rules.value())}}, {}};
                 }));

  router.put(base + "/projects/{project_id}/completion-rules",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto attendance = fields->optional_integer("min_attendance", 0, 100);
                   if (!attendance) return attendance.error();
                   auto submissions = fields->optional_integer("min_submissions", 0, 100);
                   if (!submissions) return submissions.error();
                   auto retrospective = fields->optional_boolean("retrospective");
                   if (!retrospective) return retrospective.error();
                   if (!attendance->has_value())
                     return Error::invalid("min_attendance", "min_attendance is required");
                   academy::CompletionRules rules{static_cast<int>(**attendance),
                                                  static_cast<int>(submissions->value_or(0)),
                                                  retrospective->value_or(true)};
                   auto saved =
                       wrap_up.set_rules(context.viewer, request.param("slug"), id.value(), rules);
                   if (!saved) return saved.error();
                   return ApiReply{200, {{"rules", rules_json(saved.value())}}, {}};
                 }));

  router.get(base + "/projects/{project_id}/dropouts",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list = wrap_up.dropouts(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) items.push_back(dropout_json(item));
                   return ApiReply{200, {{"dropouts", std::move(items)}}, {}};
                 }));

  router.post(
      base + "/projects/{project_id}/dropouts",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto user_id = fields->optional_integer("user_id", 1, INT64_MAX);
            if (!user_id) return user_id.error();
            auto reason = fields->optional_text("reason", kMaxWrapUpReasonChars);
            if (!reason) return reason.error();
            auto confirm = fields->optional_boolean("confirm");
            if (!confirm) return confirm.error();
            auto dropped =
                wrap_up.drop_out(context.viewer, request.param("slug"), id.value(),
                                 user_id->value_or(context.viewer.user_id()),
                                 reason->value_or(std::string()), confirm->value_or(false));
            if (!dropped) return dropped.error();
            return ApiReply{201, {{"dropout", dropout_json(dropped.value())}}, {}};
          }));

  router.get(base + "/projects/{project_id}/wrap-up",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto project =
                       wrap_up.project_wrap_up(context.viewer, request.param("slug"), id.value());
                   if (!project) return project.error();
                   return ApiReply{200, {{"wrap_up", project_wrap_up_json(project.value())}}, {}};
                 }));

  router.post(
      base + "/projects/{project_id}/wrap-up/results/{user_id}",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto id = accounts::path_id(request, "project_id");
                            if (!id) return id.error();
                            auto user_id = accounts::path_id(request, "user_id");
                            if (!user_id) return user_id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto outcome = fields->optional_text("outcome", 20);
                            if (!outcome) return outcome.error();
                            auto reason = fields->optional_text("reason", kMaxWrapUpReasonChars);
                            if (!reason) return reason.error();
                            Decision decision{outcome.value(), reason->value_or(std::string())};
                            if (decision.outcome && decision.outcome->empty())
                              decision.outcome.reset();
                            auto decided = wrap_up.decide(context.viewer, request.param("slug"),
                                                          id.value(), user_id.value(), decision);
                            if (!decided) return decided.error();
                            return ApiReply{200, {{"result", result_json(decided.value())}}, {}};
                          }));

  router.get(base + "/cohorts/{cohort}/wrap-up",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto cohort = wrap_up.cohort_wrap_up(context.viewer, request.param("slug"),
                                                        request.param("cohort"));
                   if (!cohort) return cohort.error();
                   return ApiReply{200, {{"wrap_up", cohort_wrap_up_json(cohort.value())}}, {}};
                 }));

  for (const char* action : {"compute", "close"}) {
    const bool closing = std::string_view(action) == "close";
    router.post(
        base + "/cohorts/{cohort}/wrap-up/" + action,
        accounts::api_route(
            session,
            [&, closing](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              if (!context.viewer.signed_in()) return Error::unauthenticated();
              const std::string slug = request.param("slug");
              const std::string key = request.param("cohort");
              auto cohort = closing ? wrap_up.close(context.viewer, slug, key)
                                    : wrap_up.compute(context.viewer, slug, key);
              if (!cohort) return cohort.error();
              return ApiReply{200, {{"wrap_up", cohort_wrap_up_json(cohort.value())}}, {}};
            }));
  }

  router.get(base + "/cohorts/{cohort}/statistics",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto statistics = wrap_up.statistics(context.viewer, request.param("slug"),
                                                        request.param("cohort"));
                   if (!statistics) return statistics.error();
                   return ApiReply{200, {{"statistics", statistics_json(statistics.value())}}, {}};
                 }));

  router.get(base + "/statistics/cohorts",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = wrap_up.across_cohorts(context.viewer, request.param("slug"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) {
                     boost::json::object entry{{"key", item.key},
                                               {"name", item.name},
                                               {"closed", item.closed},
                                               {"tally", tally_json(item.tally)}};
                     if (item.organizer_count)
                       entry["organizer_count"] =
                           outbox::organizer_count_json(*item.organizer_count);
                     items.push_back(std::move(entry));
                   }
                   return ApiReply{200, {{"cohorts", std::move(items)}}, {}};
                 }));

  router.get(
      base + "/completion/mine",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            auto list = wrap_up.my_results(context.viewer, request.param("slug"));
            if (!list) return list.error();
            boost::json::array items;
            for (const auto& item : list.value()) items.push_back(result_json(item));
            auto eligible =
                wrap_up.builder_eligible(request.param("slug"), context.viewer.user_id());
            if (!eligible) return eligible.error();
            return ApiReply{200, {{"results", items}, {"builder_eligible", eligible.value()}}, {}};
          }));
}

}  // namespace moim::activity
