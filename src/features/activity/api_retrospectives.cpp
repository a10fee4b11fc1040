// /api/v1/communities/{slug}/...: retrospectives (KPT) of a project and of a
// cohort, and a member's activity per day of a month.
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object retrospective_json(const Retrospective& retro) {
  return {{"id", retro.id},
          {"project_id", retro.project_id},
          {"project_title", retro.project_title},
          {"scope", retro.scope},
          {"author_id", retro.author_id ? boost::json::value(*retro.author_id) : nullptr},
          {"author_name", retro.author_name},
          {"keep", retro.keep},
          {"problem", retro.problem},
          {"try", retro.try_next},
          {"visibility", retro.visibility},
          {"updated_at", format_utc_iso(retro.updated_at)}};
}

Result<RetrospectiveInput> retrospective_input(const web::Fields& fields) {
  RetrospectiveInput input;
  const std::pair<const char*, std::string*> parts[] = {
      {"keep", &input.keep}, {"problem", &input.problem}, {"try", &input.try_next}};
  for (const auto& [name, target] : parts) {
    auto text = fields.optional_text(name, kMaxRetrospectiveChars);
    if (!text) return text.error();
    *target = text->value_or("");
  }
  auto visibility = fields.optional_text("visibility", 20);
  if (!visibility) return visibility.error();
  input.visibility = visibility->value_or("community");
  return input;
}

namespace {

boost::json::array retrospective_list(const std::vector<Retrospective>& list) {
  boost::json::array items;
  for (const auto& item : list) items.push_back(retrospective_json(item));
  return items;
}

}  // namespace

void add_retrospective_api(http::Router& router, accounts::WebSession& session,
                           ActivityService& activity) {
  const std::string base = "/api/v1/communities/{slug}";

  router.get(base + "/projects/{project_id}/retrospectives",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list =
                       activity.retrospectives(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   return ApiReply{200, {{"retrospectives", retrospective_list(list.value())}}, {}};
                 }));

  // The project's own ("project") and the viewer's own ("mine").
  for (const bool own : {false, true}) {
    router.put(
        base + "/projects/{project_id}/retrospectives/" + (own ? "mine" : "project"),
        accounts::api_route(
            session, [&, own](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              if (!context.viewer.signed_in()) return Error::unauthenticated();
              auto id = accounts::path_id(request, "project_id");
              if (!id) return id.error();
              auto fields = accounts::api_fields(request);
              if (!fields) return fields.error();
              auto input = retrospective_input(fields.value());
              if (!input) return input.error();
              auto written =
                  activity.write_retrospective(context.viewer, request.param("slug"), id.value(),
                                               own ? "member" : "project", input.value());
              if (!written) return written.error();
              return ApiReply{200, {{"retrospective", retrospective_json(written.value())}}, {}};
            }));
  }

  router.get(base + "/cohorts/{cohort}/retrospectives",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = activity.cohort_retrospectives(context.viewer, request.param("slug"),
                                                              request.param("cohort"));
                   if (!list) return list.error();
                   return ApiReply{200, {{"retrospectives", retrospective_list(list.value())}}, {}};
                 }));

  router.get(base + "/members/{user_id}/activity",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto user_id = accounts::path_id(request, "user_id");
                   if (!user_id) return user_id.error();
                   const std::string month = request.query_param("month").value_or("");
                   auto days = activity.activity_days(
                       context.viewer, request.param("slug"), user_id.value(),
                       month.size() > 7 ? std::string("invalid") : month);
                   if (!days) return days.error();
                   boost::json::array items;
                   for (const auto& day : days.value()) {
                     items.push_back({{"day", day.day},
                                      {"logs", day.logs},
                                      {"submissions", day.submissions},
                                      {"attended", day.attended}});
                   }
                   return ApiReply{200, {{"month", month}, {"days", std::move(items)}}, {}};
                 }));
}

}  // namespace moim::activity
