// Events over HTTP on both databases: who may do what, guests and their
// ticket tokens, bad input, check-in at the door, every JSON reply against
// the schema the generated OpenAPI document declares, and the registration
// rush: 2,000 simultaneous registrations for 100 seats (two instances on
// PostgreSQL) confirm exactly 100.
#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using EventsHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

// The reply must match the response schema of its operation in the served
// document (generated from the route's declaration).

std::string create_event(Environment& env, const std::string& extra = "", int capacity = 50) {
  const std::int64_t now = std::time(nullptr);
  auto created =
      env.organizer->json("POST", kEvents,
                          R"({"title": "PseudoCon", "starts_at": ")" + utc(now + 7 * kDay) +
                              R"(", "ends_at": ")" + utc(now + 7 * kDay + 8 * 3600) +
                              R"(", "capacity": )" + std::to_string(capacity) + extra + "}");
  EXPECT_EQ(created.status, 201) << created.body;
  expect_documented(env, "post", "/api/v1/communities/{slug}/events", created);
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

std::string error_code(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["code"].as_string());
}
std::string error_field(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

HttpResult as_guest(Client& client, const std::string& token, const std::string& method,
                    const std::string& path, const std::string& body = "") {
  return client.request(method, path, body, body.empty() ? "" : "application/json",
                        {"Authorization: Bearer " + token});
}

TEST_P(EventsHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string base = kEvents + "/" + id;
  struct RoleCase {
    std::string method, path, body;
    long anonymous, member, organizer;
  };
  const std::vector<RoleCase> cases{
      {"GET", kEvents, "", 200, 200, 200},
      {"POST", kEvents,
       R"({"title":"x","starts_at":"2027-05-01T10:00:00+09:00","ends_at":"2027-05-01T18:00:00+09:00"})",
       401, 403, 201},
      {"GET", base, "", 200, 200, 200},
      {"PATCH", base, R"({"venue":"코엑스"})", 401, 403, 200},
      {"GET", base + "/stats", "", 401, 403, 200},
      {"GET", base + "/registrations", "", 401, 403, 200},
      {"POST", base + "/check-ins", R"({"code":"ZZZZ-ZZZZ"})", 401, 403, 404},
      {"POST", base + "/ticket-types", R"({"name":"연사","capacity":10,"organizers_only":true})",
       401, 403, 201},
  };
  for (const auto& test_case : cases) {
    for (auto [client, expected] : {std::pair{e.anonymous.get(), test_case.anonymous},
                                    std::pair{e.member.get(), test_case.member},
                                    std::pair{e.organizer.get(), test_case.organizer}}) {
      auto result = client->json(test_case.method, test_case.path, test_case.body);
      EXPECT_EQ(result.status, expected)
          << test_case.method << " " << test_case.path << " " << result.body;
      const std::string pattern =
          std::regex_replace(test_case.path, std::regex("/events/[0-9]+"), "/events/{event}");
      const std::string generic = std::regex_replace(pattern, std::regex("/it-lab/"), "/{slug}/");
      std::string method = test_case.method;
      for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      expect_documented(e, method, generic, result);
    }
  }
}

TEST_P(EventsHttpTest, GuestsRegisterWithATicketTokenThatOpensOnlyTheirOwnEvent) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string other = create_event(e);
  const std::string base = kEvents + "/" + id;
  Client guest = e.client();
  auto registered =
      guest.json("POST", base + "/registrations",
                 R"({"name": "게스트 김", "email": "guest-)" + GetParam() + R"(@it.example"})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  expect_documented(e, "post", "/api/v1/communities/{slug}/events/{event}/registrations",
                    registered);
  auto body = parse_object(registered.body);
  const std::string token(body["ticket_token"].as_string());
  auto registration = body["registration"].as_object();
  EXPECT_EQ(registration["status"], "confirmed");
  const std::string registration_id = std::to_string(registration["id"].as_int64());
  // Again: the first registration, 200, no duplicate and no second token.
  auto again =
      guest.json("POST", base + "/registrations",
                 R"({"name": "게스트 김", "email": "GUEST-)" + GetParam() + R"(@it.example"})");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(parse_object(again.body)["registration"].as_object()["id"], registration["id"]);
  EXPECT_TRUE(parse_object(again.body)["ticket_token"].is_null());

  Client bearer = e.client();
  auto mine = as_guest(bearer, token, "GET", base + "/registration");
  EXPECT_EQ(mine.status, 200) << mine.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/registration", mine);
  // Never a credential for anything else.
  EXPECT_EQ(as_guest(bearer, token, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(as_guest(bearer, token, "GET", base + "/stats").status, 401);
  EXPECT_EQ(as_guest(bearer, token, "GET", kEvents + "/" + other + "/registration").status, 401);
  EXPECT_EQ(as_guest(bearer, "tkt_forged", "GET", base + "/registration").status, 401);
  // Another event's registration cannot be cancelled with it.
  EXPECT_NE(
      as_guest(bearer, token, "DELETE", kEvents + "/" + other + "/registrations/" + registration_id)
          .status,
      200);
  auto cancelled = as_guest(bearer, token, "DELETE", base + "/registrations/" + registration_id);
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(parse_object(cancelled.body)["registration"].as_object()["status"], "cancelled");
  // A forged or reused token changes nothing.
  EXPECT_EQ(as_guest(bearer, token, "DELETE", base + "/registrations/" + registration_id).status,
            409);
}

TEST_P(EventsHttpTest, MembersRegisterWithOneCallAndTheWaitlistMovesOnACancellation) {
  Environment& e = env();
  const std::string id = create_event(e, "", 1);
  const std::string base = kEvents + "/" + id;
  auto mine = e.member->json("POST", base + "/registrations", "{}");
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(parse_object(mine.body)["registration"].as_object()["status"], "confirmed");
  EXPECT_EQ(e.member->json("POST", base + "/registrations", "{}").status, 200);
  Client guest = e.client();
  auto waiting =
      guest.json("POST", base + "/registrations",
                 R"({"name":"대기자","email":"waiting-)" + GetParam() + R"(@it.example"})");
  ASSERT_EQ(waiting.status, 201);
  auto waiting_body = parse_object(waiting.body);
  EXPECT_EQ(waiting_body["registration"].as_object()["status"], "waitlisted");
  EXPECT_EQ(waiting_body["registration"].as_object()["waitlist_position"], 1);
  const std::string member_registration =
      std::to_string(parse_object(mine.body)["registration"].as_object()["id"].as_int64());
  EXPECT_EQ(e.member->json("DELETE", base + "/registrations/" + member_registration).status, 200);
  const std::string token(waiting_body["ticket_token"].as_string());
  auto promoted = as_guest(guest, token, "GET", base + "/registration");
  EXPECT_EQ(parse_object(promoted.body)["registration"].as_object()["status"], "offered");
  const std::string waiting_id =
      std::to_string(waiting_body["registration"].as_object()["id"].as_int64());
  auto claimed = as_guest(guest, token, "POST", base + "/registrations/" + waiting_id + "/claim");
  EXPECT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(parse_object(claimed.body)["registration"].as_object()["status"], "confirmed");
  EXPECT_GE(e.count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%events.seat_offered%'"), 1);
}

TEST_P(EventsHttpTest, BadInputGetsAClear4xxAndChangesNothing) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string base = kEvents + "/" + id;
  const std::int64_t before = e.count("SELECT COUNT(*) FROM event_registrations");
  Client guest = e.client();
  auto long_name =
      guest.json("POST", base + "/registrations",
                 R"({"name":")" + std::string(10000, 'x') + R"(","email":"a@b.example"})");
  EXPECT_EQ(long_name.status, 400);
  EXPECT_EQ(error_field(long_name), "name");
  EXPECT_EQ(error_field(guest.json("POST", base + "/registrations", R"({"name":"x"})")), "email");
  auto typo = guest.json("POST", base + "/registrations", R"({"nmae":"x","email":"a@b.example"})");
  EXPECT_EQ(typo.status, 422);
  EXPECT_EQ(error_field(typo), "nmae");
  EXPECT_EQ(e.organizer
                ->json("POST", kEvents,
                       R"({"title":"x","starts_at":"tomorrow","ends_at":"2027-05-01T10:00:00Z"})")
                .status,
            400);
  EXPECT_EQ(guest.json("GET", kEvents + "/999999999").status, 404);
  EXPECT_EQ(guest.json("GET", kEvents + "/abc").status, 404);
  // Scripts in every text field stay text.
  auto scripted = e.organizer->json(
      "PATCH", base,
      R"({"title":"<script>alert(1)</script>","venue":"<img src=x onerror=alert(1)>","description":"<script>alert(2)</script>"})");
  EXPECT_EQ(scripted.status, 200) << scripted.body;
  auto page = e.anonymous->get("/c/it-lab/events/" + id);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.body.find("<img src=x"), std::string::npos);
  // Closed registration, and a cancelled event.
  const std::int64_t now = std::time(nullptr);
  EXPECT_EQ(e.organizer
                ->json("PATCH", base,
                       R"({"registration_closes_at":")" + utc(now - 60) +
                           R"(","registration_opens_at":")" + utc(now - 3600) + "\"}")
                .status,
            200);
  auto closed =
      guest.json("POST", base + "/registrations", R"({"name":"x","email":"late@b.example"})");
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(e.organizer->json("PATCH", base, R"({"status":"cancelled"})").status, 200);
  EXPECT_EQ(
      guest.json("POST", base + "/registrations", R"({"name":"x","email":"c@b.example"})").status,
      409);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_registrations"), before);
}

