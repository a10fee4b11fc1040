#include "features/communities/organizer_count.hpp"

#include <string>

namespace moim::communities {

Result<outbox::CountPart> audited_count(db::Transaction& transaction,
                                        const outbox::CountScope& scope) {
  outbox::CountPart part;
  if (!scope.cohort_id && !scope.event_id) return part;
  const std::string sql = std::string("SELECT action, COUNT(*) FROM audit_log WHERE ") +
                          (scope.cohort_id ? "cohort_id" : "event_id") +
                          " = ? AND actor_id IS NOT NULL GROUP BY action";
  auto rows = transaction.query(sql, {scope.cohort_id ? *scope.cohort_id : *scope.event_id});
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    const std::string action = row.text(0);
    part.by_hand.push_back({"audit_area_" + action.substr(0, action.find('.')), row.int64(1)});
  }
  return part;
}

}  // namespace moim::communities
