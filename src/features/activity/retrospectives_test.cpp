// Retrospectives (KPT) per role and phase, the member's projects and the
// month calendar of their activity.
#include <gtest/gtest.h>

#include "features/activity/activity_service.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::activity {
namespace {

using accounts::Viewer;
constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15 08:00 UTC
// Proposals 10 days, recruiting 10, selection 5, running 100, wrap-up 10, closed.
constexpr std::int64_t kRunning = kStart + 25 * kDay;
constexpr std::int64_t kWrapUp = kStart + 125 * kDay;
constexpr std::int64_t kClosed = kStart + 135 * kDay;

class RetrospectivesTest : public ::testing::TestWithParam<std::string> {
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
    auditor_ = viewer("auditor@example.com", "청강생", false);
    member_ = viewer("member@example.com", "회원", false);
    outsider_ = viewer("outsider@example.com", "외부인", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who : {&organizer_, &builder_, &runner_, &auditor_, &member_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    academy::CohortInput cohort{.key = std::string("10"), .name = std::string("10기")};
    const std::int64_t lengths[] = {10, 10, 5, 100, 10, 300};
    std::int64_t at = kStart;
    cohort.phases.emplace();
    for (std::size_t idx = 0; idx < academy::kAllPhases.size(); ++idx) {
      cohort.phases->push_back({academy::kAllPhases[idx], at, at + lengths[idx] * kDay});
      at += lengths[idx] * kDay;
    }
    ASSERT_TRUE(academy_->create_cohort(organizer_, "pseudolab", cohort).ok());
    project_id_ = project();
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
  // An approved project of cohort 10 with runner_ placed and auditor_ auditing.
  std::int64_t project() {
    academy::ProjectInput input;
    input.title = "LLM 논문 읽기";
    input.kind = "paper_reading";
    input.level = "intermediate";
    input.language = "ko";
    input.mode = "online";
    input.weekday = 2;
    input.start_time = "20:00";
    input.duration_minutes = 90;
    input.time_zone = "Asia/Seoul";
    input.starts_on = "2027-02-10";
    input.ends_on = "2027-05-20";
    input.min_runners = 1;
    input.max_runners = 10;
    input.auditors_welcome = true;
    auto proposed =
        academy_->propose(builder_, "pseudolab", {std::string("10"), std::nullopt}, input);
    EXPECT_TRUE(proposed.ok()) << proposed.error().message;
    EXPECT_TRUE(
        academy_
            ->review_project(organizer_, "pseudolab", proposed->id, academy::Decision::kApprove, "")
            .ok());
    auto writer = test_db_->database().write();
    EXPECT_TRUE(writer
                    ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                              "VALUES (?, ?, ?)",
                              {proposed->id, runner_.user_id(), kStart})
                    .ok());
    EXPECT_TRUE(writer
                    ->execute("INSERT INTO project_auditors (project_id, user_id, joined_at) "
                              "VALUES (?, ?, ?)",
                              {proposed->id, auditor_.user_id(), kStart})
                    .ok());
    EXPECT_TRUE(writer->commit().ok());
    return proposed->id;
  }
  void move_to(std::int64_t when) { clock_.advance(when - clock_.now_seconds()); }
  static RetrospectiveInput kpt(const std::string& keep, const std::string& visibility) {
    return {.keep = keep,
            .problem = "발표 준비가 늦었다",
            .try_next = "발표자를 2주 전에 정한다",
            .visibility = visibility};
  }
  std::size_t seen(const Viewer& who) {
    auto list = service_->retrospectives(who, "pseudolab", project_id_);
    EXPECT_TRUE(list.ok()) << list.error().message;
    return list.ok() ? list->size() : 0;
  }

  moim::testing::FakeClock clock_{kStart + 3600};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<academy::AcademyService> academy_;
  std::unique_ptr<ActivityService> service_;
  Viewer anonymous_, admin_, organizer_, builder_, runner_, auditor_, member_, outsider_;
  std::int64_t project_id_ = 0;
};

TEST_P(RetrospectivesTest, WrittenOnlyWhileTheCohortRunsOrWrapsUp) {
  auto early = service_->write_retrospective(builder_, "pseudolab", project_id_, "project",
                                             kpt("매주 모였다", "community"));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().http_status, 409);
  EXPECT_EQ(early.error().field, "phase");
  move_to(kRunning + kDay);
  EXPECT_TRUE(service_
                  ->write_retrospective(builder_, "pseudolab", project_id_, "project",
                                        kpt("매주 모였다", "community"))
                  .ok());
  move_to(kWrapUp + kDay);
  EXPECT_TRUE(service_
                  ->write_retrospective(runner_, "pseudolab", project_id_, "member",
                                        kpt("논문을 끝까지 읽었다", "community"))
                  .ok());
  move_to(kClosed + kDay);
  EXPECT_EQ(service_
                ->write_retrospective(runner_, "pseudolab", project_id_, "member",
                                      kpt("늦었지만", "community"))
                .error()
                .http_status,
            409);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_retrospectives"), 2);
}

TEST_P(RetrospectivesTest, BuildersWriteTheProjectsOneAndMembersTheirOwn) {
  move_to(kWrapUp + kDay);
  const auto project_kpt = kpt("매주 모였다", "community");
  EXPECT_EQ(
      service_->write_retrospective(anonymous_, "pseudolab", project_id_, "project", project_kpt)
          .error()
          .http_status,
      401);
  for (const Viewer* who : {&runner_, &auditor_, &member_}) {
    EXPECT_EQ(service_->write_retrospective(*who, "pseudolab", project_id_, "project", project_kpt)
                  .error()
                  .http_status,
              403);
  }
  // Only the project's runners and builders add their own; auditors and
  // other members do not.
  for (const Viewer* who : {&auditor_, &member_, &organizer_}) {
    EXPECT_EQ(service_->write_retrospective(*who, "pseudolab", project_id_, "member", project_kpt)
                  .error()
                  .http_status,
              403);
  }
  auto written =
      service_->write_retrospective(builder_, "pseudolab", project_id_, "project", project_kpt);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(written->scope, "project");
  EXPECT_EQ(written->project_title, "LLM 논문 읽기");
  // Organizers may fill in the project's when its builders cannot; it stays one.
  auto edited = service_->write_retrospective(organizer_, "pseudolab", project_id_, "project",
                                              kpt("격주 발표", "project"));
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->id, written->id);
  EXPECT_EQ(edited->keep, "격주 발표");
  EXPECT_EQ(edited->author_name, "운영진");

