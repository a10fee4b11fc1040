// Sessions and attendance (schedule, check-in with the rotating code,
// builders' marks), calendar feeds and growth logs.
#include "features/activity/activity_service.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "features/activity/checkin_code.hpp"
#include "features/activity/testing/activity_fixture.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {
namespace {

using testing::ActivityServiceTest;
using testing::kDay;
using testing::kStart;

// The calendar's labels as "language:key", to see which language was chosen.
const ActivityService::Translate kLabels = [](const std::string& language, const std::string& key) {
  return language + ":" + key;
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
