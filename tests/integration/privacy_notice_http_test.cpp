// Issue #16: each community's privacy notice, its versions, and members'
// agreements, on the pages (with the banner) and over the API.
#include "environment.hpp"

namespace moim::integration {
namespace {

using PrivacyNoticeHttpTest = ServerTest;

bool has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

// A community of its own, so that the banner shows on no other test's pages.
void make_community(Environment& e, const std::string& slug) {
  auto created = e.admin->json("POST", "/api/v1/communities",
                               R"({"slug":")" + slug + R"(","name":"처리방침 연구소"})");
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(e.organizer->json("POST", "/api/v1/communities/" + slug + "/membership").status, 201);
  ASSERT_EQ(e.member->json("POST", "/api/v1/communities/" + slug + "/membership").status, 201);
  auto promoted = e.admin->json(
      "PATCH", "/api/v1/communities/" + slug + "/members/" + std::to_string(e.organizer_id),
      R"({"stage":"organizer","reason":"writes the notice"})");
  ASSERT_EQ(promoted.status, 200) << promoted.body;
}

TEST_P(PrivacyNoticeHttpTest, OrganizersPublishOverTheApiAndMembersAgree) {
  Environment& e = env();
  const std::string slug = "notice-api";
  make_community(e, slug);
  const std::string api = "/api/v1/communities/" + slug + "/privacy-notice";

  auto none = e.anonymous->json("GET", api, "");
  ASSERT_EQ(none.status, 200) << none.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/privacy-notice", none);
  EXPECT_TRUE(parse_object(none.body)["version"].is_null());
  EXPECT_EQ(e.member->json("POST", api + "/agreement", "{}").status, 404);

  const std::string body =
      R"({"body_ko":"# 개인정보 처리방침\n\n수집 항목: 이메일","body_en":"# Privacy"})";
  EXPECT_EQ(e.anonymous->json("PUT", api, body).status, 401);
  EXPECT_EQ(e.member->json("PUT", api, body).status, 403);
  auto empty = e.organizer->json("PUT", api, R"({"body_ko":" ","body_en":""})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(parse_object(empty.body)["error"].as_object()["field"].as_string(), "body_ko");
  auto too_long = e.organizer->json(
      "PUT", api, R"({"body_ko":"ok","body_en":")" + std::string(20001, 'a') + "\"}");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(parse_object(too_long.body)["error"].as_object()["field"].as_string(), "body_en");

  auto published = e.organizer->json("PUT", api, body);
  ASSERT_EQ(published.status, 200) << published.body;
  expect_documented(e, "put", "/api/v1/communities/{slug}/privacy-notice", published);
  EXPECT_EQ(parse_object(published.body)["version"].as_int64(), 1);
  // The same text again: still version 1.
  EXPECT_EQ(parse_object(e.organizer->json("PUT", api, body).body)["version"].as_int64(), 1);

  auto before = parse_object(e.member->json("GET", api, "").body);
  EXPECT_TRUE(before["needs_agreement"].as_bool());
  EXPECT_EQ(e.anonymous->json("POST", api + "/agreement", "{}").status, 401);
  EXPECT_EQ(e.member->json("POST", api + "/agreement", R"({"version":7})").status, 409);
  auto agreed = e.member->json("POST", api + "/agreement", R"({"version":1})");
  ASSERT_EQ(agreed.status, 200) << agreed.body;
  expect_documented(e, "post", "/api/v1/communities/{slug}/privacy-notice/agreement", agreed);
  EXPECT_EQ(e.member->json("POST", api + "/agreement", "{}").status, 200);  // idempotent
  auto after = parse_object(e.member->json("GET", api, "").body);
  EXPECT_FALSE(after["needs_agreement"].as_bool());
  EXPECT_EQ(after["agreed_version"].as_int64(), 1);

  // The agreement is the member's data: in their export.
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM privacy_notice_agreements WHERE user_id = " +
                    std::to_string(e.member_id)),
            1);
  // Publishing is in the audit log.
  EXPECT_GE(e.count("SELECT COUNT(*) FROM audit_log WHERE action = "
                    "'community.privacy_notice_published'"),
            1);
}

