#include "features/activity/wrap_up_service.hpp"

#include <gtest/gtest.h>

#include "platform/crypto/crypto.hpp"
#include "platform/outbox/webhook_address.hpp"
#include "platform/outbox/webhook_events.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::activity {
namespace {

using academy::PhaseWindow;
using academy::ProjectInput;
using accounts::Viewer;
constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15 08:00 UTC
// Proposals 10 days, recruiting 10, selection 5, running 100, wrap-up 10, closed.
constexpr std::int64_t kRunning = kStart + 25 * kDay;
constexpr std::int64_t kWrapUp = kRunning + 100 * kDay;

std::vector<PhaseWindow> phases_from(std::int64_t start) {
  const std::int64_t lengths[] = {10, 10, 5, 100, 10, 300};
  std::vector<PhaseWindow> phases;
  std::int64_t at = start;
  for (std::size_t idx = 0; idx < academy::kAllPhases.size(); ++idx) {
    phases.push_back({academy::kAllPhases[idx], at, at + lengths[idx] * kDay});
    at += lengths[idx] * kDay;
  }
  return phases;
}

ProjectInput study(const std::string& title) {
  ProjectInput input;
  input.title = title;
  input.kind = "study";
  input.level = "beginner";
  input.language = "ko";
  input.mode = "online";
  input.weekday = 2;
  input.start_time = "20:00";
  input.duration_minutes = 90;
  input.time_zone = "Asia/Seoul";
  input.starts_on = "2027-03-01";
  input.ends_on = "2027-04-30";
  input.min_runners = 1;
  input.max_runners = 2;
  return input;
}

class WrapUpServiceTest : public ::testing::TestWithParam<std::string> {
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
    service_ = std::make_unique<WrapUpService>(test_db_->database(), clock_, *academy_);
    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "빌더", false);
    other_builder_ = viewer("other@example.com", "다른빌더", false);
    runner_ = viewer("runner@example.com", "김러너", false);
    runner2_ = viewer("runner2@example.com", "이러너", false);
    waiting_ = viewer("waiting@example.com", "대기자", false);
    outsider_ = viewer("outsider@example.com", "외부인", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "pseudolab", .name = "가짜연구소"}).ok());
    for (const Viewer* who :
         {&organizer_, &builder_, &other_builder_, &runner_, &runner2_, &waiting_})
      ASSERT_TRUE(communities_->join(*who, "pseudolab").ok());
    ASSERT_TRUE(communities_
                    ->change_stage(admin_, "pseudolab", organizer_.user_id(),
                                   communities::Stage::kOrganizer, "")
                    .ok());
    academy::CohortInput cohort{.key = std::string("6"), .name = std::string("6기")};
    cohort.phases = phases_from(kStart);
    cohort.min_submissions = 0;
    cohort.min_attendance_percent = 75;
    ASSERT_TRUE(academy_->create_cohort(organizer_, "pseudolab", cohort).ok());
    project_ = propose(builder_, "LLM 스터디");
    other_project_ = propose(other_builder_, "=Kaggle 스터디");
    cohort_id_ = count("SELECT id FROM cohorts WHERE cohort_key = '6'");
    // A published selection: runner_ and runner2_ hold the two seats of
    // project_, waiting_ is next on its waitlist.
    exec(
        "INSERT INTO allocation_runs (cohort_id, mode, seed, summary, created_at, published_at) "
        "VALUES (?, 'stable', 1, '{}', ?, ?)",
        {cohort_id_, kStart, kStart});
    run_id_ = count("SELECT id FROM allocation_runs");
    seat(runner_, project_);
    seat(runner2_, project_);
    exec(
        "INSERT INTO allocation_waitlists (run_id, project_id, position, user_id) VALUES (?, ?, "
        "1, ?)",
        {run_id_, project_, waiting_.user_id()});
    exec(
        "INSERT INTO applications (community_id, cohort_id, scope, user_id, status, "
        "submitted_at, updated_at) VALUES ((SELECT id FROM communities), ?, ?, ?, 'submitted', "
        "?, ?)",
        {cohort_id_, "cohort:" + std::to_string(cohort_id_), waiting_.user_id(), kStart, kStart});
    clock_.advance(kRunning + kDay - clock_.now_seconds());
  }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t propose(const Viewer& who, const std::string& title) {
    auto proposed =
        academy_->propose(who, "pseudolab", {std::string("6"), std::nullopt}, study(title));
    EXPECT_TRUE(proposed.ok()) << proposed.error().message;
    EXPECT_TRUE(
        academy_
            ->review_project(organizer_, "pseudolab", proposed->id, academy::Decision::kApprove, "")
            .ok());
    return proposed->id;
  }
  void seat(const Viewer& who, std::int64_t project_id) {
    exec(
        "INSERT INTO seat_offers (cohort_id, project_id, user_id, state, offered_at, deadline) "
        "VALUES (?, ?, ?, 'confirmed', ?, ?)",
        {cohort_id_, project_id, who.user_id(), kStart, kStart + kDay});
    exec("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, ?)",
         {project_id, who.user_id(), kStart});
  }
  void exec(const std::string& sql, const std::vector<db::Value>& params) {
    auto writer = test_db_->database().write();
    auto done = writer->execute(sql, params);
    ASSERT_TRUE(done.ok()) << done.error().message << "\n" << sql;
    ASSERT_TRUE(writer->commit().ok());
  }
  std::int64_t count(const std::string& sql) {
    auto reader = test_db_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  // Sessions held during running, with each person's marks (p, l, e, a or -).
  void hold_sessions(const std::vector<std::pair<const Viewer*, std::string>>& marks) {
    const std::size_t sessions = marks.front().second.size();
    for (std::size_t idx = 0; idx < sessions; ++idx) {
      const std::int64_t starts = kRunning + static_cast<std::int64_t>(idx) * 7 * kDay + 3600;
      exec(
          "INSERT INTO activity_sessions (project_id, slot_date, starts_at, ends_at, status, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, 'scheduled', ?, ?)",
          {project_, "2027-03-" + std::to_string(10 + idx), starts, starts + 5400, starts, starts});
      const std::int64_t session_id = count("SELECT MAX(id) FROM activity_sessions");
      for (const auto& [who, line] : marks) {
        const char mark = line[idx];
        if (mark == '-') continue;
        const std::string status = mark == 'p'   ? "present"
                                   : mark == 'l' ? "late"
                                   : mark == 'e' ? "excused"
                                                 : "absent";
        exec(
            "INSERT INTO activity_attendance (session_id, user_id, status, source, "
            "recorded_at) VALUES (?, ?, ?, 'builder', ?)",
            {session_id, who->user_id(), status, starts});
      }
    }
  }
  void retrospective(const std::string& scope, const Viewer& author) {
    exec(
        "INSERT INTO activity_retrospectives (project_id, scope, author_id, keep_text, "
        "created_at, updated_at) VALUES (?, ?, ?, 'keep', ?, ?)",
        {project_, scope, author.user_id(), kWrapUp, kWrapUp});
  }
  const ResultRow* find(const CohortWrapUp& wrap_up, std::int64_t user_id) {
    for (const auto& project : wrap_up.projects)
      for (const auto& result : project.results)
        if (result.user_id == user_id) return &result;
    return nullptr;
  }
  void to_wrap_up() { clock_.advance(kWrapUp + kDay - clock_.now_seconds()); }

  moim::testing::FakeClock clock_{kStart + 3600};
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<academy::AcademyService> academy_;
  std::unique_ptr<WrapUpService> service_;
  Viewer anonymous_, admin_, organizer_, builder_, other_builder_, runner_, runner2_, waiting_,
      outsider_;
  std::int64_t project_ = 0, other_project_ = 0, cohort_id_ = 0, run_id_ = 0;
};

