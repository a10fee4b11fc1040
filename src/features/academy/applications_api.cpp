// /api/v1/communities/{slug}/...: applying to a cohort or a lab, the
// organizers' list of applications, builders' applicant reviews and
// co-runners, and the allocation (run, pins, publish, result, seat).
#include "features/academy/routes.hpp"

namespace moim::academy {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

Result<std::vector<std::string>> json_strings(const boost::json::object& body,
                                              const std::string& name) {
  std::vector<std::string> items;
  auto found = body.find(name);
  if (found == body.end() || found->value().is_null()) return items;
  if (!found->value().is_array()) return Error::invalid(name, name + " must be a list of text");
  for (const auto& item : found->value().as_array()) {
    if (!item.is_string()) return Error::invalid(name, name + " must be a list of text");
    items.emplace_back(item.as_string());
  }
  return items;
}

Result<ApplicationInput> application_input(const boost::json::object& body) {
  ApplicationInput input;
  auto answers = json_strings(body, "answers");
  if (!answers) return answers.error();
  input.answers = std::move(answers.value());
  auto availability = json_strings(body, "availability");
  if (!availability) return availability.error();
  input.availability = std::move(availability.value());
  auto choices = body.find("choices");
  if (choices == body.end() || !choices->value().is_array())
    return Error::invalid("choices", "choices must be a list of {project_id, answers}");
  if (choices->value().as_array().size() > 10)
    return Error::invalid("choices", "choose at most 10 projects");
  for (const auto& item : choices->value().as_array()) {
    if (!item.is_object()) return Error::invalid("choices", "each choice must be an object");
    const auto& object = item.as_object();
    auto id = object.find("project_id");
    if (id == object.end() || !id->value().is_int64() || id->value().as_int64() <= 0)
      return Error::invalid("choices", "each choice needs a project_id");
    auto choice_answers = json_strings(object, "answers");
    if (!choice_answers) return Error::invalid("choices", choice_answers.error().message);
    input.choices.push_back({id->value().as_int64(), std::move(choice_answers.value())});
  }
  return input;
}

Result<boost::json::object> body_of(const http::Request& request) {
  if (request.body.empty()) return boost::json::object{};
  auto body = web::json_body(request);
  if (!body) return body.error();
  return body.value();
}

}  // namespace

