#include "features/activity/activity_service.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "features/activity/checkin_code.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::activity {
namespace {

using academy::Decision;
using academy::Phase;
using academy::PhaseWindow;
using academy::ProjectInput;
using accounts::Viewer;
constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kStart = 1'800'000'000;  // 2027-01-15 08:00 UTC

// The calendar's labels as "language:key", to see which language was chosen.
const ActivityService::Translate kLabels = [](const std::string& language, const std::string& key) {
  return language + ":" + key;
};

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

ProjectInput study(const std::string& zone) {
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

TEST_P(ActivityServiceTest, ScheduleUnrollsTheWeeklySlotOnceAndKeepsExceptions) {
  const auto id = project();
  auto first = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(first.ok()) << first.error().message;
  // Wednesdays from 2027-03-03 to 2027-04-28.
  ASSERT_EQ(first->size(), 9u);
  EXPECT_EQ(*first->front().slot_date, "2027-03-03");
  EXPECT_EQ(format_local(first->front().starts_at, "Asia/Seoul"), "2027-03-03 20:00");

  // Skip one, move another, add an extra one.
  auto skipped = service_->skip_session(builder_, "pseudolab", (*first)[1].id, true);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->status, "skipped");
  SessionInput move;
  move.starts_at = (*first)[2].starts_at + kDay;
  move.topic = "Attention is all you need";
  move.presenter = "김빌더";
  auto moved = service_->update_session(builder_, "pseudolab", (*first)[2].id, move);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->status, "moved");
  EXPECT_EQ(moved->ends_at - moved->starts_at, 90 * 60);
  EXPECT_EQ(moved->topic, "Attention is all you need");
  SessionInput extra;
  extra.starts_at = (*first)[8].starts_at + 3 * kDay;
  extra.topic = "특강";
  auto added = service_->add_session(builder_, "pseudolab", id, extra);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->status, "added");
  EXPECT_FALSE(added->slot_date.has_value());

  // Scheduling again adds nothing and undoes no exception.
  auto again = service_->schedule(organizer_, "pseudolab", id);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 10u);
  EXPECT_EQ((*again)[1].status, "skipped");
  EXPECT_EQ((*again)[2].status, "moved");
  EXPECT_EQ((*again)[2].starts_at, move.starts_at);

  // Restoring a skipped slot session makes it scheduled again.
  auto restored = service_->skip_session(builder_, "pseudolab", (*first)[1].id, false);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->status, "scheduled");
}

TEST_P(ActivityServiceTest, SessionsFollowTheProjectZoneAcrossDst) {
  const auto id = project("Europe/Berlin");
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok()) << list.error().message;
  // 2027-03-24 is before Berlin's switch (28 March), 2027-03-31 after it.
  const Session& before = (*list)[3];
  const Session& after = (*list)[4];
  EXPECT_EQ(*before.slot_date, "2027-03-24");
  EXPECT_EQ(format_local(before.starts_at, "UTC"), "2027-03-24 19:00");
  EXPECT_EQ(format_local(after.starts_at, "UTC"), "2027-03-31 18:00");
  // The community (Seoul) sees the session an hour earlier after the switch.
  EXPECT_EQ(format_local(before.starts_at, "Asia/Seoul"), "2027-03-25 04:00");
  EXPECT_EQ(format_local(after.starts_at, "Asia/Seoul"), "2027-04-01 03:00");
}

TEST_P(ActivityServiceTest, OnlyBuildersAndOrganizersChangeSessions) {
  const auto id = project();
  EXPECT_EQ(service_->schedule(anonymous_, "pseudolab", id).error().http_status, 401);
  EXPECT_EQ(service_->schedule(runner_, "pseudolab", id).error().http_status, 403);
  EXPECT_EQ(service_->schedule(member_, "pseudolab", id).error().http_status, 403);
  ASSERT_TRUE(service_->schedule(organizer_, "pseudolab", id).ok());
  // Everyone may read an approved project's sessions.
  auto seen = service_->sessions(anonymous_, "pseudolab", id);
  ASSERT_TRUE(seen.ok());
  const std::int64_t session_id = seen->front().id;
  EXPECT_EQ(service_->update_session(runner_, "pseudolab", session_id, {}).error().http_status,
            403);
  EXPECT_EQ(service_->skip_session(member_, "pseudolab", session_id, true).error().http_status,
            403);
  EXPECT_EQ(service_->attendance(runner_, "pseudolab", session_id).error().http_status, 403);
  EXPECT_EQ(service_->sessions(anonymous_, "pseudolab", 999999).error().http_status, 404);
}

