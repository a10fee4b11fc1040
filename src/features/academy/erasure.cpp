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

}  // namespace moim::academy