TEST_P(WrapUpServiceTest, ComputesByTheRulesCountingExcusedAndLateAsOrganizersDo) {
  // runner_: 3 of 3 counted (one excused) attended, one of them late = 100 %.
  // runner2_: 2 of 4 = 50 %, below the cohort's 75 %.
  hold_sessions({{&runner_, "plep"}, {&runner2_, "papa"}});
  retrospective("member", runner_);
  retrospective("member", runner2_);
  retrospective("project", builder_);
  EXPECT_EQ(service_->compute(organizer_, "pseudolab", "6").error().http_status, 409);  // running
  to_wrap_up();
  auto computed = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(computed.ok()) << computed.error().message;
  EXPECT_TRUE(computed->computed);
  EXPECT_FALSE(computed->closed);
  EXPECT_EQ(find(*computed, runner_.user_id())->outcome, "completed");
  EXPECT_EQ(find(*computed, runner2_.user_id())->outcome, "not_completed");
  EXPECT_EQ(find(*computed, builder_.user_id())->role, "builder");
  EXPECT_EQ(find(*computed, builder_.user_id())->outcome, "completed");
  // The other project has no retrospective: its builder has not completed.
  EXPECT_EQ(find(*computed, other_builder_.user_id())->outcome, "not_completed");
  EXPECT_EQ(computed->total.completed, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.completion_computed'"),
            1);
}

