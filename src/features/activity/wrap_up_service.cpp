// Wrap-up: completion rules, drop-outs, computing, deciding and closing.
// Statistics and the CSV export are in wrap_up_stats.cpp.
#include "features/activity/wrap_up_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "features/activity/wrap_up_internal.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

namespace wrap_up_internal {

Status mail_member(db::Transaction& transaction, std::int64_t community_id, std::int64_t user_id,
                   const std::string& path, boost::json::object payload, const std::string& key,
                   std::int64_t now, std::optional<std::int64_t> cohort_id) {
  auto row = transaction.query_one(
      "SELECT u.email, u.display_name, COALESCE(NULLIF(u.locale, ''), c.default_locale), c.name, "
      "c.slug FROM users u, communities c WHERE u.id = ? AND c.id = ?",
      {user_id, community_id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such person or community");
  const db::Row& found = **row;
  payload["to_name"] = found.text(1);
  payload["language"] = found.text(2);
  payload["community"] = found.text(3);
  payload["link"] = "/c/" + found.text(4) + path;
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = found.text(0),
                          .payload = std::move(payload),
                          .idempotency_key = key,
                          .community_id = community_id,
                          .cohort_id = cohort_id},
                         now);
}

}  // namespace wrap_up_internal

namespace {

using wrap_up_internal::mail_member;
using wrap_up_internal::write_audit;

Status check_reason(const std::string& reason, bool required) {
  if (!web::is_valid_utf8(reason)) return Error::invalid("reason", "reason is not valid UTF-8");
  if (required && web::trim(reason).empty()) return Error::invalid("reason", "reason is required");
  if (web::utf8_length(reason) > kMaxWrapUpReasonChars)
    return Error::invalid("reason", "reason must be at most " +
                                        std::to_string(kMaxWrapUpReasonChars) + " characters");
  return ok_status();
}

constexpr const char* kResultColumns =
    "r.project_id, r.user_id, u.display_name, r.role, r.computed, r.outcome, r.override_reason, "
    "r.confirmed, r.updated_at";

ResultRow result_from_row(const db::Row& row) {
  ResultRow result;
  result.project_id = row.int64(0);
  result.user_id = row.int64(1);
  result.display_name = row.text(2);
  result.role = row.text(3);
  result.computed = row.text(4);
  result.outcome = row.text(5);
  result.override_reason = row.text(6);
  result.confirmed = row.boolean(7);
  result.updated_at = row.int64(8);
  return result;
}

}  // namespace

Result<std::map<std::int64_t, MemberFacts>> wrap_up_internal::gather_member_facts(
    db::Transaction& reader, const academy::Project& project, std::int64_t now) {
  std::map<std::int64_t, MemberFacts> members;
  for (const auto& builder : project.builders)
    if (builder.accepted) members[builder.user_id].role = "builder";
  auto runners =
      reader.query("SELECT user_id FROM project_runners WHERE project_id = ?", {project.id});
  if (!runners) return runners.error();
  for (const auto& row : *runners)
    if (!members.contains(row.int64(0))) members[row.int64(0)].role = "runner";
  auto dropped =
      reader.query("SELECT user_id FROM activity_dropouts WHERE project_id = ?", {project.id});
  if (!dropped) return dropped.error();
  for (const auto& row : *dropped) {
    auto& member = members[row.int64(0)];
    if (member.role.empty()) member.role = "runner";
    member.dropped = true;
  }
  auto held = reader.query_one(
      "SELECT COUNT(*) FROM activity_sessions WHERE project_id = ? AND status <> 'skipped' AND "
      "starts_at <= ?",
      {project.id, now});
  if (!held) return held.error();
  auto skipped = reader.query_one(
      "SELECT COUNT(*) FROM activity_sessions WHERE project_id = ? AND status = 'skipped' AND "
      "starts_at <= ?",
      {project.id, now});
  if (!skipped) return skipped.error();
  const db::Value cohort_id = db::maybe(project.cohort_id);
  auto deadlines = reader.query_one(
      "SELECT COUNT(*) FROM activity_deadlines d JOIN activity_deadline_series s ON s.id = "
      "d.series_id WHERE (s.project_id = ? OR s.cohort_id = ?) AND d.due_at <= ?",
      {project.id, cohort_id, now});
  if (!deadlines) return deadlines.error();
  auto attendance = reader.query(
      "SELECT a.user_id, SUM(CASE WHEN a.status IN ('present', 'late') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END) FROM activity_attendance a JOIN "
      "activity_sessions s ON s.id = a.session_id WHERE s.project_id = ? AND s.status <> "
      "'skipped' AND s.starts_at <= ? GROUP BY a.user_id",
      {project.id, now});
  if (!attendance) return attendance.error();
  auto submissions = reader.query(
      "SELECT x.user_id, COUNT(*) FROM activity_submissions x JOIN activity_deadlines d ON d.id "
      "= x.deadline_id JOIN activity_deadline_series s ON s.id = d.series_id WHERE s.project_id "
      "= ? OR s.cohort_id = ? GROUP BY x.user_id",
      {project.id, cohort_id});
  if (!submissions) return submissions.error();
  auto retrospectives = reader.query(
      "SELECT scope, author_id FROM activity_retrospectives WHERE project_id = ?", {project.id});
  if (!retrospectives) return retrospectives.error();

  bool project_retrospective = false;
  std::set<std::int64_t> wrote_own;
  for (const auto& row : *retrospectives) {
    if (row.text(0) == "project")
      project_retrospective = true;
    else if (!row.is_null(1))
      wrote_own.insert(row.int64(1));
  }
  for (auto& [user_id, member] : members) {
    member.progress.sessions_held = static_cast<int>((*held)->int64(0));
    member.progress.deadlines_past = static_cast<int>((*deadlines)->int64(0));
    member.sessions_skipped = static_cast<int>((*skipped)->int64(0));
    member.progress.retrospective_written =
        member.role == "builder" ? project_retrospective : wrote_own.contains(user_id);
    member.wrote_own_retrospective = wrote_own.contains(user_id);
  }
  for (const auto& row : *attendance) {
    auto found = members.find(row.int64(0));
    if (found == members.end()) continue;  // an auditor: no result
    found->second.progress.attended = static_cast<int>(row.int64(1));
    found->second.progress.excused = static_cast<int>(row.int64(2));
  }
  for (const auto& row : *submissions) {
    auto found = members.find(row.int64(0));
    if (found != members.end()) found->second.progress.submissions = static_cast<int>(row.int64(1));
  }
  return members;
}

