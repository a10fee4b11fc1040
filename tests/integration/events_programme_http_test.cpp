// The events programme over HTTP on both databases: the call for talks and
// its review per role, the timetable, stars and the secret feed, bad input
// naming the field without writing, and the pages' forms re-rendering in
// place. JSON replies are checked against the served OpenAPI document.
#include "environment.hpp"
#include "platform/web/api_docs.hpp"

namespace moim::integration {
namespace {

using EventsProgrammeHttpTest = ServerTest;

const std::string kEvents = "/api/v1/communities/it-lab/events";

std::string field_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

std::int64_t id_in(const HttpResult& result, const char* key) {
  return parse_object(result.body)[key].as_object()["id"].as_int64();
}

struct Conference {
  std::string id, base;
  std::int64_t starts = 0;
};

Conference conference(Environment& env) {
  const std::int64_t starts = std::time(nullptr) + 7 * kDay;
  auto created = env.organizer->json("POST", kEvents,
                                     R"({"title": "PseudoCon", "starts_at": ")" + utc(starts) +
                                         R"(", "ends_at": ")" + utc(starts + 8 * 3600) +
                                         R"(", "capacity": 50})");
  EXPECT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(id_in(created, "event"));
  return {id, kEvents + "/" + id, starts};
}

const std::string kTalk =
    R"({"title":"한국어 LLM 미세조정","abstract":"작은 GPU로 한국어 LLM을 미세조정한 8주의 기록","level":"intermediate","minutes":30,"bio":"러너"})";

TEST_P(EventsProgrammeHttpTest, TalksAreSubmittedReviewedAndBecomeSessions) {
  Environment& e = env();
  const Conference con = conference(e);
  const std::string pattern = "/api/v1/communities/{slug}/events/{event}";
  EXPECT_EQ(e.anonymous->json("POST", con.base + "/talks", kTalk).status, 401);
  auto submitted = e.member->json("POST", con.base + "/talks", kTalk);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  expect_documented(e, "post", pattern + "/talks", submitted);
  const std::string talk = std::to_string(id_in(submitted, "talk"));
  EXPECT_EQ(e.member->json("GET", con.base + "/talks?all=true").status, 403);
  auto all = e.organizer->json("GET", con.base + "/talks?all=true");
  ASSERT_EQ(all.status, 200);
  expect_documented(e, "get", pattern + "/talks", all);
  EXPECT_EQ(
      e.member->json("POST", con.base + "/talks/" + talk + "/review", R"({"decision":"accept"})")
          .status,
      403);
  auto reviewed = e.organizer->json("POST", con.base + "/talks/" + talk + "/review",
                                    R"({"decision":"accept","note":"환영해요"})");
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  expect_documented(e, "post", pattern + "/talks/{talk}/review", reviewed);
  const std::int64_t session_id =
      parse_object(reviewed.body)["talk"].as_object()["session_id"].as_int64();
  EXPECT_EQ(e.organizer
                ->json("POST", con.base + "/talks/" + talk + "/review", R"({"decision":"decline"})")
                .status,
            409);
  // Unplaced: organizers see it, the public does not yet.
  auto hidden = e.anonymous->json("GET", con.base + "/sessions");
  ASSERT_EQ(hidden.status, 200);
  expect_documented(e, "get", pattern + "/sessions", hidden);
  EXPECT_TRUE(parse_object(hidden.body)["sessions"].as_array().empty());
  const std::string place =
      R"({"title":"한국어 LLM 미세조정","kind":"talk","track":"Track A","starts_at":")" +
      utc(con.starts + 3600) + R"(","ends_at":")" + utc(con.starts + 5400) + R"("})";
  EXPECT_EQ(
      e.member->json("PUT", con.base + "/sessions/" + std::to_string(session_id), place).status,
      403);
  auto placed =
      e.organizer->json("PUT", con.base + "/sessions/" + std::to_string(session_id), place);
  ASSERT_EQ(placed.status, 200) << placed.body;
  expect_documented(e, "put", pattern + "/sessions/{session}", placed);
  auto shown = e.anonymous->json("GET", con.base + "/sessions");
  ASSERT_EQ(parse_object(shown.body)["sessions"].as_array().size(), 1u);
}