  ASSERT_TRUE(service_
                  ->write_retrospective(runner_, "pseudolab", project_id_, "member",
                                        kpt("처음엔 어려웠다", "project"))
                  .ok());
  auto again = service_->write_retrospective(runner_, "pseudolab", project_id_, "member",
                                             kpt("끝까지 했다", "project"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->keep, "끝까지 했다");
  ASSERT_TRUE(service_
                  ->write_retrospective(builder_, "pseudolab", project_id_, "member",
                                        kpt("빌더로서", "community"))
                  .ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_retrospectives"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_retrospectives WHERE scope = 'member'"), 2);
}

TEST_P(RetrospectivesTest, ReadAsTheVisibilityAllowsAndGatheredPerCohort) {
  move_to(kRunning + 10 * kDay);
  ASSERT_TRUE(service_
                  ->write_retrospective(builder_, "pseudolab", project_id_, "project",
                                        kpt("매주 모였다", "community"))
                  .ok());
  ASSERT_TRUE(service_
                  ->write_retrospective(runner_, "pseudolab", project_id_, "member",
                                        kpt("나만 아는 이야기", "project"))
                  .ok());
  // The project's people and organizers read both; other members only the
  // community one; visitors who are not members read none.
  EXPECT_EQ(seen(runner_), 2u);
  EXPECT_EQ(seen(builder_), 2u);
  EXPECT_EQ(seen(auditor_), 2u);
  EXPECT_EQ(seen(organizer_), 2u);
  EXPECT_EQ(seen(member_), 1u);
  EXPECT_EQ(seen(outsider_), 0u);
  EXPECT_EQ(seen(anonymous_), 0u);

  auto gathered = service_->cohort_retrospectives(member_, "pseudolab", "10");
  ASSERT_TRUE(gathered.ok()) << gathered.error().message;
  ASSERT_EQ(gathered->size(), 1u);
  EXPECT_EQ(gathered->front().scope, "project");
  auto all = service_->cohort_retrospectives(organizer_, "pseudolab", "10");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].scope, "project");  // the project's first
  EXPECT_EQ((*all)[1].author_name, "김러너");
  EXPECT_EQ(service_->cohort_retrospectives(member_, "pseudolab", "99").error().http_status, 404);
}

