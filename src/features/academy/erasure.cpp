// The academy room's erasure rule (features/academy/personal_data.hpp).
#include "features/academy/personal_data.hpp"

namespace moim::academy {

// A project's applicants_count keeps counting the deleted applications, as
// after retention (0029_retention.sql): a figure of past recruiting.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"application_choices",
           "deleted",
           "DELETE FROM application_choices WHERE application_id IN "
           "(SELECT id FROM applications WHERE user_id = ?)",
           {id}},
          {"applications", "deleted", "DELETE FROM applications WHERE user_id = ?", {id}},
          {"seat_offers", "deleted", "DELETE FROM seat_offers WHERE user_id = ?", {id}},
          {"allocation_waitlists",
           "deleted",
           "DELETE FROM allocation_waitlists WHERE user_id = ?",
           {id}},
          {"allocation_pins", "deleted", "DELETE FROM allocation_pins WHERE user_id = ?", {id}},
      },
      report);
}

Result<std::vector<std::int64_t>> cohort_ids_of(db::Transaction& transaction,
                                                std::int64_t community_id) {
  return web::id_column(transaction, "SELECT id FROM cohorts WHERE community_id = ? ORDER BY id",
                        community_id);
}

Result<std::vector<std::int64_t>> project_ids_of(db::Transaction& transaction,
                                                 std::int64_t community_id) {
  return web::id_column(transaction,
                        "SELECT id FROM academy_projects WHERE community_id = ? ORDER BY id",
                        community_id);
}

// Cohorts and projects stay: certificates point at them (and name them).
// Everything that says who applied, was placed or took part goes.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const auto& cohorts = erasure.cohort_ids;
  const auto& projects = erasure.project_ids;
  return web::run_erasure_steps(
      transaction,
      {
          {"application_choices",
           "deleted",
           "DELETE FROM application_choices WHERE application_id IN "
           "(SELECT id FROM applications WHERE community_id = ?)",
           {id}},
          {"applications", "deleted", "DELETE FROM applications WHERE community_id = ?", {id}},
          web::ids_step("seat_offers", "deleted",
                        "DELETE FROM seat_offers WHERE cohort_id IN (@IDS@)", cohorts),
          web::ids_step("allocation_pins", "deleted",
                        "DELETE FROM allocation_pins WHERE cohort_id IN (@IDS@)", cohorts),
          web::ids_step("allocation_waitlists", "deleted",
                        "DELETE FROM allocation_waitlists WHERE run_id IN "
                        "(SELECT id FROM allocation_runs WHERE cohort_id IN (@IDS@))",
                        cohorts),
          web::ids_step("allocation_results", "deleted",
                        "DELETE FROM allocation_results WHERE run_id IN "
                        "(SELECT id FROM allocation_runs WHERE cohort_id IN (@IDS@))",
                        cohorts),
          web::ids_step("allocation_runs", "deleted",
                        "DELETE FROM allocation_runs WHERE cohort_id IN (@IDS@)", cohorts),
          web::ids_step("project_builders", "deleted",
                        "DELETE FROM project_builders WHERE project_id IN (@IDS@)", projects),
          web::ids_step("project_runners", "deleted",
                        "DELETE FROM project_runners WHERE project_id IN (@IDS@)", projects),
          web::ids_step("project_co_runners", "deleted",
                        "DELETE FROM project_co_runners WHERE project_id IN (@IDS@)", projects),
          web::ids_step("project_auditors", "deleted",
                        "DELETE FROM project_auditors WHERE project_id IN (@IDS@)", projects),
          {"academy_projects",
           "anonymised",
           "UPDATE academy_projects SET proposed_by = NULL, review_comment = '' "
           "WHERE community_id = ? AND (proposed_by IS NOT NULL OR review_comment <> '')",
           {id}},
          {"cohorts",
           "anonymised",
           "UPDATE cohorts SET created_by = NULL WHERE community_id = ? AND created_by IS NOT NULL",
           {id}},
      },
      report);
}

}  // namespace moim::academy