TEST_P(EventsProgrammeHttpTest, StarsFeedAPersonalCalendarAndBadInputNamesTheField) {
  Environment& e = env();
  const Conference con = conference(e);
  const std::string pattern = "/api/v1/communities/{slug}/events/{event}";
  const std::int64_t before = e.count("SELECT COUNT(*) FROM event_sessions");
  // Bad input: the field is named, nothing is written.
  EXPECT_EQ(field_of(e.organizer->json("POST", con.base + "/sessions",
                                       R"({"title":"x","kind":"party"})")),
            "kind");
  EXPECT_EQ(field_of(e.organizer->json("POST", con.base + "/sessions",
                                       R"({"title":"x","kind":"talk","starts_at":")" +
                                           utc(con.starts - 7200) + R"(","ends_at":")" +
                                           utc(con.starts - 3600) + R"("})")),
            "starts_at");
  EXPECT_EQ(field_of(e.member->json(
                "POST", con.base + "/talks",
                R"({"title":"x","abstract":"짧다","level":"beginner","minutes":30,"bio":"b"})")),
            "abstract");
  EXPECT_EQ(
      field_of(e.organizer->json("POST", con.base + "/sponsors",
                                 R"({"name":"AI Corp","tier":"gold","logo_url":"javascript:x"})")),
      "logo_url");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_sessions"), before);
  auto created = e.organizer->json(
      "POST", con.base + "/sessions",
      R"({"title":"<script>alert(1)</script> 임베딩","kind":"talk","track":"Track B","starts_at":")" +
          utc(con.starts) + R"(","ends_at":")" + utc(con.starts + 1800) + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
  expect_documented(e, "post", pattern + "/sessions", created);
  const std::string session = std::to_string(id_in(created, "session"));
  auto sponsor = e.organizer->json("POST", con.base + "/sponsors",
                                   R"({"name":"플래티넘 후원사","tier":"platinum"})");
  ASSERT_EQ(sponsor.status, 201) << sponsor.body;
  EXPECT_EQ(e.anonymous->json("PUT", con.base + "/sessions/" + session + "/star").status, 401);
  auto starred = e.member->json("PUT", con.base + "/sessions/" + session + "/star");
  ASSERT_EQ(starred.status, 200) << starred.body;
  expect_documented(e, "put", pattern + "/sessions/{session}/star", starred);
  EXPECT_TRUE(parse_object(starred.body)["session"].as_object()["starred"].as_bool());
  auto feed = e.member->json("POST", con.base + "/starred-feed");
  ASSERT_EQ(feed.status, 201) << feed.body;
  const std::string url(parse_object(feed.body)["url"].as_string());
  const std::string path = url.substr(url.find("/c/"));
  auto calendar = e.anonymous->get(path);
  EXPECT_EQ(calendar.status, 200);
  EXPECT_NE(calendar.body.find("BEGIN:VCALENDAR"), std::string::npos);
  EXPECT_NE(calendar.body.find("임베딩"), std::string::npos);
  EXPECT_EQ(
      e.anonymous->get(con.base.substr(0, 0) + "/c/it-lab/events/" + con.id + "/starred/forged.ics")
          .status,
      404);
  // The public schedule: logged out, escaped, with the sponsor.
  auto page = e.anonymous->get("/c/it-lab/events/" + con.id + "/schedule");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.body.find("플래티넘 후원사"), std::string::npos);
  auto event_page = e.anonymous->get("/c/it-lab/events/" + con.id);
  EXPECT_NE(event_page.body.find("플래티넘 후원사"), std::string::npos);
}

TEST_P(EventsProgrammeHttpTest, TheTalkFormReRendersInPlaceKeepingWhatWasTyped) {
  Environment& e = env();
  const Conference con = conference(e);
  const std::string page_path = "/c/it-lab/events/" + con.id + "/talks";
  auto page = e.member->get(page_path);
  ASSERT_EQ(page.status, 200);
  const std::string csrf = csrf_from(page.body);
  const std::int64_t before = e.count("SELECT COUNT(*) FROM event_talks");
  auto failed = e.member->form(page_path, "_csrf=" + csrf +
                                              "&title=Kept+title&abstract=short&level=beginner"
                                              "&minutes=30&bio=Runner");
  EXPECT_EQ(failed.status, 400);
  EXPECT_NE(failed.body.find("value=\"Kept title\""), std::string::npos);
  EXPECT_NE(failed.body.find("aria-describedby=\"abstract-error\""), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_talks"), before);
  auto sent =
      e.member->form(page_path, "_csrf=" + csrf +
                                    "&title=Kept+title&abstract=Twenty+or+more+characters+here"
                                    "&level=beginner&minutes=30&bio=Runner");
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM event_talks"), before + 1);
  EXPECT_EQ(e.member->get("/c/it-lab/events/" + con.id + "/timetable").status, 403);
  EXPECT_EQ(e.organizer->get("/c/it-lab/events/" + con.id + "/timetable").status, 200);
  EXPECT_EQ(e.organizer->get("/c/it-lab/events/" + con.id + "/talks/review").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Drivers, EventsProgrammeHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
