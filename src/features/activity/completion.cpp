#include "features/activity/completion.hpp"

namespace moim::activity {

Progress evaluate(const academy::CompletionRules& rules, const ProgressFacts& facts) {
  Progress progress;
  progress.facts = facts;
  const int counted = facts.sessions_held - facts.excused;
  progress.attendance_percent = counted > 0 ? facts.attended * 100 / counted : 100;
  progress.attendance_met = progress.attendance_percent >= rules.min_attendance_percent;
  progress.submissions_met = facts.submissions >= rules.min_submissions;
  progress.retrospective_required = rules.retrospective_required;
  progress.retrospective_met = !rules.retrospective_required || facts.retrospective_written;
  progress.on_track = progress.attendance_met && progress.submissions_met;
  return progress;
}

}  // namespace moim::activity