TEST_P(WrapUpServiceTest, ProjectRulesOverrideTheCohortDefaultsAndTheRetrospectiveCounts) {
  hold_sessions({{&runner_, "pppp"}, {&runner2_, "papa"}});
  EXPECT_EQ(service_->rules(runner_, "pseudolab", project_)->rules.min_attendance_percent, 75);
  EXPECT_EQ(service_->set_rules(runner_, "pseudolab", project_, {50, 0, true}).error().http_status,
            403);
  EXPECT_EQ(
      service_->set_rules(other_builder_, "pseudolab", project_, {50, 0, true}).error().http_status,
      403);
  EXPECT_EQ(service_->set_rules(builder_, "pseudolab", project_, {101, 0, true}).error().field,
            "min_attendance");
  ASSERT_TRUE(service_->set_rules(builder_, "pseudolab", project_, {50, 0, true}).ok());
  auto rules = service_->rules(anonymous_, "pseudolab", project_);
  ASSERT_TRUE(rules.ok());
  EXPECT_TRUE(rules->own);
  EXPECT_EQ(rules->rules.min_attendance_percent, 50);
  retrospective("member", runner2_);  // runner_ wrote none
  to_wrap_up();
  auto computed = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(computed.ok());
  EXPECT_EQ(find(*computed, runner_.user_id())->outcome, "not_completed");  // no retrospective
  EXPECT_EQ(find(*computed, runner2_.user_id())->outcome, "completed");     // 50 % is enough now
}

TEST_P(WrapUpServiceTest, OverridesNeedAReasonAreAuditedAndSurviveRecomputing) {
  hold_sessions({{&runner_, "pppp"}, {&runner2_, "aaaa"}});
  retrospective("member", runner_);
  to_wrap_up();
  ASSERT_TRUE(service_->compute(organizer_, "pseudolab", "6").ok());
  // No reason, wrong outcome, the wrong people.
  EXPECT_EQ(service_
                ->decide(builder_, "pseudolab", project_, runner2_.user_id(),
                         {std::string("completed"), " "})
                .error()
                .field,
            "reason");
  EXPECT_EQ(service_
                ->decide(builder_, "pseudolab", project_, runner2_.user_id(),
                         {std::string("passed"), "x"})
                .error()
                .field,
            "outcome");
  for (const Viewer* who : {&other_builder_, &runner_, &outsider_})
    EXPECT_EQ(
        service_->decide(*who, "pseudolab", project_, runner2_.user_id(), {}).error().http_status,
        403);
  EXPECT_EQ(service_->decide(anonymous_, "pseudolab", project_, runner2_.user_id(), {})
                .error()
                .http_status,
            401);
  auto overridden =
      service_->decide(builder_, "pseudolab", project_, runner2_.user_id(),
                       {std::string("completed"), "아파서 빠진 주를 보충 과제로 채움"});
  ASSERT_TRUE(overridden.ok()) << overridden.error().message;
  EXPECT_EQ(overridden->computed, "not_completed");
  EXPECT_EQ(overridden->outcome, "completed");
  EXPECT_TRUE(overridden->confirmed);
  // Confirming the override again (the form sends the same outcome) keeps its reason.
  auto again_confirmed = service_->decide(organizer_, "pseudolab", project_, runner2_.user_id(),
                                          {std::string("completed"), ""});
  ASSERT_TRUE(again_confirmed.ok()) << again_confirmed.error().message;
  EXPECT_EQ(again_confirmed->override_reason, "아파서 빠진 주를 보충 과제로 채움");
  auto confirmed = service_->decide(organizer_, "pseudolab", project_, runner_.user_id(), {});
  ASSERT_TRUE(confirmed.ok());
  EXPECT_EQ(confirmed->outcome, "completed");
  EXPECT_TRUE(confirmed->override_reason.empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = "
                  "'activity.completion_overridden' AND detail LIKE '%보충 과제%'"),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.completion_confirmed'"),
            1);
  // Recomputing refreshes what the rules say and keeps what people decided.
  auto again = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(find(*again, runner2_.user_id())->computed, "not_completed");
  EXPECT_EQ(find(*again, runner2_.user_id())->outcome, "completed");
  EXPECT_EQ(find(*again, runner2_.user_id())->override_reason, "아파서 빠진 주를 보충 과제로 채움");
}

