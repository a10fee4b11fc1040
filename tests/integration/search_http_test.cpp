// The community search (issue #17) over HTTP on both databases: Korean
// found inside longer words from two syllables on ("추천" in "추천시스템"),
// English in any case, LIKE's wildcards as plain text, bad queries a 400
// naming "q" (the page re-rendered with the message), paging and the kind
// filter, and what each role finds: anonymous, a signed-in non-member, a
// member, an organizer and a member of another community. Private and
// project-only growth logs never show; profiles follow the profile page.
#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "environment.hpp"
#include "platform/http/message.hpp"

namespace moim::integration {
namespace {

using SearchHttpTest = ServerTest;

const std::string kApi = "/api/v1/communities/it-lab/search";
const std::string kPattern = "/api/v1/communities/{slug}/search";

std::string project_body(const std::string& title, const std::string& summary) {
  return R"({"title":")" + title + R"(","summary":")" + summary +
         R"(","description":"소개","kind":"study","tags":["x"],)"
         R"("level":"beginner","language":"ko","mode":"online","weekday":2,"start_time":"20:00",)"
         R"("duration_minutes":90,"starts_on":")" +
         project_starts_on() + R"(","ends_on":")" + project_ends_on() +
         R"(","min_runners":0,"max_runners":5,"auditors_welcome":true,"questions":[]})";
}

// A person signed up (agreeing to `consents`), signed in, and a member of
// `community` unless it is empty.
std::unique_ptr<Client> person(Environment& env, const std::string& email, const std::string& name,
                               const std::string& community,
                               const std::string& consents = R"("profile_visible")") {
  auto client = std::make_unique<Client>(env.server->base_url());
  auto signed_up = client->json("POST", "/api/v1/auth/signup",
                                R"({"consents":["account","community_membership",)" + consents +
                                    R"(],"email":")" + email + R"(","display_name":")" + name +
                                    R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(signed_up.status, 202) << signed_up.body;
  auto logged_in =
      client->json("POST", "/api/v1/auth/login",
                   R"({"email":")" + email + R"(","password":")" + kPassword + R"("})");
  EXPECT_EQ(logged_in.status, 200) << logged_in.body;
  if (!community.empty()) {
    EXPECT_EQ(client->json("POST", "/api/v1/communities/" + community + "/membership").status, 201);
  }
  return client;
}

// The titles the API finds for `query`, in order (asserting a 200).
std::vector<std::string> titles(Client& client, const std::string& query,
                                const std::string& extra = "", const std::string& api = kApi) {
  auto found = client.get(api + "?q=" + http::percent_encode(query) + extra);
  EXPECT_EQ(found.status, 200) << query << ": " << found.body;
  std::vector<std::string> list;
  if (found.status != 200) return list;
  const auto body = parse_object(found.body);
  for (const auto& hit : body.at("results").as_array())
    list.emplace_back(hit.as_object().at("title").as_string());
  return list;
}

bool finds(Client& client, const std::string& query, const std::string& title) {
  const auto list = titles(client, query);
  return std::find(list.begin(), list.end(), title) != list.end();
}

