#include "features/events/personal_data.hpp"

namespace moim::events {

// The member's registrations and what hangs off them, their talks with the
// review note the speaker is shown; never a ticket's or a feed's token digest.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  return web::personal_queries(
      transaction, user_id,
      {
          {"event_registrations",
           {"event_registrations"},
           "SELECT r.id, r.event_id, e.title, e.starts_at, t.name, r.name, r.email, r.status, "
           "r.waitlist_position, r.ticket_code, r.source, r.language, r.checked_in_at, "
           "r.created_at, "
           "r.updated_at FROM event_registrations r JOIN events e ON e.id = r.event_id "
           "LEFT JOIN event_ticket_types t ON t.id = r.ticket_type_id WHERE r.user_id = ? "
           "ORDER BY r.created_at, r.id",
           {"#id", "#event_id", "event_title", "#event_starts_at", "ticket_type", "name", "email",
            "status", "#waitlist_position", "ticket_code", "source", "language", "#checked_in_at",
            "#created_at", "#updated_at"}},
          {"event_answers",
           {},
           "SELECT a.registration_id, r.event_id, a.label, a.answer, a.choices, a.created_at "
           "FROM event_answers a JOIN event_registrations r ON r.id = a.registration_id "
           "WHERE r.user_id = ? ORDER BY a.registration_id, a.question_id",
           {"#registration_id", "#event_id", "question", "answer", "@choices", "#created_at"}},
          {"event_feedback",
           {},
           "SELECT f.event_id, q.prompt, a.rating, a.answer, f.created_at "
           "FROM event_feedback_responses f JOIN event_registrations r ON r.id = f.registration_id "
           "JOIN event_feedback_answers a ON a.response_id = f.id "
           "JOIN event_feedback_questions q ON q.id = a.question_id WHERE r.user_id = ? "
           "ORDER BY f.event_id, q.position",
           {"#event_id", "question", "#rating", "answer", "#created_at"}},
          {"event_talks",
           {"event_talks"},
           "SELECT id, event_id, title, abstract, level, minutes, bio, status, review_note, "
           "created_at, updated_at "
           "FROM event_talks WHERE user_id = ? ORDER BY id",
           {"#id", "#event_id", "title", "abstract", "level", "#minutes", "bio", "status",
            "review_note", "#created_at", "#updated_at"}},
          {"event_speaker_entries",
           {"event_speakers"},
           "SELECT id, event_id, name, bio, link, created_at FROM event_speakers WHERE user_id = ? "
           "ORDER BY id",
           {"#id", "#event_id", "name", "bio", "link", "#created_at"}},
          {"event_roles_and_stars",
           {"event_staff", "event_stars", "event_star_feeds"},
           "SELECT 'staff', event_id, NULL, added_at FROM event_staff WHERE user_id = ? "
           "UNION ALL SELECT 'star', s.event_id, st.session_id, st.created_at FROM event_stars st "
           "JOIN event_sessions s ON s.id = st.session_id WHERE st.user_id = ? "
           "UNION ALL SELECT 'star_calendar_feed', event_id, NULL, created_at FROM "
           "event_star_feeds "
           "WHERE user_id = ?",
           {"kind", "#event_id", "#session_id", "#at"}},
      });
}

}  // namespace moim::events