void add_application_api(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy) {
  const std::string base = "/api/v1/communities/{slug}";
  // Applications: to a cohort (ranked choices) or to a lab.
  auto scope_of = [](http::Request& request) -> Result<Scope> {
    if (request.path_params.count("cohort")) return Scope{request.param("cohort"), std::nullopt};
    auto id = accounts::path_id(request, "project_id");
    if (!id) return id.error();
    return Scope{std::nullopt, id.value()};
  };
  for (const std::string& path :
       {base + "/cohorts/{cohort}/application", base + "/projects/{project_id}/application"}) {
    router.get(
        path,
        accounts::api_route(
            session,
            [&, scope_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              auto scope = scope_of(request);
              if (!scope) return scope.error();
              auto mine =
                  academy.my_application(context.viewer, request.param("slug"), scope.value());
              if (!mine) return mine.error();
              if (!mine->has_value()) return Error::not_found("you have not applied here");
              return ApiReply{200, {{"application", application_json(**mine)}}, {}};
            }));
    router.put(path, accounts::api_route(
                         session,
                         [&, scope_of](RequestContext& context,
                                       http::Request& request) -> Result<ApiReply> {
                           if (!context.viewer.signed_in()) return Error::unauthenticated();
                           auto scope = scope_of(request);
                           if (!scope) return scope.error();
                           auto body = body_of(request);
                           if (!body) return body.error();
                           auto input = application_input(body.value());
                           if (!input) return input.error();
                           auto applied = academy.apply(context.viewer, request.param("slug"),
                                                        scope.value(), input.value());
                           if (!applied) return applied.error();
                           return ApiReply{applied->revision == 1 ? 201 : 200,
                                           {{"application", application_json(applied.value())}},
                                           {}};
                         }));
    router.del(path, accounts::api_route(session,
                                         [&, scope_of](RequestContext& context,
                                                       http::Request& request) -> Result<ApiReply> {
                                           auto scope = scope_of(request);
                                           if (!scope) return scope.error();
                                           auto withdrawn = academy.withdraw(context.viewer,
                                                                             request.param("slug"),
                                                                             scope.value());
                                           if (!withdrawn) return withdrawn.error();
                                           return ApiReply{204, nullptr, {}};
                                         }));
  }

  router.get(base + "/cohorts/{cohort}/applications",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = academy.applications(context.viewer, request.param("slug"),
                                                    request.param("cohort"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& application : list.value()) {
                     boost::json::object item = application_json(application);
                     item["user_id"] = application.user_id;
                     item["display_name"] = application.display_name;
                     item["email"] = application.email;
                     items.push_back(item);
                   }
                   return ApiReply{200, {{"applications", std::move(items)}}, {}};
                 }));

  router.get(base + "/projects/{project_id}/applicants",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list =
                       academy.applicants(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& applicant : list.value())
                     items.push_back(applicant_json(applicant));
                   return ApiReply{200, {{"applicants", std::move(items)}}, {}};
                 }));

  router.patch(
      base + "/projects/{project_id}/applicants/{application_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto application_id = accounts::path_id(request, "application_id");
            if (!application_id) return application_id.error();
            auto body = body_of(request);
            if (!body) return body.error();
            web::Fields fields(body.value());
            ReviewInput input;
            auto review = fields.optional_text("review", 20);
            if (!review) return review.error();
            input.review = review.value();
            if (auto score = body->find("score");
                score != body->end() && score->value().is_null()) {
              input.clear_score = true;
            } else {
              auto number = fields.optional_integer("score", 0, 100);
              if (!number) return number.error();
              if (*number) input.score = static_cast<int>(**number);
            }
            auto reviewed = academy.review_applicant(context.viewer, request.param("slug"),
                                                     id.value(), application_id.value(), input);
            if (!reviewed) return reviewed.error();
            return ApiReply{200, {{"applicant", applicant_json(reviewed.value())}}, {}};
          }));

  router.put(base + "/projects/{project_id}/co-runners",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto body = body_of(request);
                   if (!body) return body.error();
                   std::vector<std::int64_t> user_ids;
                   auto found = body->find("user_ids");
                   if (found == body->end() || !found->value().is_array())
                     return Error::invalid("user_ids", "user_ids must be a list of user ids");
                   for (const auto& item : found->value().as_array()) {
                     if (!item.is_int64() || item.as_int64() <= 0)
                       return Error::invalid("user_ids", "user_ids must be a list of user ids");
                     user_ids.push_back(item.as_int64());
                   }
                   auto saved = academy.set_co_runners(context.viewer, request.param("slug"),
                                                       id.value(), user_ids);
                   if (!saved) return saved.error();
                   boost::json::array ids;
                   for (auto user_id : saved.value()) ids.emplace_back(user_id);
                   return ApiReply{200, {{"user_ids", ids}}, {}};
                 }));

  for (const bool joining : {true, false}) {
    auto handler = accounts::api_route(
        session, [&, joining](RequestContext& context, http::Request& request) -> Result<ApiReply> {
          if (!context.viewer.signed_in()) return Error::unauthenticated();
          auto id = accounts::path_id(request, "project_id");
          if (!id) return id.error();
          auto changed =
              joining ? academy.audit(context.viewer, request.param("slug"), id.value())
                      : academy.stop_auditing(context.viewer, request.param("slug"), id.value());
          if (!changed) return changed.error();
          if (!joining) return ApiReply{204, nullptr, {}};
          return ApiReply{201, {{"project", project_json(changed.value())}}, {}};
        });
    if (joining)
      router.post(base + "/projects/{project_id}/audit", handler);
    else
      router.del(base + "/projects/{project_id}/audit", handler);
  }
  // Selection.
  router.post(
      base + "/cohorts/{cohort}/allocation/runs",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            RunInput input;
            auto mode = fields->optional_text("mode", 20);
            if (!mode) return mode.error();
            if (*mode) input.mode = **mode;
            auto seed = fields->optional_integer("seed", 0, (std::int64_t{1} << 53) - 1);
            if (!seed) return seed.error();
            input.seed = seed.value();
            auto cancel = fields->optional_boolean("cancel_under_minimum");
            if (!cancel) return cancel.error();
            input.cancel_under_minimum = cancel->value_or(false);
            auto run = academy.run_allocation(context.viewer, request.param("slug"),
                                              request.param("cohort"), input);
            if (!run) return run.error();
            return ApiReply{201, {{"run", run_json(run.value())}}, {}};
          }));

  router.get(base + "/cohorts/{cohort}/allocation",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto run = academy.latest_run(context.viewer, request.param("slug"),
                                                 request.param("cohort"));
                   if (!run) return run.error();
                   if (!run->has_value()) return Error::not_found("no allocation has run yet");
                   return ApiReply{200, {{"run", run_json(**run)}}, {}};
                 }));

  for (const bool pinning : {true, false}) {
    auto handler = accounts::api_route(
        session, [&, pinning](RequestContext& context, http::Request& request) -> Result<ApiReply> {
          if (!context.viewer.signed_in()) return Error::unauthenticated();
          auto user_id = accounts::path_id(request, "user_id");
          if (!user_id) return user_id.error();
          auto fields = accounts::api_fields(request);
          if (!fields) return fields.error();
          std::optional<std::int64_t> project_id;
          if (pinning) {
            auto project = fields->optional_integer("project_id", 1, INT64_MAX);
            if (!project) return project.error();
            if (!*project) return Error::invalid("project_id", "project_id is required");
            project_id = **project;
          }
          auto reason = fields->optional_text("reason", kMaxCommentChars);
          if (!reason) return reason.error();
          auto done = academy.pin(context.viewer, request.param("slug"), request.param("cohort"),
                                  user_id.value(), project_id, reason->value_or(""));
          if (!done) return done.error();
          return ApiReply{204, nullptr, {}};
        });
    if (pinning) {
      router.put(base + "/cohorts/{cohort}/allocation/pins/{user_id}", handler);
    } else {
      router.del(base + "/cohorts/{cohort}/allocation/pins/{user_id}", handler);
    }
  }

  router.post(
      base + "/cohorts/{cohort}/allocation/publish",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto run_id = fields->optional_integer("run_id", 1, INT64_MAX);
                            if (!run_id) return run_id.error();
                            if (!*run_id) return Error::invalid("run_id", "run_id is required");
                            auto run = academy.publish(context.viewer, request.param("slug"),
                                                       request.param("cohort"), **run_id);
                            if (!run) return run.error();
                            return ApiReply{200, {{"run", run_json(run.value())}}, {}};
                          }));

  router.get(base + "/cohorts/{cohort}/result",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto mine = academy.my_result(context.viewer, request.param("slug"),
                                                 request.param("cohort"));
                   if (!mine) return mine.error();
                   return ApiReply{200, {{"result", result_json(mine.value())}}, {}};
                 }));

  router.post(
      base + "/cohorts/{cohort}/seat",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto confirm = fields->optional_boolean("confirm");
            if (!confirm) return confirm.error();
            if (!*confirm) return Error::invalid("confirm", "confirm must be true or false");
            auto mine = academy.respond_to_offer(context.viewer, request.param("slug"),
                                                 request.param("cohort"), **confirm);
            if (!mine) return mine.error();
            return ApiReply{200, {{"result", result_json(mine.value())}}, {}};
          }));
}

}  // namespace moim::academy