TEST_P(EventsHttpTest, StaffCheckInOnceAndSeeWhyNot) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string other = create_event(e);
  const std::string base = kEvents + "/" + id;
  Client guest = e.client();
  auto registered =
      guest.json("POST", base + "/registrations",
                 R"({"name":"참가자","email":"door-)" + GetParam() + R"(@it.example"})");
  const std::string code(
      parse_object(registered.body)["registration"].as_object()["ticket_code"].as_string());
  auto elsewhere =
      guest.json("POST", kEvents + "/" + other + "/registrations",
                 R"({"name":"참가자","email":"door-)" + GetParam() + R"(@it.example"})");
  const std::string other_code(
      parse_object(elsewhere.body)["registration"].as_object()["ticket_code"].as_string());
  // The member is no staff until the organizer says so.
  EXPECT_EQ(e.member->json("POST", base + "/check-ins", R"({"code":")" + code + "\"}").status, 403);
  EXPECT_EQ(
      e.organizer
          ->json("POST", base + "/staff", R"({"user_id":)" + std::to_string(e.member_id) + "}")
          .status,
      204);
  auto first = e.member->json("POST", base + "/check-ins", R"({"code":")" + code + "\"}");
  EXPECT_EQ(first.status, 201) << first.body;
  expect_documented(e, "post", "/api/v1/communities/{slug}/events/{event}/check-ins", first);
  auto second = e.member->json("POST", base + "/check-ins", R"({"code":")" + code + "\"}");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(error_code(second), "already_checked_in");
  auto wrong = e.member->json("POST", base + "/check-ins", R"({"code":")" + other_code + "\"}");
  EXPECT_EQ(error_code(wrong), "wrong_event");
  auto stats = e.organizer->json("GET", base + "/stats");
  EXPECT_EQ(stats.status, 200);
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/stats", stats);
  EXPECT_EQ(parse_object(stats.body)["total"].as_object()["checked_in"], 1);
}

