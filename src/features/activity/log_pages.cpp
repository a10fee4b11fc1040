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

// What the member typed into the write form, kept when it fails so nothing
// is lost; empty on a fresh page, where the defaults apply.
struct LogForm {
  bool submitted = false;
  std::string week;
  std::string learned;
  std::string blocked;
  std::string links;
  std::string project_id;
  std::string visibility;
};

const std::vector<std::string_view> kLogFields{"week",  "learned",    "blocked",
                                               "links", "project_id", "visibility"};

// The form's view: typed values or the defaults, the field at fault marked.
// Defaults that save as they stand: a member with projects writes to their
// first project for its members; one without any writes privately (a
// "project members" log with no project could never be saved).
boost::json::object log_form_view(accounts::WebSession& session, const RequestContext& here,
                                  const std::vector<MemberProject>& projects,
                                  const std::string& this_week, const LogForm& form,
                                  const Error* error) {
  std::string chosen_project = form.project_id;
  std::string chosen_visibility = form.visibility;
  if (!form.submitted) {
    chosen_project = projects.empty() ? "" : std::to_string(projects.front().project.id);
    chosen_visibility = projects.empty() ? "private" : "project";
  }
  boost::json::array options;
  for (const auto& [project, role] : projects)
    options.push_back({{"id", project.id},
                       {"title", project.title},
                       {"selected", std::to_string(project.id) == chosen_project}});
  boost::json::array visibilities;
  for (auto visibility : kVisibilities)
    visibilities.push_back(
        {{"value", visibility},
         {"label", session.text(here, "growth_visibility_" + std::string(visibility))},
         {"selected", visibility == chosen_visibility}});
  boost::json::object invalid;
  for (auto field : kLogFields) invalid[field] = error && error->field == field;
  boost::json::object view{{"week", form.submitted ? form.week : this_week},
                           {"learned", form.learned},
                           {"blocked", form.blocked},
                           {"links", form.links},
                           {"projects", options},
                           {"no_project_selected", chosen_project.empty()},
                           {"visibilities", visibilities},
                           {"invalid", invalid},
                           {"has_error", error != nullptr}};
  if (error) view["error_text"] = session.error_text(here, *error);
  return view;
}

}  // namespace

void add_log_pages(http::Router& router, accounts::WebSession& session, ActivityService& activity) {
  router.get("/c/{slug}/logs", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return http::Response::redirect(logs_path(request.param("slug"), context.viewer.user_id()));
  });

  // The page of a member's logs; on one's own, with the write form, which a
  // failed save renders again (status 400) with what was typed and the error.
  const auto logs_page = [&](http::Request& request, std::int64_t member_id, const LogForm& form,
                             const Error* error) -> http::Response {
    auto context = session.context(request);
    auto where = where_of(session, activity, request);
    if (!where) return session.refuse(context, where.error());
    const RequestContext& here = where->context;
    const std::string slug = request.param("slug");
    const std::string zone = where->community.time_zone;
    const std::int64_t now = activity.clock().now_seconds();
    const bool own = member_id == here.viewer.user_id();

    std::string month = request.query_param("month").value_or("");
    if (month.size() != 7 || !parse_day(month + "-01")) month = format_local(now, zone, "%Y-%m");
    const long first_day = *parse_day(month + "-01");
    auto days = activity.activity_days(here.viewer, slug, member_id, month);
    if (!days) return session.refuse(here, days.error());
    auto logs = activity.logs(here.viewer, slug, member_id);
    if (!logs) return session.refuse(here, logs.error());
    auto person = activity.member_name(slug, member_id);
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
    boost::json::object data{{"community", communities::community_json(where->community)},
                             {"person", {{"id", member_id}, {"display_name", person.value()}}},
                             {"own", own},
                             {"logs", items},
                             {"no_logs", items.empty()},
                             {"month", month},
                             {"previous_month", format_day(first_day - 1).substr(0, 7)},
                             {"next_month", format_day(first_day + 31).substr(0, 7)},
                             {"weeks", month_grid(first_day, month, days.value())}};
    if (own) {
      auto projects = activity.member_projects(here.viewer, slug);
      if (!projects) return session.refuse(here, projects.error());
      data["form"] = log_form_view(session, here, projects.value(),
                                   format_local(now, zone, "%Y-%m-%d"), form, error);
    }
    return session.page(
        here, error ? 400 : 200, "activity/logs", std::move(data),
        {.title = person.value() + " · " + session.text(here, "growth_title"),
         .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
  };

  router.get("/c/{slug}/members/{user_id}/logs", [&, logs_page](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto user_id = accounts::path_id(request, "user_id");
    if (!user_id) return session.refuse(context, user_id.error());
    return logs_page(request, user_id.value(), LogForm{}, nullptr);
  });

  router.post("/c/{slug}/logs", [&, logs_page](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const LogForm typed{.submitted = true,
                        .week = form_field(form, "week"),
                        .learned = form_field(form, "learned"),
                        .blocked = form_field(form, "blocked"),
                        .links = form_field(form, "links"),
                        .project_id = form_field(form, "project_id"),
                        .visibility = form_field(form, "visibility")};
    // Input errors come back on the form itself, with what was typed.
    const auto again = [&](const Error& error) {
      if (error.http_status != 400) return session.refuse(context, error);
      return logs_page(request, context.viewer.user_id(), typed, &error);
    };
    const web::Fields fields(form);
    GrowthLogInput input;
    auto week = fields.text("week", 1, 10);
    if (!week) return again(week.error());
    input.week = week.value();
    // An empty choice means "no project" (a private or public log).
    if (!typed.project_id.empty()) {
      auto project_id = fields.optional_integer("project_id", 1, INT64_MAX);
      if (!project_id) return again(project_id.error());
      input.project_id = project_id.value();
    }
    for (const auto& [name, target] :
         {std::pair{"learned", &input.learned}, std::pair{"blocked", &input.blocked}}) {
      auto text = fields.optional_text(name, kMaxLogChars);
      if (!text) return again(text.error());
      *target = text->value_or("");
    }
    // One link per line in the form.
    std::string rest = typed.links;
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      std::string line = web::trim(rest.substr(0, end));
      if (!line.empty()) input.links.push_back(line);
      rest = end == std::string::npos ? std::string() : rest.substr(end + 1);
    }
    input.visibility = typed.visibility;
    auto written = activity.write_log(context.viewer, request.param("slug"), input);
    if (!written) return again(written.error());
    return http::Response::redirect(logs_path(request.param("slug"), context.viewer.user_id()) +
                                    "?notice=saved");
  });
}

}  // namespace moim::activity
