#include "features/activity/personal_data.hpp"

namespace moim::activity {

// Who recorded a change (a builder) stays out; a calendar feed's secret too.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  return web::personal_queries(
      transaction, user_id,
      {
          {"attendance",
           {"activity_attendance"},
           "SELECT s.project_id, a.session_id, s.slot_date, s.topic, a.status, a.source, "
           "a.recorded_at "
           "FROM activity_attendance a JOIN activity_sessions s ON s.id = a.session_id "
           "WHERE a.user_id = ? ORDER BY s.starts_at, a.session_id",
           {"#project_id", "#session_id", "date", "topic", "status", "source", "#recorded_at"}},
          {"attendance_changes",
           {"activity_attendance_changes", "activity_checkin_failures"},
           "SELECT 'change', session_id, old_status, new_status, reason, changed_at "
           "FROM activity_attendance_changes WHERE user_id = ? "
           "UNION ALL SELECT 'failed_check_ins', session_id, '', '', CAST(failures AS TEXT), NULL "
           "FROM activity_checkin_failures WHERE user_id = ?",
           {"kind", "#session_id", "old_status", "new_status", "reason_or_count", "#changed_at"}},
          {"submissions",
           {"activity_submissions"},
           "SELECT ds.project_id, ds.title, d.seq, d.due_at, sub.link, sub.body, sub.tags, "
           "sub.share, "
           "sub.late, sub.submitted_at, sub.updated_at FROM activity_submissions sub "
           "JOIN activity_deadlines d ON d.id = sub.deadline_id "
           "JOIN activity_deadline_series ds ON ds.id = d.series_id WHERE sub.user_id = ? "
           "ORDER BY d.due_at, d.id",
           {"#project_id", "deadline", "#number", "#due_at", "link", "body", "@tags", "#shared",
            "#late", "#submitted_at", "#updated_at"}},
          {"passes",
           {"activity_passes"},
           "SELECT ds.project_id, ds.title, d.seq, p.used_at FROM activity_passes p "
           "JOIN activity_deadlines d ON d.id = p.deadline_id "
           "JOIN activity_deadline_series ds ON ds.id = d.series_id WHERE p.user_id = ? "
           "ORDER BY p.used_at",
           {"#project_id", "deadline", "#number", "#used_at"}},
          {"growth_logs",
           {"activity_growth_logs"},
           "SELECT id, week_start, project_id, learned, blocked, links, visibility, created_at, "
           "updated_at FROM activity_growth_logs WHERE user_id = ? ORDER BY week_start, id",
           {"#id", "week_start", "#project_id", "learned", "blocked", "@links", "visibility",
            "#created_at", "#updated_at"}},
          {"retrospectives",
           {"activity_retrospectives"},
           "SELECT id, project_id, scope, keep_text, problem_text, try_text, visibility, "
           "created_at, "
           "updated_at FROM activity_retrospectives WHERE author_id = ? ORDER BY id",
           {"#id", "#project_id", "scope", "keep", "problem", "try", "visibility", "#created_at",
            "#updated_at"}},
          {"completion",
           {"completion_results", "activity_dropouts"},
           "SELECT 'result', cohort_id, project_id, role, outcome, override_reason, confirmed, "
           "updated_at FROM completion_results WHERE user_id = ? "
           "UNION ALL SELECT 'dropout', cohort_id, project_id, '', 'dropped', reason, "
           "self_reported, "
           "dropped_at FROM activity_dropouts WHERE user_id = ?",
           {"kind", "#cohort_id", "#project_id", "role", "outcome", "reason", "#confirmed_or_self",
            "#at"}},
          {"calendar_feeds",
           {"activity_calendar_feeds"},
           "SELECT community_id, project_id, created_at FROM activity_calendar_feeds "
           "WHERE user_id = ? ORDER BY created_at",
           {"#community_id", "#project_id", "#created_at"}},
      });
}

}  // namespace moim::activity
