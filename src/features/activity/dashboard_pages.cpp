// The member's dashboard in a community (/c/{slug}/me): my projects, the
// next sessions (check in when open), upcoming deadlines with submit and
// pass ticket, tickets left and deposit, live progress against the
// completion rules, my calendar feed address and my recent growth logs.
#include <algorithm>
#include <map>

#include "features/activity/page_helpers.hpp"
#include "features/activity/routes.hpp"
#include "features/activity/wrap_up_service.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::RequestContext;
using namespace pages;

namespace {

constexpr std::size_t kNextSessions = 5;
constexpr std::size_t kUpcomingDeadlines = 6;
constexpr std::size_t kRecentLogs = 3;

http::Response render_dashboard(accounts::WebSession& session, ActivityService& activity,
                                WrapUpService& wrap_up,
                                const std::vector<DashboardSection>& sections,
                                const http::Request& request, const std::string& feed_url) {
  auto context = session.context(request);
  if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
  auto where = where_of(session, activity, request);
  if (!where) return session.refuse(context, where.error());
  const RequestContext& here = where->context;
  const std::string slug = request.param("slug");
  const std::string zone = where->community.time_zone;
  const std::int64_t now = activity.clock().now_seconds();
  const std::int64_t me = here.viewer.user_id();

  auto projects = activity.member_projects(here.viewer, slug);
  if (!projects) return session.refuse(here, projects.error());
  auto cohorts = activity.academy().cohorts(slug);
  if (!cohorts) return session.refuse(here, cohorts.error());
  std::map<std::int64_t, const academy::Cohort*> cohort_by_id;
  for (const auto& cohort : cohorts.value()) cohort_by_id[cohort.id] = &cohort;

  boost::json::array project_items;
  boost::json::array past_items;
  std::vector<std::pair<Session, std::string>> upcoming;  // with the project's title
  std::map<std::int64_t, std::string> roles;              // project id -> my role
  std::vector<const academy::Cohort*> writing_cohorts;    // where I run and write
  for (const auto& [project, role] : projects.value()) {
    roles[project.id] = role;
    boost::json::object item{{"id", project.id},
                             {"title", project.title},
                             {"role_label", session.text(here, "stage_" + role)},
                             {"manages", role == "builder"},
                             {"cohort", nullptr}};
    if (project.cohort_id && cohort_by_id.contains(*project.cohort_id)) {
      const academy::Cohort* cohort = cohort_by_id[*project.cohort_id];
      item["cohort"] = {{"key", cohort->key}, {"name", cohort->name}};
      // Projects of a closed cohort are history: listed apart, without sessions.
      if (now >= cohort->window(academy::Phase::kClosed).starts_at) {
        past_items.push_back(item);
        continue;
      }
      if (role == "runner" && std::find(writing_cohorts.begin(), writing_cohorts.end(), cohort) ==
                                  writing_cohorts.end())
        writing_cohorts.push_back(cohort);
    }
    // My own progress as a runner against the project's completion rules.
    if (role == "runner") {
      auto progress = activity.progress(here.viewer, slug, project.id);
      if (progress && !progress->empty()) {
        const Progress& mine = progress->front();
        item["progress"] = {{"attendance_percent", mine.attendance_percent},
                            {"attended", mine.facts.attended},
                            {"sessions_held", mine.facts.sessions_held},
                            {"submissions", mine.facts.submissions},
                            {"deadlines_past", mine.facts.deadlines_past},
                            {"attendance_met", mine.attendance_met},
                            {"submissions_met", mine.submissions_met},
                            {"retrospective_required", mine.retrospective_required},
                            {"retrospective_written", false},
                            {"on_track", mine.on_track}};
        // The rule "retrospective written": has the runner written their own?
        if (mine.retrospective_required) {
          auto retros = activity.retrospectives(here.viewer, slug, project.id);
          const bool written =
              retros &&
              std::any_of(retros->begin(), retros->end(), [&](const Retrospective& retro) {
                return retro.scope == "member" && retro.author_id == me;
              });
          item["progress"].as_object()["retrospective_written"] = written;
        }
      }
    }
    auto sessions = activity.sessions(here.viewer, slug, project.id);
    if (sessions) {
      for (const auto& item_session : sessions.value()) {
        // A session stays "next" until it ends, so its check-in link shows during it.
        if (item_session.status == "skipped" || item_session.ends_at < now) continue;
        upcoming.emplace_back(item_session, project.title);
      }
    }
    project_items.push_back(item);
  }

  std::sort(upcoming.begin(), upcoming.end(), [](const auto& left, const auto& right) {
    return left.first.starts_at < right.first.starts_at;
  });
  if (upcoming.size() > kNextSessions) upcoming.resize(kNextSessions);
  boost::json::array session_items;
  for (const auto& [item, title] : upcoming) {
    const std::string role = roles[item.project_id];
    session_items.push_back(
        {{"id", item.id},
         {"project_id", item.project_id},
         {"project_title", title},
         {"topic", item.topic},
         {"starts_local", pages::local_with_weekday(session, here, item.starts_at, zone)},
         {"can_check_in", item.check_in_open && role != "builder"},
         {"manages", role == "builder"}});
  }

  auto deadlines = activity.my_deadlines(here.viewer, slug);
  if (!deadlines) return session.refuse(here, deadlines.error());
  boost::json::array deadline_items;
  for (const auto& view : deadlines.value()) {
    if (view.deadline.due_at < now || deadline_items.size() >= kUpcomingDeadlines) continue;
    deadline_items.push_back(
        {{"id", view.deadline.id},
         {"title", view.deadline.title},
         {"seq", view.deadline.seq},
         {"due_local", pages::local_with_weekday(session, here, view.deadline.due_at, zone)},
         {"state_label", session.text(here, "writing_state_" + view.my_state.value_or("open"))},
         {"done", view.my_state.has_value()},
         {"submitted", view.my_state == "submitted" || view.my_state == "late"}});
  }

  boost::json::array standings;
  for (const academy::Cohort* cohort : writing_cohorts) {
    auto standing = activity.writing_standing(here.viewer, slug, cohort->key, me);
    if (!standing) continue;
    standings.push_back({{"cohort_name", cohort->name},
                         {"cohort_key", cohort->key},
                         {"submitted", standing->submitted},
                         {"missed", standing->missed},
                         {"passes_left", standing->passes_left},
                         {"passes_used", standing->passes_used},
                         {"has_deposit", standing->deposit_balance.has_value()},
                         {"deposit_balance", standing->deposit_balance.value_or(0)}});
  }

  auto logs = activity.logs(here.viewer, slug, me);
  if (!logs) return session.refuse(here, logs.error());
  boost::json::array log_items;
  for (const auto& log : logs.value()) {
    if (log_items.size() >= kRecentLogs) break;
    log_items.push_back(
        {{"week_start", log.week_start},
         {"learned", log.learned},
         {"blocked", log.blocked},
         {"visibility_label", session.text(here, "growth_visibility_" + log.visibility)}});
  }

  // A runner who completed a closed cohort may now lead a project (docs/wrap-up.md).
  auto eligible = wrap_up.builder_eligible(slug, here.viewer.user_id());
  if (!eligible) return session.refuse(here, eligible.error());

  std::string sections_html;
  for (const auto& section : sections) {
    auto html = section(here, slug);
    if (!html) return session.refuse(here, html.error());
    sections_html += html.value();
  }

  return session.page(
      here, 200, "activity/dashboard",
      {{"community", communities::community_json(where->community)},
       {"me", me},
       {"projects", project_items},
       {"no_projects", project_items.empty()},
       {"sessions", session_items},
       {"no_sessions", session_items.empty()},
       {"deadlines", deadline_items},
       {"no_deadlines", deadline_items.empty()},
       {"standings", standings},
       {"logs", log_items},
       {"no_logs", log_items.empty()},
       {"feed_url", feed_url},
       {"builder_eligible", eligible.value()},
       {"sections_html", sections_html}},
      {.title = where->community.name + " · " + session.text(here, "dashboard_title"),
       .notice_key = feed_url.empty() ? "" : "notice_dashboard_feed_created"});
}

}  // namespace

void add_dashboard_pages(http::Router& router, accounts::WebSession& session,
                         ActivityService& activity, WrapUpService& wrap_up,
                         std::vector<DashboardSection> sections) {
  router.get("/c/{slug}/me", [&, sections](http::Request& request) {
    return render_dashboard(session, activity, wrap_up, sections, request, "");
  });

  // A new secret calendar address replaces the old one; shown once, here.
  router.post("/c/{slug}/me/calendar-feed", [&, sections](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto url = activity.create_calendar_feed(context.viewer, request.param("slug"), std::nullopt);
    if (!url) return session.form_failed(request, context, url.error());
    return render_dashboard(session, activity, wrap_up, sections, request, url.value());
  });
}

}  // namespace moim::activity
