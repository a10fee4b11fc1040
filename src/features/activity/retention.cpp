#include "features/activity/retention.hpp"

namespace moim::activity {

Result<std::vector<std::int64_t>> cohorts_closed_before(db::Transaction& transaction,
                                                        std::int64_t closed_before) {
  auto rows = transaction.query(
      "SELECT cohort_id FROM cohort_closures WHERE closed_at < ? ORDER BY cohort_id",
      {closed_before});
  if (!rows) return rows.error();
  std::vector<std::int64_t> cohorts;
  for (const auto& row : rows.value()) cohorts.push_back(row.int64(0));
  return cohorts;
}

}  // namespace moim::activity