TEST_P(RetrospectivesTest, BadInputNamesTheFieldAndWritesNothing) {
  move_to(kRunning + kDay);
  auto input = kpt("좋았다", "everyone");
  EXPECT_EQ(service_->write_retrospective(runner_, "pseudolab", project_id_, "member", input)
                .error()
                .field,
            "visibility");
  input = kpt("좋았다", "project");
  EXPECT_EQ(
      service_->write_retrospective(runner_, "pseudolab", project_id_, "team", input).error().field,
      "scope");
  input.keep = std::string(4001, 'k');
  EXPECT_EQ(service_->write_retrospective(runner_, "pseudolab", project_id_, "member", input)
                .error()
                .field,
            "keep");
  input = {.keep = " ", .problem = "", .try_next = "", .visibility = "project"};
  EXPECT_EQ(service_->write_retrospective(runner_, "pseudolab", project_id_, "member", input)
                .error()
                .http_status,
            400);
  EXPECT_EQ(service_->write_retrospective(runner_, "pseudolab", 9999, "member", kpt("a", "project"))
                .error()
                .http_status,
            404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_retrospectives"), 0);
}

TEST_P(RetrospectivesTest, MemberProjectsAndTheMonthCalendar) {
  move_to(kRunning + kDay);
  auto mine = service_->member_projects(runner_, "pseudolab");
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().role, "runner");
  EXPECT_EQ(service_->member_projects(builder_, "pseudolab")->front().role, "builder");
  EXPECT_EQ(service_->member_projects(auditor_, "pseudolab")->front().role, "auditor");
  EXPECT_TRUE(service_->member_projects(member_, "pseudolab")->empty());
  EXPECT_EQ(service_->member_projects(anonymous_, "pseudolab").error().http_status, 401);

  GrowthLogInput log;
  log.week = "2027-03-03";  // stored as Monday 2027-03-01
  log.learned = "LoRA를 직접 붙여 봤다";
  log.visibility = "private";
  ASSERT_TRUE(service_->write_log(runner_, "pseudolab", log).ok());
  log.week = "2027-03-10";
  log.visibility = "public";
  ASSERT_TRUE(service_->write_log(runner_, "pseudolab", log).ok());
  auto deadlines = service_->create_series(
      builder_, "pseudolab", {std::nullopt, project_id_},
      {.title = "글쓰기", .first_due = "2027-03-07T23:59", .every_days = 14, .count = 2});
  ASSERT_TRUE(deadlines.ok()) << deadlines.error().message;
  // 2027-03-02 15:30 UTC is 2027-03-03 00:30 in Seoul: the community's day counts.
  move_to(*parse_local("2027-03-03T00:30", "Asia/Seoul"));
  ASSERT_TRUE(service_
                  ->submit(runner_, "pseudolab", deadlines->front().id,
                           {.link = "https://blog.example/lora"})
                  .ok());

  auto own = service_->activity_days(runner_, "pseudolab", runner_.user_id(), "2027-03");
  ASSERT_TRUE(own.ok()) << own.error().message;
  ASSERT_EQ(own->size(), 3u);
  EXPECT_EQ((*own)[0].day, "2027-03-01");
  EXPECT_EQ((*own)[0].logs, 1);
  EXPECT_EQ((*own)[1].day, "2027-03-03");
  EXPECT_EQ((*own)[1].submissions, 1);
  EXPECT_EQ((*own)[2].day, "2027-03-08");
  // Another member sees only the public log, no submissions.
  auto other = service_->activity_days(member_, "pseudolab", runner_.user_id(), "2027-03");
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(other->front().day, "2027-03-08");
  EXPECT_EQ(other->front().submissions, 0);
  // Organizers see the activity too.
  EXPECT_EQ(service_->activity_days(organizer_, "pseudolab", runner_.user_id(), "2027-03")->size(),
            2u);
  EXPECT_EQ(service_->activity_days(runner_, "pseudolab", runner_.user_id(), "March").error().field,
            "month");
}

INSTANTIATE_TEST_SUITE_P(Drivers, RetrospectivesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::activity