TEST_P(WrapUpServiceTest, ClosingMakesResultsFinalMailsEveryoneAndShowsEligibility) {
  hold_sessions({{&runner_, "pppp"}, {&runner2_, "aaaa"}});
  retrospective("member", runner_);
  to_wrap_up();
  EXPECT_EQ(service_->close(organizer_, "pseudolab", "6").error().http_status, 409);  // nothing yet
  ASSERT_TRUE(service_->compute(organizer_, "pseudolab", "6").ok());
  EXPECT_EQ(service_->close(builder_, "pseudolab", "6").error().http_status, 403);
  EXPECT_TRUE(service_->my_results(runner_, "pseudolab")->empty());  // not final yet
  auto closed = service_->close(organizer_, "pseudolab", "6");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_TRUE(closed->closed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cohort_closures"), 1);
  // One result mail per member (2 runners, 2 builders).
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND payload LIKE "
                  "'%activity.completion_result%'"),
            4);
  // Final: no more decisions, recomputing, rules or drop-outs.
  EXPECT_EQ(service_
                ->decide(builder_, "pseudolab", project_, runner2_.user_id(),
                         {std::string("completed"), "late"})
                .error()
                .http_status,
            409);
  EXPECT_EQ(service_->compute(organizer_, "pseudolab", "6").error().http_status, 409);
  EXPECT_EQ(service_->close(organizer_, "pseudolab", "6").error().http_status, 409);
  EXPECT_EQ(service_->set_rules(builder_, "pseudolab", project_, {0, 0, false}).error().http_status,
            409);
  EXPECT_EQ(service_->drop_out(builder_, "pseudolab", project_, runner2_.user_id(), "x", false)
                .error()
                .http_status,
            409);
  auto mine = service_->my_results(runner_, "pseudolab");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().outcome, "completed");
  EXPECT_EQ(mine->front().project_title, "LLM 스터디");
  EXPECT_TRUE(service_->builder_eligible("pseudolab", runner_.user_id()).value());
  EXPECT_FALSE(service_->builder_eligible("pseudolab", runner2_.user_id()).value());
}

TEST_P(WrapUpServiceTest, DropOutDuringLateJoinOffersTheSeatToTheWaitlist) {
  // Who may record it.
  for (const Viewer* who : {&other_builder_, &runner2_, &outsider_})
    EXPECT_EQ(service_->drop_out(*who, "pseudolab", project_, runner_.user_id(), "바빠서", false)
                  .error()
                  .http_status,
              403);
  EXPECT_EQ(service_->drop_out(anonymous_, "pseudolab", project_, runner_.user_id(), "x", false)
                .error()
                .http_status,
            401);
  EXPECT_EQ(service_->drop_out(builder_, "pseudolab", project_, runner_.user_id(), "", false)
                .error()
                .field,
            "reason");
  EXPECT_EQ(service_->drop_out(builder_, "pseudolab", project_, waiting_.user_id(), "x", false)
                .error()
                .field,
            "user_id");
  auto dropped =
      service_->drop_out(builder_, "pseudolab", project_, runner_.user_id(), "연락 두절", false);
  ASSERT_TRUE(dropped.ok()) << dropped.error().message;
  EXPECT_TRUE(dropped->seat_offered_to_waitlist);
  EXPECT_EQ(count("SELECT COUNT(*) FROM project_runners WHERE user_id = " +
                  std::to_string(runner_.user_id())),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM seat_offers WHERE state = 'offered' AND user_id = " +
                  std::to_string(waiting_.user_id())),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.dropout'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%activity.dropped%'"), 1);
  // Recording it twice is not possible: they hold no seat any more.
  EXPECT_FALSE(
      service_->drop_out(builder_, "pseudolab", project_, runner_.user_id(), "x", false).ok());
  auto list = service_->dropouts(builder_, "pseudolab", project_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().reason, "연락 두절");
  EXPECT_EQ(service_->dropouts(runner2_, "pseudolab", project_).error().http_status, 403);
  // At wrap-up the drop-out counts as dropped.
  to_wrap_up();
  auto computed = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(computed.ok());
  EXPECT_EQ(find(*computed, runner_.user_id())->outcome, "dropped");
  EXPECT_EQ(computed->total.dropped, 1);
}

