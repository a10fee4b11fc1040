// Wrap-up (수료) as pure computation: a member's outcome from the facts and
// the project's rules, and completion statistics from outcomes. The service
// (wrap_up_service.hpp) gathers the facts; the benchmark calls these alone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "features/academy/academy_service.hpp"
#include "features/activity/completion.hpp"

namespace moim::activity {

inline constexpr std::string_view kCompleted = "completed";
inline constexpr std::string_view kNotCompleted = "not_completed";
inline constexpr std::string_view kDropped = "dropped";
bool is_outcome(std::string_view outcome);

// What decides one member's result at wrap-up.
struct MemberFacts {
  std::string role;  // builder | runner
  bool dropped = false;
  // Attendance and submissions as the live progress counts them (used for
  // runners), and whether the retrospective that counts was written.
  ProgressFacts progress;
  // Past sessions that were skipped (cancelled); with progress.sessions_held
  // they are what the builder's rule reads.
  int sessions_skipped = 0;
  // A builder's own member retrospective; the project's counts as well.
  bool wrote_own_retrospective = false;
};

// The builder's rule (빌더 수료 기준): builders run the sessions rather than
// attend them, and do not submit, so they complete when they ran the project
// to its end: of its sessions due so far, at least the rules' attendance
// share was held rather than skipped (100% when none was due, as for runners),
// and the retrospective rule is met by the project's retrospective or their
// own. Before this rule builders were held to the runners' retrospective
// alone and, in practice, always needed an override.
bool builder_ran_project(const academy::CompletionRules& rules, const MemberFacts& facts);

std::string_view compute_outcome(const academy::CompletionRules& rules, const MemberFacts& facts);

// One result as it will be counted: the project it belongs to and its outcome.
struct OutcomeRow {
  std::int64_t cohort_id = 0;
  std::int64_t project_id = 0;
  std::string_view outcome;
};

struct CompletionTally {
  int completed = 0;
  int not_completed = 0;
  int dropped = 0;
  // Everyone who held a seat: completed, not completed and dropped out.
  int seated() const { return completed + not_completed + dropped; }
  // completed / seated(), in tenths of a percent (150 of 160 = 938 = 93.8%);
  // -1 before anyone has a result. Drop-outs are shown beside the rate.
  int rate_permille() const;
  void add(std::string_view outcome);
};

// "93.8%" (one decimal, rounded half up) or "-" for no rate.
std::string format_rate(int permille);

struct GroupTally {
  std::int64_t id = 0;
  CompletionTally tally;
};

struct CompletionStatistics {
  CompletionTally total;
  std::vector<GroupTally> cohorts;   // by cohort id, ascending
  std::vector<GroupTally> projects;  // by project id, ascending
};

// Tallies outcomes per cohort, per project and in total. Rows may come in
// any order.
CompletionStatistics tally_outcomes(const std::vector<OutcomeRow>& rows);

}  // namespace moim::activity
