#include "features/mentoring/personal_data.hpp"

namespace moim::mentoring {

// Offers and applications with the review reason the member is shown; the pairs
// the member is in and their sessions; only the notes they wrote (the other
// side's notes are the other side's); their own check-ins and feedback.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  return web::personal_queries(
      transaction, user_id,
      {
          {"mentoring_offers",
           {"mentoring_offers"},
           "SELECT o.id, o.program_id, g.name, o.capacity, o.languages, o.topics, o.time_zone, "
           "o.availability, o.bio, o.help_with, o.status, o.review_reason, o.created_at, "
           "o.updated_at "
           "FROM mentoring_offers o JOIN mentoring_programs g ON g.id = o.program_id "
           "WHERE o.user_id = ? ORDER BY o.id",
           {"#id", "#program_id", "program_name", "#capacity", "@languages", "@topics", "time_zone",
            "@availability", "bio", "help_with", "status", "review_reason", "#created_at",
            "#updated_at"}},
          {"mentoring_applications",
           {"mentoring_applications"},
           "SELECT a.id, a.program_id, g.name, a.goals, a.languages, a.topics, a.time_zone, "
           "a.availability, a.ranking, a.status, a.review_reason, a.created_at, a.updated_at "
           "FROM mentoring_applications a JOIN mentoring_programs g ON g.id = a.program_id "
           "WHERE a.user_id = ? ORDER BY a.id",
           {"#id", "#program_id", "program_name", "goals", "@languages", "@topics", "time_zone",
            "@availability", "@ranking", "status", "review_reason", "#created_at", "#updated_at"}},
          {"mentoring_pairs",
           {"mentoring_pairs"},
           "SELECT p.id, p.program_id, g.name, CASE WHEN p.mentor_user_id = ? THEN 'mentor' "
           "ELSE 'mentee' END, p.goals, p.goals_reached, p.sessions_held, p.created_at "
           "FROM mentoring_pairs p JOIN mentoring_programs g ON g.id = p.program_id "
           "WHERE p.mentor_user_id = ? OR p.mentee_user_id = ? ORDER BY p.id",
           {"#id", "#program_id", "program_name", "role", "@goals", "@goals_reached",
            "#sessions_held", "#created_at"}},
          {"mentoring_sessions",
           {"mentoring_sessions"},
           "SELECT s.id, s.pair_id, s.starts_at, s.minutes, s.status, "
           "CASE WHEN s.proposed_by = ? THEN 1 ELSE 0 END, s.created_at, s.updated_at "
           "FROM mentoring_sessions s JOIN mentoring_pairs p ON p.id = s.pair_id "
           "WHERE p.mentor_user_id = ? OR p.mentee_user_id = ? ORDER BY s.starts_at, s.id",
           {"#id", "#pair_id", "#starts_at", "#minutes", "status", "#proposed_by_me", "#created_at",
            "#updated_at"}},
          {"mentoring_notes",
           {"mentoring_notes"},
           "SELECT id, pair_id, session_id, body, shared_by_mentor, shared_by_mentee, created_at "
           "FROM mentoring_notes WHERE author_id = ? ORDER BY id",
           {"#id", "#pair_id", "#session_id", "body", "#shared_by_mentor", "#shared_by_mentee",
            "#created_at"}},
          {"mentoring_checkins_and_feedback",
           {"mentoring_checkins", "mentoring_feedback"},
           "SELECT 'check_in', pair_id, light, comment, wants_help, created_at, updated_at "
           "FROM mentoring_checkins WHERE user_id = ? "
           "UNION ALL SELECT 'feedback', pair_id, CAST(rating AS TEXT), comment, NULL, created_at, "
           "updated_at FROM mentoring_feedback WHERE user_id = ?",
           {"kind", "#pair_id", "light_or_rating", "comment", "#wants_help", "#created_at",
            "#updated_at"}},
      });
}

}  // namespace moim::mentoring
