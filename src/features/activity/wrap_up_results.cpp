// Wrap-up results: computing them by the rules, builders' and organizers'
// decisions (confirm or override with a reason), and closing the cohort.
#include <boost/json/serialize.hpp>

#include <map>

#include "features/activity/wrap_up_internal.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

namespace {

using wrap_up_internal::gather_member_facts;
using wrap_up_internal::mail_member;

Status check_phase(const academy::Cohort& cohort, std::int64_t now) {
  if (now < cohort.window(academy::Phase::kWrapUp).starts_at)
    return Error::conflict("phase", "completion is computed from the wrap-up phase on");
  return ok_status();
}

}  // namespace

Result<CohortWrapUp> WrapUpService::cohort_wrap_up(const accounts::Viewer& viewer,
                                                   const std::string& slug,
                                                   const std::string& key) {
  std::int64_t community_id = 0;
  auto cohort = managed_cohort(viewer, slug, key, community_id);
  if (!cohort) return cohort.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return load_cohort(*reader, cohort.value(), true);
}

Result<ProjectWrapUp> WrapUpService::project_wrap_up(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     std::int64_t project_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  if (!place->manages)
    return Error::forbidden("only the project's builders and organizers see its wrap-up");
  auto reader = database_.read();
  if (!reader) return reader.error();
  return load_project(*reader, place->project, place->cohort, true);
}

Result<CohortWrapUp> WrapUpService::compute(const accounts::Viewer& viewer, const std::string& slug,
                                            const std::string& key) {
  std::int64_t community_id = 0;
  auto cohort = managed_cohort(viewer, slug, key, community_id);
  if (!cohort) return cohort.error();
  const std::int64_t now = clock_.now_seconds();
  if (auto status = check_phase(cohort.value(), now); !status) return status.error();
  // The projects with their builders, read before the writer is taken.
  std::vector<academy::Project> projects;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto ids = reader->query(
        "SELECT id FROM academy_projects WHERE cohort_id = ? AND status = 'approved' ORDER BY id",
        {cohort->id});
    if (!ids) return ids.error();
    for (const auto& row : *ids) {
      auto project = academy_.project(viewer, slug, row.int64(0));
      if (!project) return project.error();
      projects.push_back(std::move(project.value()));
    }
  }
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = cohort_closed(*transaction, cohort->id);
  if (!closed) return closed.error();
  if (closed.value()) return Error::conflict("cohort", "the cohort is closed; results are final");
  int counted = 0;
  for (const auto& project : projects) {
    auto rules = effective_rules(*transaction, project.id, cohort->completion);
    if (!rules) return rules.error();
    auto members = gather_member_facts(*transaction, project, now);
    if (!members) return members.error();
    // Results of people no longer in the project go, unless someone decided them.
    auto existing = transaction->query(
        "SELECT user_id, confirmed FROM completion_results WHERE project_id = ?", {project.id});
    if (!existing) return existing.error();
    std::map<std::int64_t, bool> known;
    for (const auto& row : *existing) known[row.int64(0)] = row.boolean(1);
    for (const auto& [user_id, confirmed] : known) {
      if (members->contains(user_id) || confirmed) continue;
      auto removed = transaction->execute(
          "DELETE FROM completion_results WHERE project_id = ? AND user_id = ?",
          {project.id, user_id});
      if (!removed) return removed.error();
    }
    for (const auto& [user_id, facts] : members.value()) {
      const std::string outcome(compute_outcome(rules->rules, facts));
      ++counted;
      if (!known.contains(user_id)) {
        auto inserted = transaction->execute(
            "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, "
            "outcome, override_reason, confirmed, decided_by, updated_at) VALUES (?, ?, ?, ?, ?, "
            "?, '', 0, NULL, ?)",
            {cohort->id, project.id, user_id, facts.role, outcome, outcome, now});
        if (!inserted) return inserted.error();
        continue;
      }
      // A decided result keeps its outcome; the computed one is refreshed.
      auto updated = transaction->execute(
          "UPDATE completion_results SET role = ?, computed = ?, outcome = CASE WHEN confirmed = "
          "1 THEN outcome ELSE ? END, updated_at = ? WHERE project_id = ? AND user_id = ?",
          {facts.role, outcome, outcome, now, project.id, user_id});
      if (!updated) return updated.error();
    }
  }
  if (auto status = wrap_up_internal::write_audit(
          *transaction, community_id, viewer.user_id(), "activity.completion_computed", key,
          {{"results", counted}, {"cohort_id", cohort->id}}, now);
      !status)
    return status.error();
  auto loaded = load_cohort(*transaction, cohort.value(), true);
  if (!loaded) return loaded.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return loaded;
}

