#include "features/activity/wrap_up.hpp"

namespace moim::activity {

std::string_view compute_outcome(const academy::CompletionRules& rules, const MemberFacts& facts) {
  if (facts.dropped) return kDropped;
  const Progress progress = evaluate(rules, facts.progress);
  if (facts.role == "builder") return progress.retrospective_met ? kCompleted : kNotCompleted;
  const bool met =
      progress.attendance_met && progress.submissions_met && progress.retrospective_met;
  return met ? kCompleted : kNotCompleted;
}

}  // namespace moim::activity
