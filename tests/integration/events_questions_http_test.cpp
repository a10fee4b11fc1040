// Registration questions over HTTP on both databases: organizers ask through
// the API, a guest answers (and is refused with the field named, nothing
// written), a guest answers on the page (the form re-rendered in place on a
// refusal), the replies match the served OpenAPI document, and the
// registrations CSV carries one column per question.
#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using EventsQuestionsHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

std::string create_event(Environment& env) {
  const std::int64_t now = std::time(nullptr);
  auto created = env.organizer->json("POST", kEvents,
                                     R"({"title": "PseudoCon", "starts_at": ")" +
                                         utc(now + 7 * kDay) + R"(", "ends_at": ")" +
                                         utc(now + 7 * kDay + 8 * 3600) + R"(", "capacity": 50})");
  EXPECT_EQ(created.status, 201) << created.body;
  return std::to_string(parse_object(created.body)["event"].as_object()["id"].as_int64());
}

std::string error_field(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

std::string ask(Environment& env, const std::string& base, const std::string& body) {
  auto added = env.organizer->json("POST", base + "/questions", body);
  EXPECT_EQ(added.status, 201) << added.body;
  expect_documented(env, "post", "/api/v1/communities/{slug}/events/{event}/questions", added);
  return std::to_string(parse_object(added.body)["question"].as_object()["id"].as_int64());
}

TEST_P(EventsQuestionsHttpTest, GuestsAnswerAndBadAnswersAreRefusedNamingTheField) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string base = kEvents + "/" + id;
  EXPECT_EQ(e.member->json("POST", base + "/questions", R"({"kind":"text","label":"x"})").status,
            403);
  const std::string affiliation =
      ask(e, base, R"({"kind":"text","label":"소속","max_length":20,"required":true})");
  const std::string size =
      ask(e, base, R"({"kind":"choice","label":"T-shirt","options":["S","M","L"]})");
  const std::string photo =
      ask(e, base, R"({"kind":"consent","label":"사진 촬영에 동의합니다","required":true})");
  auto listed = e.anonymous->get(base + "/questions");
  EXPECT_EQ(listed.status, 200) << listed.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/questions", listed);
  EXPECT_EQ(parse_object(listed.body)["questions"].as_array().size(), 3u);

  const std::int64_t before = e.count("SELECT COUNT(*) FROM event_registrations");
  Client guest = e.client();
  const std::string who = R"("name":"게스트","email":"q-)" + GetParam() + R"(@it.example")";
  auto missing = guest.json("POST", base + "/registrations", "{" + who + "}");
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(error_field(missing), "answers." + affiliation);
  auto unticked =
      guest.json("POST", base + "/registrations",
                 "{" + who + R"(,"answers":[{"question_id":)" + affiliation +
                     R"(,"value":"랩"},{"question_id":)" + photo + R"(,"value":"no"}]})");
  EXPECT_EQ(unticked.status, 422);
  EXPECT_EQ(error_field(unticked), "answers." + photo);
  auto wrong =
      guest.json("POST", base + "/registrations",
                 "{" + who + R"(,"answers":[{"question_id":)" + affiliation +
                     R"(,"value":"랩"},{"question_id":)" + photo +
                     R"(,"value":"yes"},{"question_id":)" + size + R"(,"choices":["XXL"]}]})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(error_field(wrong), "answers." + size);
  auto typo = guest.json(
      "POST", base + "/registrations",
      "{" + who + R"(,"answers":[{"question_id":)" + affiliation + R"(,"valeu":"랩"}]})");
  EXPECT_EQ(typo.status, 422);
  EXPECT_EQ(error_field(typo), "answers[0].valeu");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_registrations"), before);

  auto registered =
      guest.json("POST", base + "/registrations",
                 "{" + who + R"(,"answers":[{"question_id":)" + affiliation +
                     R"(,"value":"가짜연구소"},{"question_id":)" + photo +
                     R"(,"value":"yes"},{"question_id":)" + size + R"(,"choices":["M"]}]})");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string token(parse_object(registered.body)["ticket_token"].as_string());
  auto again =
      guest.json("POST", base + "/registrations",
                 "{" + who + R"(,"answers":[{"question_id":)" + affiliation +
                     R"(,"value":"다른 곳"},{"question_id":)" + photo + R"(,"value":"yes"}]})");
  EXPECT_EQ(again.status, 200) << again.body;

  Client bearer = e.client();
  auto mine = bearer.request("GET", base + "/registration/answers", "", "",
                             {"Authorization: Bearer " + token});
  EXPECT_EQ(mine.status, 200) << mine.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/registration/answers",
                    mine);
  EXPECT_EQ(parse_object(mine.body)["answers"].as_array().size(), 3u);
  auto all = e.organizer->get(base + "/answers");
  EXPECT_EQ(all.status, 200) << all.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/answers", all);
  EXPECT_EQ(parse_object(all.body)["answers"].as_array().size(), 3u);
  EXPECT_EQ(e.member->get(base + "/answers").status, 403);
  auto summary = e.organizer->get(base + "/answers/summary");
  EXPECT_EQ(summary.status, 200) << summary.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/events/{event}/answers/summary", summary);

  // Renamed, reordered and deleted: the answer stays readable in the CSV.
  EXPECT_EQ(
      e.organizer->json("PATCH", base + "/questions/" + affiliation, R"({"label":"회사"})").status,
      200);
  auto ordered =
      e.organizer->json("PUT", base + "/question-order",
                        R"({"question_ids":[)" + photo + "," + size + "," + affiliation + "]}");
  EXPECT_EQ(ordered.status, 200) << ordered.body;
  expect_documented(e, "put", "/api/v1/communities/{slug}/events/{event}/question-order", ordered);
  EXPECT_EQ(e.organizer->json("DELETE", base + "/questions/" + size).status, 204);
  for (const char* language : {"ko", "en"}) {
    auto csv = e.organizer->get("/c/it-lab/events/" + id + "/registrations.csv",
                                {std::string("Accept-Language: ") + language});
    EXPECT_EQ(csv.status, 200);
    EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF")) << csv.body;
    EXPECT_NE(csv.body.find(std::string(language) == "ko" ? "이름,이메일" : "Name,Email"),
              std::string::npos)
        << csv.body;
    EXPECT_NE(csv.body.find(",사진 촬영에 동의합니다,T-shirt,회사\r\n"), std::string::npos)
        << csv.body;
    EXPECT_NE(csv.body.find(",yes,M,가짜연구소\r\n"), std::string::npos) << csv.body;
  }
  EXPECT_EQ(e.member->get("/c/it-lab/events/" + id + "/registrations.csv").status, 403);
  auto page = e.organizer->get("/c/it-lab/events/" + id + "/questions");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"retired-question\""), std::string::npos);
}

