// Certificates of attendance from the events room: only checked-in members,
// once, after the start, by organizers.
#include "features/events/attendance_certificates.hpp"

#include "features/events/testing/after_event_fixture.hpp"

namespace moim::events {
namespace {

using accounts::Viewer;
using testing::kStart;
using testing::seoul;

class AttendanceCertificatesTest : public testing::AfterEventFixture {
 protected:
  void SetUp() override {
    AfterEventFixture::SetUp();
    certificates_ = std::make_unique<certificates::CertificatesService>(
        test_db_->database(), clock_, *communities_, "https://moim.example");
    attendance_ = std::make_unique<AttendanceCertificatesService>(test_db_->database(), clock_,
                                                                  *events_, *certificates_);
  }
  Registered member_registration(const Viewer& who, std::int64_t event_id) {
    auto registered = events_->register_for(Caller{who, std::nullopt}, "lab", event_id, {});
    EXPECT_TRUE(registered.ok()) << registered.error().message;
    return registered.value();
  }
  void check_in(std::int64_t event_id, const Registered& registered) {
    auto done = events_->check_in(organizer_, "lab", event_id, registered.registration.ticket_code);
    ASSERT_TRUE(done.ok()) << done.error().message;
    ASSERT_EQ(done->verdict, CheckInVerdict::checked_in);
  }

  std::unique_ptr<certificates::CertificatesService> certificates_;
  std::unique_ptr<AttendanceCertificatesService> attendance_;
};

TEST_P(AttendanceCertificatesTest, OnlyCheckedInMembersGetOneOnceWithOneMail) {
  Event shown = event(seoul("2027-01-20T10:00"), 10);
  const Viewer undone = viewer("undone@example.com", "이취소", false);
  const Viewer cancelled = viewer("cancelled@example.com", "박철회", false);
  const Viewer absent = viewer("absent@example.com", "최결석", false);
  for (const Viewer* who : {&undone, &cancelled, &absent})
    ASSERT_TRUE(communities_->join(*who, "lab").ok());
  auto came = member_registration(member_, shown.id);
  auto came_undone = member_registration(undone, shown.id);
  auto came_cancelled = member_registration(cancelled, shown.id);
  member_registration(absent, shown.id);
  auto walked_in_guest = guest(shown.id, "guest");

  // Before the start nobody can have come.
  auto early = attendance_->issue(organizer_, "lab", shown.id);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().http_status, 409);
  EXPECT_EQ(early.error().field, "event");

  clock_.advance(seoul("2027-01-20T11:00") - clock_.now_seconds());
  check_in(shown.id, came);
  check_in(shown.id, came_undone);
  check_in(shown.id, came_cancelled);
  check_in(shown.id, walked_in_guest);
  ASSERT_TRUE(
      events_->undo_check_in(organizer_, "lab", shown.id, came_undone.registration.id).ok());
  ASSERT_TRUE(events_
                  ->cancel(Caller{organizer_, std::nullopt}, "lab", shown.id,
                           came_cancelled.registration.id)
                  .ok());

  auto first = attendance_->issue(organizer_, "lab", shown.id);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->attendees, 1);  // the member who came; not the guest, undone or cancelled
  EXPECT_EQ(first->issued, 1);
  EXPECT_EQ(mails("certificates.attendance_issued"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE target = 'member@example.com' AND payload "
                  "LIKE '%attendance_issued%'"),
            1);

  auto again = attendance_->issue(organizer_, "lab", shown.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->issued, 0);
  EXPECT_EQ(again->already, 1);
  EXPECT_EQ(mails("certificates.attendance_issued"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certificates WHERE kind = 'attendance'"), 1);

  auto overview = attendance_->overview(organizer_, "lab", shown.id);
  ASSERT_TRUE(overview.ok()) << overview.error().message;
  EXPECT_TRUE(overview->started);
  EXPECT_EQ(overview->checked_in, 2);  // the member and the guest
  EXPECT_EQ(overview->guests, 1);
  EXPECT_EQ(overview->issued, 1);
  int with_certificate = 0;
  for (const auto& person : overview->attendees) with_certificate += person.certificate ? 1 : 0;
  EXPECT_EQ(with_certificate, 1);

  // The attendee finds it from the event; the others have none.
  auto mine = attendance_->mine(member_, "lab", shown.id);
  ASSERT_TRUE(mine.ok());
  ASSERT_TRUE(mine->has_value());
  EXPECT_EQ((*mine)->kind, certificates::kAttendance);
  EXPECT_EQ((*mine)->event_title, "PseudoCon");
  EXPECT_FALSE(attendance_->mine(undone, "lab", shown.id)->has_value());
  auto verified = certificates_->verify((*mine)->number);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->event_title, "PseudoCon");
  EXPECT_EQ(verified->starts_on, "2027-01-20");
}

TEST_P(AttendanceCertificatesTest, OrganizersOnly) {
  Event shown = event(seoul("2027-01-15T10:00"), 10);
  clock_.advance(seoul("2027-01-15T11:00") - clock_.now_seconds());
  const Viewer staff = viewer("staff@example.com", "문지기", false);
  ASSERT_TRUE(communities_->join(staff, "lab").ok());
  ASSERT_TRUE(events_->add_staff(organizer_, "lab", shown.id, staff.user_id()).ok());
  auto by_staff = attendance_->issue(staff, "lab", shown.id);
  ASSERT_FALSE(by_staff.ok());
  EXPECT_EQ(by_staff.error().http_status, 403);
  EXPECT_EQ(attendance_->issue(member_, "lab", shown.id).error().http_status, 403);
  EXPECT_EQ(attendance_->overview(member_, "lab", shown.id).error().http_status, 403);
  EXPECT_EQ(attendance_->issue(anonymous_, "lab", shown.id).error().http_status, 401);
  EXPECT_EQ(attendance_->mine(anonymous_, "lab", shown.id).error().http_status, 401);
  auto none = attendance_->issue(organizer_, "lab", shown.id);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->issued, 0);
}

TEST_P(AttendanceCertificatesTest, ACancelledEventHasNone) {
  Event shown = event(seoul("2027-01-15T10:00"), 10);
  ASSERT_TRUE(
      events_->update(organizer_, "lab", shown.id, {.status = EventStatus::cancelled}).ok());
  clock_.advance(seoul("2027-01-15T11:00") - clock_.now_seconds());
  auto refused = attendance_->issue(organizer_, "lab", shown.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_EQ(refused.error().field, "event");
}

INSTANTIATE_TEST_SUITE_P(Drivers, AttendanceCertificatesTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::events
