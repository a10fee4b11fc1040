// Completion statistics of a cohort and across cohorts, and the results as CSV.
#include <map>

#include "features/activity/wrap_up_service.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

Result<CohortStatistics> WrapUpService::statistics(const accounts::Viewer& viewer,
                                                   const std::string& slug,
                                                   const std::string& key) {
  std::int64_t community_id = 0;
  auto cohort = managed_cohort(viewer, slug, key, community_id);
  if (!cohort) return cohort.error();
  auto zone = academy_.access(viewer, slug);
  if (!zone) return zone.error();
  const std::string& time_zone = zone->community.time_zone;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto wrap_up = load_cohort(*reader, cohort.value(), false);
  if (!wrap_up) return wrap_up.error();
  CohortStatistics statistics;
  statistics.key = cohort->key;
  statistics.name = cohort->name;
  statistics.closed = wrap_up->closed;
  statistics.projects = std::move(wrap_up->projects);
  statistics.total = wrap_up->total;

  // Attendance per week of the sessions held (excused marks left out).
  auto sessions = reader->query(
      "SELECT s.starts_at, SUM(CASE WHEN a.status IN ('present', 'late') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status IN ('present', 'late', 'absent') THEN 1 ELSE 0 END) FROM "
      "activity_sessions s JOIN academy_projects p ON p.id = s.project_id JOIN "
      "activity_attendance a ON a.session_id = s.id WHERE p.cohort_id = ? AND p.status = "
      "'approved' AND s.status <> 'skipped' AND s.starts_at <= ? GROUP BY s.id, s.starts_at "
      "ORDER BY s.starts_at",
      {cohort->id, clock_.now_seconds()});
  if (!sessions) return sessions.error();
  std::map<std::string, WeekAttendance> weeks;  // ISO week labels sort in time order
  for (const auto& row : *sessions) {
    const std::string week = format_local(row.int64(0), time_zone, "%G-W%V");
    auto& entry = weeks[week];
    entry.week = week;
    entry.attended += static_cast<int>(row.int64(1));
    entry.counted += static_cast<int>(row.int64(2));
  }
  for (auto& [week, entry] : weeks) statistics.attendance.push_back(entry);

  auto deadlines = reader->query(
      "SELECT d.id, s.title, d.seq, d.due_at, SUM(CASE WHEN x.user_id IS NOT NULL AND x.late = 0 "
      "THEN 1 ELSE 0 END), SUM(CASE WHEN x.late = 1 THEN 1 ELSE 0 END) FROM activity_deadlines d "
      "JOIN activity_deadline_series s ON s.id = d.series_id LEFT JOIN activity_submissions x ON "
      "x.deadline_id = d.id WHERE s.cohort_id = ? OR s.project_id IN (SELECT id FROM "
      "academy_projects WHERE cohort_id = ?) GROUP BY d.id, s.title, d.seq, d.due_at ORDER BY "
      "d.due_at, d.id",
      {cohort->id, cohort->id});
  if (!deadlines) return deadlines.error();
  for (const auto& row : *deadlines)
    statistics.deadlines.push_back({row.int64(0), row.text(1), static_cast<int>(row.int64(2)),
                                    row.int64(3), static_cast<int>(row.int64(4)),
                                    static_cast<int>(row.int64(5))});
  if (counter_ != nullptr) {
    auto count = counter_->count(*reader, {.community_id = community_id, .cohort_id = cohort->id});
    if (!count) return count.error();
    statistics.organizer_count = std::move(count.value());
  }
  return statistics;
}

Result<std::vector<CohortTally>> WrapUpService::across_cohorts(const accounts::Viewer& viewer,
                                                               const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only the community's organizers see statistics");
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT c.cohort_key, c.name, (SELECT COUNT(*) FROM cohort_closures k WHERE k.cohort_id = "
      "c.id), "
      "r.outcome, COUNT(r.user_id), c.id FROM cohorts c LEFT JOIN completion_results r ON "
      "r.cohort_id "
      "= c.id WHERE c.community_id = ? GROUP BY c.id, c.cohort_key, c.name, c.created_at, "
      "r.outcome "
      "ORDER BY c.created_at, c.id",
      {here->community.id});
  if (!rows) return rows.error();
  std::vector<CohortTally> list;
  for (const auto& row : *rows) {
    if (list.empty() || list.back().key != row.text(0)) {
      list.push_back({row.text(0), row.text(1), row.int64(2) > 0, {}, std::nullopt});
      // Per cohort over time: a few indexed counts each (the community's
      // cohorts are tens, not thousands).
      if (counter_ != nullptr) {
        auto count = counter_->count(
            *reader, {.community_id = here->community.id, .cohort_id = row.int64(5)});
        if (!count) return count.error();
        list.back().organizer_count = std::move(count.value());
      }
    }
    if (row.is_null(3)) continue;
    for (std::int64_t count = row.int64(4); count > 0; --count) list.back().tally.add(row.text(3));
  }
  return list;
}

Result<std::string> WrapUpService::results_csv(const accounts::Viewer& viewer,
                                               const std::string& slug, const std::string& key) {
  auto wrap_up = cohort_wrap_up(viewer, slug, key);
  if (!wrap_up) return wrap_up.error();
  using academy::spreadsheet_cell;
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  csv +=
      "cohort,project_id,project,user_id,name,role,computed,outcome,override_reason,"
      "confirmed,final,project_seated,project_dropped,project_completion_rate\r\n";
  for (const auto& project : wrap_up->projects) {
    // The project's rate on every row, counted as the pages count it
    // (completed / everyone who held a seat), so a filtered sheet keeps it.
    const std::string project_tally = "," + std::to_string(project.tally.seated()) + "," +
                                      std::to_string(project.tally.dropped) + "," +
                                      format_rate(project.tally.rate_permille());
    for (const auto& result : project.results) {
      csv += spreadsheet_cell(wrap_up->name) + "," + std::to_string(project.project_id) + "," +
             spreadsheet_cell(project.title) + "," + std::to_string(result.user_id) + "," +
             spreadsheet_cell(result.display_name) + "," + result.role + "," + result.computed +
             "," + result.outcome + "," + spreadsheet_cell(result.override_reason) + "," +
             (result.confirmed ? "1" : "0") + "," + (wrap_up->closed ? "1" : "0") + project_tally +
             "\r\n";
    }
  }
  return csv;
}

}  // namespace moim::activity
