// After the event over HTTP on both databases: the feedback survey's typed
// API per role (organizers set questions and read results, attendees who
// checked in answer once, guests with their ticket token), its pages and CSV,
// the badge sheet, and the door page loading the QR decoder when installed.
#include <filesystem>
#include <regex>

#include "delivered.hpp"
#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using EventsAfterHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

// The reply matches the schema its operation declares in the served document.

std::string create_event(Environment& env) {
  const std::int64_t now = std::time(nullptr);
  auto created = env.organizer->json("POST", kEvents,
                                     R"({"title": "PseudoCon", "starts_at": ")" +
                                         utc(now + 7 * kDay) + R"(", "ends_at": ")" +
                                         utc(now + 7 * kDay + 8 * 3600) + R"(", "capacity": 20})");
  EXPECT_EQ(created.status, 201) << created.body;
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

std::string field_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

std::string ticket_code_of(const HttpResult& registered) {
  return std::string(
      parse_object(registered.body)["registration"].as_object()["ticket_code"].as_string());
}

HttpResult with_token(Client& client, const std::string& token, const std::string& method,
                      const std::string& path, const std::string& body = "") {
  return client.request(method, path, body, body.empty() ? "" : "application/json",
                        {"Authorization: Bearer " + token});
}

TEST_P(EventsAfterHttpTest, TheSurveyIsSetAnsweredOnceAndReadByRole) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string feedback = kEvents + "/" + id + "/feedback";
  const std::string pattern = "/api/v1/communities/{slug}/events/{event}/feedback";
  const std::string questions =
      R"({"questions": [{"kind": "rating", "prompt": "전체 만족도", "required": true},
                        {"kind": "text", "prompt": "좋았던 점"}]})";
  EXPECT_EQ(e.anonymous->json("PUT", feedback + "/questions", questions).status, 401);
  EXPECT_EQ(e.member->json("PUT", feedback + "/questions", questions).status, 403);
  auto bad = e.organizer->json("PUT", feedback + "/questions",
                               R"({"questions": [{"kind": "stars", "prompt": "x"}]})");
  EXPECT_GE(bad.status, 400);
  EXPECT_LT(bad.status, 500);
  EXPECT_EQ(field_of(bad), "questions[0].kind") << bad.body;
  auto set = e.organizer->json("PUT", feedback + "/questions", questions);
  ASSERT_EQ(set.status, 200) << set.body;
  expect_documented(e, "put", pattern + "/questions", set);
  const auto saved = parse_object(set.body)["questions"].as_array();
  const std::string rating_id = std::to_string(saved[0].as_object().at("id").as_int64());
  const std::string text_id = std::to_string(saved[1].as_object().at("id").as_int64());

  // The member registers and is checked in; then answers once.
  auto mine = e.member->json("POST", kEvents + "/" + id + "/registrations", "{}");
  ASSERT_LT(mine.status, 300) << mine.body;
  auto form = e.member->get(feedback);
  ASSERT_EQ(form.status, 200);
  expect_documented(e, "get", pattern, form);
  EXPECT_FALSE(parse_object(form.body)["attended"].as_bool());
  const std::string answer = R"({"answers": [{"question_id": )" + rating_id +
                             R"(, "rating": 5}, {"question_id": )" + text_id +
                             R"(, "text": "<script>alert(1)</script> 좋았어요"}]})";
  EXPECT_EQ(e.member->json("POST", feedback + "/responses", answer).status, 403);
  ASSERT_EQ(e.organizer
                ->json("POST", kEvents + "/" + id + "/check-ins",
                       R"({"code": ")" + ticket_code_of(mine) + R"("})")
                .status,
            201);
  auto out_of_range =
      e.member->json("POST", feedback + "/responses",
                     R"({"answers": [{"question_id": )" + rating_id + R"(, "rating": 6}]})");
  EXPECT_EQ(field_of(out_of_range), "answers[0].rating") << out_of_range.body;
  auto missing =
      e.member->json("POST", feedback + "/responses",
                     R"({"answers": [{"question_id": )" + text_id + R"(, "text": "only text"}]})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(field_of(missing), "q" + rating_id);
  auto answered = e.member->json("POST", feedback + "/responses", answer);
  EXPECT_EQ(answered.status, 204) << answered.body;
  EXPECT_EQ(e.member->json("POST", feedback + "/responses", answer).status, 409);
  EXPECT_EQ(e.organizer->json("PUT", feedback + "/questions", questions).status, 409);

  // A guest: their ticket token, after check-in.
  Client guest = e.client();
  auto registered =
      guest.json("POST", kEvents + "/" + id + "/registrations",
                 R"({"name": "게스트", "email": "fb-)" + GetParam() + R"(@it.example"})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string token(parse_object(registered.body)["ticket_token"].as_string());
  ASSERT_EQ(e.organizer
                ->json("POST", kEvents + "/" + id + "/check-ins",
                       R"({"code": ")" + ticket_code_of(registered) + R"("})")
                .status,
            201);
  EXPECT_EQ(with_token(guest, token, "POST", feedback + "/responses",
                       R"({"answers": [{"question_id": )" + rating_id + R"(, "rating": 2}]})")
                .status,
            204);
  EXPECT_EQ(with_token(guest, "tkt_forged", "POST", feedback + "/responses",
                       R"({"answers": [{"question_id": )" + rating_id + R"(, "rating": 2}]})")
                .status,
            401);

  EXPECT_EQ(e.member->get(feedback + "/results").status, 403);
  auto results = e.organizer->get(feedback + "/results");
  ASSERT_EQ(results.status, 200) << results.body;
  expect_documented(e, "get", pattern + "/results", results);
  auto figures = parse_object(results.body);
  EXPECT_EQ(figures["responses"].as_int64(), 2);
  EXPECT_DOUBLE_EQ(figures["questions"].as_array()[0].as_object()["average"].to_number<double>(),
                   3.5);

  // The organizers' page escapes the answers; the CSV has them all.
  auto page = e.organizer->get("/c/it-lab/events/" + id + "/feedback/results");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("3.50"), std::string::npos);
  auto csv = e.organizer->get("/c/it-lab/events/" + id + "/feedback.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(csv.body.find("전체 만족도"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/events/" + id + "/feedback.csv").status, 403);
}