std::string field_of(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

struct SearchSetup {
  std::unique_ptr<Client> builder, outsider, elsewhere, shy;
  std::int64_t builder_id = 0, shy_id = 0;
};

// Once per database: a cohort with an approved and a proposed project,
// growth logs of each visibility, a public and a members-only event, and
// profiles with and without the profile_visible consent.
SearchSetup& setup(Environment& e, const std::string& kind) {
  static std::map<std::string, SearchSetup> setups;
  SearchSetup& s = setups[kind];
  if (s.builder) return s;
  s.builder = person(e, "search-builder@it.example", "Search Builder", "it-lab");
  s.outsider = person(e, "search-outsider@it.example", "Search Outsider", "");
  EXPECT_EQ(
      e.admin
          ->json("POST", "/api/v1/communities", R"({"slug":"search-elsewhere","name":"다른 모임"})")
          .status,
      201);
  s.elsewhere = person(e, "search-elsewhere@it.example", "검색다른모임사람", "search-elsewhere");
  s.shy = person(e, "search-shy@it.example", "검색숨은사람", "it-lab", R"("newsletter")");
  const std::string base = "/api/v1/communities/it-lab";

  EXPECT_EQ(e.organizer
                ->json("POST", base + "/cohorts",
                       R"({"key":"search","name":"검색기",)" + phases_json(0) + "}")
                .status,
            201);
  auto approved = s.builder->json("POST", base + "/cohorts/search/projects",
                                  project_body("추천시스템 스터디", "Graph Neural Recommender Qx"));
  EXPECT_EQ(approved.status, 201) << approved.body;
  const auto approved_id = parse_object(approved.body)["project"].as_object()["id"].as_int64();
  EXPECT_EQ(e.organizer
                ->json("POST", base + "/projects/" + std::to_string(approved_id) + "/review",
                       R"({"decision":"approve"})")
                .status,
            200);
  EXPECT_EQ(s.builder
                ->json("POST", base + "/cohorts/search/projects",
                       project_body("검색미승인제안", "아직 심사 중"))
                .status,
            201);
  EXPECT_EQ(s.builder
                ->json("POST", base + "/cohorts/search/projects",
                       project_body("100%_done 프로젝트", "와일드카드"))
                .status,
            201);  // proposed: organizers find it

  for (const auto& [week, learned, visibility] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"2027-01-04", "검색공개기록: 오늘은 모델 평가", "public"},
           {"2027-01-11", "검색비공개기록", "private"},
           {"2027-01-18", "진척 50%_완료 검색와일드", "public"}}) {
    auto written = e.member->json("PUT", base + "/growth-logs",
                                  R"({"week":")" + week + R"(","learned":")" + learned +
                                      R"(","visibility":")" + visibility + R"("})");
    EXPECT_EQ(written.status, 200) << written.body;
  }
  {
    // A log kept to a project: written here as the activity room would.
    auto writer = e.database->database().write();
    EXPECT_TRUE(writer);
    auto inserted = writer->execute(
        "INSERT INTO activity_growth_logs (community_id, user_id, week_start, project_id, learned, "
        "visibility, created_at, updated_at) SELECT id, ?, '2027-01-25', NULL, "
        "'검색프로젝트기록', 'project', 1, 1 FROM communities WHERE slug = 'it-lab'",
        {e.member_id});
    EXPECT_TRUE(inserted);
    EXPECT_TRUE(writer->commit());
  }
  const std::int64_t now = std::time(nullptr);
  for (const auto& [title, visibility] : std::vector<std::pair<std::string, std::string>>{
           {"검색공개행사", "public"}, {"검색회원전용행사", "members"}}) {
    auto created =
        e.organizer->json("POST", base + "/events",
                          R"({"title":")" + title + R"(","visibility":")" + visibility +
                              R"(","starts_at":")" + utc(now + 7 * kDay) + R"(","ends_at":")" +
                              utc(now + 7 * kDay + 3600) + R"(","capacity":50})");
    EXPECT_EQ(created.status, 201) << created.body;
  }
  EXPECT_EQ(s.builder->json("PATCH", "/api/v1/me", R"({"bio":"검색프로필소개 빌더입니다"})").status,
            200);
  EXPECT_EQ(s.shy->json("PATCH", "/api/v1/me", R"({"bio":"검색프로필소개 숨은 사람"})").status,
            200);
  EXPECT_EQ(s.elsewhere->json("PATCH", "/api/v1/me", R"({"bio":"검색프로필소개 다른 곳"})").status,
            200);
  return s;
}

