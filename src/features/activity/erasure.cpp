// The activity room's erasure rule (features/activity/personal_data.hpp).
#include "features/activity/personal_data.hpp"

namespace moim::activity {

// Attendance, completion results and retrospectives are the project's
// record and stay (retrospectives under kErasedName through the user row).
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"activity_growth_logs",
           "deleted",
           "DELETE FROM activity_growth_logs WHERE user_id = ? AND visibility = 'private'",
           {id}},
          {"activity_checkin_failures",
           "deleted",
           "DELETE FROM activity_checkin_failures WHERE user_id = ?",
           {id}},
          {"activity_calendar_feeds",
           "deleted",
           "DELETE FROM activity_calendar_feeds WHERE user_id = ?",
           {id}},
          // The deadline was met: that stays. The link (their blog) and text go.
          {"activity_submissions",
           "anonymised",
           "UPDATE activity_submissions SET link = '', body = '', tags = '[]', share = 0 "
           "WHERE user_id = ?",
           {id}},
          {"activity_dropouts",
           "anonymised",
           "UPDATE activity_dropouts SET reason = '' WHERE user_id = ? AND reason <> ''",
           {id}},
      },
      report);
}

}  // namespace moim::activity

namespace moim::activity {

// The accounts stay (people belong to other communities), so nothing kept
// here could be "under the erased name": every record of who attended,
// submitted, wrote or completed goes. Sessions, deadlines and rules stay
// without who ran or set them.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const auto& projects = erasure.project_ids;
  const auto& cohorts = erasure.cohort_ids;
  const std::string sessions = "SELECT id FROM activity_sessions WHERE project_id IN (@IDS@)";
  const std::string deadlines =
      "SELECT d.id FROM activity_deadlines d JOIN activity_deadline_series s ON s.id = "
      "d.series_id WHERE s.community_id = ?";
  return web::run_erasure_steps(
      transaction,
      {
          web::ids_step(
              "activity_checkin_failures", "deleted",
              "DELETE FROM activity_checkin_failures WHERE session_id IN (" + sessions + ")",
              projects),
          web::ids_step("activity_checkins", "deleted",
                        "DELETE FROM activity_checkins WHERE session_id IN (" + sessions + ")",
                        projects),
          web::ids_step(
              "activity_attendance_changes", "deleted",
              "DELETE FROM activity_attendance_changes WHERE session_id IN (" + sessions + ")",
              projects),
          web::ids_step("activity_attendance", "deleted",
                        "DELETE FROM activity_attendance WHERE session_id IN (" + sessions + ")",
                        projects),
          web::ids_step("activity_sessions", "anonymised",
                        "UPDATE activity_sessions SET presenter = '', notes = '' WHERE project_id "
                        "IN (@IDS@) AND (presenter <> '' OR notes <> '')",
                        projects),
          {"activity_passes",
           "deleted",
           "DELETE FROM activity_passes WHERE deadline_id IN (" + deadlines + ")",
           {id}},
          {"activity_submissions",
           "deleted",
           "DELETE FROM activity_submissions WHERE deadline_id IN (" + deadlines + ")",
           {id}},
          {"activity_deadline_series",
           "anonymised",
           "UPDATE activity_deadline_series SET created_by = NULL WHERE community_id = ? AND "
           "created_by IS NOT NULL",
           {id}},
          {"activity_growth_logs",
           "deleted",
           "DELETE FROM activity_growth_logs WHERE community_id = ?",
           {id}},
          {"activity_calendar_feeds",
           "deleted",
           "DELETE FROM activity_calendar_feeds WHERE community_id = ?",
           {id}},
          web::ids_step("activity_retrospectives", "deleted",
                        "DELETE FROM activity_retrospectives WHERE project_id IN (@IDS@)",
                        projects),
          web::ids_step("completion_results", "deleted",
                        "DELETE FROM completion_results WHERE project_id IN (@IDS@)", projects),
          web::ids_step("activity_dropouts", "deleted",
                        "DELETE FROM activity_dropouts WHERE project_id IN (@IDS@)", projects),
          web::ids_step("activity_completion_rules", "anonymised",
                        "UPDATE activity_completion_rules SET updated_by = NULL WHERE project_id "
                        "IN (@IDS@) AND updated_by IS NOT NULL",
                        projects),
          web::ids_step("cohort_closures", "anonymised",
                        "UPDATE cohort_closures SET closed_by = NULL WHERE cohort_id IN (@IDS@) "
                        "AND closed_by IS NOT NULL",
                        cohorts),
      },
      report);
}

}  // namespace moim::activity
