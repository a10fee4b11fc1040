#include "features/activity/wrap_up.hpp"

#include <gtest/gtest.h>

namespace moim::activity {
namespace {

MemberFacts runner(int held, int attended, int excused, int submissions, bool retrospective) {
  MemberFacts facts;
  facts.role = "runner";
  facts.progress = {held, attended, excused, submissions, 4, retrospective};
  return facts;
}

TEST(WrapUp, RunnerCompletesWhenEveryRuleIsMet) {
  const academy::CompletionRules rules{80, 3, true};
  EXPECT_EQ(compute_outcome(rules, runner(10, 8, 0, 3, true)), kCompleted);
  // Attendance short, submissions short, or no retrospective: not completed.
  EXPECT_EQ(compute_outcome(rules, runner(10, 7, 0, 3, true)), kNotCompleted);
  EXPECT_EQ(compute_outcome(rules, runner(10, 8, 0, 2, true)), kNotCompleted);
  EXPECT_EQ(compute_outcome(rules, runner(10, 8, 0, 3, false)), kNotCompleted);
  // Without the retrospective rule the missing retrospective does not matter.
  EXPECT_EQ(compute_outcome({80, 3, false}, runner(10, 8, 0, 3, false)), kCompleted);
}

TEST(WrapUp, ExcusedSessionsAreLeftOutAndLateCountsAsAttended) {
  const academy::CompletionRules rules{80, 0, false};
  // 10 held, 3 excused, 6 attended (present or late): 6 / 7 = 85 %.
  EXPECT_EQ(compute_outcome(rules, runner(10, 6, 3, 0, false)), kCompleted);
  // Without the excuses the same six would be 60 %.
  EXPECT_EQ(compute_outcome(rules, runner(10, 6, 0, 0, false)), kNotCompleted);
}

TEST(WrapUp, DroppedOutWinsOverEverythingElse) {
  MemberFacts facts = runner(10, 10, 0, 5, true);
  facts.dropped = true;
  EXPECT_EQ(compute_outcome({0, 0, false}, facts), kDropped);
}

TEST(WrapUp, BuildersCompleteByRunningTheProjectWithARetrospective) {
  MemberFacts builder;
  builder.role = "builder";
  builder.progress.sessions_held = 10;  // they ran them; no attendance of their own
  builder.progress.attended = 0;        // and never checked themselves in
  EXPECT_EQ(compute_outcome({80, 3, true}, builder), kNotCompleted);  // no retrospective
  builder.progress.retrospective_written = true;                      // the project's
  EXPECT_EQ(compute_outcome({80, 3, true}, builder), kCompleted);
  builder.progress.retrospective_written = false;
  builder.wrote_own_retrospective = true;  // their own counts as well
  EXPECT_EQ(compute_outcome({80, 3, true}, builder), kCompleted);
  builder.wrote_own_retrospective = false;
  EXPECT_EQ(compute_outcome({80, 3, false}, builder), kCompleted);
}

TEST(WrapUp, BuildersWhoSkippedTooManySessionsDidNotRunTheProjectToItsEnd) {
  MemberFacts builder;
  builder.role = "builder";
  builder.progress.retrospective_written = true;
  builder.progress.sessions_held = 8;
  builder.sessions_skipped = 2;  // 8 of 10 held: exactly 80%
  EXPECT_TRUE(builder_ran_project({80, 0, true}, builder));
  EXPECT_EQ(compute_outcome({80, 0, true}, builder), kCompleted);
  builder.progress.sessions_held = 7;
  builder.sessions_skipped = 3;  // 70%
  EXPECT_FALSE(builder_ran_project({80, 0, true}, builder));
  EXPECT_EQ(compute_outcome({80, 0, true}, builder), kNotCompleted);
  EXPECT_EQ(compute_outcome({70, 0, true}, builder), kCompleted);
  // Nothing due yet counts as all held, as for runners.
  builder.progress.sessions_held = 0;
  builder.sessions_skipped = 0;
  EXPECT_TRUE(builder_ran_project({80, 0, false}, builder));
  // Every session skipped: the project did not run.
  builder.sessions_skipped = 4;
  EXPECT_EQ(compute_outcome({1, 0, false}, builder), kNotCompleted);
}

TEST(WrapUp, RateIsCompletedOverEveryoneWhoHeldASeat) {
  CompletionTally tally;
  for (int idx = 0; idx < 150; ++idx) tally.add(kCompleted);
  for (int idx = 0; idx < 10; ++idx) tally.add(kDropped);
  // 6기 as the seeds report it: 150 of 160.
  EXPECT_EQ(tally.seated(), 160);
  EXPECT_EQ(tally.rate_permille(), 938);
  EXPECT_EQ(format_rate(tally.rate_permille()), "93.8%");
  // Members who stayed but missed the rules count against the rate too.
  for (int idx = 0; idx < 7; ++idx) tally.add(kNotCompleted);
  EXPECT_EQ(tally.seated(), 167);
  EXPECT_EQ(tally.rate_permille(), 898);  // 150 / 167 = 89.82%
  EXPECT_EQ(format_rate(CompletionTally{}.rate_permille()), "-");
  EXPECT_EQ(format_rate(CompletionTally{3, 0, 0}.rate_permille()), "100.0%");
  EXPECT_EQ(format_rate(CompletionTally{0, 2, 1}.rate_permille()), "0.0%");
  EXPECT_EQ(format_rate(CompletionTally{2, 0, 1}.rate_permille()), "66.7%");
  // The case: 1 completed, 9 not completed is 10.0%, not 100.0%.
  EXPECT_EQ(format_rate(CompletionTally{1, 9, 0}.rate_permille()), "10.0%");
}

TEST(WrapUp, TallyGroupsByCohortAndProject) {
  const std::vector<OutcomeRow> rows{{2, 20, kCompleted},
                                     {1, 10, kDropped},
                                     {1, 10, kCompleted},
                                     {1, 11, kNotCompleted},
                                     {2, 20, kCompleted}};
  const CompletionStatistics statistics = tally_outcomes(rows);
  EXPECT_EQ(statistics.total.completed, 3);
  EXPECT_EQ(statistics.total.dropped, 1);
  EXPECT_EQ(statistics.total.not_completed, 1);
  ASSERT_EQ(statistics.cohorts.size(), 2u);
  EXPECT_EQ(statistics.cohorts[0].id, 1);
  EXPECT_EQ(statistics.cohorts[0].tally.rate_permille(),
            333);  // 1 of 3 seats (10: completed, dropped; 11: not completed)
  EXPECT_EQ(statistics.cohorts[1].tally.rate_permille(), 1000);
  ASSERT_EQ(statistics.projects.size(), 3u);
  EXPECT_EQ(statistics.projects[1].id, 11);
  EXPECT_EQ(statistics.projects[1].tally.rate_permille(), 0);  // one seat, not completed
  EXPECT_TRUE(is_outcome("dropped"));
  EXPECT_FALSE(is_outcome("passed"));
}

}  // namespace
}  // namespace moim::activity
