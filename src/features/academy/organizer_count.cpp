#include "features/academy/organizer_count.hpp"

namespace moim::academy {

Result<outbox::CountPart> seats_count(db::Transaction& transaction,
                                      const outbox::CountScope& scope) {
  outbox::CountPart part;
  if (!scope.cohort_id) return part;
  auto row = transaction.query_one(
      "SELECT COUNT(*) FROM project_runners r JOIN academy_projects p ON p.id = r.project_id "
      "WHERE p.cohort_id = ?",
      {*scope.cohort_id});
  if (!row) return row.error();
  if (row->has_value()) part.moim.push_back({"count_seats", (*row)->int64(0)});
  return part;
}

}  // namespace moim::academy
