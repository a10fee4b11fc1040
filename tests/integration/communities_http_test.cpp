// Communities over HTTP: who may do what, bad input, pages and export.
#include "environment.hpp"

namespace moim::integration {
namespace {

using CommunitiesHttpTest = ServerTest;

struct RoleCase {
  std::string method;
  std::string path;
  std::string body;
  long anonymous, member, organizer, admin;
};

TEST_P(CommunitiesHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  const std::string member_id = std::to_string(e.member_id);
  const std::vector<RoleCase> cases{
      {"GET", "/api/v1/communities", "", 200, 200, 200, 200},
      {"GET", "/api/v1/communities/it-lab", "", 200, 200, 200, 200},
      {"POST", "/api/v1/communities", R"({"slug":"SLUG","name":"New"})", 401, 403, 403, 201},
      {"PATCH", "/api/v1/communities/it-lab", R"({"description":"updated"})", 401, 403, 200, 200},
      {"GET", "/api/v1/communities/it-lab/members", "", 401, 403, 200, 200},
      {"GET", "/api/v1/communities/it-lab/members/" + member_id, "", 401, 403, 200, 200},
      {"PATCH", "/api/v1/communities/it-lab/members/" + member_id,
       R"({"stage":"participant","reason":"active"})", 401, 403, 200, 200},
      {"GET", "/api/v1/users/" + member_id, "", 401, 200, 200, 200},
      {"GET", "/api/v1/me", "", 401, 200, 200, 200},
  };
  int slug_counter = 0;
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {e.member.get(), test_case.member},
                                              {e.organizer.get(), test_case.organizer},
                                              {e.admin.get(), test_case.admin}};
    for (const auto& [client, expected] : roles) {
      std::string body = test_case.body;
      if (auto at = body.find("SLUG"); at != std::string::npos) {
        body.replace(at, 4, "role-" + GetParam() + "-" + std::to_string(slug_counter++));
      }
      auto result = client->json(test_case.method, test_case.path, body.empty() ? "{}" : body);
      EXPECT_EQ(result.status, expected)
          << test_case.method << " " << test_case.path << " as role #"
          << (&roles[0] == &roles[0] ? "" : "") << " -> " << result.body;
    }
  }
}

TEST_P(CommunitiesHttpTest, BadInputNamesTheFieldAndChangesNothing) {
  Client& admin = *env().admin;
  const std::int64_t before = env().count("SELECT COUNT(*) FROM communities");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"slug":"Bad Slug","name":"x"})", "slug"},
      {R"({"slug":"it-lab","name":"dup"})", "slug"},
      {R"({"slug":"ok-one","name":""})", "name"},
      {R"({"slug":"ok-one"})", "name"},
      {R"({"slug":"ok-one","name":"x","time_zone":"Mars/Base"})", "time_zone"},
      {R"({"slug":"ok-one","name":"x","default_locale":"de"})", "default_locale"},
      {R"({"slug":"ok-one","name":"x","description":)" + std::string("\"") +
           std::string(2001, 'd') + "\"}",
       "description"},
      {R"({"slug":12,"name":"x"})", "slug"},
      {R"({"slug":"admin","name":"reserved"})", "slug"},
  };
  for (const auto& [body, field] : cases) {
    auto result = admin.json("POST", "/api/v1/communities", body);
    EXPECT_TRUE(result.status == 400 || result.status == 409) << body << " -> " << result.status;
    EXPECT_EQ(parse_object(result.body)["error"].as_object()["field"].as_string(), field) << body;
  }
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM communities"), before);

  auto bad_stage =
      admin.json("PATCH", "/api/v1/communities/it-lab/members/" + std::to_string(env().member_id),
                 R"({"stage":"emperor"})");
  EXPECT_EQ(bad_stage.status, 400);
  EXPECT_EQ(parse_object(bad_stage.body)["error"].as_object()["field"].as_string(), "stage");
  auto bad_query = env().organizer->get("/api/v1/communities/it-lab/members?stage=emperor");
  EXPECT_EQ(bad_query.status, 400);
  auto bad_page = env().organizer->get("/api/v1/communities/it-lab/members?per_page=100000");
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_EQ(parse_object(bad_page.body)["error"].as_object()["field"].as_string(), "per_page");
}

TEST_P(CommunitiesHttpTest, UnknownIdsAreNotFound) {
  Client& organizer = *env().organizer;
  EXPECT_EQ(organizer.get("/api/v1/communities/no-such").status, 404);
  EXPECT_EQ(organizer.get("/api/v1/communities/it-lab/members/99999999").status, 404);
  EXPECT_EQ(organizer.get("/api/v1/communities/it-lab/members/abc").status, 404);
  EXPECT_EQ(organizer.get("/api/v1/communities/it-lab/members/-3").status, 404);
  EXPECT_EQ(
      organizer
          .json("PATCH", "/api/v1/communities/it-lab/members/99999999", R"({"stage":"runner"})")
          .status,
      404);
  EXPECT_EQ(organizer.get("/api/v1/users/99999999").status, 404);
  EXPECT_EQ(organizer.json("POST", "/api/v1/communities/no-such/membership").status, 404);
}

