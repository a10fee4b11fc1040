// The events room's erasure rule (features/events/personal_data.hpp).
#include "features/events/personal_data.hpp"

#include <string>

namespace moim::events {

// A registration stays, nameless, so an event's counts and check-ins keep
// adding up; its private link stops working. A guest registration under the
// person's address (before they had an account) goes the same way.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report) {
  const std::int64_t id = erasure.user_id;
  const std::string name(web::kErasedName);
  const std::string guest_key = "e:" + erasure.email;
  return web::run_erasure_steps(
      transaction,
      {
          {"event_answers",
           "deleted",
           "DELETE FROM event_answers WHERE registration_id IN (SELECT id FROM "
           "event_registrations WHERE user_id = ? OR person_key = ?)",
           {id, guest_key}},
          {"event_registrations",
           "anonymised",
           "UPDATE event_registrations SET name = ?, email = '', token_digest = NULL, "
           "updated_at = ? WHERE user_id = ? OR person_key = ?",
           {name, erasure.now, id, guest_key}},
          {"event_sessions",
           "",
           "UPDATE event_sessions SET star_count = star_count - 1 WHERE id IN "
           "(SELECT session_id FROM event_stars WHERE user_id = ?)",
           {id}},
          {"event_stars", "deleted", "DELETE FROM event_stars WHERE user_id = ?", {id}},
          {"event_star_feeds", "deleted", "DELETE FROM event_star_feeds WHERE user_id = ?", {id}},
          {"event_staff", "deleted", "DELETE FROM event_staff WHERE user_id = ?", {id}},
          // The programme keeps the talk; the speaker's own words about themselves go.
          {"event_talks",
           "anonymised",
           "UPDATE event_talks SET bio = '', review_note = '' WHERE user_id = ?",
           {id}},
          {"event_speakers",
           "anonymised",
           "UPDATE event_speakers SET name = ?, bio = '', link = '' WHERE user_id = ?",
           {name, id}},
      },
      report);
}

}  // namespace moim::events
