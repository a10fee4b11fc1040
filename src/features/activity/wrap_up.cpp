#include "features/activity/wrap_up.hpp"

namespace moim::activity {

bool builder_ran_project(const academy::CompletionRules& rules, const MemberFacts& facts) {
  const int held = facts.progress.sessions_held;
  const int due = held + facts.sessions_skipped;
  // held / due >= min%, in integers; nothing due counts as all held.
  const bool sessions_met = due == 0 || held * 100 >= rules.min_attendance_percent * due;
  const bool retrospective_met = !rules.retrospective_required ||
                                 facts.progress.retrospective_written ||
                                 facts.wrote_own_retrospective;
  return sessions_met && retrospective_met;
}

std::string_view compute_outcome(const academy::CompletionRules& rules, const MemberFacts& facts) {
  if (facts.dropped) return kDropped;
  if (facts.role == "builder")
    return builder_ran_project(rules, facts) ? kCompleted : kNotCompleted;
  const Progress progress = evaluate(rules, facts.progress);
  const bool met =
      progress.attendance_met && progress.submissions_met && progress.retrospective_met;
  return met ? kCompleted : kNotCompleted;
}

}  // namespace moim::activity