TEST_P(EventsAfterHttpTest, TheSurveyPageMarksTheFieldAndKeepsWhatWasTyped) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string feedback = kEvents + "/" + id + "/feedback";
  auto set =
      e.organizer->json("PUT", feedback + "/questions",
                        R"({"questions": [{"kind": "rating", "prompt": "만족도", "required": true},
                        {"kind": "text", "prompt": "한마디"}]})");
  ASSERT_EQ(set.status, 200);
  Client guest = e.client();
  auto registered =
      guest.json("POST", kEvents + "/" + id + "/registrations",
                 R"({"name": "페이지 손님", "email": "fbpage-)" + GetParam() + R"(@it.example"})");
  ASSERT_EQ(registered.status, 201);
  const std::string token(parse_object(registered.body)["ticket_token"].as_string());
  ASSERT_EQ(e.organizer
                ->json("POST", kEvents + "/" + id + "/check-ins",
                       R"({"code": ")" + ticket_code_of(registered) + R"("})")
                .status,
            201);
  const std::string path = "/c/it-lab/events/" + id + "/feedback/t/" + token;
  auto page = guest.get(path);
  ASSERT_EQ(page.status, 200) << page.body;
  const auto questions = parse_object(set.body)["questions"].as_array();
  const std::string text_field = "q" + std::to_string(questions[1].as_object().at("id").as_int64());
  const std::string rating_field =
      "q" + std::to_string(questions[0].as_object().at("id").as_int64());
  const std::string csrf = csrf_from(page.body);
  auto refused = guest.form(
      path, "_csrf=" + url_encode(csrf) + "&" + text_field + "=" + url_encode("발표 최고"));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("발표 최고"), std::string::npos);
  EXPECT_NE(refused.body.find(rating_field + "-error"), std::string::npos);
  auto sent = guest.form(path, "_csrf=" + url_encode(csrf) + "&" + rating_field + "=4");
  EXPECT_EQ(sent.status, 200);
  EXPECT_NE(sent.body.find("feedback-thanks"), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_feedback_responses r JOIN event_feedback_answers a "
                    "ON a.response_id = r.id WHERE r.event_id = " +
                    id),
            1);
}

TEST_P(EventsAfterHttpTest, OrganizersDownloadTheBadgeSheet) {
  Environment& e = env();
  const std::string id = create_event(e);
  Client guest = e.client();
  ASSERT_EQ(
      guest
          .json("POST", kEvents + "/" + id + "/registrations",
                R"({"name": "이름표 손님", "email": "badge-)" + GetParam() + R"(@it.example"})")
          .status,
      201);
  const std::string path = "/c/it-lab/events/" + id + "/badges.pdf";
  EXPECT_EQ(e.member->get(path).status, 403);
  auto pdf = e.organizer->get(path);
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  auto figures = e.organizer->get("/c/it-lab/events/" + id + "/figures");
  EXPECT_NE(figures.body.find("badges.pdf"), std::string::npos);
}

// The organizer's count (issue #16): the figures say what moim did for the
// event (the tickets it mailed, once delivered) beside what organizers did.
TEST_P(EventsAfterHttpTest, TheFiguresCountWhatMoimDidBesideWhatOrganizersDid) {
  Environment& e = env();
  const std::string id = create_event(e);
  Client guest = e.client();
  ASSERT_EQ(guest
                .json("POST", kEvents + "/" + id + "/registrations",
                      R"({"name": "셈 손님", "email": "count-)" + GetParam() + R"(@it.example"})")
                .status,
            201);
  const std::int64_t mails =
      e.count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND event_id = " + id);
  EXPECT_GE(mails, 1);  // the ticket
  deliver_as_the_worker(e, "event_id = " + id);
  const std::int64_t by_hand =
      e.count("SELECT COUNT(*) FROM audit_log WHERE actor_id IS NOT NULL AND event_id = " + id);
  EXPECT_GE(by_hand, 1);  // the event was created by hand
  auto figures = e.organizer->get("/c/it-lab/events/" + id + "/figures");
  ASSERT_EQ(figures.status, 200);
  EXPECT_NE(figures.body.find("data-testid=\"organizer-count\""), std::string::npos);
  EXPECT_NE(figures.body.find("moim " + std::to_string(mails) + "</strong>"), std::string::npos)
      << figures.body;
  EXPECT_NE(figures.body.find("운영진 " + std::to_string(by_hand) + "</span>"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/events/" + id + "/figures").status, 403);
}

TEST_P(EventsAfterHttpTest, TheDoorLoadsTheQrDecoderWhenInstalled) {
  Environment& e = env();
  const std::string id = create_event(e);
  auto door = e.organizer->get("/c/it-lab/events/" + id + "/door");
  ASSERT_EQ(door.status, 200);
  const bool installed = std::filesystem::is_regular_file(std::filesystem::path(MOIM_SOURCE_DIR) /
                                                          "web/static/vendor/jsQR.js");
  EXPECT_EQ(door.body.find("/static/vendor/jsQR.js") != std::string::npos, installed);
  if (installed) {
    EXPECT_EQ(e.anonymous->get("/static/vendor/jsQR.js").status, 200);
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsAfterHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
