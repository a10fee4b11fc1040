// Wrap-up pages: the organizers' cohort wrap-up (compute, decide, close),
// a project's wrap-up for its builders (rules, results, drop-outs), a
// runner's "leave this project" confirmation, the statistics pages with
// their SVG charts, and the results CSV.
#include <algorithm>
#include <array>
#include <charconv>
#include <map>

#include "features/activity/wrap_up_routes.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/chart_svg.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

using web::bar_chart_svg;
using web::Chart;
using web::line_chart_svg;

using accounts::RequestContext;

namespace {

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

struct Here {
  RequestContext context;
  communities::Community community;
};

Result<Here> here_of(accounts::WebSession& session, academy::AcademyService& academy,
                     const http::Request& request) {
  auto context = session.context(request);
  auto access = academy.access(context.viewer, request.param("slug"));
  if (!access) return access.error();
  context = session.context(request, access->community.default_locale);
  return Here{std::move(context), access->community};
}

std::optional<std::int64_t> parse_id(const std::string& text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// The outcome as the page shows it, with the options of the override form.
boost::json::object result_view(accounts::WebSession& session, const RequestContext& context,
                                const ResultRow& result, bool closed) {
  boost::json::object view = result_json(result);
  view["role_label"] = session.text(context, "wrap_up_role_" + result.role);
  view["computed_label"] = session.text(context, "wrap_up_outcome_" + result.computed);
  view["outcome_label"] = session.text(context, "wrap_up_outcome_" + result.outcome);
  view["overridden"] = result.outcome != result.computed;
  view["open"] = !closed;
  boost::json::array options;
  for (std::string_view outcome : {kCompleted, kNotCompleted, kDropped})
    options.push_back(boost::json::object{
        {"value", outcome},
        {"label", session.text(context, "wrap_up_outcome_" + std::string(outcome))},
        {"selected", outcome == result.outcome}});
  view["options"] = options;
  return view;
}

boost::json::object tally_view(const CompletionTally& tally) { return tally_json(tally); }

boost::json::object project_view(accounts::WebSession& session, const RequestContext& context,
                                 const ProjectWrapUp& project, bool closed) {
  boost::json::array results;
  for (const auto& result : project.results)
    results.push_back(result_view(session, context, result, closed));
  return {{"project_id", project.project_id},
          {"title", project.title},
          {"rules", rules_json(project.rules)},
          {"tally", tally_view(project.tally)},
          {"results", results},
          {"has_results", !results.empty()},
          {"cohort", project.cohort_key},
          {"closed", closed}};
}

std::string percent_label(const CompletionTally& tally) {
  return format_rate(tally.rate_permille());
}

// The organizers' cohort wrap-up shows this many results a page, across its
// projects in order (a project split over two pages shows its heading on both).
constexpr int kResultsPerPage = 50;
constexpr std::array<std::string_view, 3> kOutcomes{"completed", "not_completed", "dropped"};

struct ResultsWindow {
  int page = 1;
  std::string outcome;  // empty: every outcome
};

Result<ResultsWindow> results_window(const http::Request& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
  web::Fields fields(params);
  auto page = fields.optional_integer("page", 1, 100000);
  if (!page) return page.error();
  ResultsWindow window{.page = static_cast<int>(page->value_or(1)),
                       .outcome = field(params, "outcome")};
  if (!window.outcome.empty() &&
      std::find(kOutcomes.begin(), kOutcomes.end(), window.outcome) == kOutcomes.end())
    return Error::invalid("outcome", "outcome must be one of completed, not_completed, dropped");
  return window;
}

// The projects as one page of the window shows them, each with its full
// tally but only the page's results; and how many results match in all.
std::pair<std::vector<ProjectWrapUp>, int> page_of(const CohortWrapUp& cohort,
                                                   const ResultsWindow& window) {
  std::vector<ProjectWrapUp> shown;
  int skip = (window.page - 1) * kResultsPerPage;
  int room = kResultsPerPage;
  int matching = 0;
  for (const auto& project : cohort.projects) {
    ProjectWrapUp slice = project;
    slice.results.clear();
    for (const auto& result : project.results) {
      if (!window.outcome.empty() && result.outcome != window.outcome) continue;
      ++matching;
      if (skip > 0) {
        --skip;
      } else if (room > 0) {
        slice.results.push_back(result);
        --room;
      }
    }
    // A project without results yet is listed once, on the first page.
    const bool unfiltered_empty =
        project.results.empty() && window.outcome.empty() && window.page == 1;
    if (!slice.results.empty() || unfiltered_empty) shown.push_back(std::move(slice));
  }
  return {std::move(shown), matching};
}

// The query string for `window` at `page`: the outcome filter survives.
std::string window_query(const ResultsWindow& window, int page) {
  std::string query = "?";
  if (!window.outcome.empty()) query += "outcome=" + window.outcome + "&";
  return query + "page=" + std::to_string(page);
}

}  // namespace

void add_wrap_up_pages(http::Router& router, accounts::WebSession& session, WrapUpService& wrap_up,
                       academy::AcademyService& academy) {
  // ---- the organizers' cohort wrap-up -------------------------------------
  router.get("/c/{slug}/cohorts/{cohort}/wrap-up", [&](http::Request& request) {
    auto here = here_of(session, academy, request);
    if (!here) return session.refuse(session.context(request), here.error());
    auto cohort = wrap_up.cohort_wrap_up(here->context.viewer, request.param("slug"),
                                         request.param("cohort"));
    if (!cohort) return session.refuse(here->context, cohort.error());
    auto window = results_window(request);
    if (!window) return session.refuse(here->context, window.error());
    const auto [shown, matching] = page_of(cohort.value(), window.value());
    boost::json::array projects;
    for (const auto& project : shown)
      projects.push_back(project_view(session, here->context, project, cohort->closed));
    const int pages = std::max(1, (matching + kResultsPerPage - 1) / kResultsPerPage);
    const int page = window->page;
    boost::json::array outcome_filters;
    for (std::string_view outcome :
         {std::string_view(), kOutcomes[0], kOutcomes[1], kOutcomes[2]}) {
      const ResultsWindow chosen{.page = 1, .outcome = std::string(outcome)};
      outcome_filters.push_back(boost::json::object{
          {"label", session.text(here->context, outcome.empty()
                                                    ? std::string("wrap_up_all_outcomes")
                                                    : "wrap_up_outcome_" + std::string(outcome))},
          {"link", outcome.empty() ? std::string("?") : window_query(chosen, 1)},
          {"current", window->outcome == outcome}});
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        here->context, 200, "activity/cohort_wrap_up",
        {{"community", communities::community_json(here->community)},
         {"cohort", cohort_wrap_up_json(cohort.value())},
         {"projects", projects},
         {"outcome_filters", outcome_filters},
         {"show_filters", cohort->computed},
         {"page", page},
         {"pages", pages},
         {"paged", pages > 1},
         {"has_prev", page > 1},
         {"has_next", page < pages},
         {"prev_link", window_query(window.value(), page - 1)},
         {"next_link", window_query(window.value(), page + 1)},
         {"rate", percent_label(cohort->total)},
         {"closed_local", cohort->closed
                              ? format_local(cohort->closed_at, here->community.time_zone)
                              : std::string()}},
        {.title = cohort->name + " · " + session.text(here->context, "wrap_up_title"),
         .notice_key = notice == "computed" ? "notice_wrap_up_computed"
                       : notice == "closed" ? "notice_wrap_up_closed"
                       : notice == "saved"  ? "notice_activity_saved"
                                            : ""});
  });

  for (const char* action : {"compute", "close"}) {
    const bool closing = std::string_view(action) == "close";
    router.post(
        std::string("/c/{slug}/cohorts/{cohort}/wrap-up/") + action,
        [&, closing](http::Request& request) {
          auto context = session.context(request);
          auto form = request.form();
          if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
          const std::string slug = request.param("slug");
          const std::string key = request.param("cohort");
          if (closing && field(form, "confirm").empty())
            return session.refuse(context,
                                  Error::invalid("confirm", "confirm that results become final"));
          auto done = closing ? wrap_up.close(context.viewer, slug, key)
                              : wrap_up.compute(context.viewer, slug, key);
          if (!done) return session.form_failed(request, context, done.error());
          return http::Response::redirect("/c/" + slug + "/cohorts/" + key +
                                          "/wrap-up?notice=" + (closing ? "closed" : "computed"));
        });
  }

  // A decision from either wrap-up page goes back where it came from.
  router.post(
      "/c/{slug}/projects/{project_id}/wrap-up/results/{user_id}", [&](http::Request& request) {
        auto context = session.context(request);
        auto form = request.form();
        if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
        auto id = accounts::path_id(request, "project_id");
        if (!id) return session.form_failed(request, context, id.error());
        auto user_id = accounts::path_id(request, "user_id");
        if (!user_id) return session.form_failed(request, context, user_id.error());
        Decision decision{field(form, "outcome"), field(form, "reason")};
        if (decision.outcome->empty()) decision.outcome.reset();
        auto decided = wrap_up.decide(context.viewer, request.param("slug"), id.value(),
                                      user_id.value(), decision);
        if (!decided) return session.form_failed(request, context, decided.error());
        const std::string fallback =
            "/c/" + request.param("slug") + "/projects/" + std::to_string(id.value()) + "/wrap-up";
        return http::Response::redirect(
            accounts::with_notice(accounts::return_path(request, form, fallback), "saved"));
      });

  // ---- a project's wrap-up, for its builders -------------------------------
  router.get("/c/{slug}/projects/{project_id}/wrap-up", [&](http::Request& request) {
    auto here = here_of(session, academy, request);
    if (!here) return session.refuse(session.context(request), here.error());
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(here->context, id.error());
    auto project = wrap_up.project_wrap_up(here->context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(here->context, project.error());
    auto dropouts = wrap_up.dropouts(here->context.viewer, request.param("slug"), id.value());
    if (!dropouts) return session.refuse(here->context, dropouts.error());
    const bool closed = project->closed;
    boost::json::array dropped;
    for (const auto& item : dropouts.value()) {
      boost::json::object view = dropout_json(item);
      view["when"] = format_local(item.dropped_at, here->community.time_zone);
      dropped.push_back(view);
    }
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        here->context, 200, "activity/project_wrap_up",
        {{"community", communities::community_json(here->community)},
         {"project", project_view(session, here->context, project.value(), closed)},
         {"rate", percent_label(project->tally)},
         {"dropouts", dropped},
         {"has_dropouts", !dropped.empty()},
         {"runners",
          [&] {
            boost::json::array runners;
            for (const auto& result : project->results)
              if (result.role == "runner" && result.outcome != kDropped)
                runners.push_back(boost::json::object{{"user_id", result.user_id},
                                                      {"display_name", result.display_name}});
            return runners;
          }()}},
        {.title = project->title + " · " + session.text(here->context, "wrap_up_title"),
         .notice_key = notice == "saved" ? "notice_activity_saved" : ""});
  });

  router.post("/c/{slug}/projects/{project_id}/wrap-up/rules", [&](http::Request& request) {
    auto context = session.context(request);
    auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    web::Fields fields(form);
    auto attendance = fields.optional_integer("min_attendance", 0, 100);
    if (!attendance) return session.form_failed(request, context, attendance.error());
    auto submissions = fields.optional_integer("min_submissions", 0, 100);
    if (!submissions) return session.form_failed(request, context, submissions.error());
    auto retrospective = fields.optional_boolean("retrospective");
    if (!retrospective) return session.form_failed(request, context, retrospective.error());
    academy::CompletionRules rules{static_cast<int>(attendance->value_or(80)),
                                   static_cast<int>(submissions->value_or(0)),
                                   retrospective->value_or(false)};
    auto saved = wrap_up.set_rules(context.viewer, request.param("slug"), id.value(), rules);
    if (!saved) return session.form_failed(request, context, saved.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/projects/" +
                                    std::to_string(id.value()) + "/wrap-up?notice=saved");
  });

  // A drop-out recorded by a builder, or the runner leaving (confirm page below).
  router.post("/c/{slug}/projects/{project_id}/dropouts", [&](http::Request& request) {
    auto context = session.context(request);
    auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    std::int64_t user_id = context.viewer.user_id();
    if (const std::string text = field(form, "user_id"); !text.empty()) {
      auto parsed = parse_id(text);
      if (!parsed)
        return session.refuse(context, Error::invalid("user_id", "user_id is a user number"));
      user_id = *parsed;
    }
    auto dropped =
        wrap_up.drop_out(context.viewer, request.param("slug"), id.value(), user_id,
                         web::trim(field(form, "reason")), !field(form, "confirm").empty());
    if (!dropped) return session.form_failed(request, context, dropped.error());
    const std::string project_path =
        "/c/" + request.param("slug") + "/projects/" + std::to_string(id.value());
    if (dropped->self_reported) return http::Response::redirect(project_path);
    return http::Response::redirect(project_path + "/wrap-up?notice=saved");
  });

  router.get("/c/{slug}/projects/{project_id}/leave", [&](http::Request& request) {
    auto here = here_of(session, academy, request);
    if (!here) return session.refuse(session.context(request), here.error());
    if (!here->context.viewer.signed_in())
      return session.refuse(here->context, Error::unauthenticated());
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(here->context, id.error());
    auto project = academy.project(here->context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(here->context, project.error());
    return session.page(here->context, 200, "activity/leave_project",
                        {{"community", communities::community_json(here->community)},
                         {"project", {{"id", project->id}, {"title", project->title}}}},
                        {.title = session.text(here->context, "leave_title")});
  });

  // ---- statistics ----------------------------------------------------------
  router.get("/c/{slug}/cohorts/{cohort}/statistics", [&](http::Request& request) {
    auto here = here_of(session, academy, request);
    if (!here) return session.refuse(session.context(request), here.error());
    auto statistics =
        wrap_up.statistics(here->context.viewer, request.param("slug"), request.param("cohort"));
    if (!statistics) return session.refuse(here->context, statistics.error());
    const auto& context = here->context;
    Chart rates{.id = "completion-rates",
                .title = session.text(context, "statistics_rate_chart"),
                .description = session.text(context, "statistics_rate_chart_desc"),
                .max_value = 100,
                .unit = "%"};
    boost::json::array projects;
    for (const auto& project : statistics->projects) {
      const int permille = project.tally.rate_permille();
      if (permille >= 0) rates.points.push_back({project.title, permille / 10.0});
      projects.push_back(
          boost::json::object{{"title", project.title}, {"tally", tally_json(project.tally)}});
    }
    Chart attendance{.id = "attendance-weeks",
                     .title = session.text(context, "statistics_attendance_chart"),
                     .description = session.text(context, "statistics_attendance_chart_desc"),
                     .max_value = 100,
                     .unit = "%"};
    for (const auto& week : statistics->attendance)
      attendance.points.push_back({week.week, static_cast<double>(week.percent())});
    Chart submissions{.id = "submissions-deadlines",
                      .title = session.text(context, "statistics_submissions_chart"),
                      .description = session.text(context, "statistics_submissions_chart_desc")};
    for (const auto& deadline : statistics->deadlines)
      submissions.points.push_back({deadline.title + " #" + std::to_string(deadline.seq),
                                    static_cast<double>(deadline.on_time + deadline.late)});
    const auto text = [&](const std::string& key) { return session.text(context, key); };
    return session.page(
        context, 200, "activity/statistics",
        {{"community", communities::community_json(here->community)},
         {"organizer_count",
          statistics->organizer_count
              ? boost::json::value(outbox::organizer_count_view(*statistics->organizer_count, text))
              : boost::json::value(nullptr)},
         {"statistics", statistics_json(statistics.value())},
         {"projects", projects},
         {"rate", percent_label(statistics->total)},
         {"rate_svg", bar_chart_svg(rates)},
         {"has_attendance", !attendance.points.empty()},
         {"attendance_svg", line_chart_svg(attendance)},
         {"has_submissions", !submissions.points.empty()},
         {"submissions_svg", bar_chart_svg(submissions)}},
        {.title = statistics->name + " · " + session.text(context, "statistics_title")});
  });

  router.get("/c/{slug}/statistics", [&](http::Request& request) {
    auto here = here_of(session, academy, request);
    if (!here) return session.refuse(session.context(request), here.error());
    auto list = wrap_up.across_cohorts(here->context.viewer, request.param("slug"));
    if (!list) return session.refuse(here->context, list.error());
    const auto& context = here->context;
    Chart rates{.id = "cohort-rates",
                .title = session.text(context, "statistics_cohorts_chart"),
                .description = session.text(context, "statistics_cohorts_chart_desc"),
                .max_value = 100,
                .unit = "%"};
    Chart counts{.id = "cohort-counts",
                 .title = session.text(context, "count_chart"),
                 .description = session.text(context, "count_chart_desc")};
    const auto text = [&](const std::string& key) { return session.text(context, key); };
    boost::json::array cohorts;
    for (const auto& item : list.value()) {
      const int permille = item.tally.rate_permille();
      if (permille >= 0) rates.points.push_back({item.name, permille / 10.0});
      boost::json::value count = nullptr;
      if (item.organizer_count) {
        count = outbox::organizer_count_view(*item.organizer_count, text);
        counts.points.push_back({item.name, static_cast<double>(item.organizer_count->moim.total)});
      }
      cohorts.push_back(boost::json::object{{"key", item.key},
                                            {"name", item.name},
                                            {"closed", item.closed},
                                            {"tally", tally_json(item.tally)},
                                            {"organizer_count", std::move(count)}});
    }
    return session.page(context, 200, "activity/statistics_cohorts",
                        {{"community", communities::community_json(here->community)},
                         {"cohorts", cohorts},
                         {"rates_svg", bar_chart_svg(rates)},
                         {"has_counts", !counts.points.empty()},
                         {"counts_svg", bar_chart_svg(counts)}},
                        {.title = session.text(context, "statistics_title")});
  });

  router.get("/c/{slug}/cohorts/{cohort}/wrap-up/results.csv", [&](http::Request& request) {
    auto context = session.context(request);
    auto csv = wrap_up.results_csv(context.viewer, request.param("slug"), request.param("cohort"));
    if (!csv) return session.refuse(context, csv.error());
    const std::string body = session.localized_csv(context, csv.value(),
                                                   {{"role", "stage_"},
                                                    {"computed", "wrap_up_outcome_"},
                                                    {"outcome", "wrap_up_outcome_"},
                                                    {"confirmed", "csv_flag_"},
                                                    {"final", "csv_flag_"}});
    http::Response response = http::Response::text(200, body, "text/csv; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"" + request.param("slug") +
                                                   "-" + request.param("cohort") +
                                                   "-completion.csv\"");
    response.set_header("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace moim::activity
