// Tests only: the fixture of the activity service tests: a community with
// an organizer, a builder, a runner and a member, cohort 10 on each
// database, and project() for an approved project with the runner seated.
#pragma once

#include <gtest/gtest.h>

#include "features/activity/activity_service.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::activity::testing {

using academy::Decision;
using academy::PhaseWindow;
using academy::ProjectInput;
using accounts::Viewer;
inline constexpr std::int64_t kDay = 24 * 3600;
inline constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15 08:00 UTC

inline std::vector<PhaseWindow> phases_from(std::int64_t start) {
  const std::int64_t lengths[] = {10, 10, 5, 100, 10, 300};
  std::vector<PhaseWindow> phases;
  std::int64_t at = start;
  for (std::size_t idx = 0; idx < academy::kAllPhases.size(); ++idx) {
    phases.push_back({academy::kAllPhases[idx], at, at + lengths[idx] * kDay});
    at += lengths[idx] * kDay;
  }
  return phases;
}

inline ProjectInput study(const std::string& zone) {
  ProjectInput input;
  input.title = "LLM 논문 읽기";
  input.kind = "paper_reading";
  input.level = "intermediate";
  input.language = "ko";
  input.mode = "online";
  input.weekday = 2;  // Wednesday
  input.start_time = "20:00";
  input.duration_minutes = 90;
  input.time_zone = zone;
  input.starts_on = "2027-03-01";
  input.ends_on = "2027-04-30";
  input.min_runners = 1;
  input.max_runners = 10;
  input.auditors_welcome = true;
  return input;
}

// One fixture for the suite ActivityServiceTest, whose tests live in
// activity_service_test.cpp and writing_test.cpp (instantiated once, there).
class ActivityServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    academy_ =
        std::make_unique<academy::AcademyService>(test_db_->database(), clock_, *communities_);
    service_ = std::make_unique<ActivityService>(test_db_->database(), clock_, *academy_,
                                                 "https://moim.example/");
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "빌더", false);
    runner_ = viewer("runner@example.com", "김러너", false);
    member_ = viewer("member@example.com", "회원", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &runner_, &member_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    academy::CohortInput cohort{.key = std::string("10"), .name = std::string("10기")};
    cohort.phases = phases_from(kStart);
    ASSERT_TRUE(academy_->create_cohort(organizer_, "pseudolab", cohort).ok());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  // An approved project with runner_ holding a seat (placed as the
  // selection would; the academy owns that step).
  std::int64_t project(const std::string& zone = "Asia/Seoul") {
    auto proposed =
        academy_->propose(builder_, "pseudolab", {std::string("10"), std::nullopt}, study(zone));
    EXPECT_TRUE(proposed.ok()) << proposed.error().message;
    EXPECT_TRUE(
        academy_->review_project(organizer_, "pseudolab", proposed->id, Decision::kApprove, "")
            .ok());
    auto writer = test_db_->database().write();
    EXPECT_TRUE(writer
                    ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                              "VALUES (?, ?, ?)",
                              {proposed->id, runner_.user_id(), kStart})
                    .ok());
    EXPECT_TRUE(writer->commit().ok());
    return proposed->id;
  }
  std::string current_code(std::int64_t session_id) {
    auto shown = service_->check_in_code(builder_, "pseudolab", session_id);
    EXPECT_TRUE(shown.ok()) << shown.error().message;
    return shown.ok() ? shown->code : "";
  }

  moim::testing::FakeClock clock_{kStart + 3600};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<academy::AcademyService> academy_;
  std::unique_ptr<ActivityService> service_;
  Viewer anonymous_, admin_, organizer_, builder_, runner_, member_;
};

}  // namespace moim::activity::testing
