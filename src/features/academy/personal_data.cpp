#include "features/academy/personal_data.hpp"

namespace moim::academy {

// A builder's review of an application is shown to the applicant (their
// application's page and API): exported. The score, who reviewed, and
// organizers' pins are the reviewers' working notes, never shown to the
// applicant: left out (pins are listed in features/privacy/exclusions.txt).
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  const std::vector<db::Value> me{user_id};
  if (auto status = web::add_personal_records(
          out, transaction, "applications", {"applications"},
          "SELECT a.id, c.cohort_key, c.name, a.scope, a.lab_id, a.answers, a.availability, "
          "a.status, a.revision, a.submitted_at, a.updated_at FROM applications a "
          "LEFT JOIN cohorts c ON c.id = a.cohort_id WHERE a.user_id = ? ORDER BY a.id",
          me,
          {"#id", "cohort_key", "cohort_name", "scope", "#lab_id", "@answers", "@availability",
           "status", "#revision", "#submitted_at", "#updated_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "application_choices", {"application_choices"},
          "SELECT ch.application_id, ch.choice_rank, ch.project_id, p.title, ch.answers, "
          "ch.review, ch.reviewed_at FROM application_choices ch JOIN applications a ON a.id = "
          "ch.application_id "
          "LEFT JOIN academy_projects p ON p.id = ch.project_id WHERE a.user_id = ? "
          "ORDER BY ch.application_id, ch.choice_rank",
          me,
          {"#application_id", "#choice_rank", "#project_id", "project_title", "@answers", "review",
           "#reviewed_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "projects_proposed", {"academy_projects"},
          "SELECT id, title, summary, kind, status, review_comment, created_at, updated_at "
          "FROM academy_projects WHERE proposed_by = ? ORDER BY id",
          me,
          {"#id", "title", "summary", "kind", "status", "review_comment", "#created_at",
           "#updated_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "project_places",
          {"project_builders", "project_co_runners", "project_runners", "project_auditors"},
          "SELECT 'builder', b.project_id, p.title, b.role, b.invited_at, b.accepted_at "
          "FROM project_builders b JOIN academy_projects p ON p.id = b.project_id "
          "WHERE b.user_id = ? "
          "UNION ALL SELECT 'co_runner', r.project_id, p.title, '', r.added_at, NULL "
          "FROM project_co_runners r JOIN academy_projects p ON p.id = r.project_id "
          "WHERE r.user_id = ? "
          "UNION ALL SELECT 'runner', r.project_id, p.title, '', r.placed_at, NULL "
          "FROM project_runners r JOIN academy_projects p ON p.id = r.project_id "
          "WHERE r.user_id = ? "
          "UNION ALL SELECT 'auditor', r.project_id, p.title, '', r.joined_at, NULL "
          "FROM project_auditors r JOIN academy_projects p ON p.id = r.project_id "
          "WHERE r.user_id = ?",
          {user_id, user_id, user_id, user_id},
          {"place", "#project_id", "project_title", "role", "#since", "#accepted_at"});
      !status)
    return status.error();
  // Only what was announced: an unpublished run is an organizer's draft.
  if (auto status = web::add_personal_records(
          out, transaction, "allocation_results", {"allocation_results", "allocation_waitlists"},
          "SELECT 'placed', r.run_id, r.project_id, p.title, r.choice_rank, r.explanation, "
          "run.published_at FROM allocation_results r JOIN allocation_runs run ON run.id = "
          "r.run_id "
          "LEFT JOIN academy_projects p ON p.id = r.project_id "
          "WHERE r.user_id = ? AND run.published_at IS NOT NULL "
          "UNION ALL SELECT 'waitlisted', w.run_id, w.project_id, p.title, w.position, '', "
          "run.published_at FROM allocation_waitlists w JOIN allocation_runs run ON run.id = "
          "w.run_id "
          "LEFT JOIN academy_projects p ON p.id = w.project_id "
          "WHERE w.user_id = ? AND run.published_at IS NOT NULL",
          {user_id, user_id},
          {"outcome", "#run_id", "#project_id", "project_title", "#rank_or_position",
           "@explanation", "#published_at"});
      !status)
    return status.error();
  if (auto status = web::add_personal_records(
          out, transaction, "seat_offers", {"seat_offers"},
          "SELECT s.cohort_id, s.project_id, p.title, s.state, s.offered_at, s.deadline, "
          "s.responded_at FROM seat_offers s LEFT JOIN academy_projects p ON p.id = s.project_id "
          "WHERE s.user_id = ? ORDER BY s.offered_at",
          me,
          {"#cohort_id", "#project_id", "project_title", "state", "#offered_at", "#deadline",
           "#responded_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::academy
