#include "features/academy/retention.hpp"

#include "platform/db/dry_run.hpp"

namespace moim::academy {

Result<std::int64_t> purge_unplaced_applications(db::Transaction& transaction,
                                                 std::int64_t community_id,
                                                 const std::vector<std::int64_t>& cohort_ids,
                                                 bool dry_run) {
  std::int64_t purged = 0;
  for (std::int64_t cohort_id : cohort_ids) {
    const std::string unplaced =
        "a.community_id = ? AND a.cohort_id = ? AND NOT EXISTS (SELECT 1 FROM project_runners pr "
        "JOIN academy_projects p ON p.id = pr.project_id WHERE p.cohort_id = a.cohort_id AND "
        "pr.user_id = a.user_id)";
    if (dry_run) {
      auto counted = transaction.query_one(
          "SELECT COUNT(*) FROM (SELECT 1 FROM applications a WHERE " + unplaced + " LIMIT ?) due",
          {community_id, cohort_id, db::kDryRunCap + 1});
      if (!counted) return counted.error();
      purged += counted.value()->int64(0);
      if (purged > db::kDryRunCap) return purged;
      continue;
    }
    auto choices = transaction.execute(
        "DELETE FROM application_choices WHERE application_id IN (SELECT a.id FROM applications a "
        "WHERE " +
            unplaced + ")",
        {community_id, cohort_id});
    if (!choices) return choices.error();
    auto offers = transaction.execute(
        "DELETE FROM seat_offers WHERE cohort_id = ? AND state <> 'confirmed' AND user_id IN "
        "(SELECT a.user_id FROM applications a WHERE " +
            unplaced + ")",
        {cohort_id, community_id, cohort_id});
    if (!offers) return offers.error();
    auto applications = transaction.execute(
        "DELETE FROM applications WHERE id IN (SELECT a.id FROM applications a WHERE " + unplaced +
            ")",
        {community_id, cohort_id});
    if (!applications) return applications.error();
    purged += applications.value();
  }
  return purged;
}

}  // namespace moim::academy
