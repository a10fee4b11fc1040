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
