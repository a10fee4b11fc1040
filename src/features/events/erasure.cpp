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

namespace moim::events {

// Every registration goes, guests' too, with what hangs on it; the events,
// their tickets and programme stay (figures and the public record) without
// who made them, and without speaker entries and talks (bios, names).
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report) {
  const std::int64_t id = erasure.community_id;
  const std::string events = "SELECT id FROM events WHERE community_id = ?";
  const std::string registrations =
      "SELECT id FROM event_registrations WHERE event_id IN (" + events + ")";
  return web::run_erasure_steps(
      transaction,
      {
          {"event_answers",
           "deleted",
           "DELETE FROM event_answers WHERE registration_id IN (" + registrations + ")",
           {id}},
          {"event_check_ins",
           "deleted",
           "DELETE FROM event_check_ins WHERE registration_id IN (" + registrations + ")",
           {id}},
          {"event_feedback_answers",
           "deleted",
           "DELETE FROM event_feedback_answers WHERE response_id IN (SELECT id FROM "
           "event_feedback_responses WHERE event_id IN (" +
               events + "))",
           {id}},
          {"event_feedback_responses",
           "deleted",
           "DELETE FROM event_feedback_responses WHERE event_id IN (" + events + ")",
           {id}},
          {"event_feedback_links",
           "deleted",
           "DELETE FROM event_feedback_links WHERE registration_id IN (" + registrations + ")",
           {id}},
          {"event_registrations",
           "deleted",
           "DELETE FROM event_registrations WHERE event_id IN (" + events + ")",
           {id}},
          {"event_sessions",
           "",
           "UPDATE event_sessions SET star_count = 0, talk_id = NULL WHERE event_id IN (" + events +
               ")",
           {id}},
          {"event_stars",
           "deleted",
           "DELETE FROM event_stars WHERE session_id IN (SELECT id FROM event_sessions WHERE "
           "event_id IN (" +
               events + "))",
           {id}},
          {"event_star_feeds",
           "deleted",
           "DELETE FROM event_star_feeds WHERE event_id IN (" + events + ")",
           {id}},
          {"event_staff",
           "deleted",
           "DELETE FROM event_staff WHERE event_id IN (" + events + ")",
           {id}},
          {"event_session_speakers",
           "deleted",
           "DELETE FROM event_session_speakers WHERE speaker_id IN (SELECT id FROM event_speakers "
           "WHERE event_id IN (" +
               events + "))",
           {id}},
          {"event_speakers",
           "deleted",
           "DELETE FROM event_speakers WHERE event_id IN (" + events + ")",
           {id}},
          {"event_talks",
           "deleted",
           "DELETE FROM event_talks WHERE event_id IN (" + events + ")",
           {id}},
          {"events",
           "anonymised",
           "UPDATE events SET created_by = NULL WHERE community_id = ? AND created_by IS NOT NULL",
           {id}},
      },
      report);
}

}  // namespace moim::events
