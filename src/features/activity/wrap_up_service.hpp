// Wrap-up of a cohort (수료): each project's completion rules, drop-outs
// (중도 하차), computing and deciding every member's result, closing the
// cohort (results become final), and completion statistics with charts and
// CSV. Authorization lives here; every state change is one transaction with
// its audit entry and outbox rows (mail, webhooks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/academy/academy_service.hpp"
#include "features/activity/wrap_up.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/outbox/organizer_count.hpp"

namespace moim::activity {

inline constexpr std::size_t kMaxWrapUpReasonChars = 500;

struct ProjectRules {
  academy::CompletionRules rules;
  bool own = false;  // the project's own; otherwise its cohort's defaults
};

struct Dropout {
  std::int64_t project_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string reason;
  bool self_reported = false;
  std::int64_t dropped_at = 0;
  bool seat_offered_to_waitlist = false;  // only in the answer to the drop-out itself
};

struct ResultRow {
  std::int64_t project_id = 0;
  std::int64_t user_id = 0;
  std::string display_name;
  std::string role;  // builder | runner
  std::string computed;
  std::string outcome;
  std::string override_reason;
  bool confirmed = false;
  std::int64_t updated_at = 0;
  // Filled in my_results only: where the result belongs and whether it is final.
  std::string project_title;
  std::string cohort_name;
  bool final_result = false;
};

struct ProjectWrapUp {
  std::int64_t project_id = 0;
  std::string title;
  ProjectRules rules;
  std::vector<ResultRow> results;  // builders first, then runners, by name
  CompletionTally tally;
  std::string cohort_key;
  bool closed = false;  // the cohort is closed: results are final
};

struct CohortWrapUp {
  std::int64_t cohort_id = 0;
  std::string key;
  std::string name;
  bool computed = false;  // results exist
  bool closed = false;
  std::int64_t closed_at = 0;
  bool may_compute = false;  // from the wrap-up phase on, until closed
  std::vector<ProjectWrapUp> projects;
  CompletionTally total;
};

// A decision on one result: confirm it as computed, or override it.
struct Decision {
  std::optional<std::string> outcome;  // empty: confirm the computed outcome
  std::string reason;                  // required when the outcome differs from computed
};

struct WeekAttendance {
  std::string week;  // ISO week of the sessions in the community's zone, e.g. "2026-W09"
  int attended = 0;  // present or late
  int counted = 0;   // present, late or absent (excused left out)
  int percent() const { return counted > 0 ? attended * 100 / counted : 0; }
};

struct DeadlineCount {
  std::int64_t deadline_id = 0;
  std::string title;
  int seq = 0;
  std::int64_t due_at = 0;
  int on_time = 0;
  int late = 0;
};

struct CohortStatistics {
  std::string key;
  std::string name;
  bool closed = false;
  std::vector<ProjectWrapUp> projects;  // tallies only (results left empty)
  CompletionTally total;
  std::vector<WeekAttendance> attendance;
  std::vector<DeadlineCount> deadlines;
  // What moim did for the cohort beside what people did by hand (empty
  // until app/ hands the service a counter).
  std::optional<outbox::OrganizerCount> organizer_count;
};

struct CohortTally {
  std::string key;
  std::string name;
  bool closed = false;
  CompletionTally tally;
  std::optional<outbox::OrganizerCount> organizer_count;
};

class WrapUpService {
 public:
  WrapUpService(db::Database& database, const Clock& clock, academy::AcademyService& academy);
  // The organizer's count on the statistics pages (app/ owns the counter,
  // which knows every room's part).
  void count_with(const outbox::OrganizerCounter& counter) { counter_ = &counter; }

  // Completion rules. Reading: whoever may see the project. Setting: its
  // builders and organizers, until the cohort is closed.
  Result<ProjectRules> rules(const accounts::Viewer& viewer, const std::string& slug,
                             std::int64_t project_id);
  Result<ProjectRules> set_rules(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t project_id, const academy::CompletionRules& rules);

  // A runner leaves the project: recorded by its builders or organizers, or
  // by the runner themselves (self-leave needs confirmed = true). The seat is
  // freed (during the late-join window it goes to the waitlist at once).
  Result<Dropout> drop_out(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t project_id, std::int64_t user_id, const std::string& reason,
                           bool confirmed);
  Result<std::vector<Dropout>> dropouts(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id);

  // Organizers, from the wrap-up phase until closing: computes every
  // builder's and runner's result of every approved project. Results a
  // builder or organizer already decided keep their outcome.
  Result<CohortWrapUp> compute(const accounts::Viewer& viewer, const std::string& slug,
                               const std::string& key);
  // Organizers: the whole cohort's wrap-up.
  Result<CohortWrapUp> cohort_wrap_up(const accounts::Viewer& viewer, const std::string& slug,
                                      const std::string& key);
  // The project's builders and organizers.
  Result<ProjectWrapUp> project_wrap_up(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t project_id);
  // The project's builders and organizers; 409 once the cohort is closed.
  Result<ResultRow> decide(const accounts::Viewer& viewer, const std::string& slug,
                           std::int64_t project_id, std::int64_t user_id, const Decision& decision);
  // Organizers: results become final; mails every member their result and
  // emits member.completed for every completer.
  Result<CohortWrapUp> close(const accounts::Viewer& viewer, const std::string& slug,
                             const std::string& key);
  // The viewer's own results in this community (any signed-in member).
  Result<std::vector<ResultRow>> my_results(const accounts::Viewer& viewer,
                                            const std::string& slug);
  // Growth: a runner who completed a project of a closed cohort may propose
  // and lead a project as a builder next (shown on their member page).
  Result<bool> builder_eligible(const std::string& slug, std::int64_t user_id);

  // Statistics (organizers).
  Result<CohortStatistics> statistics(const accounts::Viewer& viewer, const std::string& slug,
                                      const std::string& key);
  Result<std::vector<CohortTally>> across_cohorts(const accounts::Viewer& viewer,
                                                  const std::string& slug);
  // UTF-8 with a BOM, formula-defused: one row per result.
  Result<std::string> results_csv(const accounts::Viewer& viewer, const std::string& slug,
                                  const std::string& key);

 private:
  struct Place {  // a cohort project with who is asking
    academy::Project project;
    academy::Cohort cohort;
    std::int64_t community_id = 0;
    bool manages = false;  // a builder of it, or an organizer
  };
  Result<Place> place_of(const accounts::Viewer& viewer, const std::string& slug,
                         std::int64_t project_id);
  Result<academy::Cohort> managed_cohort(const accounts::Viewer& viewer, const std::string& slug,
                                         const std::string& key, std::int64_t& community_id);
  Result<ProjectWrapUp> load_project(db::Transaction& reader, const academy::Project& project,
                                     const academy::Cohort& cohort, bool with_results);
  Result<CohortWrapUp> load_cohort(db::Transaction& reader, const academy::Cohort& cohort,
                                   bool with_results);

  db::Database& database_;
  const Clock& clock_;
  academy::AcademyService& academy_;
  const outbox::OrganizerCounter* counter_ = nullptr;
};

// The rules that apply to a project: its own row, else the cohort's.
Result<ProjectRules> effective_rules(db::Transaction& reader, std::int64_t project_id,
                                     const academy::CompletionRules& cohort_rules);
// Whether the cohort is closed (its results final).
Result<bool> cohort_closed(db::Transaction& reader, std::int64_t cohort_id);

}  // namespace moim::activity