TEST_P(ActivityServiceTest, BadInputNamesTheFieldAndWritesNothing) {
  const auto id = project();
  SessionInput no_start;
  EXPECT_EQ(service_->add_session(builder_, "pseudolab", id, no_start).error().field, "starts_at");
  SessionInput backwards;
  backwards.starts_at = kStart + 40 * kDay;
  backwards.ends_at = kStart + 40 * kDay - 60;
  EXPECT_EQ(service_->add_session(builder_, "pseudolab", id, backwards).error().field, "ends_at");
  SessionInput long_topic;
  long_topic.starts_at = kStart + 40 * kDay;
  long_topic.topic = std::string(201, 'x');
  EXPECT_EQ(service_->add_session(builder_, "pseudolab", id, long_topic).error().field, "topic");
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_sessions"), 0);
  ASSERT_TRUE(service_->schedule(builder_, "pseudolab", id).ok());
  const auto session_id = service_->sessions(builder_, "pseudolab", id)->front().id;
  EXPECT_EQ(service_->open_check_in(builder_, "pseudolab", session_id, 1).error().field, "minutes");
  EXPECT_EQ(service_->mark(builder_, "pseudolab", session_id, runner_.user_id(), "sleeping", "")
                .error()
                .field,
            "status");
  EXPECT_EQ(service_->mark(builder_, "pseudolab", session_id, member_.user_id(), "present", "")
                .error()
                .field,
            "user_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_attendance"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_attendance_changes"), 0);
}

TEST_P(ActivityServiceTest, CheckInWithTheRotatingCodeOnTimeOrLate) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  const Session first = list->front();
  // Too early to open: more than 12 hours before the session.
  EXPECT_EQ(service_->open_check_in(builder_, "pseudolab", first.id, 30).error().field,
            "starts_at");
  clock_.advance(first.starts_at - 5 * 60 - clock_.now_seconds());
  auto opened = service_->open_check_in(builder_, "pseudolab", first.id, 30);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->code.size(), 6u);
  EXPECT_EQ(opened->url, "https://moim.example/c/pseudolab/sessions/" + std::to_string(first.id) +
                             "/check-in?code=" + opened->code);
  EXPECT_NE(opened->qr_svg.find("<svg"), std::string::npos);
  EXPECT_TRUE(service_->sessions(runner_, "pseudolab", id)->front().check_in_open);

  // Only runners and auditors check in; the code must be the current one.
  EXPECT_EQ(service_->check_in(member_, "pseudolab", first.id, opened->code).error().http_status,
            403);
  EXPECT_EQ(service_->check_in(anonymous_, "pseudolab", first.id, opened->code).error().http_status,
            401);
  const std::string wrong = opened->code == "000000" ? "000001" : "000000";
  EXPECT_EQ(service_->check_in(runner_, "pseudolab", first.id, wrong).error().field, "code");

  // A code seen two minutes ago no longer works: it was shared after the fact.
  const std::string old_code = opened->code;
  clock_.advance(2 * kCodeWindowSeconds + 1);
  auto stale = service_->check_in(runner_, "pseudolab", first.id, old_code);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().field, "code");
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_attendance"), 0);

  // Checked in before start + 10 minutes: present. An auditor later: late.
  auto present = service_->check_in(runner_, "pseudolab", first.id, current_code(first.id));
  ASSERT_TRUE(present.ok()) << present.error().message;
  EXPECT_EQ(present.value(), "present");
  ASSERT_TRUE(academy_->audit(member_, "pseudolab", id).ok());
  clock_.advance(15 * 60);
  auto late = service_->check_in(member_, "pseudolab", first.id, current_code(first.id));
  ASSERT_TRUE(late.ok()) << late.error().message;
  EXPECT_EQ(late.value(), "late");
  // Checking in twice changes nothing.
  EXPECT_EQ(service_->check_in(runner_, "pseudolab", first.id, current_code(first.id)).value(),
            "present");

  // After the check-in closes no code is accepted, however fresh.
  clock_.advance(30 * 60);
  EXPECT_EQ(service_->check_in_code(builder_, "pseudolab", first.id).error().http_status, 404);
  auto closed = service_->check_in(runner_, "pseudolab", first.id, "123456");
  EXPECT_EQ(closed.error().field, "check_in");
}

