// How the academy's records look as JSON: the API's responses, and the
// base of the pages' template views (declared in routes.hpp).
#include "features/academy/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::academy {

namespace {

boost::json::array string_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

}  // namespace

boost::json::object cohort_json(const Cohort& cohort, std::int64_t now) {
  boost::json::array phases;
  for (const auto& window : cohort.phases) {
    phases.push_back({{"phase", phase_name(window.phase)},
                      {"starts_at", format_utc_iso(window.starts_at)},
                      {"ends_at", format_utc_iso(window.ends_at)},
                      {"current", window.starts_at <= now && now < window.ends_at}});
  }
  const auto current = cohort.current_phase(now);
  return {{"id", cohort.id},
          {"key", cohort.key},
          {"name", cohort.name},
          {"description", cohort.description},
          {"max_choices", cohort.max_choices},
          {"questions", string_array(cohort.questions)},
          {"auditing_open", cohort.auditing_open},
          {"completion_rules",
           {{"min_attendance_percent", cohort.completion.min_attendance_percent},
            {"min_submissions", cohort.completion.min_submissions},
            {"retrospective_required", cohort.completion.retrospective_required}}},
          {"seat_confirm_hours", cohort.seat_confirm_hours},
          {"late_join_days", cohort.late_join_days},
          {"phases", phases},
          {"current_phase", current ? boost::json::value(phase_name(*current)) : nullptr},
          {"created_at", format_utc_iso(cohort.created_at)}};
}

boost::json::object project_json(const Project& project) {
  boost::json::array builders;
  for (const auto& builder : project.builders) {
    builders.push_back({{"user_id", builder.user_id},
                        {"display_name", builder.display_name},
                        {"bio", builder.bio},
                        {"github_url", builder.github_url},
                        {"blog_url", builder.blog_url},
                        {"role", builder.lead ? "lead" : "co"},
                        {"accepted", builder.accepted}});
  }
  return {{"id", project.id},
          {"cohort_id", project.cohort_id ? boost::json::value(*project.cohort_id) : nullptr},
          {"is_lab", project.is_lab()},
          {"title", project.title},
          {"summary", project.summary},
          {"description", project.description},
          {"description_html", project.description_html},
          {"kind", project.kind},
          {"tags", string_array(project.tags)},
          {"level", project.level},
          {"language", project.language},
          {"mode", project.mode},
          {"place", project.place},
          {"schedule",
           {{"weekday", project.weekday},
            {"start_time", project.start_time},
            {"duration_minutes", project.duration_minutes},
            {"time_zone", project.time_zone},
            {"starts_on", project.starts_on},
            {"ends_on", project.ends_on}}},
          {"min_runners", project.min_runners},
          {"max_runners", project.max_runners},
          {"runners", project.runners},
          {"seats_left", project.seats_left()},
          {"auditors", project.auditors},
          {"applicants", project.applicants},
          {"auditors_welcome", project.auditors_welcome},
          {"questions", string_array(project.questions)},
          {"status", status_name(project.status)},
          {"review_comment", project.review_comment},
          {"builders", builders},
          {"created_at", format_utc_iso(project.created_at)}};
}

boost::json::object application_json(const Application& application) {
  boost::json::array choices;
  for (const auto& choice : application.choices) {
    choices.push_back({{"rank", choice.rank},
                       {"project_id", choice.project_id},
                       {"project_title", choice.project_title},
                       {"answers", string_array(choice.answers)},
                       {"review", choice.review},
                       {"placed", choice.placed}});
  }
  return {{"id", application.id},
          {"status", application.status},
          {"answers", string_array(application.answers)},
          {"availability", string_array(application.availability)},
          {"choices", choices},
          {"revision", application.revision},
          {"submitted_at", format_utc_iso(application.submitted_at)},
          {"updated_at", format_utc_iso(application.updated_at)}};
}

boost::json::object applicant_json(const Applicant& applicant) {
  return {{"application_id", applicant.application_id},
          {"user_id", applicant.user_id},
          {"display_name", applicant.display_name},
          {"email", applicant.email},
          {"rank", applicant.rank},
          {"common_answers", string_array(applicant.common_answers)},
          {"answers", string_array(applicant.answers)},
          {"availability", string_array(applicant.availability)},
          {"review", applicant.review},
          {"score", applicant.score ? boost::json::value(*applicant.score) : nullptr},
          {"co_runner", applicant.co_runner},
          {"submitted_at", format_utc_iso(applicant.submitted_at)}};
}

boost::json::object run_json(const AllocationRun& run) {
  boost::json::array by_rank, projects, placements;
  for (int count : run.by_rank) by_rank.emplace_back(count);
  for (const auto& project : run.projects) {
    boost::json::array waitlist;
    for (auto user_id : project.waitlist) waitlist.emplace_back(user_id);
    projects.push_back(boost::json::object{{"project_id", project.project_id},
                                           {"title", project.title},
                                           {"filled", project.filled},
                                           {"min", project.min},
                                           {"max", project.max},
                                           {"cancelled", project.cancelled},
                                           {"waitlist", waitlist},
                                           {"waitlist_count", project.waitlist.size()}});
  }
  for (const auto& placement : run.placements) {
    boost::json::array explanation;
    for (const auto& choice : placement.explanation) {
      explanation.push_back(boost::json::object{{"project_id", choice.project_id},
                                                {"project_title", choice.project_title},
                                                {"outcome", choice.outcome}});
    }
    placements.push_back(boost::json::object{
        {"user_id", placement.user_id},
        {"display_name", placement.display_name},
        {"project_id", placement.project_id ? boost::json::value(*placement.project_id) : nullptr},
        {"rank", placement.rank},
        {"explanation", explanation},
        {"pinned_project_id",
         placement.pinned_project ? boost::json::value(*placement.pinned_project) : nullptr},
        {"pin_reason", placement.pin_reason}});
  }
  return {{"id", run.id},
          {"mode", run.mode},
          {"seed", run.seed},
          {"cancel_under_minimum", run.cancel_under_minimum},
          {"summary", {{"by_rank", by_rank}, {"unassigned", run.unassigned}}},
          {"projects", projects},
          {"placements", placements},
          {"created_at", format_utc_iso(run.created_at)},
          {"published_at",
           run.published_at ? boost::json::value(format_utc_iso(*run.published_at)) : nullptr}};
}

boost::json::object result_json(const MyResult& result) {
  boost::json::array waitlisted, explanation;
  for (const auto& entry : result.waitlisted) {
    waitlisted.push_back(boost::json::object{{"project_id", entry.project_id},
                                             {"project_title", entry.project_title},
                                             {"position", entry.position}});
  }
  for (const auto& choice : result.explanation) {
    explanation.push_back(boost::json::object{{"project_id", choice.project_id},
                                              {"project_title", choice.project_title},
                                              {"outcome", choice.outcome}});
  }
  return {{"published", result.published},
          {"project_id", result.project_id ? boost::json::value(*result.project_id) : nullptr},
          {"project_title", result.project_title},
          {"rank", result.rank},
          {"seat", result.offer_state.empty() ? boost::json::value(nullptr)
                                              : boost::json::value(result.offer_state)},
          {"confirm_by",
           result.deadline ? boost::json::value(format_utc_iso(result.deadline)) : nullptr},
          {"waitlisted", waitlisted},
          {"explanation", explanation}};
}

}  // namespace moim::academy
