// Certificates of attendance over HTTP on both databases: the organizers'
// typed API per role, the bulk issue twice, the listing, the page, the
// member's download from the event and the public /verify page naming the
// event.
#include "environment.hpp"

namespace moim::integration {
namespace {

using EventsAttendanceHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

std::string ticket_code_of(const HttpResult& registered) {
  return std::string(
      parse_object(registered.body)["registration"].as_object()["ticket_code"].as_string());
}

TEST_P(EventsAttendanceHttpTest, OrganizersIssueToCheckedInMembersOnceAndAnyoneVerifies) {
  Environment& e = env();
  const std::int64_t now = std::time(nullptr);
  // Started an hour ago; registration still open, so the member can come.
  auto created = e.organizer->json(
      "POST", kEvents,
      R"({"title": "출석 확인 밋업", "venue": "코엑스", "starts_at": ")" + utc(now - 3600) +
          R"(", "ends_at": ")" + utc(now + 3 * 3600) + R"(", "registration_closes_at": ")" +
          utc(now + 3600) + R"(", "capacity": 20})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id =
      std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
  const std::string path = kEvents + "/" + id + "/attendance-certificates";

  auto mine = e.member->json("POST", kEvents + "/" + id + "/registrations", "{}");
  ASSERT_LT(mine.status, 300) << mine.body;
  Client guest = e.client();
  auto guest_registration =
      guest.json("POST", kEvents + "/" + id + "/registrations",
                 R"({"name": "게스트", "email": "att-)" + GetParam() + R"(@it.example"})");
  ASSERT_EQ(guest_registration.status, 201) << guest_registration.body;
  for (const HttpResult* registered : {&mine, &guest_registration})
    ASSERT_EQ(e.organizer
                  ->json("POST", kEvents + "/" + id + "/check-ins",
                         R"({"code": ")" + ticket_code_of(*registered) + R"("})")
                  .status,
              201);

  // Per role: guests 401, members and door staff 403.
  EXPECT_EQ(e.anonymous->json("POST", path, "").status, 401);
  EXPECT_EQ(e.anonymous->get(path).status, 401);
  EXPECT_EQ(e.member->json("POST", path, "").status, 403);
  EXPECT_EQ(e.member->get(path).status, 403);
  ASSERT_EQ(e.organizer
                    ->json("POST", kEvents + "/" + id + "/staff",
                           R"({"user_id":)" + std::to_string(e.member_id) + "}")
                    .status /
                100,
            2);
  EXPECT_EQ(e.member->json("POST", path, "").status, 403);

