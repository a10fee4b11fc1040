// What a member's dashboard and month calendar read: the projects they take
// part in, and their activity per local day.
#include <map>

#include "features/activity/activity_service.hpp"
#include "features/activity/recurrence.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

Result<std::vector<MemberProject>> ActivityService::member_projects(const accounts::Viewer& viewer,
                                                                    const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  std::vector<std::pair<std::int64_t, std::string>> ids;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    // A builder who also audits shows once, as the builder.
    auto rows = reader->query(
        "SELECT p.id, MIN(x.rank_) FROM academy_projects p JOIN (SELECT project_id, 1 AS rank_ "
        "FROM project_builders WHERE user_id = ? AND accepted_at IS NOT NULL UNION ALL SELECT "
        "project_id, 2 FROM project_runners WHERE user_id = ? UNION ALL SELECT project_id, 3 FROM "
        "project_auditors WHERE user_id = ?) x ON x.project_id = p.id WHERE p.community_id = ? "
        "GROUP BY p.id ORDER BY p.id DESC LIMIT 50",
        {viewer.user_id(), viewer.user_id(), viewer.user_id(), here->community.id});
    if (!rows) return rows.error();
    for (const auto& row : *rows) {
      const std::int64_t rank = row.int64(1);
      ids.emplace_back(row.int64(0), rank == 1 ? "builder" : rank == 2 ? "runner" : "auditor");
    }
  }
  std::vector<MemberProject> list;
  for (const auto& [id, role] : ids) {
    auto project = academy_.project(viewer, slug, id);
    if (!project) continue;  // a project no longer shown (declined) drops out
    list.push_back({std::move(project.value()), role});
  }
  return list;
}

Result<std::vector<DayActivity>> ActivityService::activity_days(const accounts::Viewer& viewer,
                                                                const std::string& slug,
                                                                std::int64_t user_id,
                                                                const std::string& month) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const auto first = month.size() == 7 ? parse_day(month + "-01") : std::nullopt;
  if (!first) return Error::invalid("month", "month must look like 2027-03");
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  const std::string zone = here->community.time_zone;
  // The first day of the next month: 31 days on lands in it, whatever the month.
  const std::string next_month = format_day(*first + 31).substr(0, 7);
  const auto starts = parse_local(month + "-01T00:00", zone);
  const auto ends = parse_local(next_month + "-01T00:00", zone);
  if (!starts || !ends) return Error::invalid("month", "month must look like 2027-03");
  const bool sees_all = user_id == viewer.user_id() || here->standing.can_manage();

  std::map<std::string, DayActivity> days;
  auto logs_seen = logs(viewer, slug, user_id);
  if (!logs_seen) return logs_seen.error();
  for (const auto& log : logs_seen.value()) {
    if (log.week_start.substr(0, 7) == month) ++days[log.week_start].logs;
  }
  if (sees_all) {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto submitted = reader->query(
        "SELECT x.submitted_at FROM activity_submissions x JOIN activity_deadlines d ON d.id = "
        "x.deadline_id JOIN activity_deadline_series s ON s.id = d.series_id WHERE x.user_id = ? "
        "AND s.community_id = ? AND x.submitted_at >= ? AND x.submitted_at < ?",
        {user_id, here->community.id, *starts, *ends});
    if (!submitted) return submitted.error();
    for (const auto& row : *submitted)
      ++days[format_local(row.int64(0), zone, "%Y-%m-%d")].submissions;
    auto attended = reader->query(
        "SELECT s.starts_at FROM activity_attendance a JOIN activity_sessions s ON s.id = "
        "a.session_id JOIN academy_projects p ON p.id = s.project_id WHERE a.user_id = ? AND "
        "p.community_id = ? AND a.status IN ('present', 'late') AND s.starts_at >= ? AND "
        "s.starts_at < ?",
        {user_id, here->community.id, *starts, *ends});
    if (!attended) return attended.error();
    for (const auto& row : *attended) ++days[format_local(row.int64(0), zone, "%Y-%m-%d")].attended;
  }
  std::vector<DayActivity> list;
  for (auto& [day, activity] : days) {
    activity.day = day;
    list.push_back(activity);
  }
  return list;
}

}  // namespace moim::activity

namespace moim::activity {

namespace {

// Binds deadline_id, user_id twice.
constexpr const char* kMyState =
    "SELECT (SELECT CASE WHEN late = 1 THEN 'late' ELSE 'submitted' END FROM activity_submissions "
    "WHERE deadline_id = ? AND user_id = ?), (SELECT 'passed' FROM activity_passes WHERE "
    "deadline_id = ? AND user_id = ?)";

}  // namespace

Result<std::string> ActivityService::member_name(const std::string& slug, std::int64_t user_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT u.display_name FROM memberships m JOIN communities c ON c.id = m.community_id JOIN "
      "users u ON u.id = m.user_id WHERE c.slug = ? AND m.user_id = ?",
      {slug, user_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such member here");
  return (*row)->text(0);
}

Result<DeadlineView> ActivityService::deadline_view(const accounts::Viewer& viewer,
                                                    const std::string& slug,
                                                    std::int64_t deadline_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  DeadlineView view;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto place = deadline_place(*reader, here->community.id, deadline_id);
    if (!place) return place.error();
    view.deadline = place->deadline;
    auto applies = applies_to(*reader, view.deadline, viewer.user_id());
    if (!applies) return applies.error();
    view.applies = applies.value();
    auto state =
        reader->query_one(kMyState, {deadline_id, viewer.user_id(), deadline_id, viewer.user_id()});
    if (!state) return state.error();
    if (!(*state)->is_null(0))
      view.my_state = (*state)->text(0);
    else if (!(*state)->is_null(1))
      view.my_state = (*state)->text(1);
  }
  auto manages = manages_deadline(viewer, slug, view.deadline);
  if (!manages) return manages.error();
  view.manages = manages.value();
  if (!view.manages && !view.applies)
    return Error::forbidden("this deadline is for the project's runners, builders and organizers");
  return view;
}

Result<std::vector<DeadlineView>> ActivityService::my_deadlines(const accounts::Viewer& viewer,
                                                                const std::string& slug) {
  auto list = deadlines(viewer, slug, {});
  if (!list) return list.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  std::vector<DeadlineView> views;
  for (const auto& deadline : list.value()) {
    DeadlineView view{deadline, false, true, std::nullopt};
    auto state =
        reader->query_one(kMyState, {deadline.id, viewer.user_id(), deadline.id, viewer.user_id()});
    if (!state) return state.error();
    if (!(*state)->is_null(0))
      view.my_state = (*state)->text(0);
    else if (!(*state)->is_null(1))
      view.my_state = (*state)->text(1);
    views.push_back(std::move(view));
  }
  return views;
}

}  // namespace moim::activity
