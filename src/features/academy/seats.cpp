// Seats given back during a cohort (drop-outs), for the activity room.
#include "features/academy/academy_service.hpp"
#include "features/academy/internal.hpp"

namespace moim::academy {

std::string spreadsheet_cell(const std::string& value) { return internal::csv_cell(value); }

Result<bool> AcademyService::release_seat(db::Transaction& transaction, std::int64_t project_id,
                                          std::int64_t user_id, std::int64_t now) {
  auto removed = transaction.execute(
      "DELETE FROM project_runners WHERE project_id = ? AND user_id = ?", {project_id, user_id});
  if (!removed) return removed.error();
  if (removed.value() == 0) return Error::not_found("this person holds no seat in the project");
  // 'declined' is the offer state that frees a seat and is never offered again.
  auto released = transaction.execute(
      "UPDATE seat_offers SET state = 'declined', responded_at = ? WHERE project_id = ? AND "
      "user_id = ? AND state IN ('offered', 'confirmed')",
      {now, project_id, user_id});
  if (!released) return released.error();
  auto cohort_of =
      transaction.query_one("SELECT cohort_id FROM academy_projects WHERE id = ?", {project_id});
  if (!cohort_of) return cohort_of.error();
  if (!cohort_of->has_value() || (*cohort_of)->is_null(0)) return false;  // a lab: no waitlist
  auto cohort = load_cohort_by_id(transaction, (*cohort_of)->int64(0));
  if (!cohort) return cohort.error();
  auto before = transaction.query_one(
      "SELECT COUNT(*) FROM seat_offers WHERE project_id = ? AND state = 'offered'", {project_id});
  if (!before) return before.error();
  if (auto status = settle_seats(transaction, cohort.value(), now); !status) return status.error();
  auto after = transaction.query_one(
      "SELECT COUNT(*) FROM seat_offers WHERE project_id = ? AND state = 'offered'", {project_id});
  if (!after) return after.error();
  return (*after)->int64(0) > (*before)->int64(0);
}

}  // namespace moim::academy