TEST_P(SearchHttpTest, KoreanInsideWordsAndEnglishInAnyCase) {
  Environment& e = env();
  setup(e, GetParam());
  // Two syllables inside a longer word: no trigram of their own.
  EXPECT_TRUE(finds(*e.anonymous, "추천", "추천시스템 스터디"));
  EXPECT_TRUE(finds(*e.member, "추천", "추천시스템 스터디"));
  // Three or more characters inside a word, across a space, and at the end.
  EXPECT_TRUE(finds(*e.anonymous, "천시스", "추천시스템 스터디"));
  EXPECT_TRUE(finds(*e.anonymous, "스템 스터", "추천시스템 스터디"));
  EXPECT_TRUE(finds(*e.member, "평가", "2027-01-04"));  // the last word of the log
  EXPECT_TRUE(finds(*e.anonymous, "recommender", "추천시스템 스터디"));
  EXPECT_TRUE(finds(*e.anonymous, "NEURAL REC", "추천시스템 스터디"));
  EXPECT_TRUE(finds(*e.anonymous, "qX", "추천시스템 스터디"));
  EXPECT_TRUE(titles(*e.anonymous, "추천없는말").empty());

  auto found = e.anonymous->get(kApi + "?q=" + http::percent_encode("추천"));
  ASSERT_EQ(found.status, 200) << found.body;
  expect_documented(e, "get", kPattern, found);
  auto hit = parse_object(found.body)["results"].as_array().at(0).as_object();
  EXPECT_EQ(hit["kind"].as_string(), "project");
  EXPECT_EQ(hit["title_html"].as_string(), "<mark>추천</mark>시스템 스터디");
  EXPECT_EQ(std::string(hit["url"].as_string()).rfind("/c/it-lab/projects/", 0), 0u);

  // The page, from the box in the bar.
  auto home = e.anonymous->get("/c/it-lab");
  EXPECT_NE(home.body.find("action=\"/c/it-lab/search\""), std::string::npos);
  auto page = e.anonymous->get("/c/it-lab/search?q=" + http::percent_encode("추천"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<mark>추천</mark>시스템 스터디"), std::string::npos) << page.body;
}

TEST_P(SearchHttpTest, EachRoleFindsWhatItMaySee) {
  Environment& e = env();
  SearchSetup& s = setup(e, GetParam());
  Client& anonymous = *e.anonymous;
  Client& member = *e.member;
  Client& organizer = *e.organizer;
  // Projects: approved ones for everyone, proposals for organizers.
  for (Client* client : {&anonymous, s.outsider.get(), &member, s.elsewhere.get()})
    EXPECT_TRUE(titles(*client, "검색미승인").empty());
  EXPECT_TRUE(finds(organizer, "검색미승인", "검색미승인제안"));
  EXPECT_TRUE(finds(*e.admin, "검색미승인", "검색미승인제안"));
  // Growth logs: the public ones for members and organizers; private and
  // project-only ones for nobody, their author included.
  for (Client* client : {&anonymous, s.outsider.get(), s.elsewhere.get()})
    EXPECT_TRUE(titles(*client, "검색공개기록").empty());
  EXPECT_TRUE(finds(member, "검색공개기록", "2027-01-04"));
  EXPECT_TRUE(finds(organizer, "검색공개기록", "2027-01-04"));
  for (Client* client : {&member, &organizer, e.admin.get()}) {
    EXPECT_TRUE(titles(*client, "검색비공개기록").empty());
    EXPECT_TRUE(titles(*client, "검색프로젝트기록").empty());
  }
  // Events: public for everyone, members-only for members.
  for (Client* client : {&anonymous, s.outsider.get(), s.elsewhere.get(), &member})
    EXPECT_TRUE(finds(*client, "검색공개행", "검색공개행사"));
  for (Client* client : {&anonymous, s.outsider.get(), s.elsewhere.get()})
    EXPECT_TRUE(titles(*client, "검색회원전용").empty());
  EXPECT_TRUE(finds(member, "검색회원전용", "검색회원전용행사"));
  EXPECT_TRUE(finds(organizer, "검색회원전용", "검색회원전용행사"));
  // Profiles: members who show theirs, for fellow members; never someone of
  // another community, never one who keeps their profile to themself.
  for (Client* client : {&anonymous, s.outsider.get(), s.elsewhere.get()})
    EXPECT_TRUE(titles(*client, "검색프로필소개").empty());
  for (Client* client : {&member, &organizer}) {
    EXPECT_EQ(titles(*client, "검색프로필소개"), (std::vector<std::string>{"Search Builder"}));
  }
  EXPECT_TRUE(finds(*s.shy, "검색프로필소개", "검색숨은사람"));  // their own
  // Searching the other community finds none of it-lab's.
  const std::string other = "/api/v1/communities/search-elsewhere/search";
  EXPECT_TRUE(titles(*s.elsewhere, "추천", "", other).empty());
  EXPECT_EQ(titles(*s.elsewhere, "검색프로필소개", "", other),
            (std::vector<std::string>{"검색다른모임사람"}));
}

TEST_P(SearchHttpTest, WildcardsAreText) {
  Environment& e = env();
  setup(e, GetParam());
  EXPECT_EQ(titles(*e.organizer, "0%_d"), (std::vector<std::string>{"100%_done 프로젝트"}));
  EXPECT_EQ(titles(*e.member, "%_", "&kind=growth_log"), (std::vector<std::string>{"2027-01-18"}));
  EXPECT_TRUE(titles(*e.organizer, "%%").empty());
  EXPECT_TRUE(titles(*e.organizer, "__").empty());
  // FTS5 query syntax is text too.
  for (const char* query : {"\"", "\"\"", "NEAR(a b)", "a OR b", "*추", "title:x", "\\%"}) {
    auto found = e.organizer->get(kApi + "?q=" + http::percent_encode(query));
    EXPECT_TRUE(found.status == 200 || found.status == 400) << query << ": " << found.body;
  }
}

TEST_P(SearchHttpTest, RefusesBadQueriesNamingTheField) {
  Environment& e = env();
  setup(e, GetParam());
  EXPECT_EQ(field_of(e.member->get(kApi)), "q");
  EXPECT_EQ(field_of(e.member->get(kApi + "?q=")), "q");
  auto one = e.member->get(kApi + "?q=" + http::percent_encode("추"));
  EXPECT_EQ(one.status, 400);
  EXPECT_EQ(field_of(one), "q");
  std::string long_query;
  for (int i = 0; i < 101; ++i) long_query += "가";
  auto too_long = e.member->get(kApi + "?q=" + http::percent_encode(long_query));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(field_of(too_long), "q");
  EXPECT_EQ(field_of(e.member->get(kApi + "?q=ab&kind=nope")), "kind");
  EXPECT_EQ(field_of(e.member->get(kApi + "?q=ab&page=0")), "page");
  EXPECT_EQ(field_of(e.member->get(kApi + "?q=ab&page=51")), "page");
  EXPECT_EQ(e.member->get("/api/v1/communities/no-such-place/search?q=ab").status, 404);

  // The page says so by the box, in the viewer's language, status 400.
  auto page = e.member->get("/c/it-lab/search?q=" + http::percent_encode("추"));
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("data-testid=\"search-error\""), std::string::npos);
  EXPECT_NE(page.body.find("aria-invalid=\"true\""), std::string::npos);
  auto long_page = e.member->get("/c/it-lab/search?q=" + http::percent_encode(long_query));
  EXPECT_EQ(long_page.status, 400);
  EXPECT_NE(long_page.body.find("data-testid=\"search-error\""), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/search?q=ab&page=x").status, 400);
  auto empty = e.member->get("/c/it-lab/search?q=");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body.find("data-testid=\"search-error\""), std::string::npos);
  EXPECT_EQ(e.member->get("/c/no-such-place/search?q=ab").status, 404);
}

TEST_P(SearchHttpTest, PagesAndNarrowsToAKind) {
  Environment& e = env();
  setup(e, GetParam());
  auto writer = person(e, "search-pages@it.example", "Search Pages", "it-lab");
  for (int week = 0; week < 23; ++week) {
    char day[16];
    std::snprintf(day, sizeof day, "2026-%02d-%02d", 1 + week / 4, 5 + 7 * (week % 4));
    auto written = writer->json("PUT", "/api/v1/communities/it-lab/growth-logs",
                                R"({"week":")" + std::string(day) + R"(","learned":"검색쪽수 )" +
                                    std::to_string(week) + R"(","visibility":"public"})");
    ASSERT_EQ(written.status, 200) << written.body;
  }
  auto first = e.member->get(kApi + "?q=" + http::percent_encode("검색쪽수") + "&kind=growth_log");
  ASSERT_EQ(first.status, 200);
  auto body = parse_object(first.body);
  EXPECT_EQ(body["results"].as_array().size(), 20u);
  EXPECT_TRUE(body["has_next"].as_bool());
  auto second = parse_object(
      e.member->get(kApi + "?q=" + http::percent_encode("검색쪽수") + "&kind=growth_log&page=2")
          .body);
  EXPECT_EQ(second["results"].as_array().size(), 3u);
  EXPECT_FALSE(second["has_next"].as_bool());
  EXPECT_TRUE(titles(*e.member, "검색쪽수", "&kind=project").empty());
  auto page = e.member->get("/c/it-lab/search?q=" + http::percent_encode("검색쪽수"));
  EXPECT_NE(page.body.find("rel=\"next\""), std::string::npos);
}