TEST_P(ActivityServiceTest, BuildersMarkAttendanceAfterwardsWithATrail) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  const std::int64_t session_id = list->front().id;
  clock_.advance(list->front().starts_at - clock_.now_seconds());
  ASSERT_TRUE(service_->open_check_in(builder_, "pseudolab", session_id, 15).ok());
  ASSERT_TRUE(service_->check_in(runner_, "pseudolab", session_id, current_code(session_id)).ok());

  auto before = service_->attendance(builder_, "pseudolab", session_id);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ(before->front().status, "present");
  EXPECT_EQ(before->front().source, "code");

  clock_.advance(kDay);
  auto marked =
      service_->mark(builder_, "pseudolab", session_id, runner_.user_id(), "excused", "병가");
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  EXPECT_EQ(marked->status, "excused");
  ASSERT_TRUE(
      service_->mark(organizer_, "pseudolab", session_id, runner_.user_id(), "late", "정정").ok());

  auto changes = service_->attendance_changes(builder_, "pseudolab", session_id);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_FALSE((*changes)[0].old_status.has_value());
  EXPECT_EQ((*changes)[0].new_status, "present");
  EXPECT_EQ((*changes)[1].old_status, "present");
  EXPECT_EQ((*changes)[1].new_status, "excused");
  EXPECT_EQ((*changes)[1].reason, "병가");
  EXPECT_EQ((*changes)[1].changed_by, builder_.user_id());
  EXPECT_EQ((*changes)[2].changed_by_name, "운영진");
  EXPECT_EQ(service_->attendance(builder_, "pseudolab", session_id)->front().status, "late");
}

TEST_P(ActivityServiceTest, ASkippedSessionTakesNoCheckIn) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  const std::int64_t session_id = list->front().id;
  clock_.advance(list->front().starts_at - clock_.now_seconds());
  ASSERT_TRUE(service_->open_check_in(builder_, "pseudolab", session_id, 15).ok());
  ASSERT_TRUE(service_->skip_session(builder_, "pseudolab", session_id, true).ok());
  EXPECT_EQ(service_->check_in(runner_, "pseudolab", session_id, "123456").error().field,
            "check_in");
  EXPECT_EQ(service_->open_check_in(builder_, "pseudolab", session_id, 15).error().http_status,
            409);
}

// ---- writing deadlines ---------------------------------------------------

TEST_P(ActivityServiceTest, DeadlinesKeepSeoulTimeForAMemberInEurope) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글또 글쓰기", "2027-03-21T23:59", 14, 3});
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_EQ(created->size(), 3u);
  // 23:59 in Seoul is 14:59 UTC every time; Berlin switches to summer time
  // on 28 March, so its member sees 15:59 first and 16:59 after.
  EXPECT_EQ(format_local((*created)[0].due_at, "UTC"), "2027-03-21 14:59");
  EXPECT_EQ(format_local((*created)[1].due_at, "UTC"), "2027-04-04 14:59");
  EXPECT_EQ(format_local((*created)[0].due_at, "Europe/Berlin"), "2027-03-21 15:59");
  EXPECT_EQ(format_local((*created)[1].due_at, "Europe/Berlin"), "2027-04-04 16:59");
  // The runner sees the cohort's deadlines as theirs; others see none.
  EXPECT_EQ(service_->deadlines(runner_, "pseudolab", {})->size(), 3u);
  EXPECT_TRUE(service_->deadlines(member_, "pseudolab", {})->empty());
}

TEST_P(ActivityServiceTest, OnlyOrganizersSetCohortDeadlinesAndBuildersTheirProjects) {
  const auto id = project();
  const SeriesInput input{"회고", "2027-03-21T23:59", 7, 2};
  EXPECT_EQ(service_->create_series(builder_, "pseudolab", {std::string("10"), std::nullopt}, input)
                .error()
                .http_status,
            403);
  EXPECT_EQ(
      service_->create_series(runner_, "pseudolab", {std::nullopt, id}, input).error().http_status,
      403);
  EXPECT_EQ(service_->create_series(anonymous_, "pseudolab", {std::nullopt, id}, input)
                .error()
                .http_status,
            401);
  EXPECT_TRUE(service_->create_series(builder_, "pseudolab", {std::nullopt, id}, input).ok());
  EXPECT_EQ(service_
                ->create_series(builder_, "pseudolab", {std::nullopt, id},
                                {"회고", "2027-02-30T23:59", 7, 2})
                .error()
                .field,
            "first_due");
  EXPECT_EQ(service_
                ->create_series(builder_, "pseudolab", {std::nullopt, id},
                                {"회고", "2027-03-21T23:59", 7, 53})
                .error()
                .field,
            "count");
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_deadlines"), 2);
}

