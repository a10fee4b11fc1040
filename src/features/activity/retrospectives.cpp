// Retrospectives (KPT: Keep, Problem, Try): one per project written by its
// builders, and one per member who wants to add their own. They are written
// while the cohort runs or wraps up and read per the visibility chosen.
#include "features/activity/activity_service.hpp"
#include "features/activity/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::activity {

using namespace internal;

namespace {

constexpr const char* kRetrospectiveColumns =
    "r.id, r.project_id, p.title, r.scope, r.author_id, COALESCE(u.display_name, ''), "
    "r.keep_text, r.problem_text, r.try_text, r.visibility, r.updated_at";
constexpr const char* kRetrospectiveFrom =
    " FROM activity_retrospectives r JOIN academy_projects p ON p.id = r.project_id LEFT JOIN "
    "users u ON u.id = r.author_id ";
// Who may read: the author, organizers (bound 1), community members for
// community visibility (bound 1), and the project's people for either.
// Binds: me, is_organizer, is_member, me, me, me.
constexpr const char* kReadable =
    "(r.author_id = ? OR ? = 1 OR (r.visibility = 'community' AND ? = 1) OR r.project_id IN "
    "(SELECT project_id FROM project_runners WHERE user_id = ? UNION SELECT project_id FROM "
    "project_auditors WHERE user_id = ? UNION SELECT project_id FROM project_builders WHERE "
    "user_id = ? AND accepted_at IS NOT NULL))";
// The project's own first, then members' by name.
constexpr const char* kRetrospectiveOrder =
    " ORDER BY p.title, p.id, CASE WHEN r.scope = 'project' THEN 0 ELSE 1 END, "
    "COALESCE(u.display_name, ''), r.id";

Retrospective retrospective_from_row(const db::Row& row) {
  Retrospective retro;
  retro.id = row.int64(0);
  retro.project_id = row.int64(1);
  retro.project_title = row.text(2);
  retro.scope = row.text(3);
  retro.author_id = row.opt_int64(4);
  retro.author_name = row.text(5);
  retro.keep = row.text(6);
  retro.problem = row.text(7);
  retro.try_next = row.text(8);
  retro.visibility = row.text(9);
  retro.updated_at = row.int64(10);
  return retro;
}

Status check_input(const std::string& scope, const RetrospectiveInput& input) {
  if (!one_of(kRetrospectiveScopes, scope))
    return Error::invalid("scope", "scope must be project or member");
  if (!one_of(kRetrospectiveVisibilities, input.visibility))
    return Error::invalid("visibility", "visibility must be project or community");
  const std::pair<const char*, const std::string*> parts[] = {
      {"keep", &input.keep}, {"problem", &input.problem}, {"try", &input.try_next}};
  for (const auto& [name, text] : parts) {
    if (web::utf8_length(*text) > kMaxRetrospectiveChars)
      return Error::invalid(name, std::string(name) + " must be at most 4000 characters");
  }
  if (web::trim(input.keep).empty() && web::trim(input.problem).empty() &&
      web::trim(input.try_next).empty())
    return Error::invalid("keep", "write at least one of keep, problem and try");
  return ok_status();
}

}  // namespace

Result<bool> ActivityService::retrospectives_open(const std::string& slug,
                                                  const academy::Project& project) {
  if (!project.cohort_id) return true;  // a year-round lab looks back whenever it likes
  auto cohorts = academy_.cohorts(slug);
  if (!cohorts) return cohorts.error();
  const std::int64_t now = clock_.now_seconds();
  for (const auto& cohort : cohorts.value()) {
    if (cohort.id != *project.cohort_id) continue;
    return cohort.in_phase(academy::Phase::kRunning, now) ||
           cohort.in_phase(academy::Phase::kWrapUp, now);
  }
  return false;
}

