// The organizers' figures page of a program, and its certificates once it
// has ended. The numbers are the pair space's (kept on the program's row
// as each change happens); this page only words them and draws the weeks.
// Issuing answers with the page itself and its outcome: running it again
// issues nothing new, so a reload that sends it twice does no harm.
#include <cstdio>

#include "features/mentoring/pair_pages.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/chart_svg.hpp"

namespace moim::mentoring::pages {

namespace {

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// "12 / 18 (67%)"; a part of nothing has no percentage.
std::string part_text(int part, int whole) {
  std::string text = std::to_string(part) + " / " + std::to_string(whole);
  if (whole > 0) text += " (" + std::to_string(part * 100 / whole) + "%)";
  return text;
}

// A side's satisfaction: the mean of its 1-5 ratings and how many gave one.
boost::json::object satisfaction(const WebSession& session, const RequestContext& context,
                                 double mean, int ratings) {
  return {{"given", ratings > 0},
          {"mean", one_decimal(mean)},
          {"count", fill(session.text(context, "mentoring_ratings_count"),
                         {{"{count}", std::to_string(ratings)}})}};
}

http::Response figures_page(const WebSession& session, const RequestContext& context,
                            const ProgramFigures& figures,
                            const std::optional<certificates::MentoringOutcome>& outcome,
                            const std::optional<Error>& problem) {
  const Program& program = figures.program;
  const std::string& slug = program.community_slug;
  const std::string path = program_path(slug, program.id);

  boost::json::array help;
  for (const auto& request : figures.help_requests)
    help.push_back(boost::json::object{
        {"name", request.name},
        {"light", std::string(light_name(request.light))},
        {"light_tag", light_tag(request.light)},
        {"light_label",
         session.text(context, "mentoring_light_" + std::string(light_name(request.light)))},
        {"comment", request.comment},
        {"path", pair_path(slug, program.id, request.pair_id)}});

  web::Chart held{.id = "mentoring-held-weeks",
                  .title = session.text(context, "mentoring_chart_held"),
                  .description = session.text(context, "mentoring_chart_held_desc")};
  for (const auto& [week, count] : figures.held_by_week)
    held.points.push_back({fill(session.text(context, "mentoring_week_label"),
                                {{"{week}", std::to_string(week + 1)}}),
                           static_cast<double>(count)});

  const bool ended = Clock().now_seconds() >= program.ends_at;
  boost::json::object certificates{
      {"ended", ended},
      {"action", path + "/certificates"},
      {"after", fill(session.text(context, "mentoring_certificates_after"),
                     {{"{date}", format_local(program.ends_at, program.time_zone, "%Y-%m-%d")}})}};
  if (outcome)
    certificates["outcome"] = fill(session.text(context, "mentoring_certificates_outcome"),
                                   {{"{people}", std::to_string(outcome->people)},
                                    {"{issued}", std::to_string(outcome->issued)},
                                    {"{already}", std::to_string(outcome->already)}});
  if (problem) certificates["problem"] = error_text(session, context, *problem);

  boost::json::object data{{"program", program_view(session, context, program)},
                           {"path", path},
                           {"list_path", list_path(slug)},
                           {"pairs", figures.pairs},
                           {"sessions", part_text(figures.sessions_held, figures.sessions_planned)},
                           {"goals", part_text(figures.goals_reached, figures.goals_total)},
                           {"mentors", satisfaction(session, context, figures.mentor_satisfaction,
                                                    figures.mentor_ratings)},
                           {"mentees", satisfaction(session, context, figures.mentee_satisfaction,
                                                    figures.mentee_ratings)},
                           {"green", figures.green},
                           {"yellow", figures.yellow},
                           {"red", figures.red},
                           {"help", std::move(help)},
                           {"no_help", figures.help_requests.empty()},
                           {"has_chart", !held.points.empty()},
                           {"chart_svg", web::bar_chart_svg(held)},
                           {"certificates", std::move(certificates)}};
  return session.page(
      context, problem ? problem->http_status : 200, "mentoring/figures", std::move(data),
      {.title = session.text(context, "mentoring_figures_title") + " · " + program.name});
}

Result<ProgramFigures> figures_of(PairSpaceService& spaces, const RequestContext& context,
                                  const http::Request& request) {
  if (!context.viewer.signed_in()) return Error::unauthenticated();
  const std::int64_t program_id = id_param(request, "program");
  if (program_id == 0) return Error::not_found("no such program");
  return spaces.figures(context.viewer, request.param("slug"), program_id);
}

}  // namespace

std::string figures_path(const std::string& slug, std::int64_t program_id) {
  return program_path(slug, program_id) + "/figures";
}

void add_figures_pages(http::Router& router, WebSession& session, PairSpaceService& spaces) {
  const std::string base = "/c/{slug}/mentoring/{program}";

  // Organizers only: the service refuses anyone else.
  router.get(base + "/figures", [&](http::Request& request) {
    auto context = session.context(request);
    auto figures = figures_of(spaces, context, request);
    if (!figures) return session.refuse(context, figures.error());
    return figures_page(session, context, figures.value(), std::nullopt, std::nullopt);
  });

  router.post(base + "/certificates", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    // Read first: anyone but an organizer is refused before anything is issued.
    auto figures = figures_of(spaces, context, request);
    if (!figures) return session.refuse(context, figures.error());
    auto outcome =
        spaces.issue_certificates(context.viewer, request.param("slug"), figures->program.id);
    if (!outcome) {
      // Before the end: the service's 409 (program_not_ended), as a sentence.
      if (!is_form_error(outcome.error())) return session.refuse(context, outcome.error());
      return figures_page(session, context, figures.value(), std::nullopt, outcome.error());
    }
    // The figures as they are now (issuing changes none of them).
    return figures_page(session, context, figures.value(), outcome.value(), std::nullopt);
  });
}

}  // namespace moim::mentoring::pages
