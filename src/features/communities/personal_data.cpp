#include "features/communities/personal_data.hpp"

#include <string>

namespace moim::communities {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  const std::vector<db::Value> me{user_id};
  if (auto status = web::add_personal_records(
          out, transaction, "memberships", {"memberships"},
          "SELECT m.id, c.slug, c.name, m.stage, m.joined_at FROM memberships m "
          "JOIN communities c ON c.id = m.community_id WHERE m.user_id = ? ORDER BY m.id",
          me, {"#id", "community_slug", "community_name", "stage", "#joined_at"});
      !status)
    return status.error();
  // Who changed a stage is an organizer's id, not the member's data: left out.
  if (auto status = web::add_personal_records(
          out, transaction, "stage_history", {"stage_changes"},
          "SELECT c.slug, s.from_stage, s.to_stage, s.reason, s.changed_at FROM stage_changes s "
          "JOIN memberships m ON m.id = s.membership_id JOIN communities c ON c.id = "
          "m.community_id "
          "WHERE m.user_id = ? ORDER BY s.changed_at, s.id",
          me, {"community_slug", "from_stage", "to_stage", "reason", "#changed_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "communities_created", {"communities"},
          "SELECT id, slug, name, created_at FROM communities WHERE created_by = ? ORDER BY id", me,
          {"#id", "slug", "name", "#created_at"});
      !status)
    return status.error();
  // Which version of each community's privacy notice they agreed to, and when.
  if (auto status = web::add_personal_records(
          out, transaction, "privacy_notice_agreements", {"privacy_notice_agreements"},
          "SELECT c.slug, c.name, a.version, a.agreed_at FROM privacy_notice_agreements a "
          "JOIN communities c ON c.id = a.community_id WHERE a.user_id = ? "
          "ORDER BY a.agreed_at, c.slug, a.version",
          me, {"community_slug", "community_name", "#version", "#agreed_at"});
      !status)
    return status.error();
  // The entries about the member: what they did, and what was done to them
  // as the subject (a stage change, leaving, a completion decision, a
  // drop-out). Both lookups go through an index (0030_personal_data_indexes).
  const std::string id_text = std::to_string(user_id);
  if (auto status = web::add_personal_records(
          out, transaction, "audit_entries", {"audit_log"},
          "SELECT a.id, c.slug, a.action, a.subject, a.detail, a.created_at, "
          "CASE WHEN a.actor_id = ? THEN 1 ELSE 0 END FROM audit_log a "
          "LEFT JOIN communities c ON c.id = a.community_id WHERE a.actor_id = ? "
          "OR (a.subject = ? AND a.action IN ('member.stage_changed', 'member.left', "
          "'activity.completion_overridden', 'activity.completion_confirmed', "
          "'activity.dropout')) ORDER BY a.created_at, a.id",
          {user_id, user_id, id_text},
          {"#id", "community_slug", "action", "subject", "@detail", "#created_at", "#by_me"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::communities