TEST_P(WrapUpServiceTest, LeavingOnYourOwnNeedsConfirmationAndAfterLateJoinFreesNoOffer) {
  clock_.advance(20 * kDay);  // past running start + 14 days
  EXPECT_EQ(service_->drop_out(runner2_, "pseudolab", project_, runner2_.user_id(), "", false)
                .error()
                .field,
            "confirm");
  auto left = service_->drop_out(runner2_, "pseudolab", project_, runner2_.user_id(), "", true);
  ASSERT_TRUE(left.ok()) << left.error().message;
  EXPECT_TRUE(left->self_reported);
  EXPECT_FALSE(left->seat_offered_to_waitlist);
  EXPECT_EQ(count("SELECT COUNT(*) FROM seat_offers WHERE user_id = " +
                  std::to_string(waiting_.user_id())),
            0);
  // The builder hears about it.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%activity.member_left%'"), 1);
  EXPECT_EQ(service_->drop_out(outsider_, "pseudolab", project_, outsider_.user_id(), "", true)
                .error()
                .http_status,
            404);
}

TEST_P(WrapUpServiceTest, OnlyOrganizersAndTheProjectsBuildersSeeTheWrapUp) {
  to_wrap_up();
  ASSERT_TRUE(service_->compute(organizer_, "pseudolab", "6").ok());
  EXPECT_TRUE(service_->cohort_wrap_up(organizer_, "pseudolab", "6").ok());
  for (const Viewer* who : {&builder_, &runner_, &outsider_})
    EXPECT_EQ(service_->cohort_wrap_up(*who, "pseudolab", "6").error().http_status, 403);
  EXPECT_EQ(service_->cohort_wrap_up(anonymous_, "pseudolab", "6").error().http_status, 401);
  EXPECT_EQ(service_->compute(builder_, "pseudolab", "6").error().http_status, 403);
  EXPECT_EQ(service_->project_wrap_up(builder_, "pseudolab", project_)->results.size(), 3u);
  EXPECT_TRUE(service_->project_wrap_up(organizer_, "pseudolab", project_).ok());
  for (const Viewer* who : {&other_builder_, &runner_, &outsider_})
    EXPECT_EQ(service_->project_wrap_up(*who, "pseudolab", project_).error().http_status, 403);
  EXPECT_EQ(service_->project_wrap_up(anonymous_, "pseudolab", project_).error().http_status, 401);
  EXPECT_TRUE(service_->statistics(organizer_, "pseudolab", "6").ok());
  EXPECT_EQ(service_->statistics(builder_, "pseudolab", "6").error().http_status, 403);
  EXPECT_EQ(service_->across_cohorts(runner_, "pseudolab").error().http_status, 403);
  EXPECT_EQ(service_->results_csv(other_builder_, "pseudolab", "6").error().http_status, 403);
}