Result<Retrospective> ActivityService::write_retrospective(const accounts::Viewer& viewer,
                                                           const std::string& slug,
                                                           std::int64_t project_id,
                                                           const std::string& scope,
                                                           const RetrospectiveInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (auto checked = check_input(scope, input); !checked) return checked.error();
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = project_for(viewer, slug, project_id, scope == "project");
  if (!project) return project.error();
  auto open = retrospectives_open(slug, project.value());
  if (!open) return open.error();
  if (!open.value())
    return Error::conflict("phase", "retrospectives are written while the cohort runs or wraps up");
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  if (scope == "member") {
    // Runners and builders of the project add their own; auditors only watch.
    auto role = transaction->query_one(
        "SELECT 1 FROM project_runners WHERE project_id = ? AND user_id = ? UNION SELECT 1 FROM "
        "project_builders WHERE project_id = ? AND user_id = ? AND accepted_at IS NOT NULL",
        {project_id, viewer.user_id(), project_id, viewer.user_id()});
    if (!role) return role.error();
    if (!role->has_value())
      return Error::forbidden("only the project's runners and builders write their own");
  }
  // The partial unique indexes (one per project, one per member) cannot be
  // named in ON CONFLICT portably, so look first inside the transaction.
  auto existing =
      scope == "project"
          ? transaction->query_one(
                "SELECT id FROM activity_retrospectives WHERE project_id = ? AND scope = 'project'",
                {project_id})
          : transaction->query_one(
                "SELECT id FROM activity_retrospectives WHERE project_id = ? AND scope = 'member' "
                "AND author_id = ?",
                {project_id, viewer.user_id()});
  if (!existing) return existing.error();
  std::int64_t id = 0;
  if (existing->has_value()) {
    id = (*existing)->int64(0);
    auto updated = transaction->execute(
        "UPDATE activity_retrospectives SET author_id = ?, keep_text = ?, problem_text = ?, "
        "try_text = ?, visibility = ?, updated_at = ? WHERE id = ?",
        {viewer.user_id(), input.keep, input.problem, input.try_next, input.visibility, now, id});
    if (!updated) return updated.error();
  } else {
    auto inserted = transaction->query_one(
        "INSERT INTO activity_retrospectives (project_id, scope, author_id, keep_text, "
        "problem_text, try_text, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?) RETURNING id",
        {project_id, scope, viewer.user_id(), input.keep, input.problem, input.try_next,
         input.visibility, now, now});
    if (!inserted) return inserted.error();
    id = (*inserted)->int64(0);
  }
  auto row = transaction->query_one(
      std::string("SELECT ") + kRetrospectiveColumns + kRetrospectiveFrom + "WHERE r.id = ?", {id});
  if (!row) return row.error();
  Retrospective retro = retrospective_from_row(**row);
  // Writing a retrospective is taking part: 눈팅 → 소통 (a runner or builder
  // is already higher and stays so).
  if (auto raised = academy_.communities().record_milestone(
          *transaction, here->community.id, viewer.user_id(),
          communities::Milestone::kRetrospective, now);
      !raised)
    return raised.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return retro;
}

Result<std::vector<Retrospective>> ActivityService::retrospectives(const accounts::Viewer& viewer,
                                                                   const std::string& slug,
                                                                   std::int64_t project_id) {
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto project = project_for(viewer, slug, project_id, false);
  if (!project) return project.error();
  const std::int64_t me = viewer.signed_in() ? viewer.user_id() : 0;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(std::string("SELECT ") + kRetrospectiveColumns + kRetrospectiveFrom +
                                "WHERE r.project_id = ? AND " + kReadable + kRetrospectiveOrder,
                            {project_id, me, std::int64_t{here->standing.can_manage()},
                             std::int64_t{here->standing.is_member()}, me, me, me});
  if (!rows) return rows.error();
  std::vector<Retrospective> list;
  for (const auto& row : *rows) list.push_back(retrospective_from_row(row));
  return list;
}

Result<std::vector<Retrospective>> ActivityService::cohort_retrospectives(
    const accounts::Viewer& viewer, const std::string& slug, const std::string& cohort_key) {
  auto here = academy_.access(viewer, slug);
  if (!here) return here.error();
  auto cohort = academy_.cohort(slug, cohort_key);
  if (!cohort) return cohort.error();
  const std::int64_t me = viewer.signed_in() ? viewer.user_id() : 0;
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(std::string("SELECT ") + kRetrospectiveColumns + kRetrospectiveFrom +
                                "WHERE p.cohort_id = ? AND p.status = 'approved' AND " + kReadable +
                                kRetrospectiveOrder,
                            {cohort->id, me, std::int64_t{here->standing.can_manage()},
                             std::int64_t{here->standing.is_member()}, me, me, me});
  if (!rows) return rows.error();
  std::vector<Retrospective> list;
  for (const auto& row : *rows) list.push_back(retrospective_from_row(row));
  return list;
}

}  // namespace moim::activity