Result<ProjectRules> effective_rules(db::Transaction& reader, std::int64_t project_id,
                                     const academy::CompletionRules& cohort_rules) {
  auto row = reader.query_one(
      "SELECT min_attendance, min_submissions, retrospective FROM activity_completion_rules WHERE "
      "project_id = ?",
      {project_id});
  if (!row) return row.error();
  ProjectRules rules{cohort_rules, false};
  if (row->has_value()) {
    rules.own = true;
    rules.rules.min_attendance_percent = static_cast<int>((*row)->int64(0));
    rules.rules.min_submissions = static_cast<int>((*row)->int64(1));
    rules.rules.retrospective_required = (*row)->boolean(2);
  }
  return rules;
}

Result<bool> cohort_closed(db::Transaction& reader, std::int64_t cohort_id) {
  auto row = reader.query_one("SELECT 1 FROM cohort_closures WHERE cohort_id = ?", {cohort_id});
  if (!row) return row.error();
  return row->has_value();
}

WrapUpService::WrapUpService(db::Database& database, const Clock& clock,
                             academy::AcademyService& academy)
    : database_(database), clock_(clock), academy_(academy) {}

Result<WrapUpService::Place> WrapUpService::place_of(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::int64_t project_id) {
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = academy_.project(viewer, slug, project_id);
  if (!project) return project.error();
  if (!project->cohort_id)
    return Error::conflict("project_id", "a year-round lab has no cohort wrap-up");
  if (project->status != academy::ProjectStatus::kApproved)
    return Error::conflict("project_id", "only approved projects have a wrap-up");
  Place place;
  place.project = std::move(project.value());
  place.community_id = here->community.id;
  place.manages = viewer.signed_in() &&
                  (here->standing.can_manage() ||
                   std::any_of(place.project.builders.begin(), place.project.builders.end(),
                               [&](const academy::Builder& builder) {
                                 return builder.accepted && builder.user_id == viewer.user_id();
                               }));
  auto cohorts = academy_.cohorts(slug);
  if (!cohorts) return cohorts.error();
  for (const auto& cohort : cohorts.value())
    if (cohort.id == *place.project.cohort_id) place.cohort = cohort;
  if (place.cohort.id == 0) return Error::not_found("no such cohort");
  return place;
}

Result<academy::Cohort> WrapUpService::managed_cohort(const accounts::Viewer& viewer,
                                                      const std::string& slug,
                                                      const std::string& key,
                                                      std::int64_t& community_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.can_manage())
    return Error::forbidden("only the community's organizers may do this");
  community_id = here->community.id;
  return academy_.cohort(slug, key);
}