TEST_P(SearchHttpTest, WikiPagesFollowTheWikisReaders) {
  Environment& e = env();
  SearchSetup& s = setup(e, GetParam());
  const std::string wiki = "/api/v1/communities/it-lab/wiki/pages";
  std::int64_t public_id = 0;
  for (const auto& [title, body] : std::vector<std::pair<std::string, std::string>>{
           {"검색위키 회원용", "추천시스템 스터디 자료 모음"},
           {"검색위키 공개", "누구나 읽는 추천 안내"}}) {
    auto created =
        e.member->json("POST", wiki, R"({"title":")" + title + R"(","body":")" + body + R"("})");
    ASSERT_EQ(created.status, 201) << created.body;
    public_id = parse_object(created.body)["id"].as_int64();
  }
  ASSERT_EQ(e.organizer
                ->json("PATCH", wiki + "/" + std::to_string(public_id) + "/settings",
                       R"({"is_public":true})")
                .status,
            200);
  // Members read every page of the wiki, so they find both; the title first.
  auto member = titles(*e.member, "검색위키", "&kind=wiki");
  EXPECT_EQ(member.size(), 2u);
  EXPECT_TRUE(finds(*e.member, "추천시스템", "검색위키 회원용"));
  // Anyone else reads (and finds) the public page only.
  for (Client* reader : {e.anonymous.get(), s.outsider.get(), s.elsewhere.get()}) {
    EXPECT_EQ(titles(*reader, "검색위키", "&kind=wiki"), std::vector<std::string>{"검색위키 공개"});
  }
  auto found = e.member->get(kApi + "?q=" + http::percent_encode("검색위키") + "&kind=wiki");
  ASSERT_EQ(found.status, 200);
  auto hit = parse_object(found.body)["results"].as_array().at(0).as_object();
  EXPECT_EQ(hit["kind"].as_string(), "wiki");
  EXPECT_EQ(std::string(hit["url"].as_string()).rfind("/c/it-lab/wiki/", 0), 0u);
  EXPECT_EQ(e.member->get(std::string(hit["url"].as_string())).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SearchHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