Result<ResultRow> WrapUpService::decide(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id, std::int64_t user_id,
                                        const Decision& decision) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (decision.outcome && !is_outcome(*decision.outcome))
    return Error::invalid("outcome", "outcome must be completed, not_completed or dropped");
  if (!web::is_valid_utf8(decision.reason))
    return Error::invalid("reason", "reason is not valid UTF-8");
  if (web::utf8_length(decision.reason) > kMaxWrapUpReasonChars)
    return Error::invalid("reason", "reason must be at most " +
                                        std::to_string(kMaxWrapUpReasonChars) + " characters");
  auto place = place_of(viewer, slug, project_id);
  if (!place) return place.error();
  if (!place->manages)
    return Error::forbidden("only the project's builders and organizers decide its results");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = cohort_closed(*transaction, place->cohort.id);
  if (!closed) return closed.error();
  if (closed.value()) return Error::conflict("cohort", "the cohort is closed; results are final");
  auto current = transaction->query_one(
      "SELECT computed, outcome, override_reason FROM completion_results WHERE project_id = ? AND "
      "user_id = ?",
      {project_id, user_id});
  if (!current) return current.error();
  if (!current->has_value())
    return Error::not_found("no result for this person yet; the organizers compute them first");
  const std::string computed = (*current)->text(0);
  const std::string before = (*current)->text(1);
  const std::string outcome = decision.outcome.value_or(computed);
  const bool overridden = outcome != computed;
  // Confirming an override again keeps its reason; a new override needs one.
  std::string reason = decision.reason;
  if (overridden && web::trim(reason).empty() && outcome == before) reason = (*current)->text(2);
  if (overridden && web::trim(reason).empty())
    return Error::invalid("reason", "a reason is required to override the computed result");
  auto saved = transaction->execute(
      "UPDATE completion_results SET outcome = ?, override_reason = ?, confirmed = 1, decided_by "
      "= ?, updated_at = ? WHERE project_id = ? AND user_id = ?",
      {outcome, overridden ? reason : std::string(), viewer.user_id(), now, project_id, user_id});
  if (!saved) return saved.error();
  if (auto status = wrap_up_internal::write_audit(
          *transaction, place->community_id, viewer.user_id(),
          overridden ? "activity.completion_overridden" : "activity.completion_confirmed",
          std::to_string(user_id),
          {{"project_id", project_id},
           {"computed", computed},
           {"from", before},
           {"to", outcome},
           {"reason", reason},
           {"cohort_id", place->cohort.id}},
          now);
      !status)
    return status.error();
  auto row = transaction->query_one(
      "SELECT r.project_id, r.user_id, u.display_name, r.role, r.computed, r.outcome, "
      "r.override_reason, r.confirmed, r.updated_at FROM completion_results r JOIN users u ON "
      "u.id = r.user_id WHERE r.project_id = ? AND r.user_id = ?",
      {project_id, user_id});
  if (!row) return row.error();
  if (auto status = transaction->commit(); !status) return status.error();
  const db::Row& found = **row;
  ResultRow result;
  result.project_id = found.int64(0);
  result.user_id = found.int64(1);
  result.display_name = found.text(2);
  result.role = found.text(3);
  result.computed = found.text(4);
  result.outcome = found.text(5);
  result.override_reason = found.text(6);
  result.confirmed = found.boolean(7);
  result.updated_at = found.int64(8);
  return result;
}