  auto issued = e.organizer->json("POST", path, "");
  ASSERT_EQ(issued.status, 200) << issued.body;
  auto counts = parse_object(issued.body);
  EXPECT_EQ(counts["attendees"].as_int64(), 1);  // the guest has no account
  EXPECT_EQ(counts["issued"].as_int64(), 1);
  auto again = parse_object(e.organizer->json("POST", path, "").body);
  EXPECT_EQ(again["issued"].as_int64(), 0);
  EXPECT_EQ(again["already"].as_int64(), 1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%attendance_issued%' AND "
                    "payload LIKE '%출석 확인 밋업%'"),
            1);

  auto listed = e.organizer->get(path);
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto list = parse_object(listed.body);
  EXPECT_EQ(list["checked_in"].as_int64(), 2);
  EXPECT_EQ(list["guests"].as_int64(), 1);
  EXPECT_EQ(list["issued"].as_int64(), 1);
  std::string number;
  for (const auto& person : list["attendees"].as_array()) {
    const auto& row = person.as_object();
    if (row.at("member").as_bool())
      number = std::string(row.at("certificate").at("number").as_string());
    else
      EXPECT_TRUE(row.at("certificate").is_null());
  }
  ASSERT_FALSE(number.empty()) << listed.body;

  // The member: both kinds in one list, the PDF, the link from the event.
  auto my_list = parse_object(e.member->get("/api/v1/me/certificates").body);
  bool found = false;
  for (const auto& item : my_list["certificates"].as_array())
    if (item.at("number").as_string() == number) {
      found = true;
      EXPECT_EQ(item.at("kind").as_string(), "attendance");
      EXPECT_EQ(item.at("event_title").as_string(), "출석 확인 밋업");
    }
  EXPECT_TRUE(found);
  auto pdf = e.member->get("/certificates/" + number + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
  auto from_event = e.member->get("/c/it-lab/events/" + id + "/certificate");
  EXPECT_EQ(from_event.status, 303);
  EXPECT_EQ(from_event.headers["location"], "/certificates/" + number + ".pdf");
  EXPECT_EQ(e.organizer->get("/c/it-lab/events/" + id + "/certificate").status, 404);
  // The ticket page offers it once the event is over (moved into the past here).
  const std::string ticket = "/c/it-lab/events/" + id + "/ticket";
  EXPECT_EQ(e.member->get(ticket).body.find("attendance-certificate-link"), std::string::npos);
  auto moved = e.organizer->json("PATCH", kEvents + "/" + id,
                                 R"({"registration_opens_at": ")" + utc(now - 4 * 3600) +
                                     R"(", "registration_closes_at": ")" + utc(now - 3 * 3600) +
                                     R"(", "starts_at": ")" + utc(now - 3 * 3600) +
                                     R"(", "ends_at": ")" + utc(now - 60) + R"("})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto ticket_page = e.member->get(ticket);
  ASSERT_EQ(ticket_page.status, 200);
  EXPECT_NE(ticket_page.body.find("href=\"/c/it-lab/events/" + id + "/certificate\""),
            std::string::npos)
      << ticket_page.body;

  // Anyone verifies; the page says which event.
  auto verified = parse_object(e.anonymous->get("/api/v1/verify/" + number).body);
  EXPECT_EQ(verified["certificate"].as_object()["kind"].as_string(), "attendance");
  EXPECT_EQ(verified["certificate"].as_object()["event_title"].as_string(), "출석 확인 밋업");
  auto page = e.anonymous->get("/verify/" + number);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("출석 확인 밋업"), std::string::npos);
  EXPECT_NE(page.body.find("data-testid=\"verify-event\""), std::string::npos);

  // The organizers' page shows the counts and the row.
  auto organizer_page = e.organizer->get("/c/it-lab/events/" + id + "/attendance-certificates");
  ASSERT_EQ(organizer_page.status, 200);
  EXPECT_NE(organizer_page.body.find(number), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/events/" + id + "/attendance-certificates").status, 403);

  // Revoked from that page's form, which comes back to the page.
  const std::string back = "/c/it-lab/events/" + id + "/attendance-certificates";
  auto revoked = e.organizer->form("/c/it-lab/certificates/" + number + "/revoke",
                                   "_csrf=" + csrf_from(organizer_page.body) +
                                       "&reason=mistake&back=%2Fc%2Fit-lab%2Fevents%2F" + id +
                                       "%2Fattendance-certificates");
  ASSERT_EQ(revoked.status, 303) << revoked.body;
  EXPECT_EQ(revoked.headers["location"], back + "?notice=revoked");
  auto after_revoke = parse_object(e.anonymous->get("/api/v1/verify/" + number).body);
  EXPECT_EQ(after_revoke["certificate"].as_object()["status"].as_string(), "revoked");
  EXPECT_EQ(parse_object(e.organizer->get(path).body)["issued"].as_int64(), 0);
  EXPECT_EQ(parse_object(e.organizer->json("POST", path, "").body)["issued"].as_int64(), 0);
}

TEST_P(EventsAttendanceHttpTest, NotBeforeTheEventStarts) {
  Environment& e = env();
  const std::int64_t now = std::time(nullptr);
  auto created =
      e.organizer->json("POST", kEvents,
                        R"({"title": "Later", "starts_at": ")" + utc(now + kDay) +
                            R"(", "ends_at": ")" + utc(now + kDay + 3600) + R"(", "capacity": 5})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id =
      std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
  auto refused = e.organizer->json("POST", kEvents + "/" + id + "/attendance-certificates", "");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(parse_object(refused.body)["error"].as_object()["field"].as_string(), "event");
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsAttendanceHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