TEST_P(WrapUpServiceTest, StatisticsAndCsv) {
  hold_sessions({{&runner_, "ppep"}, {&runner2_, "plaa"}});
  exec(
      "INSERT INTO activity_deadline_series (community_id, cohort_id, title, every_days, "
      "created_at) VALUES ((SELECT id FROM communities), ?, '주간 글쓰기', 7, ?)",
      {cohort_id_, kStart});
  const std::int64_t series = count("SELECT id FROM activity_deadline_series");
  exec("INSERT INTO activity_deadlines (series_id, seq, due_at) VALUES (?, 1, ?)",
       {series, kRunning + 7 * kDay});
  const std::int64_t deadline = count("SELECT id FROM activity_deadlines");
  exec(
      "INSERT INTO activity_submissions (deadline_id, user_id, link, late, submitted_at, "
      "updated_at) VALUES (?, ?, 'https://a.example', 0, ?, ?), (?, ?, 'https://b.example', 1, "
      "?, ?)",
      {deadline, runner_.user_id(), kRunning, kRunning, deadline, runner2_.user_id(),
       kRunning + 8 * kDay, kRunning + 8 * kDay});
  to_wrap_up();
  ASSERT_TRUE(service_
                  ->drop_out(organizer_, "pseudolab", project_, runner2_.user_id(),
                             "=HYPERLINK(\"http://evil\")", false)
                  .ok());
  ASSERT_TRUE(service_->compute(organizer_, "pseudolab", "6").ok());
  auto statistics = service_->statistics(organizer_, "pseudolab", "6");
  ASSERT_TRUE(statistics.ok()) << statistics.error().message;
  EXPECT_EQ(statistics->projects.size(), 2u);
  EXPECT_EQ(statistics->total.dropped, 1);
  // Four weekly sessions: week 3 had an excused runner_ and an absent runner2_.
  ASSERT_EQ(statistics->attendance.size(), 4u);
  EXPECT_EQ(statistics->attendance[0].percent(), 100);
  EXPECT_EQ(statistics->attendance[1].percent(), 100);  // present + late
  EXPECT_EQ(statistics->attendance[2].counted, 1);
  EXPECT_EQ(statistics->attendance[2].percent(), 0);
  ASSERT_EQ(statistics->deadlines.size(), 1u);
  EXPECT_EQ(statistics->deadlines[0].on_time, 1);
  EXPECT_EQ(statistics->deadlines[0].late, 1);
  auto across = service_->across_cohorts(organizer_, "pseudolab");
  ASSERT_TRUE(across.ok());
  ASSERT_EQ(across->size(), 1u);
  EXPECT_EQ(across->front().tally.dropped, 1);

  auto csv = service_->results_csv(organizer_, "pseudolab", "6");
  ASSERT_TRUE(csv.ok());
  EXPECT_TRUE(
      csv->starts_with("\xEF\xBB\xBF"
                       "cohort,project_id,project"));
  // Titles and reasons never run as formulas.
  EXPECT_NE(csv->find("'=Kaggle 스터디"), std::string::npos);
  EXPECT_EQ(csv->find(",=Kaggle"), std::string::npos);
  EXPECT_NE(csv->find("\r\n"), std::string::npos);
}

TEST_P(WrapUpServiceTest, WebhooksAnnounceDropOutsAndCompletions) {
  const std::int64_t community_id = count("SELECT id FROM communities");
  auto endpoint = outbox::create_endpoint(
      test_db_->database(), community_id, organizer_.user_id(),
      {"https://hooks.example/moim", {"member.dropped", "member.completed"}, ""},
      // A public address for the example host: the test has no DNS.
      outbox::AddressPolicy{
          .allow_local = false,
          .resolve = [](const std::string&) -> Result<std::vector<outbox::IpAddress>> {
            return std::vector{outbox::IpAddress::v4(93, 184, 215, 14)};
          }},
      clock_.now_seconds());
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().message;
  ASSERT_TRUE(
      service_->drop_out(builder_, "pseudolab", project_, runner2_.user_id(), "연락 두절", false)
          .ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'webhook' AND payload LIKE "
                  "'%member.dropped%'"),
            1);
  hold_sessions({{&runner_, "pppp"}});
  retrospective("member", runner_);
  retrospective("project", builder_);
  to_wrap_up();
  ASSERT_TRUE(service_->compute(organizer_, "pseudolab", "6").ok());
  ASSERT_TRUE(service_->close(organizer_, "pseudolab", "6").ok());
  // runner_ and builder_ completed; runner2_ dropped; other_builder_ wrote no retrospective.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'webhook' AND payload LIKE "
                  "'%member.completed%'"),
            2);
}

TEST_P(WrapUpServiceTest, BuildersCompleteByRunningTheProjectToItsEnd) {
  // Four sessions, the builder checked in to none of them (they ran them);
  // only their own retrospective is written, not the project's.
  hold_sessions({{&runner_, "pppp"}});
  retrospective("member", builder_);
  to_wrap_up();
  auto computed = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(computed.ok()) << computed.error().message;
  EXPECT_EQ(find(*computed, builder_.user_id())->computed, "completed");
  // Two of the four skipped: 50 % held, below the cohort's 75 %.
  exec(
      "UPDATE activity_sessions SET status = 'skipped' WHERE id IN (SELECT id FROM "
      "activity_sessions WHERE project_id = ? ORDER BY id LIMIT 2)",
      {project_});
  auto again = service_->compute(organizer_, "pseudolab", "6");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(find(*again, builder_.user_id())->computed, "not_completed");
}

INSTANTIATE_TEST_SUITE_P(Drivers, WrapUpServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::activity
