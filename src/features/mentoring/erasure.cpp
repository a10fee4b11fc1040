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

namespace moim::mentoring {

// Everything people wrote or were matched into goes; a program stays as
// the record its certificates name (created_by is required: kept).
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const std::string programs = "SELECT id FROM mentoring_programs WHERE community_id = ?";
  const std::string pairs = "SELECT id FROM mentoring_pairs WHERE program_id IN (" + programs + ")";
  return web::run_erasure_steps(
      transaction,
      {
          {"mentoring_notes",
           "deleted",
           "DELETE FROM mentoring_notes WHERE pair_id IN (" + pairs + ")",
           {id}},
          {"mentoring_feedback",
           "deleted",
           "DELETE FROM mentoring_feedback WHERE pair_id IN (" + pairs + ")",
           {id}},
          {"mentoring_checkins",
           "deleted",
           "DELETE FROM mentoring_checkins WHERE program_id IN (" + programs + ")",
           {id}},
          {"mentoring_sessions",
           "deleted",
           "DELETE FROM mentoring_sessions WHERE pair_id IN (" + pairs + ")",
           {id}},
          {"mentoring_pairs",
           "deleted",
           "DELETE FROM mentoring_pairs WHERE program_id IN (" + programs + ")",
           {id}},
          {"mentoring_run_pairs",
           "deleted",
           "DELETE FROM mentoring_run_pairs WHERE run_id IN (SELECT id FROM mentoring_runs WHERE "
           "program_id IN (" +
               programs + "))",
           {id}},
          {"mentoring_programs",
           "",
           "UPDATE mentoring_programs SET announced_run_id = NULL WHERE community_id = ?",
           {id}},
          {"mentoring_runs",
           "deleted",
           "DELETE FROM mentoring_runs WHERE program_id IN (" + programs + ")",
           {id}},
          {"mentoring_rules",
           "deleted",
           "DELETE FROM mentoring_rules WHERE program_id IN (" + programs + ")",
           {id}},
          {"mentoring_applications",
           "deleted",
           "DELETE FROM mentoring_applications WHERE program_id IN (" + programs + ")",
           {id}},
          {"mentoring_offers",
           "deleted",
           "DELETE FROM mentoring_offers WHERE program_id IN (" + programs + ")",
           {id}},
      },
      report);
}

}  // namespace moim::mentoring
