// The mentoring room's erasure rule (features/mentoring/personal_data.hpp).
#include "features/mentoring/personal_data.hpp"

namespace moim::mentoring {

// Offers and applications stay as rows because pairs and matching runs point
// at them (the other person's record); every word of them goes. Pending
// ones are withdrawn first, with the program's counts, so no later run
// matches an erased person. A pair's agreed goals are the pair's record (and
// the program's goal counts): they stay.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  return web::run_erasure_steps(
      transaction,
      {
          {"mentoring_programs",
           "",
           "UPDATE mentoring_programs SET mentors_count = mentors_count - (SELECT COUNT(*) FROM "
           "mentoring_offers o WHERE o.program_id = mentoring_programs.id AND o.user_id = ? AND "
           "o.status = 'pending') WHERE id IN (SELECT program_id FROM mentoring_offers WHERE "
           "user_id = ? AND status = 'pending')",
           {id, id}},
          {"mentoring_programs",
           "",
           "UPDATE mentoring_programs SET mentees_count = mentees_count - (SELECT COUNT(*) FROM "
           "mentoring_applications a WHERE a.program_id = mentoring_programs.id AND a.user_id = ? "
           "AND a.status = 'pending') WHERE id IN (SELECT program_id FROM mentoring_applications "
           "WHERE user_id = ? AND status = 'pending')",
           {id, id}},
          {"mentoring_offers",
           "anonymised",
           "UPDATE mentoring_offers SET status = CASE WHEN status = 'pending' THEN 'withdrawn' "
           "ELSE status END, availability = '', bio = '', help_with = '', review_reason = '' "
           "WHERE user_id = ?",
           {id}},
          {"mentoring_applications",
           "anonymised",
           "UPDATE mentoring_applications SET status = CASE WHEN status = 'pending' THEN "
           "'withdrawn' ELSE status END, goals = '[]', availability = '', review_reason = '' "
           "WHERE user_id = ?",
           {id}},
          {"mentoring_notes", "deleted", "DELETE FROM mentoring_notes WHERE author_id = ?", {id}},
          {"mentoring_checkins",
           "anonymised",
           "UPDATE mentoring_checkins SET comment = '' WHERE user_id = ? AND comment <> ''",
           {id}},
          {"mentoring_feedback",
           "anonymised",
           "UPDATE mentoring_feedback SET comment = '' WHERE user_id = ? AND comment <> ''",
           {id}},
      },
      report);
}

}  // namespace moim::mentoring
