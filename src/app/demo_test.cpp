#include "app/demo.hpp"

#include <gtest/gtest.h>

#include "features/activity/wrap_up.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"

namespace moim {
namespace {

class DemoTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoTest, SeedsALivingCommunityOnceWithEveryStageAndHistory) {
  crypto::initialise();
  crypto::set_password_cost(crypto::PasswordCost::kMinimum);
  moim::testing::TestDatabase test_db(GetParam());
  config::Settings settings;
  settings.web_root = MOIM_SOURCE_DIR "/web";
  auto app = App::create(settings, test_db.database());
  ASSERT_TRUE(app.ok()) << app.error().message;
  auto first = seed_demo(*app.value());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  auto second = seed_demo(*app.value());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);

  auto reader = test_db.database().read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(DISTINCT stage) FROM memberships").value()->int64(0),
            6);
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM memberships").value()->int64(0), 25);
  EXPECT_GT(reader->query_one("SELECT COUNT(*) FROM stage_changes").value()->int64(0), 50);
  // The academy: an archived cohort, one recruiting with ~160 applicants, a lab.
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM cohorts").value()->int64(0), 2);
  // Every cohort project runs within its cohort's running phase (issue #12:
  // 6기's certificates printed a 2027 period for a season a year ago).
  auto periods = reader->query(
      "SELECT p.title, p.starts_on, p.ends_on, h.starts_at, h.ends_at FROM academy_projects p "
      "JOIN cohort_phases h ON h.cohort_id = p.cohort_id AND h.phase = 'running'");
  ASSERT_TRUE(periods.ok());
  EXPECT_GE(periods->size(), 20u);
  for (const auto& row : periods.value()) {
    EXPECT_GE(row.text(1), format_local(row.int64(3), "Asia/Seoul", "%Y-%m-%d")) << row.text(0);
    EXPECT_LE(row.text(2), format_local(row.int64(4) - 1, "Asia/Seoul", "%Y-%m-%d")) << row.text(0);
  }
  // 6기 is closed with Pseudo-Lab's figures: 150 completed, 10 dropped out (93.8%).
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM cohort_closures").value()->int64(0), 1);
  EXPECT_EQ(reader
                ->query_one("SELECT COUNT(*) FROM completion_results WHERE outcome = "
                            "'completed'")
                .value()
                ->int64(0),
            150);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM completion_results WHERE outcome = 'dropped'")
                .value()
                ->int64(0),
            10);
  // The rate counts everyone who held a seat: 150 completed of 160 reads 93.8%.
  activity::CompletionTally tally;
  auto outcomes = reader->query("SELECT outcome FROM completion_results");
  ASSERT_TRUE(outcomes.ok());
  for (const auto& row : outcomes.value()) tally.add(row.text(0));
  EXPECT_EQ(tally.seated(), 160);
  EXPECT_EQ(activity::format_rate(tally.rate_permille()), "93.8%");
  EXPECT_EQ(reader
                ->query_one("SELECT COUNT(*) FROM completion_results WHERE override_reason <> "
                            "''")
                .value()
                ->int64(0),
            1);
  // The lab runs: sessions (one skipped), attendance, a writing series, posts.
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM activity_sessions").value()->int64(0), 10);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM activity_sessions WHERE status = 'skipped'")
                .value()
                ->int64(0),
            1);
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM activity_attendance").value()->int64(0), 15);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM activity_deadlines").value()->int64(0), 8);
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM activity_submissions").value()->int64(0), 10);
  // Growth logs and retrospectives (the lab's own and two runners').
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM activity_growth_logs").value()->int64(0), 12);
  EXPECT_EQ(
      reader
          ->query_one("SELECT COUNT(*) FROM activity_retrospectives r JOIN academy_projects p "
                      "ON p.id = r.project_id WHERE p.cohort_id IS NULL")
          .value()
          ->int64(0),
      3);
  // Cohort applicants; the lab's five runners applied to the lab itself.
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM applications WHERE cohort_id IS NOT NULL")
                .value()
                ->int64(0),
            kDemoApplicants);
  EXPECT_EQ(reader
                ->query_one("SELECT COUNT(*) FROM application_choices c JOIN applications a ON "
                            "a.id = c.application_id WHERE a.cohort_id IS NOT NULL")
                .value()
                ->int64(0),
            3 * kDemoApplicants);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM applications WHERE lab_id IS NOT NULL")
                .value()
                ->int64(0),
            5);
  auto recruiting = app.value()->academy().cohort(kDemoSlug, "7");
  ASSERT_TRUE(recruiting.ok());
  EXPECT_EQ(recruiting->current_phase(Clock().now_seconds()), academy::Phase::kRecruiting);
  EXPECT_GE(app.value()->academy().catalog({}, kDemoSlug, "7", {})->size(), 15u);
  EXPECT_EQ(app.value()->academy().labs({}, kDemoSlug)->size(), 1u);
  // A biweekly coffee-chat program with past rounds, answers and an open round.
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM coffee_programs WHERE cadence = 'biweekly'")
                .value()
                ->int64(0),
            1);
  EXPECT_GE(reader->query_one("SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NOT NULL")
                .value()
                ->int64(0),
            3);
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NULL")
                .value()
                ->int64(0),
            1);
  EXPECT_GT(reader->query_one("SELECT COUNT(*) FROM coffee_group_members WHERE met = 1")
                .value()
                ->int64(0),
            10);
  EXPECT_EQ(reader->query_one("SELECT SUM(repeated_pairs) FROM coffee_rounds").value()->int64(0),
            0);
  auto login =
      app.value()->accounts().log_in("member@moim.demo", kDemoPassword, "127.0.0.1", "test");
  EXPECT_TRUE(login.ok());
}

INSTANTIATE_TEST_SUITE_P(Drivers, DemoTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim
