// Selection: organizers run, pin and publish the allocation; a placed
// member accepts or declines the seat offered.
#include <algorithm>

#include "features/academy/page_helpers.hpp"
#include "features/communities/routes.hpp"

namespace moim::academy {

using accounts::RequestContext;
using namespace pages;

void add_selection_pages(http::Router& router, accounts::WebSession& session,
                         AcademyService& academy, const Clock& clock) {
  // ---- selection (organizers) and seats (members) ------------------------

  router.get("/c/{slug}/cohorts/{cohort}/selection", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = academy.access(context.viewer, request.param("slug"));
    if (!here) return session.refuse(context, here.error());
    auto cohort = academy.cohort(request.param("slug"), request.param("cohort"));
    if (!cohort) return session.refuse(context, cohort.error());
    auto run = academy.latest_run(context.viewer, request.param("slug"), cohort->key);
    if (!run) return session.refuse(context, run.error());
    auto projects =
        academy.catalog(context.viewer, request.param("slug"), cohort->key, CatalogQuery{});
    if (!projects) return session.refuse(context, projects.error());
    boost::json::value run_view = nullptr;
    if (run->has_value()) {
      const AllocationRun& latest = **run;
      boost::json::object view = run_json(latest);
      boost::json::array ranks;
      for (std::size_t idx = 0; idx < latest.by_rank.size(); ++idx) {
        ranks.push_back(boost::json::object{
            {"label", session.text(context, "choice_rank_" +
                                                std::to_string(std::min<std::size_t>(idx + 1, 4)))},
            {"count", latest.by_rank[idx]}});
      }
      view["ranks"] = ranks;
      if (const auto* mode = view.if_contains("mode"); mode && mode->is_string())
        view["mode_label"] = session.text(context, "mode_" + std::string(mode->as_string()));
      boost::json::array rows;
      for (const auto& placement : latest.placements) {
        boost::json::array why;
        for (const auto& choice : placement.explanation) {
          why.push_back(
              boost::json::object{{"title", choice.project_title},
                                  {"outcome", session.text(context, "outcome_" + choice.outcome)}});
        }
        boost::json::array pin_options;
        for (const auto& project : projects.value()) {
          pin_options.push_back(
              boost::json::object{{"value", project.id},
                                  {"label", project.title},
                                  {"selected", placement.pinned_project == project.id}});
        }
        rows.push_back(boost::json::object{{"user_id", placement.user_id},
                                           {"display_name", placement.display_name},
                                           {"project_title", placement.project_title},
                                           {"rank", placement.rank},
                                           {"placed", placement.project_id.has_value()},
                                           {"why", why},
                                           {"pinned", placement.pinned_project.has_value()},
                                           {"pin_reason", placement.pin_reason},
                                           {"pin_options", pin_options}});
      }
      view["rows"] = rows;
      view["is_published"] = latest.published_at.has_value();
      run_view = view;
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        context, 200, "academy/selection",
        {{"community", communities::community_json(here->community)},
         {"cohort", cohort_json(cohort.value(), clock.now_seconds())},
         {"open", cohort->in_phase(Phase::kSelection, clock.now_seconds())},
         {"run", run_view}},
        {.title = session.text(context, "selection_title") + " · " + cohort->name,
         .notice_key = notice == "ran" || notice == "pinned" || notice == "published"
                           ? "notice_selection_" + notice
                           : ""});
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/run", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    RunInput input;
    input.mode = field(form, "mode").empty() ? "stable" : field(form, "mode");
    auto seed = fields.optional_integer("seed", 0, (std::int64_t{1} << 53) - 1);
    if (!seed) return session.form_failed(request, context, seed.error());
    input.seed = seed.value();
    input.cancel_under_minimum = form.count("cancel_under_minimum") > 0;
    auto run = academy.run_allocation(context.viewer, request.param("slug"),
                                      request.param("cohort"), input);
    if (!run) return session.form_failed(request, context, run.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=ran");
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/pin", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    auto user_id = fields.optional_integer("user_id", 1, INT64_MAX);
    if (!user_id || !*user_id)
      return session.refuse(context, Error::invalid("user_id", "choose a person"));
    auto project_id = fields.optional_integer("project_id", 1, INT64_MAX);
    if (!project_id) return session.form_failed(request, context, project_id.error());
    auto done = academy.pin(context.viewer, request.param("slug"), request.param("cohort"),
                            **user_id, project_id.value(), web::trim(field(form, "reason")));
    if (!done) return session.form_failed(request, context, done.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=pinned");
  });

  router.post("/c/{slug}/cohorts/{cohort}/selection/publish", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    web::Fields fields(form);
    auto run_id = fields.optional_integer("run_id", 1, INT64_MAX);
    if (!run_id || !*run_id)
      return session.refuse(context, Error::invalid("run_id", "choose a run"));
    auto run =
        academy.publish(context.viewer, request.param("slug"), request.param("cohort"), **run_id);
    if (!run) return session.form_failed(request, context, run.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/selection?notice=published");
  });

  router.post("/c/{slug}/cohorts/{cohort}/seat", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto mine = academy.respond_to_offer(context.viewer, request.param("slug"),
                                         request.param("cohort"), field(form, "confirm") == "1");
    if (!mine) return session.form_failed(request, context, mine.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/cohorts/" +
                                    request.param("cohort") + "/apply?notice=seat");
  });
}

}  // namespace moim::academy
