// Live progress of a project's runners against its completion rules.
#include <map>

#include "features/activity/activity_service.hpp"
#include "features/activity/wrap_up_service.hpp"

namespace moim::activity {

Result<std::vector<Progress>> ActivityService::progress(const accounts::Viewer& viewer,
                                                        const std::string& slug,
                                                        std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = project_for(viewer, slug, project_id, false);
  if (!project) return project.error();
  const bool everyone = manages(viewer, project.value(), here->standing);
  academy::CompletionRules cohort_rules;  // a lab's defaults
  if (project->cohort_id) {
    auto cohorts = academy_.cohorts(slug);
    if (!cohorts) return cohorts.error();
    for (const auto& cohort : cohorts.value())
      if (cohort.id == *project->cohort_id) cohort_rules = cohort.completion;
  }
  const std::int64_t now = clock_.now_seconds();
  const db::Value cohort_id = db::maybe(project->cohort_id);
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto runners = reader->query(
      "SELECT r.user_id, u.display_name FROM project_runners r JOIN users u ON u.id = r.user_id "
      "WHERE r.project_id = ? AND (? = 1 OR r.user_id = ?) ORDER BY u.display_name, r.user_id",
      {project_id, std::int64_t{everyone}, viewer.user_id()});
  if (!runners) return runners.error();
  if (!everyone && runners->empty())
    return Error::forbidden("only the project's runners, builders and organizers see progress");
  auto held = reader->query_one(
      "SELECT COUNT(*) FROM activity_sessions WHERE project_id = ? AND status <> 'skipped' AND "
      "starts_at <= ?",
      {project_id, now});
  if (!held) return held.error();
  auto deadlines = reader->query_one(
      "SELECT COUNT(*) FROM activity_deadlines d JOIN activity_deadline_series s ON s.id = "
      "d.series_id WHERE (s.project_id = ? OR s.cohort_id = ?) AND d.due_at <= ?",
      {project_id, cohort_id, now});
  if (!deadlines) return deadlines.error();
  auto attendance = reader->query(
      "SELECT a.user_id, SUM(CASE WHEN a.status IN ('present', 'late') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END) FROM activity_attendance a JOIN "
      "activity_sessions s ON s.id = a.session_id WHERE s.project_id = ? AND s.status <> "
      "'skipped' AND s.starts_at <= ? GROUP BY a.user_id",
      {project_id, now});
  if (!attendance) return attendance.error();
  auto submissions = reader->query(
      "SELECT x.user_id, COUNT(*) FROM activity_submissions x JOIN activity_deadlines d ON d.id "
      "= x.deadline_id JOIN activity_deadline_series s ON s.id = d.series_id WHERE s.project_id "
      "= ? OR s.cohort_id = ? GROUP BY x.user_id",
      {project_id, cohort_id});
  if (!submissions) return submissions.error();
  // The project's own rules when its builders set them (wrap_up_service.hpp).
  auto rules = effective_rules(*reader, project_id, cohort_rules);
  if (!rules) return rules.error();
  // A runner's retrospective is their own member retrospective.
  auto retrospectives = reader->query(
      "SELECT author_id FROM activity_retrospectives WHERE project_id = ? AND scope = 'member' "
      "AND author_id IS NOT NULL",
      {project_id});
  if (!retrospectives) return retrospectives.error();

  std::map<std::int64_t, ProgressFacts> facts;
  for (const auto& row : *attendance) {
    facts[row.int64(0)].attended = static_cast<int>(row.int64(1));
    facts[row.int64(0)].excused = static_cast<int>(row.int64(2));
  }
  for (const auto& row : *submissions)
    facts[row.int64(0)].submissions = static_cast<int>(row.int64(1));
  for (const auto& row : *retrospectives) facts[row.int64(0)].retrospective_written = true;
  std::vector<Progress> list;
  for (const auto& row : *runners) {
    ProgressFacts mine = facts[row.int64(0)];
    mine.sessions_held = static_cast<int>((*held)->int64(0));
    mine.deadlines_past = static_cast<int>((*deadlines)->int64(0));
    Progress progress = evaluate(rules->rules, mine);
    progress.user_id = row.int64(0);
    progress.display_name = row.text(1);
    list.push_back(std::move(progress));
  }
  return list;
}

}  // namespace moim::activity