TEST_P(ActivityServiceTest, SubmitEditUntilTheDeadlineThenLateAndFinal) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  const Deadline first = (*created)[0], second = (*created)[1];
  clock_.advance(first.due_at - 3600 - clock_.now_seconds());

  EXPECT_EQ(service_->submit(runner_, "pseudolab", first.id, {}).error().field, "link");
  EXPECT_EQ(service_->submit(runner_, "pseudolab", first.id, {"javascript:alert(1)", "", {}, false})
                .error()
                .field,
            "link");
  EXPECT_EQ(
      service_->submit(member_, "pseudolab", first.id, {"https://blog.example/a", "", {}, false})
          .error()
          .http_status,
      403);
  auto saved =
      service_->submit(runner_, "pseudolab", first.id,
                       {"https://blog.example/a", "# 제목\n<script>x</script>", {"LLM"}, true});
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_FALSE(saved->late);
  EXPECT_EQ(saved->body_html.find("<script>"), std::string::npos);
  auto edited =
      service_->submit(runner_, "pseudolab", first.id, {"https://blog.example/b", "", {}, true});
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->link, "https://blog.example/b");

  // After the deadline the submission is final; a first one is late.
  clock_.advance(3601);
  auto refused =
      service_->submit(runner_, "pseudolab", first.id, {"https://blog.example/c", "", {}, false});
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_EQ(refused.error().field, "deadline");
  clock_.advance(second.due_at - first.due_at);
  auto late = service_->submit(runner_, "pseudolab", second.id, {"", "늦었지만 씁니다", {}, false});
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->late);
  EXPECT_EQ(service_->submissions(runner_, "pseudolab", first.id)->size(), 1u);
  EXPECT_EQ(service_->submissions(member_, "pseudolab", first.id)->size(), 0u);
  auto standing = service_->writing_standing(runner_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok()) << standing.error().message;
  EXPECT_EQ(standing->submitted, 2);
  EXPECT_EQ(standing->late, 1);
  EXPECT_EQ(standing->missed, 0);
}

TEST_P(ActivityServiceTest, PassTicketsAreCountedAndNeverTwoInARow) {
  project();
  ASSERT_TRUE(service_
                  ->set_writing_settings(organizer_, "pseudolab", "10",
                                         {.pass_tickets = 2, .no_consecutive_passes = true})
                  .ok());
  EXPECT_EQ(service_->set_writing_settings(builder_, "pseudolab", "10", {}).error().http_status,
            403);
  EXPECT_EQ(service_->set_writing_settings(organizer_, "pseudolab", "10", {.pass_tickets = 51})
                .error()
                .field,
            "pass_tickets");
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 5});
  ASSERT_TRUE(created.ok());
  const auto& list = created.value();
  ASSERT_TRUE(service_->use_pass(runner_, "pseudolab", list[0].id).ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[0].id).error().http_status, 409);
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[1].id).error().field, "pass_tickets");
  ASSERT_TRUE(
      service_->submit(runner_, "pseudolab", list[3].id, {"https://b.example/x", "", {}, false})
          .ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[3].id).error().field, "deadline");
  ASSERT_TRUE(service_->use_pass(runner_, "pseudolab", list[2].id).ok());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[4].id).error().field, "pass_tickets");
  EXPECT_EQ(service_->use_pass(member_, "pseudolab", list[4].id).error().http_status, 403);
  // Too late for a pass once the deadline is over.
  clock_.advance(list[4].due_at + 1 - clock_.now_seconds());
  EXPECT_EQ(service_->use_pass(runner_, "pseudolab", list[4].id).error().field, "deadline");
  auto standing = service_->writing_standing(runner_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->passes_used, 2);
  EXPECT_EQ(standing->passes_left, 0);
  EXPECT_EQ(standing->missed, 2);  // deadlines 2 and 5
}

