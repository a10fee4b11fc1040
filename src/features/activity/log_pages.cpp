// Growth log pages: a member's timeline of weekly logs with a month calendar
// of their activity (logs, submissions, attendance), and — on one's own —
// the form that writes this week's log. Everything respects the visibility
// each log was written with, for whoever is looking.
#include "features/activity/page_helpers.hpp"
#include "features/activity/recurrence.hpp"
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::RequestContext;
using namespace pages;

namespace {

std::string logs_path(const std::string& slug, std::int64_t user_id) {
  return "/c/" + slug + "/members/" + std::to_string(user_id) + "/logs";
}

// Weeks of the month, Monday first; days outside the month are blank cells.
boost::json::array month_grid(long first_day, const std::string& month,
                              const std::vector<DayActivity>& days) {
  std::map<std::string, const DayActivity*> by_day;
  for (const auto& day : days) by_day[day.day] = &day;
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const long lead = ((first_day % 7) + 7 + 3) % 7;
  boost::json::array weeks;
  boost::json::array week;
  for (long blank = 0; blank < lead; ++blank) week.push_back(boost::json::object{{"blank", true}});
  for (long day = first_day; format_day(day).substr(0, 7) == month; ++day) {
    const std::string date = format_day(day);
    boost::json::object cell{
        {"blank", false}, {"day", date}, {"number", std::stoi(date.substr(8))}};
    auto found = by_day.find(date);
    const DayActivity none;
    const DayActivity& activity = found == by_day.end() ? none : *found->second;
    cell["logs"] = activity.logs;
    cell["submissions"] = activity.submissions;
    cell["attended"] = activity.attended;
    // Sections treat any number as true: the template needs booleans to skip zeros.
    cell["has_logs"] = activity.logs > 0;
    cell["has_submissions"] = activity.submissions > 0;
    cell["has_attended"] = activity.attended > 0;
    cell["active"] = activity.logs + activity.submissions + activity.attended > 0;
    week.push_back(cell);
    if (week.size() == 7) {
      weeks.push_back(boost::json::object{{"days", week}});
      week = {};
    }
  }
  if (!week.empty()) {
    while (week.size() < 7) week.push_back(boost::json::object{{"blank", true}});
    weeks.push_back(boost::json::object{{"days", week}});
  }
  return weeks;
}

}  // namespace

void add_log_pages(http::Router& router, accounts::WebSession& session, ActivityService& activity) {
  router.get("/c/{slug}/logs", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return http::Response::redirect(logs_path(request.param("slug"), context.viewer.user_id()));
  });

  router.get("/c/{slug}/members/{user_id}/logs", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto user_id = accounts::path_id(request, "user_id");
    if (!user_id) return session.refuse(context, user_id.error());
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    const std::string slug = request.param("slug");
    const std::string zone = where->community.time_zone;
    const std::int64_t now = activity.clock().now_seconds();
    const bool own = user_id.value() == here.viewer.user_id();

    std::string month = request.query_param("month").value_or("");
    if (month.size() != 7 || !parse_day(month + "-01")) month = format_local(now, zone, "%Y-%m");
    const long first_day = *parse_day(month + "-01");
    auto days = activity.activity_days(here.viewer, slug, user_id.value(), month);
    if (!days) return session.refuse(here, days.error());
    auto logs = activity.logs(here.viewer, slug, user_id.value());
    if (!logs) return session.refuse(here, logs.error());
    auto person = activity.member_name(slug, user_id.value());
    if (!person) return session.refuse(here, person.error());

    boost::json::array items;
    for (const auto& log : logs.value()) {
      boost::json::object item = growth_log_json(log);
      item["visibility_label"] = session.text(here, "growth_visibility_" + log.visibility);
      boost::json::array links;
      for (const auto& link : log.links) links.push_back(boost::json::object{{"url", link}});
      item["link_items"] = links;
      items.push_back(item);
    }
    boost::json::object data{
        {"community", communities::community_json(where->community)},
        {"person", {{"id", user_id.value()}, {"display_name", person.value()}}},
        {"own", own},
        {"logs", items},
        {"no_logs", items.empty()},
        {"month", month},
        {"previous_month", format_day(first_day - 1).substr(0, 7)},
        {"next_month", format_day(first_day + 31).substr(0, 7)},
        {"weeks", month_grid(first_day, month, days.value())}};
    if (own) {
      // The form: this week, my projects to tie a project-visible log to.
      auto projects = activity.member_projects(here.viewer, slug);
      if (!projects) return session.refuse(here, projects.error());
      boost::json::array options;
      for (const auto& [project, role] : projects.value())
        options.push_back({{"id", project.id}, {"title", project.title}});
      data["projects"] = options;
      data["week"] = format_local(now, zone, "%Y-%m-%d");
      boost::json::array visibilities;
      for (auto visibility : kVisibilities) {
        visibilities.push_back(
            {{"value", visibility},
             {"label", session.text(here, "growth_visibility_" + std::string(visibility))},
             {"selected", visibility == "project"}});
      }
      data["visibilities"] = visibilities;
    }
    return session.page(
        here, 200, "activity/logs", std::move(data),
        {.title = person.value() + " · " + session.text(here, "growth_title"),
         .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
  });

  router.post("/c/{slug}/logs", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const web::Fields fields(form);
    GrowthLogInput input;
    auto week = fields.text("week", 1, 10);
    if (!week) return session.refuse(context, week.error());
    input.week = week.value();
    // An empty choice means "no project" (a private or public log).
    if (!form_field(form, "project_id").empty()) {
      auto project_id = fields.optional_integer("project_id", 1, INT64_MAX);
      if (!project_id) return session.refuse(context, project_id.error());
      input.project_id = project_id.value();
    }
    for (const auto& [name, target] :
         {std::pair{"learned", &input.learned}, std::pair{"blocked", &input.blocked}}) {
      auto text = fields.optional_text(name, kMaxLogChars);
      if (!text) return session.refuse(context, text.error());
      *target = text->value_or("");
    }
    // One link per line in the form.
    std::string rest = form_field(form, "links");
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      std::string line = web::trim(rest.substr(0, end));
      if (!line.empty()) input.links.push_back(line);
      rest = end == std::string::npos ? std::string() : rest.substr(end + 1);
    }
    input.visibility = form_field(form, "visibility");
    auto written = activity.write_log(context.viewer, request.param("slug"), input);
    if (!written) return session.refuse(context, written.error());
    return http::Response::redirect(logs_path(request.param("slug"), context.viewer.user_id()) +
                                    "?notice=saved");
  });
}

}  // namespace moim::activity