TEST_P(CommunitiesHttpTest, StageChangesAreRecordedWithWhoAndWhy) {
  const std::string path = "/api/v1/communities/it-lab/members/" + std::to_string(env().member_id);
  ASSERT_EQ(env().organizer->json("PATCH", path, R"({"stage":"runner","reason":"선발"})").status,
            200);
  auto detail = env().organizer->get(path);
  ASSERT_EQ(detail.status, 200);
  auto body = parse_object(detail.body);
  EXPECT_EQ(body["member"].as_object()["stage"].as_string(), "runner");
  auto latest = body["history"].as_array().at(0).as_object();
  EXPECT_EQ(latest["to"].as_string(), "runner");
  EXPECT_EQ(latest["changed_by"].as_string(), "운영진");
  EXPECT_EQ(latest["reason"].as_string(), "선발");
}

TEST_P(CommunitiesHttpTest, OrganizersExportMembersAsExcelFriendlyCsv) {
  auto csv = env().organizer->get("/c/it-lab/members.csv", {"Accept-Language: en"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBFName,Email,Stage,Joined,Interests\r\n"))
      << csv.body.substr(0, 100);
  EXPECT_NE(csv.body.find("member@it.example"), std::string::npos);
  EXPECT_NE(csv.body.find(",Organizer,"), std::string::npos) << csv.body;
  // The viewer's language, headers and values alike (issue #12).
  auto korean = env().organizer->get("/c/it-lab/members.csv", {"Accept-Language: ko"});
  EXPECT_TRUE(korean.body.starts_with("\xEF\xBB\xBF이름,이메일,단계,가입일,관심 분야\r\n"));
  EXPECT_NE(korean.body.find(",운영진,"), std::string::npos) << korean.body;
  EXPECT_EQ(korean.body.find(",organizer,"), std::string::npos) << korean.body;
  EXPECT_EQ(env().member->get("/c/it-lab/members.csv").status, 403);
}

TEST_P(CommunitiesHttpTest, PagesFollowRolesAndLanguage) {
  Environment& e = env();
  auto korean = e.anonymous->get("/c/it-lab", {"Accept-Language: ko-KR,ko"});
  EXPECT_EQ(korean.status, 200);
  EXPECT_NE(korean.body.find("<html lang=\"ko\">"), std::string::npos);
  EXPECT_NE(korean.body.find("커뮤니티 참여하기"), std::string::npos);
  auto english = e.anonymous->get("/c/it-lab", {"Accept-Language: en-US,en"});
  EXPECT_NE(english.body.find("Join this community"), std::string::npos);
  EXPECT_EQ(e.organizer->get("/c/it-lab/members").status, 200);
  EXPECT_EQ(e.member->get("/c/it-lab/members").status, 403);
  auto anonymous = e.anonymous->get("/c/it-lab/members");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.headers["location"], "/login?next=%2Fc%2Fit-lab%2Fmembers");
  EXPECT_EQ(e.admin->get("/admin").status, 200);
  EXPECT_EQ(e.member->get("/admin").status, 403);
  EXPECT_EQ(e.member->get("/me").status, 200);
  EXPECT_EQ(e.member->get("/u/" + std::to_string(e.organizer_id)).status, 200);
}

TEST_P(CommunitiesHttpTest, JoiningThroughTheFormNeedsItsToken) {
  Client person = env().client();
  sign_up_and_log_in(person, "joiner-" + GetParam() + "@it.example", "Joiner");
  auto community_page = person.get("/c/it-lab");
  const std::string token = csrf_from(community_page.body);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(person.form("/c/it-lab/join", "").status, 403);
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE "
                        "u.email = 'joiner-" +
                        GetParam() + "@it.example'"),
            0);
  auto joined = person.form("/c/it-lab/join", "_csrf=" + token);
  EXPECT_EQ(joined.status, 303);
  EXPECT_EQ(env().count("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE "
                        "u.email = 'joiner-" +
                        GetParam() + "@it.example'"),
            1);
  EXPECT_NE(person.get("/c/it-lab", {"Accept-Language: ko"}).body.find("눈팅"), std::string::npos);
}

