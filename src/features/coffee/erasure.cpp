// The coffee room's erasure rule (features/coffee/personal_data.hpp).
#include "features/coffee/personal_data.hpp"

namespace moim::coffee {

// Past groups stay: the grouping engine reads them so that no pair meets
// twice, and the others' history keeps its size.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"coffee_slots", "deleted", "DELETE FROM coffee_slots WHERE user_id = ?", {id}},
          {"coffee_avoid",
           "deleted",
           "DELETE FROM coffee_avoid WHERE user_id = ? OR avoid_user_id = ?",
           {id, id}},
          {"coffee_participants",
           "deleted",
           "DELETE FROM coffee_participants WHERE user_id = ?",
           {id}},
      },
      report);
}

}  // namespace moim::coffee
