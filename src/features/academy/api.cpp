// /api/v1/communities/{slug}/cohorts*, /projects*, /labs: the JSON twin of
// the academy pages. Applications and the allocation are in
// applications_api.cpp, the Google Forms import in forms_api.cpp.
#include "features/academy/routes.hpp"

namespace moim::academy {

using accounts::ApiReply;
using accounts::RequestContext;

void add_academy_api(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                     const Clock& clock) {
  const std::string base = "/api/v1/communities/{slug}";
  auto zone_of = [&academy](const accounts::Viewer& viewer,
                            const std::string& slug) -> Result<std::string> {
    auto here = academy.access(viewer, slug);
    if (!here) return here.error();
    return here->community.time_zone;
  };

  router.get(base + "/cohorts",
             accounts::api_route(session,
                                 [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                                   auto list = academy.cohorts(request.param("slug"));
                                   if (!list) return list.error();
                                   boost::json::array items;
                                   for (const auto& cohort : list.value())
                                     items.push_back(cohort_json(cohort, clock.now_seconds()));
                                   return ApiReply{200, {{"cohorts", std::move(items)}}, {}};
                                 }));

  router.post(
      base + "/cohorts",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(context.viewer, request.param("slug"));
            if (!zone) return zone.error();
            auto input = cohort_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto created =
                academy.create_cohort(context.viewer, request.param("slug"), input.value());
            if (!created) return created.error();
            return ApiReply{
                201, {{"cohort", cohort_json(created.value(), clock.now_seconds())}}, {}};
          }));

  router.get(
      base + "/cohorts/{cohort}",
      accounts::api_route(
          session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
            auto found = academy.cohort(request.param("slug"), request.param("cohort"));
            if (!found) return found.error();
            return ApiReply{200, {{"cohort", cohort_json(found.value(), clock.now_seconds())}}, {}};
          }));

  router.patch(
      base + "/cohorts/{cohort}",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(context.viewer, request.param("slug"));
            if (!zone) return zone.error();
            auto input = cohort_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto updated = academy.update_cohort(context.viewer, request.param("slug"),
                                                 request.param("cohort"), input.value());
            if (!updated) return updated.error();
            return ApiReply{
                200, {{"cohort", cohort_json(updated.value(), clock.now_seconds())}}, {}};
          }));

  router.get(base + "/cohorts/{cohort}/projects",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto query = catalog_query(request);
                   if (!query) return query.error();
                   auto list = academy.catalog(context.viewer, request.param("slug"),
                                               request.param("cohort"), query.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& project : list.value()) items.push_back(project_json(project));
                   return ApiReply{200, {{"projects", std::move(items)}}, {}};
                 }));

  router.post(
      base + "/cohorts/{cohort}/projects",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = project_input(fields.value());
            if (!input) return input.error();
            auto created =
                academy.propose(context.viewer, request.param("slug"),
                                Scope{request.param("cohort"), std::nullopt}, input.value());
            if (!created) return created.error();
            return ApiReply{201, {{"project", project_json(created.value())}}, {}};
          }));

  router.get(base + "/labs",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = academy.labs(context.viewer, request.param("slug"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& project : list.value()) items.push_back(project_json(project));
                   return ApiReply{200, {{"labs", std::move(items)}}, {}};
                 }));

  router.post(
      base + "/labs",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = project_input(fields.value());
            if (!input) return input.error();
            auto created =
                academy.propose(context.viewer, request.param("slug"), Scope{}, input.value());
            if (!created) return created.error();
            return ApiReply{201, {{"project", project_json(created.value())}}, {}};
          }));

  router.get(base + "/projects/{project_id}",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto found = academy.project(context.viewer, request.param("slug"), id.value());
                   if (!found) return found.error();
                   return ApiReply{200, {{"project", project_json(found.value())}}, {}};
                 }));

  router.patch(
      base + "/projects/{project_id}",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto id = accounts::path_id(request, "project_id");
                            if (!id) return id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto input = project_input(fields.value());
                            if (!input) return input.error();
                            auto updated = academy.update_project(
                                context.viewer, request.param("slug"), id.value(), input.value());
                            if (!updated) return updated.error();
                            return ApiReply{200, {{"project", project_json(updated.value())}}, {}};
                          }));

  router.post(
      base + "/projects/{project_id}/review",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto decision_text = fields->text("decision", 1, 20);
            if (!decision_text) return decision_text.error();
            auto decision = parse_decision(decision_text.value());
            if (!decision)
              return Error::invalid("decision",
                                    "decision must be approve, request_changes or decline");
            auto comment = fields->optional_text("comment", kMaxCommentChars);
            if (!comment) return comment.error();
            auto reviewed = academy.review_project(context.viewer, request.param("slug"),
                                                   id.value(), *decision, comment->value_or(""));
            if (!reviewed) return reviewed.error();
            return ApiReply{200, {{"project", project_json(reviewed.value())}}, {}};
          }));

  router.post(
      base + "/projects/{project_id}/builders",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto id = accounts::path_id(request, "project_id");
                            if (!id) return id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto user_id = fields->optional_integer("user_id", 1, INT64_MAX);
                            if (!user_id) return user_id.error();
                            if (!user_id->has_value())
                              return Error::invalid("user_id", "user_id is required");
                            auto invited = academy.invite_builder(
                                context.viewer, request.param("slug"), id.value(), **user_id);
                            if (!invited) return invited.error();
                            return ApiReply{201, {{"project", project_json(invited.value())}}, {}};
                          }));

  router.post(
      base + "/projects/{project_id}/invitation",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto accepted =
                academy.accept_invitation(context.viewer, request.param("slug"), id.value());
            if (!accepted) return accepted.error();
            return ApiReply{200, {{"project", project_json(accepted.value())}}, {}};
          }));
  add_application_api(router, session, academy);
  add_forms_import_api(router, session, academy);
}

}  // namespace moim::academy