// The event page is kept rendered for anonymous visitors (SQLite,
// web/kept_pages.hpp): each guest registers through its form with their own
// token, and the seats left change for the next visitor at once.
TEST_P(EventsHttpTest, GuestsRegisterFromTheEventPageEachWithTheirOwnToken) {
  Environment& e = env();
  const std::string id = create_event(e, "", 3);
  const std::string path = "/c/it-lab/events/" + id;
  Client first = e.client(), second = e.client();
  const auto first_page = first.get(path, {"Accept-Language: ko"});
  const auto second_page = second.get(path, {"Accept-Language: ko"});
  ASSERT_EQ(second_page.status, 200);
  EXPECT_NE(second_page.body.find("3 / 3"), std::string::npos);
  const std::string first_token = csrf_from(first_page.body);
  const std::string second_token = csrf_from(second_page.body);
  ASSERT_FALSE(second_token.empty());
  EXPECT_NE(first_token, second_token);
  const std::string form = "&name=Kept&email=kept-" + GetParam() + "%40it.example";
  EXPECT_EQ(second.form(path + "/register", "_csrf=" + first_token + form).status, 403);
  EXPECT_EQ(second.form(path + "/register", "_csrf=" + second_token + form).status, 303);
  EXPECT_NE(e.client().get(path, {"Accept-Language: ko"}).body.find("2 / 3"), std::string::npos);
  EXPECT_NE(first.get(path, {"Accept-Language: ko"}).body.find("2 / 3"), std::string::npos);
  // The list shows the new event at once too.
  EXPECT_NE(e.client().get("/c/it-lab/events").body.find(path), std::string::npos);
}

