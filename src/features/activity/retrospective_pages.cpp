// Retrospective pages: a project's KPT (its own, written by its builders,
// and each member's) with the forms while the cohort runs or wraps up, and
// the cohort's page that gathers every retrospective the viewer may read.
#include "features/activity/page_helpers.hpp"
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::RequestContext;
using namespace pages;

namespace {

std::string retrospectives_path(const std::string& slug, std::int64_t project_id) {
  return "/c/" + slug + "/projects/" + std::to_string(project_id) + "/retrospectives";
}

boost::json::object retro_view(accounts::WebSession& session, const RequestContext& context,
                               const Retrospective& retro, const std::string& zone) {
  boost::json::object view = retrospective_json(retro);
  view["is_project"] = retro.scope == "project";
  view["visibility_label"] = session.text(context, "retro_visibility_" + retro.visibility);
  view["updated_local"] = format_local(retro.updated_at, zone, "%Y-%m-%d");
  return view;
}

boost::json::array visibility_options(accounts::WebSession& session, const RequestContext& context,
                                      const std::string& chosen) {
  boost::json::array options;
  for (auto visibility : kRetrospectiveVisibilities) {
    options.push_back(
        {{"value", visibility},
         {"label", session.text(context, "retro_visibility_" + std::string(visibility))},
         {"selected", visibility == chosen}});
  }
  return options;
}

// The form's current values: what was written, or empty with community visibility.
boost::json::object form_values(accounts::WebSession& session, const RequestContext& context,
                                const Retrospective* written) {
  return {{"keep", written ? written->keep : ""},
          {"problem", written ? written->problem : ""},
          {"try", written ? written->try_next : ""},
          {"visibilities",
           visibility_options(session, context, written ? written->visibility : "community")}};
}

}  // namespace

void add_retrospective_pages(http::Router& router, accounts::WebSession& session,
                             ActivityService& activity) {
  router.get("/c/{slug}/projects/{project_id}/retrospectives", [&](http::Request& request) {
    auto context = session.context(request);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    const std::string slug = request.param("slug");
    auto project = activity.academy().project(here.viewer, slug, id.value());
    if (!project) return session.refuse(here, project.error());
    auto list = activity.retrospectives(here.viewer, slug, id.value());
    if (!list) return session.refuse(here, list.error());
    auto open = activity.retrospectives_open(slug, project.value());
    if (!open) return session.refuse(here, open.error());
    const std::int64_t me = here.viewer.signed_in() ? here.viewer.user_id() : 0;
    const bool builds = me != 0 && std::any_of(project->builders.begin(), project->builders.end(),
                                               [&](const academy::Builder& builder) {
                                                 return builder.accepted && builder.user_id == me;
                                               });
    const bool manages = builds || (me != 0 && where->standing.can_manage());
    bool runs = false;
    if (me != 0) {
      auto mine = activity.member_projects(here.viewer, slug);
      if (!mine) return session.refuse(here, mine.error());
      for (const auto& [item, role] : mine.value())
        runs = runs || (item.id == project->id && role == "runner");
    }
    const Retrospective* project_retro = nullptr;
    const Retrospective* my_retro = nullptr;
    boost::json::array items;
    for (const auto& retro : list.value()) {
      if (retro.scope == "project") project_retro = &retro;
      if (retro.scope == "member" && retro.author_id == me) my_retro = &retro;
      items.push_back(retro_view(session, here, retro, where->community.time_zone));
    }
    boost::json::object data{{"community", communities::community_json(where->community)},
                             {"project", {{"id", project->id}, {"title", project->title}}},
                             {"retrospectives", items},
                             {"empty", items.empty()},
                             {"open", open.value()},
                             {"closed_note", !open.value() && (manages || runs)},
                             {"can_write_project", open.value() && manages},
                             {"can_write_mine", open.value() && (builds || runs)},
                             {"project_form", form_values(session, here, project_retro)},
                             {"my_form", form_values(session, here, my_retro)}};
    if (project->cohort_id) {
      auto cohorts = activity.academy().cohorts(slug);
      if (!cohorts) return session.refuse(here, cohorts.error());
      for (const auto& cohort : cohorts.value())
        if (cohort.id == *project->cohort_id)
          data["cohort"] = {{"key", cohort.key}, {"name", cohort.name}};
    }
    return session.page(
        here, 200, "activity/retrospectives", std::move(data),
        {.title = project->title + " · " + session.text(here, "retro_title"),
         .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
  });

  for (const bool own : {false, true}) {
    router.post(
        std::string("/c/{slug}/projects/{project_id}/retrospectives/") + (own ? "mine" : "project"),
        [&, own](http::Request& request) {
          auto context = session.context(request);
          if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
          const auto form = request.form();
          if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
          auto id = accounts::path_id(request, "project_id");
          if (!id) return session.form_failed(request, context, id.error());
          auto input = retrospective_input(web::Fields(form));
          if (!input) return session.form_failed(request, context, input.error());
          auto written =
              activity.write_retrospective(context.viewer, request.param("slug"), id.value(),
                                           own ? "member" : "project", input.value());
          if (!written) return session.form_failed(request, context, written.error());
          return http::Response::redirect(retrospectives_path(request.param("slug"), id.value()) +
                                          "?notice=saved");
        });
  }

  // The cohort gathers its projects' retrospectives, grouped by project.
  router.get("/c/{slug}/cohorts/{cohort}/retrospectives", [&](http::Request& request) {
    auto context = session.context(request);
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    const std::string slug = request.param("slug");
    auto cohort = activity.academy().cohort(slug, request.param("cohort"));
    if (!cohort) return session.refuse(here, cohort.error());
    auto list = activity.cohort_retrospectives(here.viewer, slug, cohort->key);
    if (!list) return session.refuse(here, list.error());
    boost::json::array projects;
    std::int64_t current = 0;
    for (const auto& retro : list.value()) {
      if (retro.project_id != current) {
        current = retro.project_id;
        projects.push_back({{"id", retro.project_id},
                            {"title", retro.project_title},
                            {"retrospectives", boost::json::array{}}});
      }
      projects.back().as_object()["retrospectives"].as_array().push_back(
          retro_view(session, here, retro, where->community.time_zone));
    }
    return session.page(here, 200, "activity/cohort_retrospectives",
                        {{"community", communities::community_json(where->community)},
                         {"cohort", {{"key", cohort->key}, {"name", cohort->name}}},
                         {"projects", projects},
                         {"empty", projects.empty()},
                         {"signed_in", here.viewer.signed_in()}},
                        {.title = cohort->name + " · " + session.text(here, "retro_title")});
  });
}

}  // namespace moim::activity
