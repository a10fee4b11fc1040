// The email plan: seat-offer mails that were never written show as "send"
// (rebuilt from the offer), dead ones as a resend of the same mail, and
// applying makes the plan clean.
#include "features/integrations/mail/email_plan.hpp"

#include <gtest/gtest.h>

#include "features/integrations/plan_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::automation {
namespace {

class EmailPlanTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    const std::int64_t now = clock_.now_seconds();
    auto writer = test_db_->database().write();
    auto run = [&](const std::string& sql, std::initializer_list<db::Value> params) {
      auto done = writer->execute(sql, params);
      ASSERT_TRUE(done.ok()) << sql << ": " << done.error().message;
    };
    run("INSERT INTO communities (slug, name, created_at, updated_at) VALUES ('lab', '가짜연구소', "
        "?, ?)",
        {now, now});
    community_ = writer->query_one("SELECT id FROM communities").value()->int64(0);
    for (const char* who : {"a", "b", "c"}) {
      run("INSERT INTO users (email, display_name, password_hash, created_at, updated_at) VALUES "
          "(?, ?, 'x', ?, ?)",
          {std::string(who) + "@example.com", std::string("러너 ") + who, now, now});
    }
    run("INSERT INTO cohorts (community_id, cohort_key, name, created_at, updated_at) VALUES (?, "
        "'7', '7기', ?, ?)",
        {community_, now, now});
    cohort_ = writer->query_one("SELECT id FROM cohorts").value()->int64(0);
    run("INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, language, "
        "mode, "
        "weekday, start_time, duration_minutes, time_zone, starts_on, ends_on, min_runners, "
        "max_runners, status, created_at, updated_at) VALUES (?, ?, 'LLM 스터디', 'study', "
        "'beginner', 'ko', 'online', 0, '20:00', 90, 'Asia/Seoul', '2026-03-02', '2026-05-25', 1, "
        "10, 'approved', ?, ?)",
        {community_, cohort_, now, now});
    project_ = writer->query_one("SELECT id FROM academy_projects").value()->int64(0);
    auto users = writer->query("SELECT id FROM users ORDER BY id").value();
    for (const auto& user : users) {
      run("INSERT INTO seat_offers (cohort_id, project_id, user_id, state, offered_at, deadline) "
          "VALUES (?, ?, ?, 'offered', ?, ?)",
          {cohort_, project_, user.int64(0), now, now + 72 * 3600});
      users_.push_back(user.int64(0));
    }
    // a's offer was delivered, b's died, c's was never written.
    for (int idx = 0; idx < 2; ++idx) {
      ASSERT_TRUE(
          enqueue(*writer,
                  {.kind = "email",
                   .target = std::string(idx ? "b" : "a") + "@example.com",
                   .payload = {{"template", "academy.result_placed"}, {"project", "LLM 스터디"}},
                   .idempotency_key = offer_key(users_[idx]),
                   .community_id = community_},
                  now)
              .ok());
    }
    run("UPDATE outbox SET state = 'done' WHERE idempotency_key = ?", {offer_key(users_[0])});
    run("UPDATE outbox SET state = 'dead', last_error = '550 no such mailbox' WHERE "
        "idempotency_key = ?",
        {offer_key(users_[1])});
    ASSERT_TRUE(writer->commit().ok());
  }
  std::string offer_key(std::int64_t user) {
    return "academy.offer:" + std::to_string(project_) + ":" + std::to_string(user);
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::int64_t community_ = 0, cohort_ = 0, project_ = 0;
  std::vector<std::int64_t> users_;
};

TEST_P(EmailPlanTest, MissingAndDeadMailShowAsSendAndApplyingSendsThem) {
  EmailPlanSource source(test_db_->database());
  auto plan = source.plan(cohort_);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->in_sync, 1);
  ASSERT_EQ(plan->actions.size(), 2u);
  const auto& resend = plan->actions[0];
  EXPECT_EQ(resend.message.target, "b@example.com");
  EXPECT_EQ(resend.message.idempotency_key.rfind(offer_key(users_[1]) + ":resend:", 0), 0u);
  EXPECT_NE(resend.summary.find("dead before"), std::string::npos) << resend.summary;
  const auto& missing = plan->actions[1];
  EXPECT_EQ(missing.verb, "create");
  EXPECT_EQ(missing.message.target, "c@example.com");
  EXPECT_EQ(missing.message.idempotency_key, offer_key(users_[2]));
  EXPECT_EQ(missing.message.payload.at("template").as_string(), "academy.result_placed");
  EXPECT_EQ(missing.message.payload.at("to_name").as_string(), "러너 c");
  EXPECT_EQ(missing.message.payload.at("link").as_string(), "/c/lab/cohorts/7");
  EXPECT_EQ(missing.summary, "send the seat offer for 'LLM 스터디' to 러너 c (never sent)");

  // Applying enqueues both, once; the plan is then clean.
  {
    auto writer = test_db_->database().write();
    for (const auto& action : plan->actions)
      ASSERT_TRUE(enqueue(*writer, action.message, clock_.now_seconds()).ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto after = source.plan(cohort_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->in_sync, 3);
  EXPECT_TRUE(after->actions.empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, EmailPlanTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::automation