TEST_P(ActivityServiceTest, MissingViewDepositAndReminders) {
  project();
  ASSERT_TRUE(service_
                  ->set_writing_settings(organizer_, "pseudolab", "10",
                                         {.deposit_start = 20000, .deposit_per_miss = 5000})
                  .ok());
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  const Deadline first = created->front();

  auto missing = service_->missing(builder_, "pseudolab", first.id);
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ(missing->front().user_id, runner_.user_id());
  EXPECT_EQ(service_->missing(runner_, "pseudolab", first.id).error().http_status, 403);
  EXPECT_EQ(service_->missing(anonymous_, "pseudolab", first.id).error().http_status, 401);

  // 24 h before: one reminder to the runner, once however often it runs.
  clock_.advance(first.due_at - 23 * 3600 - clock_.now_seconds());
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 1);
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 0);
  clock_.advance(22 * 3600 + 1800);
  EXPECT_EQ(service_->enqueue_due_reminders().value(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                  "'activity.deadline_reminder.%'"),
            2);
  // Having written, nobody is reminded or missing.
  ASSERT_TRUE(
      service_->submit(runner_, "pseudolab", first.id, {"https://b.example/x", "", {}, false})
          .ok());
  EXPECT_TRUE(service_->missing(organizer_, "pseudolab", first.id)->empty());

  // The second deadline is missed: the deposit loses one deduction.
  clock_.advance((*created)[1].due_at + 60 - clock_.now_seconds());
  auto standing = service_->writing_standing(organizer_, "pseudolab", "10", runner_.user_id());
  ASSERT_TRUE(standing.ok());
  EXPECT_EQ(standing->missed, 1);
  EXPECT_EQ(standing->deposit_balance, 15000);
  EXPECT_EQ(
      service_->writing_standing(member_, "pseudolab", "10", runner_.user_id()).error().http_status,
      403);
}

TEST_P(ActivityServiceTest, ReadingListShowsSharedLinksOnlyWhenTheCohortOptsIn) {
  project();
  auto created = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                         {"글쓰기", "2027-03-21T23:59", 14, 2});
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(service_
                  ->submit(runner_, "pseudolab", (*created)[0].id,
                           {"https://b.example/shared", "", {"RAG"}, true})
                  .ok());
  ASSERT_TRUE(service_
                  ->submit(runner_, "pseudolab", (*created)[1].id,
                           {"https://b.example/private", "", {}, false})
                  .ok());
  EXPECT_EQ(service_->reading_list("pseudolab", "10").error().http_status, 404);
  ASSERT_TRUE(
      service_->set_writing_settings(organizer_, "pseudolab", "10", {.reading_list_public = true})
          .ok());
  auto list = service_->reading_list("pseudolab", "10");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().link, "https://b.example/shared");
  EXPECT_EQ(list->front().tags, std::vector<std::string>{"RAG"});
}

TEST_P(ActivityServiceTest, ProgressAgainstTheCohortRulesIsLive) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  auto series = service_->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                        {"글쓰기", "2027-03-05T23:59", 14, 2});
  ASSERT_TRUE(series.ok());
  // Three sessions held: present, excused, absent; one deadline passed, written.
  ASSERT_TRUE(
      service_
          ->submit(runner_, "pseudolab", series->front().id, {"https://b.example/1", "", {}, false})
          .ok());
  clock_.advance((*list)[2].starts_at + 60 - clock_.now_seconds());
  const std::string marks[] = {"present", "excused", "absent"};
  for (int idx = 0; idx < 3; ++idx)
    ASSERT_TRUE(
        service_->mark(builder_, "pseudolab", (*list)[idx].id, runner_.user_id(), marks[idx], "")
            .ok());
  auto progress = service_->progress(runner_, "pseudolab", id);
  ASSERT_TRUE(progress.ok()) << progress.error().message;
  ASSERT_EQ(progress->size(), 1u);
  const Progress& mine = progress->front();
  EXPECT_EQ(mine.facts.sessions_held, 3);
  EXPECT_EQ(mine.attendance_percent, 50);  // 1 of 2 counted
  EXPECT_FALSE(mine.attendance_met);       // the cohort asks 80 %
  EXPECT_EQ(mine.facts.submissions, 1);
  EXPECT_EQ(mine.facts.deadlines_past, 1);
  EXPECT_TRUE(mine.retrospective_required);
  EXPECT_FALSE(mine.on_track);
  EXPECT_EQ(service_->progress(builder_, "pseudolab", id)->size(), 1u);
  EXPECT_EQ(service_->progress(member_, "pseudolab", id).error().http_status, 403);
  EXPECT_EQ(service_->progress(anonymous_, "pseudolab", id).error().http_status, 401);
}