Result<CohortWrapUp> WrapUpService::close(const accounts::Viewer& viewer, const std::string& slug,
                                          const std::string& key) {
  std::int64_t community_id = 0;
  auto cohort = managed_cohort(viewer, slug, key, community_id);
  if (!cohort) return cohort.error();
  const std::int64_t now = clock_.now_seconds();
  if (auto status = check_phase(cohort.value(), now); !status) return status.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto closed = cohort_closed(*transaction, cohort->id);
  if (!closed) return closed.error();
  if (closed.value()) return Error::conflict("cohort", "the cohort is closed already");
  auto results = transaction->query(
      "SELECT r.project_id, r.user_id, r.role, r.outcome, p.title FROM completion_results r JOIN "
      "academy_projects p ON p.id = r.project_id WHERE r.cohort_id = ? ORDER BY r.project_id, "
      "r.user_id",
      {cohort->id});
  if (!results) return results.error();
  if (results->empty())
    return Error::conflict("cohort", "compute the completion results before closing");
  auto written = transaction->execute(
      "INSERT INTO cohort_closures (cohort_id, closed_by, closed_at) VALUES (?, ?, ?)",
      {cohort->id, viewer.user_id(), now});
  if (!written) return written.error();
  int completed = 0;
  for (const auto& row : *results) {
    const std::int64_t project_id = row.int64(0);
    const std::int64_t user_id = row.int64(1);
    const std::string outcome = row.text(3);
    if (auto status = mail_member(*transaction, community_id, user_id, "/cohorts/" + cohort->key,
                                  {{"template", "activity.completion_result"},
                                   {"cohort", cohort->name},
                                   {"project", row.text(4)},
                                   {"role", row.text(2)},
                                   {"outcome", outcome},
                                   {"completed", outcome == kCompleted},
                                   {"dropped", outcome == kDropped}},
                                  "activity.completion_result:" + std::to_string(project_id) + ":" +
                                      std::to_string(user_id),
                                  now, cohort->id);
        !status)
      return status.error();
    if (outcome != kCompleted) continue;
    ++completed;
    if (auto status =
            communities::emit_community_event(*transaction, community_id, "member.completed",
                                              {{"cohort", cohort->key},
                                               {"project_id", project_id},
                                               {"user_id", user_id},
                                               {"role", row.text(2)}},
                                              now);
        !status)
      return status.error();
  }
  if (auto status = wrap_up_internal::write_audit(
          *transaction, community_id, viewer.user_id(), "activity.cohort_closed", key,
          {{"results", static_cast<std::int64_t>(results->size())},
           {"completed", completed},
           {"cohort_id", cohort->id}},
          now);
      !status)
    return status.error();
  auto loaded = load_cohort(*transaction, cohort.value(), true);
  if (!loaded) return loaded.error();
  if (auto status = transaction->commit(); !status) return status.error();
  return loaded;
}

Result<std::vector<ResultRow>> WrapUpService::my_results(const accounts::Viewer& viewer,
                                                         const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  // Before closing, a result is still being decided: shown only once final.
  auto rows = reader->query(
      "SELECT r.project_id, r.user_id, u.display_name, r.role, r.computed, r.outcome, "
      "r.override_reason, r.confirmed, r.updated_at, p.title, c.name FROM completion_results r "
      "JOIN users u ON u.id = r.user_id JOIN academy_projects p ON p.id = r.project_id JOIN "
      "cohorts c ON c.id = r.cohort_id JOIN cohort_closures k ON k.cohort_id = r.cohort_id "
      "WHERE r.user_id = ? AND c.community_id = ? ORDER BY k.closed_at DESC, p.title",
      {viewer.user_id(), here->community.id});
  if (!rows) return rows.error();
  std::vector<ResultRow> list;
  for (const auto& row : *rows) {
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
    result.project_title = row.text(9);
    result.cohort_name = row.text(10);
    result.final_result = true;
    list.push_back(std::move(result));
  }
  return list;
}

Result<bool> WrapUpService::builder_eligible(const std::string& slug, std::int64_t user_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(
      "SELECT 1 FROM completion_results r JOIN cohort_closures k ON k.cohort_id = r.cohort_id "
      "JOIN cohorts c ON c.id = r.cohort_id JOIN communities m ON m.id = c.community_id WHERE "
      "m.slug = ? AND r.user_id = ? AND r.role = 'runner' AND r.outcome = 'completed'",
      {slug, user_id});
  if (!row) return row.error();
  return row->has_value();
}

}  // namespace moim::activity
