// Tests only: the fixture of the academy service tests: a community with an
// organizer, two builders, a member and a stranger, on each database, and
// the usual cohort, projects and applications.
#pragma once

#include <gtest/gtest.h>

#include "features/academy/academy_service.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::academy::testing {

using accounts::Viewer;
inline constexpr std::int64_t kDay = 24 * 3600;
inline constexpr std::int64_t kStart = 1'800'000'000;

inline std::vector<PhaseWindow> phases_from(std::int64_t start) {
  const std::int64_t lengths[] = {10, 10, 5, 55, 10, 300};
  std::vector<PhaseWindow> phases;
  std::int64_t at = start;
  for (std::size_t idx = 0; idx < kAllPhases.size(); ++idx) {
    phases.push_back({kAllPhases[idx], at, at + lengths[idx] * kDay});
    at += lengths[idx] * kDay;
  }
  return phases;
}

inline ProjectInput study(const std::string& title, int max = 10) {
  ProjectInput input;
  input.title = title;
  input.summary = "함께 읽어요";
  input.description = "# 소개\n\n매주 한 편";
  input.kind = "paper_reading";
  input.tags = std::vector<std::string>{"LLM", "NLP"};
  input.level = "intermediate";
  input.language = "ko";
  input.mode = "online";
  input.weekday = 2;
  input.start_time = "20:00";
  input.duration_minutes = 90;
  // Within the running phase of phases_from(kStart): 2027-02-09 to 2027-04-05.
  input.starts_on = "2027-02-10";
  input.ends_on = "2027-04-04";
  input.min_runners = std::min(2, max);
  input.max_runners = max;
  input.auditors_welcome = true;
  input.questions = std::vector<std::string>{"왜 이 프로젝트인가요?"};
  return input;
}

class AcademyFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    accounts_ = std::make_unique<accounts::AccountsService>(test_db_->database(), clock_,
                                                            accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(test_db_->database(), clock_);
    service_ = std::make_unique<AcademyService>(test_db_->database(), clock_, *communities_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "빌더", false);
    other_builder_ = viewer("other@example.com", "다른빌더", false);
    member_ = viewer("member@example.com", "김러너", false);
    stranger_ = viewer("stranger@example.com", "Stranger", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &other_builder_, &member_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
  }
  // Whatever mail a scenario enqueued must reach people as real mail.
  void TearDown() override {
    if (test_db_)
      automation::testing::MailRenderCheck(test_db_->database()).expect_every_email_row_renders();
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
  Cohort make_cohort(std::vector<std::string> questions = {"자기소개를 해주세요"}) {
    CohortInput input{.key = std::string("10"), .name = std::string("10기")};
    input.phases = phases_from(kStart);
    input.questions = std::move(questions);
    auto created = service_->create_cohort(organizer_, "pseudolab", input);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.value();
  }
  Project approved(const Viewer& who, const std::string& title, int max = 10) {
    auto proposed =
        service_->propose(who, "pseudolab", Scope{"10", std::nullopt}, study(title, max));
    EXPECT_TRUE(proposed.ok()) << proposed.error().message;
    auto done =
        service_->review_project(organizer_, "pseudolab", proposed->id, Decision::kApprove, "");
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done.value();
  }
  ApplicationInput application(std::vector<std::int64_t> project_ids) {
    ApplicationInput input;
    for (auto id : project_ids) input.choices.push_back({id, {"관심이 많아요"}});
    input.answers = {"ML 공부 중인 학생입니다"};
    input.availability = {"wed_evening", "sat_morning"};
    return input;
  }

  moim::testing::FakeClock clock_{kStart + 3600};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<AcademyService> service_;
  Viewer admin_, organizer_, builder_, other_builder_, member_, stranger_;
};

}  // namespace moim::academy::testing
