// The communities room's erasure rule (features/communities/personal_data.hpp).
#include "features/communities/personal_data.hpp"

#include <string>

namespace moim::communities {

Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          // The member counts, in the same transaction as the memberships they count.
          {"communities",
           "",
           "UPDATE communities SET member_count = member_count - 1 WHERE id IN "
           "(SELECT community_id FROM memberships WHERE user_id = ?)",
           {id}},
          {"stage_changes",
           "deleted",
           "DELETE FROM stage_changes WHERE membership_id IN "
           "(SELECT id FROM memberships WHERE user_id = ?)",
           {id}},
          {"memberships", "deleted", "DELETE FROM memberships WHERE user_id = ?", {id}},
          {"privacy_notice_agreements",
           "deleted",
           "DELETE FROM privacy_notice_agreements WHERE user_id = ?",
           {id}},
          // What was done to them (the same entries their export lists) keeps
          // its action and time, not the reasons written about them.
          {"audit_log",
           "anonymised",
           "UPDATE audit_log SET detail = '{}' WHERE subject = ? AND detail <> '{}' AND action IN "
           "('member.stage_changed', 'member.stage_raised', 'member.left', "
           "'activity.completion_overridden', 'activity.completion_confirmed', "
           "'activity.dropout')",
           {std::to_string(id)}},
      },
      report);
}

Result<std::vector<std::string>> communities_left_without_organizer(db::Transaction& transaction,
                                                                    std::int64_t user_id) {
  auto rows = transaction.query(
      "SELECT c.name FROM memberships m JOIN communities c ON c.id = m.community_id "
      "WHERE m.user_id = ? AND m.stage = 'organizer' AND NOT EXISTS (SELECT 1 FROM memberships o "
      "WHERE o.community_id = m.community_id AND o.stage = 'organizer' AND o.user_id <> m.user_id) "
      "ORDER BY c.name",
      {user_id});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& row : rows.value()) out.push_back(row.text(0));
  return out;
}

Result<std::vector<std::int64_t>> communities_of(db::Transaction& transaction,
                                                 std::int64_t user_id) {
  auto rows = transaction.query(
      "SELECT community_id FROM memberships WHERE user_id = ? ORDER BY community_id", {user_id});
  if (!rows) return rows.error();
  std::vector<std::int64_t> out;
  for (const auto& row : rows.value()) out.push_back(row.int64(0));
  return out;
}

Result<std::vector<std::int64_t>> member_ids_of(db::Transaction& transaction,
                                                std::int64_t community_id) {
  return web::id_column(transaction,
                        "SELECT user_id FROM memberships WHERE community_id = ? ORDER BY user_id",
                        community_id);
}

Result<bool> community_erased(db::Transaction& transaction, std::int64_t community_id) {
  auto row =
      transaction.query_one("SELECT erased_at FROM communities WHERE id = ?", {community_id});
  if (!row) return row.error();
  return row->has_value() && !(*row)->is_null(0);
}

// The row stays (a tombstone): its name is the issuer its certificates
// name, and its slug stays taken so no new community answers for old links.
// The audit log keeps what was decided and when, with nobody's id or words.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"stage_changes",
           "deleted",
           "DELETE FROM stage_changes WHERE membership_id IN "
           "(SELECT id FROM memberships WHERE community_id = ?)",
           {id}},
          {"memberships", "deleted", "DELETE FROM memberships WHERE community_id = ?", {id}},
          {"privacy_notice_agreements",
           "deleted",
           "DELETE FROM privacy_notice_agreements WHERE community_id = ?",
           {id}},
          // A notice names its contact person (문의처).
          {"privacy_notices",
           "deleted",
           "DELETE FROM privacy_notices WHERE community_id = ?",
           {id}},
          {"audit_log",
           "anonymised",
           "UPDATE audit_log SET actor_id = NULL, subject = '', detail = '{}' WHERE community_id = "
           "? "
           "AND (actor_id IS NOT NULL OR subject <> '' OR detail <> '{}')",
           {id}},
          {"communities",
           "",
           "UPDATE communities SET description = '', created_by = NULL, member_count = 0, "
           "erased_at = ?, updated_at = ? WHERE id = ?",
           {erasure.now, erasure.now, id}},
      },
      report);
}

}  // namespace moim::communities
