#include "features/activity/completion.hpp"

#include <gtest/gtest.h>

namespace moim::activity {
namespace {

TEST(Completion, AttendanceShareLeavesExcusedSessionsOut) {
  const academy::CompletionRules rules{80, 3, true};
  // 10 held, 2 excused, 7 attended: 7 / 8 = 87 %.
  const Progress progress = evaluate(rules, {10, 7, 2, 3, 4});
  EXPECT_EQ(progress.attendance_percent, 87);
  EXPECT_TRUE(progress.attendance_met);
  EXPECT_TRUE(progress.submissions_met);
  EXPECT_TRUE(progress.on_track);
  EXPECT_TRUE(progress.retrospective_required);
}

TEST(Completion, FallsBehindOnEitherRule) {
  const academy::CompletionRules rules{80, 3, false};
  EXPECT_FALSE(evaluate(rules, {10, 7, 0, 5, 5}).attendance_met);  // 70 %
  EXPECT_FALSE(evaluate(rules, {10, 10, 0, 2, 5}).submissions_met);
  EXPECT_FALSE(evaluate(rules, {10, 10, 0, 2, 5}).on_track);
  // Nothing held yet: nobody is behind on attendance.
  EXPECT_EQ(evaluate(rules, {}).attendance_percent, 100);
  EXPECT_TRUE(evaluate(rules, {}).attendance_met);
  // Everything excused counts as full attendance too.
  EXPECT_EQ(evaluate(rules, {3, 0, 3, 0, 0}).attendance_percent, 100);
}

}  // namespace
}  // namespace moim::activity
