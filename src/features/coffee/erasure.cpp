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

namespace moim::coffee {

// With the community gone no round will be drawn again: the groups (who met
// whom) go with the opt-ins; programs and rounds stay as figures.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const std::string programs = "SELECT id FROM coffee_programs WHERE community_id = ?";
  const std::string rounds = "SELECT id FROM coffee_rounds WHERE program_id IN (" + programs + ")";
  return web::run_erasure_steps(
      transaction,
      {
          {"coffee_group_members",
           "deleted",
           "DELETE FROM coffee_group_members WHERE group_id IN (SELECT id FROM coffee_groups "
           "WHERE round_id IN (" +
               rounds + "))",
           {id}},
          {"coffee_groups",
           "deleted",
           "DELETE FROM coffee_groups WHERE round_id IN (" + rounds + ")",
           {id}},
          {"coffee_slots",
           "deleted",
           "DELETE FROM coffee_slots WHERE program_id IN (" + programs + ")",
           {id}},
          {"coffee_participants",
           "deleted",
           "DELETE FROM coffee_participants WHERE program_id IN (" + programs + ")",
           {id}},
          {"coffee_avoid", "deleted", "DELETE FROM coffee_avoid WHERE community_id = ?", {id}},
          {"coffee_rounds",
           "anonymised",
           "UPDATE coffee_rounds SET closed_by = NULL WHERE program_id IN (" + programs +
               ") AND closed_by IS NOT NULL",
           {id}},
          {"coffee_programs",
           "anonymised",
           "UPDATE coffee_programs SET created_by = NULL WHERE community_id = ? AND created_by IS "
           "NOT NULL",
           {id}},
      },
      report);
}

}  // namespace moim::coffee