Result<ProjectRules> WrapUpService::rules(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t project_id) {
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return effective_rules(*reader, project_id, place->cohort.completion);
}

Result<ProjectRules> WrapUpService::set_rules(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t project_id,
                                              const academy::CompletionRules& rules) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (rules.min_attendance_percent < 0 || rules.min_attendance_percent > 100)
    return Error::invalid("min_attendance", "min_attendance must be 0 to 100");
  if (rules.min_submissions < 0 || rules.min_submissions > 100)
    return Error::invalid("min_submissions", "min_submissions must be 0 to 100");
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  if (!place->manages)
    return Error::forbidden("only the project's builders and organizers may set its rules");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = cohort_closed(*transaction, place->cohort.id);
  if (!closed) return closed.error();
  if (closed.value()) return Error::conflict("cohort", "the cohort is closed; results are final");
  auto removed = transaction->execute("DELETE FROM activity_completion_rules WHERE project_id = ?",
                                      {project_id});
  if (!removed) return removed.error();
  auto saved = transaction->execute(
      "INSERT INTO activity_completion_rules (project_id, min_attendance, min_submissions, "
      "retrospective, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {project_id, std::int64_t{rules.min_attendance_percent}, std::int64_t{rules.min_submissions},
       std::int64_t{rules.retrospective_required}, viewer.user_id(), now});
  if (!saved) return saved.error();
  if (auto status = write_audit(*transaction, place->community_id, viewer.user_id(),
                                "activity.completion_rules", std::to_string(project_id),
                                {{"min_attendance", rules.min_attendance_percent},
                                 {"min_submissions", rules.min_submissions},
                                 {"retrospective", rules.retrospective_required},
                                 {"cohort_id", place->cohort.id}},
                                now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return ProjectRules{rules, true};
}

Result<Dropout> WrapUpService::drop_out(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id, std::int64_t user_id,
                                        const std::string& reason, bool confirmed) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  const bool self = user_id == viewer.user_id();
  if (!self && !place->manages)
    return Error::forbidden("only the project's builders and organizers record a drop-out");
  if (self && !confirmed)
    return Error::invalid("confirm", "confirm that you are leaving the project");
  if (auto status = check_reason(reason, !self); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = cohort_closed(*transaction, place->cohort.id);
  if (!closed) return closed.error();
  if (closed.value()) return Error::conflict("cohort", "the cohort is closed; results are final");
  auto person = transaction->query_one(
      "SELECT u.display_name FROM project_runners r JOIN users u ON u.id = r.user_id WHERE "
      "r.project_id = ? AND r.user_id = ?",
      {project_id, user_id});
  if (!person) return person.error();
  if (!person->has_value())
    return self ? Error::not_found("you hold no seat in this project")
                : Error::invalid("user_id", "user_id is not a runner of this project");
  Dropout dropout{project_id, user_id, (*person)->text(0), reason, self, now, false};
  auto recorded = transaction->execute(
      "INSERT INTO activity_dropouts (project_id, user_id, cohort_id, reason, self_reported, "
      "recorded_by, dropped_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {project_id, user_id, place->cohort.id, reason, std::int64_t{self}, viewer.user_id(), now});
  if (!recorded) return recorded.error();
  auto released = academy_.release_seat(*transaction, project_id, user_id, now);
  if (!released) return released.error();
  dropout.seat_offered_to_waitlist = released.value();
  // A result computed already follows, unless someone decided it.
  auto result = transaction->execute(
      "UPDATE completion_results SET computed = 'dropped', outcome = CASE WHEN confirmed = 1 THEN "
      "outcome ELSE 'dropped' END, updated_at = ? WHERE project_id = ? AND user_id = ?",
      {now, project_id, user_id});
  if (!result) return result.error();
  if (auto status = write_audit(*transaction, place->community_id, viewer.user_id(),
                                "activity.dropout", std::to_string(user_id),
                                {{"project_id", project_id},
                                 {"reason", reason},
                                 {"self_reported", self},
                                 {"seat_offered", dropout.seat_offered_to_waitlist},
                                 {"cohort_id", place->cohort.id}},
                                now);
      !status)
    return status.error();
  const std::string path = "/projects/" + std::to_string(project_id);
  const std::string key_tail = std::to_string(project_id) + ":" + std::to_string(user_id);
  if (auto status = mail_member(*transaction, place->community_id, user_id, path,
                                {{"template", "activity.dropped"},
                                 {"project", place->project.title},
                                 {"cohort", place->cohort.name},
                                 {"reason", reason},
                                 {"self_reported", self}},
                                "activity.dropped:" + key_tail, now, place->cohort.id);
      !status)
    return status.error();
  for (const auto& builder : place->project.builders) {
    if (!builder.accepted || builder.user_id == viewer.user_id()) continue;
    if (auto status =
            mail_member(*transaction, place->community_id, builder.user_id, path + "/wrap-up",
                        {{"template", "activity.member_left"},
                         {"project", place->project.title},
                         {"member", dropout.display_name},
                         {"reason", reason}},
                        "activity.member_left:" + key_tail + ":" + std::to_string(builder.user_id),
                        now, place->cohort.id);
        !status)
      return status.error();
  }
  if (auto status =
          communities::emit_community_event(*transaction, place->community_id, "member.dropped",
                                            {{"project_id", project_id},
                                             {"cohort", place->cohort.key},
                                             {"user_id", user_id},
                                             {"self_reported", self},
                                             {"reason", reason}},
                                            now);
      !status)
    return status.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return dropout;
}

Result<std::vector<Dropout>> WrapUpService::dropouts(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  if (!place->manages)
    return Error::forbidden("only the project's builders and organizers see drop-outs");
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT d.user_id, u.display_name, d.reason, d.self_reported, d.dropped_at FROM "
      "activity_dropouts d JOIN users u ON u.id = d.user_id WHERE d.project_id = ? ORDER BY "
      "d.dropped_at, d.user_id",
      {project_id});
  if (!rows) return rows.error();
  std::vector<Dropout> list;
  for (const auto& row : *rows)
    list.push_back(
        {project_id, row.int64(0), row.text(1), row.text(2), row.boolean(3), row.int64(4), false});
  return list;
}

Result<ProjectWrapUp> WrapUpService::load_project(db::Transaction& reader,
                                                  const academy::Project& project,
                                                  const academy::Cohort& cohort,
                                                  bool with_results) {
  ProjectWrapUp wrap_up;
  wrap_up.project_id = project.id;
  wrap_up.title = project.title;
  auto rules = effective_rules(reader, project.id, cohort.completion);
  if (!rules) return rules.error();
  wrap_up.rules = rules.value();
  wrap_up.cohort_key = cohort.key;
  auto closed = cohort_closed(reader, cohort.id);
  if (!closed) return closed.error();
  wrap_up.closed = closed.value();
  auto rows = reader.query(std::string("SELECT ") + kResultColumns +
                               " FROM completion_results r JOIN users u ON u.id = r.user_id "
                               "WHERE r.project_id = ? ORDER BY CASE r.role WHEN 'builder' THEN 0 "
                               "ELSE 1 END, u.display_name, r.user_id",
                           {project.id});
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    ResultRow result = result_from_row(row);
    wrap_up.tally.add(result.outcome);
    if (with_results) wrap_up.results.push_back(std::move(result));
  }
  return wrap_up;
}