// 2,000 registrations at once for 100 seats: exactly 100 confirmed, 1,900
// waitlisted with the places 1..1,900 each once, no duplicate, no 5xx. On
// PostgreSQL two more `moim serve` share the database and split the rush.
TEST_P(EventsHttpTest, TheRegistrationRushNeverOversells) {
  Environment& e = env();
  const std::string id = create_event(e, "", 100);
  const std::string path = kEvents + "/" + id + "/registrations";
  std::vector<std::unique_ptr<MoimProcess>> instances;
  const int instance_count = GetParam() == "postgres" ? 2 : 1;
  for (int index = 0; index < instance_count; ++index)
    instances.push_back(std::make_unique<MoimProcess>(
        e.database->url(),
        // The 100 clients all come from 127.0.0.1; in the field they are 100
        // addresses, so one address may hold them all here.
        std::vector<std::string>{"--event-registrations-per-address-per-minute=0",
                                 "--no-outbox-worker", "--max-connections-per-client=256"}));
  constexpr int kThreads = 100, kEach = 20;
  std::atomic<int> created{0}, server_errors{0}, other{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      // Each person's browser keeps its connection: a new one per request
      // would leave closed ones counting against the address's limit until
      // the server, busy with the rush, reads their end.
      Client client(instances[thread_idx % instances.size()]->base_url());
      client.keep_connection();
      for (int index = 0; index < kEach; ++index) {
        const std::string who = "rush" + std::to_string(thread_idx) + "-" + std::to_string(index);
        auto result = client.json(
            "POST", path, R"({"name":")" + who + R"(","email":")" + who + R"(@it.example"})");
        if (result.status == 201)
          ++created;
        else if (result.status >= 500 || result.status == 0)
          ++server_errors;
        else
          ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load(), kThreads * kEach);
  const std::string event = " WHERE event_id = " + id;
  EXPECT_EQ(
      e.count("SELECT COUNT(*) FROM event_registrations" + event + " AND status = 'confirmed'"),
      100);
  EXPECT_EQ(
      e.count("SELECT COUNT(*) FROM event_registrations" + event + " AND status = 'waitlisted'"),
      1900);
  EXPECT_EQ(e.count("SELECT COUNT(DISTINCT waitlist_position) FROM event_registrations" + event +
                    " AND status = 'waitlisted'"),
            1900);
  EXPECT_EQ(e.count("SELECT MIN(waitlist_position) FROM event_registrations" + event), 1);
  EXPECT_EQ(e.count("SELECT MAX(waitlist_position) FROM event_registrations" + event), 1900);
  EXPECT_EQ(e.count("SELECT COUNT(DISTINCT email) FROM event_registrations" + event), 2000);
  EXPECT_EQ(e.count("SELECT held FROM event_ticket_types" + event), 100);
  EXPECT_EQ(e.count("SELECT confirmed_count FROM events WHERE id = " + id), 100);
  EXPECT_EQ(e.count("SELECT waitlisted_count FROM events WHERE id = " + id), 1900);
  // Each person got one mail, the one their place calls for, also those
  // whose seat was taken by another in the last moment (the mail is
  // written before the seat and corrected then: registrations.cpp).
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = " + id +
                    " AND (SELECT COUNT(*) FROM outbox o WHERE o.idempotency_key LIKE "
                    "'events.' || r.id || '.%') = 1 AND EXISTS (SELECT 1 FROM outbox o WHERE "
                    "o.idempotency_key LIKE 'events.' || r.id || '.' || r.status || '.%')"),
            2000);
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
