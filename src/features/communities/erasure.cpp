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

}  // namespace moim::communities
