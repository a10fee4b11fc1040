// "My data" over HTTP on both databases (issue #16, access and export): the
// page in Korean and English with everything escaped, the ZIP download as an
// attachment, the typed API matching the served OpenAPI document; a visitor
// is sent to log in (page) or gets 401 (API); one member never sees
// another's records; odd query strings are no 5xx.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

using PrivacyHttpTest = ServerTest;

std::string unique_email(Environment& env, const std::string& who) {
  return "privacy-" + who + "-" + std::to_string(std::time(nullptr)) + "-" +
         std::to_string(env.count("SELECT count(*) FROM users")) + "@it.example";
}

const boost::json::object* section(const boost::json::object& reply, const std::string& file) {
  for (const auto& one : reply.at("sections").as_array())
    if (one.as_object().at("file").as_string() == file) return &one.as_object();
  return nullptr;
}

TEST_P(PrivacyHttpTest, AVisitorIsSentToLogInOrGets401) {
  Environment& e = env();
  Client visitor = e.client();
  auto page = visitor.get("/me/data");
  EXPECT_TRUE(page.status == 302 || page.status == 303) << page.status;
  EXPECT_NE(page.headers["location"].find("/login"), std::string::npos);
  auto zip = visitor.get("/me/data/export.zip");
  EXPECT_TRUE(zip.status == 302 || zip.status == 303) << zip.status;
  EXPECT_NE(zip.headers["location"].find("/login"), std::string::npos);
  auto api = visitor.get("/api/v1/me/data");
  EXPECT_EQ(api.status, 401);
  expect_documented(e, "get", "/api/v1/me/data", api);
}

TEST_P(PrivacyHttpTest, AMemberSeesAndDownloadsTheirOwnDataOnly) {
  Environment& e = env();
  Client ana = e.client();
  Client bo = e.client();
  const std::string ana_email = unique_email(e, "ana");
  const std::string bo_email = unique_email(e, "bo");
  const std::int64_t ana_id = sign_up_and_log_in(ana, ana_email, "Ana <i>Kim</i>");
  sign_up_and_log_in(bo, bo_email, "Bo Lee");
  EXPECT_EQ(ana.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  EXPECT_EQ(bo.json("POST", "/api/v1/communities/it-lab/membership").status, 201);

  // The API: the member's own records, section by section.
  auto api = ana.get("/api/v1/me/data");
  ASSERT_EQ(api.status, 200) << api.body;
  expect_documented(e, "get", "/api/v1/me/data", api);
  auto reply = parse_object(api.body);
  EXPECT_EQ(reply.at("user_id").as_int64(), ana_id);
  const auto* profile = section(reply, "profile");
  ASSERT_NE(profile, nullptr);
  ASSERT_EQ(profile->at("count").as_int64(), 1);
  EXPECT_EQ(profile->at("rows").as_array()[0].as_object().at("email").as_string(), ana_email);
  const auto* memberships = section(reply, "memberships");
  ASSERT_NE(memberships, nullptr);
  ASSERT_EQ(memberships->at("count").as_int64(), 1);
  EXPECT_EQ(memberships->at("rows").as_array()[0].as_object().at("community_slug").as_string(),
            "it-lab");
  const auto* sessions = section(reply, "sessions");
  ASSERT_NE(sessions, nullptr);
  EXPECT_GE(sessions->at("count").as_int64(), 1);
  // Counted against the database, and nobody else's.
  EXPECT_EQ(memberships->at("count").as_int64(),
            e.count("SELECT count(*) FROM memberships WHERE user_id = " + std::to_string(ana_id)));
  EXPECT_EQ(api.body.find(bo_email), std::string::npos);
  EXPECT_EQ(api.body.find("Bo Lee"), std::string::npos);
  EXPECT_EQ(api.body.find("member@it.example"), std::string::npos);
  EXPECT_EQ(api.body.find("$argon2"), std::string::npos);
  auto theirs = bo.get("/api/v1/me/data");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.body.find(ana_email), std::string::npos);

  // The page, in Korean and in English, escaped.
  auto korean = ana.get("/me/data", {"Accept-Language: ko"});
  ASSERT_EQ(korean.status, 200) << korean.body.substr(0, 400);
  EXPECT_NE(korean.body.find("<h1>내 데이터</h1>"), std::string::npos);
  EXPECT_NE(korean.body.find("커뮤니티 멤버십"), std::string::npos);
  EXPECT_NE(korean.body.find("/me/data/export.zip"), std::string::npos);
  EXPECT_NE(korean.body.find("Ana &lt;i&gt;Kim&lt;/i&gt;"), std::string::npos)
      << "the display name must be escaped";
  EXPECT_EQ(korean.body.find("<i>Kim</i>"), std::string::npos);
  EXPECT_EQ(korean.body.find(bo_email), std::string::npos);
  auto english = ana.get("/me/data", {"Accept-Language: en"});
  ASSERT_EQ(english.status, 200);
  EXPECT_NE(english.body.find("<h1>My data</h1>"), std::string::npos);
  EXPECT_NE(english.body.find("Community memberships"), std::string::npos);
  EXPECT_NE(english.body.find("Download my data (ZIP)"), std::string::npos);
  EXPECT_NE(english.body.find("it-lab"), std::string::npos);
  auto me = ana.get("/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("href=\"/me/data\""), std::string::npos);

  // The download: a ZIP, as an attachment, never cached.
  auto zip = ana.get("/me/data/export.zip");
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.headers["content-type"], "application/zip");
  EXPECT_NE(zip.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_NE(zip.headers["cache-control"].find("no-store"), std::string::npos);
  ASSERT_GT(zip.body.size(), 4u);
  EXPECT_EQ(zip.body.substr(0, 2), "PK");
  EXPECT_NE(zip.body.find("README.txt"), std::string::npos);
  EXPECT_NE(zip.body.find("profile.json"), std::string::npos);
  EXPECT_NE(zip.body.find("memberships.json"), std::string::npos);
  EXPECT_EQ(zip.body.find(bo_email), std::string::npos);

  // Odd input: no 5xx.
  EXPECT_EQ(ana.get("/me/data?x=%ff%fe&sections=-1").status, 200);
  EXPECT_EQ(ana.get("/api/v1/me/data?unknown=1").status, 200);
  EXPECT_EQ(ana.get("/me/data/export.zip?x=%00").status, 200);
  EXPECT_LT(ana.get("/me/data/other.zip").status, 500);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PrivacyHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