TEST_P(EventsQuestionsHttpTest, TheRegistrationPageAsksAndKeepsWhatWasTyped) {
  Environment& e = env();
  const std::string id = create_event(e);
  const std::string base = kEvents + "/" + id;
  const std::string affiliation = ask(e, base, R"({"kind":"text","label":"<b>소속</b>"})");
  const std::string photo =
      ask(e, base, R"({"kind":"consent","label":"사진 동의","required":true})");
  Client guest = e.client();
  const std::string path = "/c/it-lab/events/" + id;
  auto page = guest.get(path, {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"answers." + affiliation + "\""), std::string::npos);
  EXPECT_NE(page.body.find("&lt;b&gt;소속&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>소속</b>"), std::string::npos);
  const std::string csrf = csrf_from(page.body);
  const std::string email = "page-" + GetParam() + "@it.example";
  auto refused = guest.form(path + "/register", "_csrf=" + url_encode(csrf) +
                                                    "&name=" + url_encode("페이지 게스트") +
                                                    "&email=" + url_encode(email) + "&answers." +
                                                    affiliation + "=" + url_encode("랩<i>"));
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("data-testid=\"question-error\""), std::string::npos);
  EXPECT_NE(refused.body.find("신청하려면 동의가 필요해요."), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"랩&lt;i&gt;\""), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"" + email + "\""), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_registrations WHERE email = '" + email + "'"), 0);
  auto done = guest.form(path + "/register",
                         "_csrf=" + url_encode(csrf) + "&name=" + url_encode("페이지 게스트") +
                             "&email=" + url_encode(email) + "&answers." + affiliation + "=" +
                             url_encode("랩") + "&answers." + photo + "=yes");
  EXPECT_EQ(done.status, 303) << done.body;
  const std::string location = done.headers["location"];
  auto ticket = guest.get(location, {"Accept-Language: en"});
  EXPECT_EQ(ticket.status, 200);
  EXPECT_NE(ticket.body.find("data-testid=\"my-answers\""), std::string::npos);
  EXPECT_NE(ticket.body.find("Agreed"), std::string::npos);
  auto list = e.organizer->get(path + "/registrations", {"Accept-Language: en"});
  EXPECT_NE(list.body.find("data-testid=\"registration-answers\""), std::string::npos);
  EXPECT_NE(list.body.find("<strong>&lt;b&gt;소속&lt;/b&gt;</strong>: 랩"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsQuestionsHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
