#include "features/certificates/organizer_count.hpp"

#include <string>

namespace moim::certificates {

Result<outbox::CountPart> certificates_count(db::Transaction& transaction,
                                             const outbox::CountScope& scope) {
  outbox::CountPart part;
  if (!scope.cohort_id && !scope.event_id) return part;
  // certificates_by_cohort / certificates_by_event lead with the scope.
  const std::string sql = std::string("SELECT COUNT(*) FROM certificates WHERE ") +
                          (scope.cohort_id ? "cohort_id" : "event_id") + " = ?";
  auto row = transaction.query_one(sql, {scope.cohort_id ? *scope.cohort_id : *scope.event_id});
  if (!row) return row.error();
  if (row->has_value()) part.moim.push_back({"count_certificates", (*row)->int64(0)});
  return part;
}

}  // namespace moim::certificates