TEST_P(PrivacyNoticeHttpTest, PagesShowTheNoticeAndTheBannerAsksAgain) {
  Environment& e = env();
  const std::string slug = "notice-pages";
  make_community(e, slug);
  const std::string base = "/c/" + slug;

  auto none = e.anonymous->get(base + "/privacy", {"Accept-Language: ko"});
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(has(none.body, "아직 개인정보 처리방침을 게시하지 않았어요"));
  EXPECT_NE(e.anonymous->get(base + "/privacy/edit").status, 200);
  EXPECT_EQ(e.member->get(base + "/privacy/edit").status, 403);
  EXPECT_EQ(e.anonymous->get(base + "/privacy?version=abc").status, 404);

  // The first version starts from the catalog's template, in both languages.
  auto edit = e.organizer->get(base + "/privacy/edit", {"Accept-Language: ko"});
  ASSERT_EQ(edit.status, 200);
  EXPECT_TRUE(has(edit.body, "수집하는 개인정보 항목"));
  EXPECT_TRUE(has(edit.body, "What we collect"));
  EXPECT_TRUE(has(e.organizer->get(base + "/settings").body, base + "/privacy/edit"));
  const std::string token = csrf_from(edit.body);

  // No CSRF token: refused.
  EXPECT_EQ(e.organizer->form(base + "/privacy/edit", "body_ko=x&body_en=y").status, 403);
  // A refused form keeps what was typed and marks the field.
  auto refused = e.organizer->request(
      "POST", base + "/privacy/edit",
      "_csrf=" + token + "&body_ko=+&body_en=", "application/x-www-form-urlencoded",
      {"Referer: " + e.server->base_url() + base + "/privacy/edit", "Accept-Language: en"});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(has(refused.body, "aria-invalid"));
  auto long_refused = e.organizer->request(
      "POST", base + "/privacy/edit",
      "_csrf=" + token + "&body_ko=" + std::string(20001, 'a') + "&body_en=kept+text",
      "application/x-www-form-urlencoded",
      {"Referer: " + e.server->base_url() + base + "/privacy/edit", "Accept-Language: en"});
  EXPECT_EQ(long_refused.status, 400);
  EXPECT_TRUE(has(long_refused.body, "kept text"));

  // Markdown, sanitized.
  auto published = e.organizer->form(base + "/privacy/edit",
                                     "_csrf=" + token +
                                         "&body_ko=%23+%EC%B2%98%EB%A6%AC%EB%B0%A9%EC%B9%A8+v1%0D%"
                                         "0A%0D%0A%3Cscript%3Ex%3C%2Fscript%3E"
                                         "&body_en=");
  ASSERT_EQ(published.status, 303);
  auto page = e.member->get(base + "/privacy", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "<h1>처리방침 v1</h1>"));
  EXPECT_FALSE(has(page.body, "<script>x"));
  EXPECT_TRUE(has(page.body, "data-testid=\"privacy-notice-agree\""));
  // English readers see the Korean text, and are told so.
  auto english = e.anonymous->get(base + "/privacy", {"Accept-Language: en"});
  EXPECT_TRUE(has(english.body, "처리방침 v1"));
  EXPECT_TRUE(has(english.body, "no notice in this language"));
  EXPECT_FALSE(has(english.body, "privacy-notice-agree\""));

  // The banner on the community's pages, for the member only.
  auto home = e.member->get(base, {"Accept-Language: ko"});
  EXPECT_TRUE(has(home.body, "data-testid=\"privacy-banner\""));
  EXPECT_FALSE(has(e.anonymous->get(base).body, "privacy-banner\""));
  EXPECT_FALSE(has(e.member->get("/c/it-lab").body, "privacy-banner\""));

  // Agreeing from the banner: CSRF, then back where they were, banner gone.
  EXPECT_EQ(e.member->form(base + "/privacy/agree", "return_to=" + base).status, 403);
  auto agreed = e.member->form(base + "/privacy/agree",
                               "_csrf=" + csrf_from(home.body) + "&return_to=" + base + "/members");
  ASSERT_EQ(agreed.status, 303);
  EXPECT_EQ(agreed.headers["location"], base + "/members");
  EXPECT_FALSE(has(e.member->get(base).body, "privacy-banner\""));
  EXPECT_EQ(e.organizer->form(base + "/privacy/agree", "_csrf=" + token).status, 303);

  // Version 2: the banner is back; version 1 stays readable.
  ASSERT_EQ(
      e.organizer->form(base + "/privacy/edit", "_csrf=" + token + "&body_ko=v2&body_en=v2+en")
          .status,
      303);
  EXPECT_TRUE(has(e.member->get(base).body, "privacy-banner\""));
  auto v2 = e.member->get(base + "/privacy", {"Accept-Language: en"});
  EXPECT_TRUE(has(v2.body, "v2 en"));
  EXPECT_TRUE(has(v2.body, "privacy?version=1"));
  auto v1 = e.anonymous->get(base + "/privacy?version=1", {"Accept-Language: ko"});
  EXPECT_EQ(v1.status, 200);
  EXPECT_TRUE(has(v1.body, "처리방침 v1"));
  EXPECT_EQ(e.anonymous->get(base + "/privacy?version=9").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Drivers, PrivacyNoticeHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
