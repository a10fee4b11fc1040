#include "features/events/testing/after_event_fixture.hpp"

namespace moim::events {
namespace {

using testing::kStart;
using testing::seoul;

class AfterEventTest : public testing::AfterEventFixture {};

TEST_P(AfterEventTest, TheScheduleFollowsTheCommunitysClock) {
  Event shown = event(seoul("2027-01-20T10:00"), 10);
  shown.time_zone = "Asia/Seoul";
  const MailSchedule schedule = mail_schedule(shown);
  EXPECT_EQ(schedule.day_before, seoul("2027-01-19T09:00"));
  EXPECT_EQ(schedule.morning, seoul("2027-01-20T07:00"));
  EXPECT_EQ(schedule.after, seoul("2027-01-20T19:00"));
  shown.starts_at = seoul("2027-01-20T08:00");  // an early start: two hours before
  EXPECT_EQ(mail_schedule(shown).morning, seoul("2027-01-20T06:00"));
}

TEST_P(AfterEventTest, RemindersGoOnceToConfirmedPeopleAndTheThankYouToThoseWhoCame) {
  Event shown = event(seoul("2027-01-20T10:00"), 3);
  auto first = guest(shown.id, "first");
  guest(shown.id, "second");
  auto mine = events_->register_for(Caller{member_, std::nullopt}, "lab", shown.id, {});
  ASSERT_TRUE(mine.ok());
  auto late = guest(shown.id, "late");  // waitlisted: no reminder
  EXPECT_EQ(late.registration.status, RegistrationStatus::waitlisted);

  EXPECT_EQ(run_at(kStart), 0);
  EXPECT_EQ(run_at(seoul("2027-01-19T08:59")), 0);
  EXPECT_EQ(run_at(seoul("2027-01-19T09:00")), 3);
  EXPECT_EQ(run_at(seoul("2027-01-19T09:01")), 0);  // once
  EXPECT_EQ(mails("events.reminder_day_before"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'late@example.com' AND payload "
                  "LIKE '%reminder%'"),
            0);
  EXPECT_EQ(run_at(seoul("2027-01-20T07:00")), 3);
  EXPECT_EQ(mails("events.reminder_morning"), 3);

  // Two came; the thank-you goes an hour after the end to them only.
  ASSERT_TRUE(events_->check_in(organizer_, "lab", shown.id, first.registration.ticket_code).ok());
  ASSERT_TRUE(events_->check_in(organizer_, "lab", shown.id, mine->registration.ticket_code).ok());
  EXPECT_EQ(run_at(seoul("2027-01-20T18:30")), 0);
  EXPECT_EQ(run_at(seoul("2027-01-20T19:00")), 2);
  EXPECT_EQ(run_at(seoul("2027-01-21T19:00")), 0);
  EXPECT_EQ(mails("events.after_event"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'second@example.com' AND payload "
                  "LIKE '%after_event%'"),
            0);
}

TEST_P(AfterEventTest, ARoundFoundTooLateIsRecordedWithoutMail) {
  // Created in the afternoon for the same evening: no "tomorrow" mail, the
  // day's reminder at once; a cancelled event gets nothing.
  Event tonight = event(seoul("2027-01-15T20:00"), 5);
  Event cancelled = event(seoul("2027-01-15T20:00"), 5);
  guest(tonight.id, "tonight");
  guest(cancelled.id, "tonight");
  ASSERT_TRUE(
      events_->update(organizer_, "lab", cancelled.id, {.status = EventStatus::cancelled}).ok());
  EXPECT_EQ(run_at(kStart), 1);
  EXPECT_EQ(mails("events.reminder_day_before"), 0);
  EXPECT_EQ(mails("events.reminder_morning"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM event_mail_rounds WHERE round = 'day_before' AND "
                  "mailed = 0"),
            1);
  // Rescheduled to the next week: the reminders are due again for the new date.
  ASSERT_TRUE(
      events_
          ->update(organizer_, "lab", tonight.id,
                   {.starts_at = seoul("2027-01-22T20:00"), .ends_at = seoul("2027-01-22T22:00")})
          .ok());
  EXPECT_EQ(run_at(seoul("2027-01-21T09:00")), 1);
  EXPECT_EQ(mails("events.reminder_day_before"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, AfterEventTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