// Parses an iCalendar text with python3-icalendar (Debian's, as the calendar
// apps' parsers would) and returns what it understood, one line per event.
std::string parse_with_icalendar(const std::string& text) {
  const auto path =
      std::filesystem::temp_directory_path() / ("moim_feed_" + std::to_string(::getpid()) + ".ics");
  std::ofstream(path, std::ios::binary) << text;
  const std::string command =
      "/usr/bin/python3 -c \"import sys, icalendar\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "for e in cal.walk('VEVENT'):\n"
      "  print(e.decoded('dtstart').strftime('%Y-%m-%dT%H:%M%z'), str(e.get('status')), "
      "str(e.get('summary')))\n\" " +
      path.string() + " 2>&1";
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    if (::pclose(pipe) != 0) output = "parser failed: " + output;
  }
  std::filesystem::remove(path);
  return output;
}

TEST_P(ActivityServiceTest, CalendarFeedsAreSecretAndParseAsICalendar) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  ASSERT_TRUE(service_->skip_session(builder_, "pseudolab", (*list)[1].id, true).ok());
  SessionInput topic;
  topic.topic = "Attention, 그리고; 트랜스포머";
  ASSERT_TRUE(service_->update_session(builder_, "pseudolab", (*list)[0].id, topic).ok());
  ASSERT_TRUE(service_
                  ->create_series(organizer_, "pseudolab", {std::string("10"), std::nullopt},
                                  {"글쓰기", "2027-03-21T23:59", 14, 2})
                  .ok());

  EXPECT_EQ(
      service_->create_calendar_feed(anonymous_, "pseudolab", std::nullopt).error().http_status,
      401);
  EXPECT_EQ(service_->create_calendar_feed(runner_, "pseudolab", id).error().http_status, 403);
  auto mine = service_->create_calendar_feed(runner_, "pseudolab", std::nullopt);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_TRUE(mine->starts_with("https://moim.example/calendar/"));
  ASSERT_TRUE(mine->ends_with(".ics"));
  const std::string token = mine->substr(30, mine->size() - 34);
  auto text = service_->calendar_feed(token, kLabels);
  ASSERT_TRUE(text.ok()) << text.error().message;

  const std::string parsed = parse_with_icalendar(text.value());
  ASSERT_EQ(parsed.rfind("parser failed", 0), std::string::npos) << parsed;
  // 9 sessions and 2 deadlines; the skipped session is cancelled.
  EXPECT_EQ(std::count(parsed.begin(), parsed.end(), '\n'), 11) << parsed;
  EXPECT_NE(
      parsed.find("2027-03-03T11:00+0000 CONFIRMED LLM 논문 읽기: Attention, 그리고; 트랜스포머"),
      std::string::npos)
      << parsed;
  EXPECT_NE(parsed.find("2027-03-10T11:00+0000 CANCELLED"), std::string::npos) << parsed;
  EXPECT_NE(parsed.find("2027-03-21T14:59+0000 CONFIRMED ko:calendar_deadline: 글쓰기 #1"),
            std::string::npos)
      << parsed;

  // A new address replaces the old one; unknown tokens find nothing.
  ASSERT_TRUE(service_->create_calendar_feed(runner_, "pseudolab", std::nullopt).ok());
  EXPECT_EQ(service_->calendar_feed(token, kLabels).error().http_status, 404);
  EXPECT_EQ(service_->calendar_feed("nope", kLabels).error().http_status, 404);
  // The project's feed: its builders create it.
  auto project_feed = service_->create_calendar_feed(builder_, "pseudolab", id);
  ASSERT_TRUE(project_feed.ok());
  auto project_text =
      service_->calendar_feed(project_feed->substr(30, project_feed->size() - 34), kLabels);
  ASSERT_TRUE(project_text.ok());
  EXPECT_EQ(parse_with_icalendar(project_text.value()).rfind("parser failed", 0),
            std::string::npos);
  // The member feed of someone in no project is empty but valid.
  auto empty = service_->create_calendar_feed(member_, "pseudolab", std::nullopt);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(parse_with_icalendar(
                service_->calendar_feed(empty->substr(30, empty->size() - 34), kLabels).value()),
            "");
}

