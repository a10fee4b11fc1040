// Who is in which project now: the one read other rooms use instead of
// querying the academy's tables themselves (coffee-chat audiences today).
#include "features/academy/academy_service.hpp"

namespace moim::academy {

namespace {

// A cohort is over once it was closed (wrap-up's cohort_closures) or its
// 'closed' phase has begun; a member is out once their completion result
// says dropped.
constexpr const char* kCurrentMembersSql =
    "SELECT m.user_id, p.id, p.cohort_id, MAX(m.builder) FROM ("
    "SELECT b.project_id, b.user_id, 1 AS builder FROM project_builders b WHERE b.accepted_at "
    "IS NOT NULL UNION ALL SELECT r.project_id, r.user_id, 0 AS builder FROM project_runners r"
    ") m JOIN academy_projects p ON p.id = m.project_id "
    "WHERE p.community_id = ? AND p.status = 'approved' "
    "AND NOT EXISTS (SELECT 1 FROM completion_results cr WHERE cr.project_id = p.id AND "
    "cr.user_id = m.user_id AND cr.outcome = 'dropped') "
    "AND (p.cohort_id IS NULL OR (NOT EXISTS (SELECT 1 FROM cohort_closures cc WHERE "
    "cc.cohort_id = p.cohort_id) AND NOT EXISTS (SELECT 1 FROM cohort_phases ph WHERE "
    "ph.cohort_id = p.cohort_id AND ph.phase = 'closed' AND ph.starts_at <= ?))) "
    "GROUP BY m.user_id, p.id, p.cohort_id ORDER BY m.user_id, p.id";

}  // namespace

Result<std::vector<ProjectMember>> AcademyService::current_project_members(
    std::int64_t community_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(kCurrentMembersSql, {community_id, clock_.now_seconds()});
  if (!rows) return rows.error();
  std::vector<ProjectMember> members;
  members.reserve(rows->size());
  for (const auto& row : *rows) {
    members.push_back({row.int64(0), row.int64(1), row.opt_int64(2), row.int64(3) != 0});
  }
  return members;
}

}  // namespace moim::academy

namespace moim::academy {

namespace {

Result<communities::Community> member_community(AcademyService& academy,
                                                const accounts::Viewer& viewer,
                                                const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto here = academy.access(viewer, slug);
  if (!here) return here.error();
  if (!here->standing.is_member() && !here->standing.can_manage())
    return Error::forbidden("only members of this community can look people up");
  return here->community;
}

}  // namespace

Result<std::vector<communities::PersonMatch>> AcademyService::find_people(
    const accounts::Viewer& viewer, const std::string& slug, const std::string& text) {
  auto community = member_community(*this, viewer, slug);
  if (!community) return community.error();
  auto found = communities_.find_members(community->id, text, 10);
  // The pickers' own field, so the page says what a person search needs.
  if (!found && found.error().http_status == 400)
    return Error::invalid("person", found.error().message);
  return found;
}

Result<std::vector<communities::PersonMatch>> AcademyService::people(
    const accounts::Viewer& viewer, const std::string& slug,
    const std::vector<std::int64_t>& user_ids) {
  auto community = member_community(*this, viewer, slug);
  if (!community) return community.error();
  return communities_.members_by_id(community->id, user_ids);
}

}  // namespace moim::academy