Result<CohortWrapUp> WrapUpService::load_cohort(db::Transaction& reader,
                                                const academy::Cohort& cohort, bool with_results) {
  CohortWrapUp wrap_up;
  wrap_up.cohort_id = cohort.id;
  wrap_up.key = cohort.key;
  wrap_up.name = cohort.name;
  auto closure =
      reader.query_one("SELECT closed_at FROM cohort_closures WHERE cohort_id = ?", {cohort.id});
  if (!closure) return closure.error();
  if (closure->has_value()) {
    wrap_up.closed = true;
    wrap_up.closed_at = (*closure)->int64(0);
  }
  wrap_up.may_compute =
      !wrap_up.closed && clock_.now_seconds() >= cohort.window(academy::Phase::kWrapUp).starts_at;
  auto projects = reader.query(
      "SELECT id, title FROM academy_projects WHERE cohort_id = ? AND status = 'approved' ORDER "
      "BY title, id",
      {cohort.id});
  if (!projects) return projects.error();
  for (const auto& row : *projects) {
    academy::Project plain;  // the rules and results need only its id
    plain.id = row.int64(0);
    plain.title = row.text(1);
    auto loaded = load_project(reader, plain, cohort, with_results);
    if (!loaded) return loaded.error();
    wrap_up.total.completed += loaded->tally.completed;
    wrap_up.total.not_completed += loaded->tally.not_completed;
    wrap_up.total.dropped += loaded->tally.dropped;
    const auto& tally = loaded->tally;
    if (tally.completed + tally.not_completed + tally.dropped > 0) wrap_up.computed = true;
    wrap_up.projects.push_back(std::move(loaded.value()));
  }
  return wrap_up;
}

}  // namespace moim::activity