// The community home is kept rendered for anonymous visitors (SQLite,
// web/kept_pages.hpp): each still gets forms with their own token, and a
// write shows at the next visit.
TEST_P(CommunitiesHttpTest, AnonymousVisitorsSeeEachWriteAtOnceWithTheirOwnFormToken) {
  Environment& e = env();
  Client first = e.client(), second = e.client();
  const auto first_page = first.get("/c/it-lab");
  const auto second_page = second.get("/c/it-lab");
  ASSERT_EQ(second_page.status, 200);
  const std::string first_token = csrf_from(first_page.body);
  const std::string second_token = csrf_from(second_page.body);
  ASSERT_FALSE(second_token.empty());
  EXPECT_NE(first_token, second_token);
  EXPECT_EQ(first.cookie("moim_csrf"), first_token);
  EXPECT_EQ(second.cookie("moim_csrf"), second_token);
  EXPECT_EQ(second_page.body.find(first_token), std::string::npos);
  EXPECT_EQ(second.form("/language", "lang=en&return_to=/c/it-lab&_csrf=" + first_token).status,
            403);
  EXPECT_EQ(second.form("/language", "lang=en&return_to=/c/it-lab&_csrf=" + second_token).status,
            303);
  EXPECT_NE(second.get("/c/it-lab").body.find("Join this community"), std::string::npos);
  EXPECT_NE(first.get("/c/it-lab").body.find("커뮤니티 참여하기"), std::string::npos);

  const std::string description = "kept-page-" + GetParam();
  ASSERT_EQ(e.organizer
                ->json("PATCH", "/api/v1/communities/it-lab",
                       R"({"description":")" + description + R"("})")
                .status,
            200);
  EXPECT_NE(first.get("/c/it-lab").body.find(description), std::string::npos);
  EXPECT_NE(e.client().get("/c/it-lab").body.find(description), std::string::npos);
}

TEST_P(CommunitiesHttpTest, HostileTextIsEscapedOnPages) {
  Client person = env().client();
  sign_up_and_log_in(person, "xss-" + GetParam() + "@it.example", "<script>alert(1)</script>");
  ASSERT_EQ(person.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  auto members = env().organizer->get("/c/it-lab/members?q=script");
  EXPECT_EQ(members.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(members.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

// Issue #16: the audit log, read by organizers on a page, as CSV and over
// the API; members and strangers are refused.
TEST_P(CommunitiesHttpTest, OrganizersReadTheAuditLogOnItsPageInCsvAndOverTheApi) {
  Environment& e = env();
  const std::string member_id = std::to_string(e.member_id);
  auto changed = e.organizer->json("PATCH", "/api/v1/communities/it-lab/members/" + member_id,
                                   R"({"stage":"participant","reason":"audit-log test"})");
  ASSERT_EQ(changed.status, 200) << changed.body;

  auto api = e.organizer->json("GET", "/api/v1/communities/it-lab/audit?area=member", "");
  ASSERT_EQ(api.status, 200) << api.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/audit", api);
  auto entries = parse_object(api.body)["entries"].as_array();
  ASSERT_FALSE(entries.empty());
  auto newest = entries[0].as_object();
  EXPECT_EQ(newest["action"].as_string(), "member.stage_changed");
  EXPECT_EQ(newest["area"].as_string(), "member");
  bool has_reason = false;
  for (const auto& line : newest["detail"].as_array())
    has_reason = has_reason || line.as_object().at("value").as_string() == "audit-log test";
  EXPECT_TRUE(has_reason) << api.body;
  for (const auto& entry : entries) EXPECT_EQ(entry.as_object().at("area").as_string(), "member");

  auto bad = e.organizer->json("GET", "/api/v1/communities/it-lab/audit?area=emperor", "");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse_object(bad.body)["error"].as_object()["field"].as_string(), "area");
  EXPECT_EQ(e.anonymous->json("GET", "/api/v1/communities/it-lab/audit", "").status, 401);
  EXPECT_EQ(e.member->json("GET", "/api/v1/communities/it-lab/audit", "").status, 403);
  EXPECT_EQ(e.admin->json("GET", "/api/v1/communities/it-lab/audit", "").status, 200);

  auto page = e.organizer->get("/c/it-lab/audit?area=member", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("감사 기록"), std::string::npos);
  EXPECT_NE(page.body.find("member.stage_changed"), std::string::npos);
  EXPECT_NE(page.body.find("audit-log test"), std::string::npos);
  // A bad filter renders the page again with the reason, and no entries.
  auto bad_page = e.organizer->get("/c/it-lab/audit?from=yesterday", {"Accept-Language: en"});
  EXPECT_EQ(bad_page.status, 400);
  EXPECT_NE(bad_page.body.find("Audit log"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/audit").status, 403);
  EXPECT_NE(e.anonymous->get("/c/it-lab/audit").status, 200);

  auto csv = e.organizer->get("/c/it-lab/audit.csv?area=member", {"Accept-Language: en"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.headers["content-disposition"].find("it-lab-audit.csv"), std::string::npos);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBFNo.,Time (UTC),Who,Action,On what,Details\r\n"))
      << csv.body.substr(0, 100);
  EXPECT_NE(csv.body.find("member.stage_changed"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/audit.csv").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CommunitiesHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