TEST_P(ActivityServiceTest, GrowthLogsAreWeeklyAndShownByVisibility) {
  const auto id = project();
  GrowthLogInput input;
  input.week = "2027-03-04";  // a Thursday: stored as Monday the 1st
  input.learned = "어텐션 마스크를 직접 구현했다";
  input.links = {"https://blog.example/mask"};
  input.visibility = "project";
  input.project_id = id;
  auto written = service_->write_log(runner_, "pseudolab", input);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(written->week_start, "2027-03-01");
  input.week = "2027-03-07";  // the same week: an edit
  input.blocked = "GPU가 부족했다";
  ASSERT_TRUE(service_->write_log(runner_, "pseudolab", input).ok());
  input.week = "2027-03-08";
  input.visibility = "private";
  input.project_id.reset();
  ASSERT_TRUE(service_->write_log(runner_, "pseudolab", input).ok());
  input.week = "2027-03-15";
  input.visibility = "public";
  ASSERT_TRUE(service_->write_log(runner_, "pseudolab", input).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_growth_logs"), 3);

  EXPECT_EQ(service_->logs(runner_, "pseudolab", runner_.user_id())->size(), 3u);
  EXPECT_EQ(service_->logs(builder_, "pseudolab", runner_.user_id())->size(),
            2u);  // project, public
  EXPECT_EQ(service_->logs(member_, "pseudolab", runner_.user_id())->size(), 1u);
  // Anonymous visitors read none, not even public ones: the page needs
  // sign-in, so does the API (issue #10).
  auto seen = service_->logs(anonymous_, "pseudolab", runner_.user_id());
  ASSERT_FALSE(seen.ok());
  EXPECT_EQ(seen.error().http_status, 401);

  GrowthLogInput bad = input;
  bad.week = "next week";
  EXPECT_EQ(service_->write_log(runner_, "pseudolab", bad).error().field, "week");
  bad = input;
  bad.visibility = "friends";
  EXPECT_EQ(service_->write_log(runner_, "pseudolab", bad).error().field, "visibility");
  bad = input;
  bad.visibility = "project";
  EXPECT_EQ(service_->write_log(runner_, "pseudolab", bad).error().field, "project_id");
  bad.project_id = id;
  EXPECT_EQ(service_->write_log(member_, "pseudolab", bad).error().field, "project_id");
  bad = input;
  bad.links = {"javascript:alert(1)"};
  EXPECT_EQ(service_->write_log(runner_, "pseudolab", bad).error().field, "links");
  bad = input;
  bad.learned = "";
  bad.blocked = " ";
  EXPECT_EQ(service_->write_log(runner_, "pseudolab", bad).error().field, "learned");
  EXPECT_EQ(service_->write_log(anonymous_, "pseudolab", input).error().http_status, 401);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_growth_logs"), 3);
}

TEST_P(ActivityServiceTest, AFewWrongCodesLockThePersonOutOfTheCodeCheckIn) {
  const auto id = project();
  auto list = service_->schedule(builder_, "pseudolab", id);
  ASSERT_TRUE(list.ok());
  const std::int64_t session_id = list->front().id;
  clock_.advance(list->front().starts_at - clock_.now_seconds());
  ASSERT_TRUE(service_->open_check_in(builder_, "pseudolab", session_id, 15).ok());
  const std::string right = current_code(session_id);
  const std::string wrong = right == "000000" ? "000001" : "000000";
  for (int attempt = 0; attempt < kMaxWrongCodes; ++attempt)
    EXPECT_EQ(service_->check_in(runner_, "pseudolab", session_id, wrong).error().field, "code");
  // Even the right code is refused now: guessing six digits is no way in.
  EXPECT_EQ(service_->check_in(runner_, "pseudolab", session_id, right).error().http_status, 429);
  EXPECT_EQ(count("SELECT COUNT(*) FROM activity_attendance"), 0);
  // The builder can still mark them.
  EXPECT_TRUE(
      service_
          ->mark(builder_, "pseudolab", session_id, runner_.user_id(), "present", "코드 입력 실패")
          .ok());
}

INSTANTIATE_TEST_SUITE_P(Drivers, ActivityServiceTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::activity
