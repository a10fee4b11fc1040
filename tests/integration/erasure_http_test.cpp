// Issue #16: "delete my account" on the page and over the API, signing in
// to cancel, and an organizer's erasure of a member on request. (The erasure
// itself, table by table, is src/app/erasure_demo_test.cpp; the job's timing
// src/features/privacy/erasure_test.cpp.)
#include "environment.hpp"

namespace moim::integration {
namespace {

using ErasureHttpTest = ServerTest;

std::string unique_email(const std::string& kind, const std::string& what) {
  static int serial = 0;
  return what + "." + kind + "." + std::to_string(++serial) + "@erasure.example";
}

std::int64_t pending(Environment& e, std::int64_t user_id) {
  return e.count("SELECT COUNT(*) FROM account_deletions WHERE user_id = " +
                 std::to_string(user_id) + " AND cancelled_at IS NULL AND erased_at IS NULL");
}

TEST_P(ErasureHttpTest, DeletingOnThePageSignsOutAndSigningInAgainCancels) {
  Environment& e = env();
  Client person = e.client();
  const std::string email = unique_email(GetParam(), "page");
  const std::int64_t id = sign_up_and_log_in(person, email, "지울 사람");
  auto me = person.get("/me", {"Accept-Language: ko"});
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("href=\"/me/delete\""), std::string::npos);
  auto page = person.get("/me/delete", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("14"), std::string::npos);
  EXPECT_NE(page.body.find("탈퇴한 회원"), std::string::npos);
  EXPECT_NE(e.anonymous->get("/me/delete").status, 200);
  const std::string token = csrf_from(page.body);

  // A wrong password: the page again, the field marked; nothing scheduled.
  auto wrong =
      person.request("POST", "/me/delete", "_csrf=" + token + "&password=nope",
                     "application/x-www-form-urlencoded",
                     {"Referer: " + e.server->base_url() + "/me/delete", "Accept-Language: en"});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("aria-invalid"), std::string::npos);
  EXPECT_NE(wrong.body.find("That is not your password."), std::string::npos);
  EXPECT_EQ(pending(e, id), 0);
  // Without the form token: refused.
  EXPECT_EQ(person.form("/me/delete", "password=x").status, 403);

  auto asked =
      person.request("POST", "/me/delete", "_csrf=" + token + "&password=" + std::string(kPassword),
                     "application/x-www-form-urlencoded", {"Accept-Language: en"});
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_NE(asked.body.find("data-testid=\"deletion-scheduled\""), std::string::npos);
  EXPECT_NE(asked.body.find("(UTC)"), std::string::npos);
  EXPECT_EQ(pending(e, id), 1);
  // Signed out everywhere.
  EXPECT_NE(person.get("/me").status, 200);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE target = '" + email +
                    "' AND payload LIKE '%account_deletion_scheduled%'"),
            1);

  // Signing in during the grace period cancels it, and says so by mail.
  auto back = person.json("POST", "/api/v1/auth/login",
                          R"({"email":")" + email + R"(","password":")" + kPassword + R"("})");
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(pending(e, id), 0);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE target = '" + email +
                    "' AND payload LIKE '%account_deletion_cancelled%'"),
            1);
}

TEST_P(ErasureHttpTest, TheApiAsksWithThePasswordAndEndsTheSession) {
  Environment& e = env();
  EXPECT_EQ(e.anonymous->json("POST", "/api/v1/me/deletion", R"({"password":"x"})").status, 401);
  Client person = e.client();
  const std::int64_t id = sign_up_and_log_in(person, unique_email(GetParam(), "api"), "API");
  auto wrong = person.json("POST", "/api/v1/me/deletion", R"({"password":"not mine"})");
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(parse_object(wrong.body)["error"].as_object()["field"].as_string(), "password");
  auto missing = person.json("POST", "/api/v1/me/deletion", "{}");
  EXPECT_EQ(missing.status, 400) << missing.body;
  auto asked = person.json("POST", "/api/v1/me/deletion",
                           std::string(R"({"password":")") + kPassword + R"("})");
  ASSERT_EQ(asked.status, 202) << asked.body;
  expect_documented(e, "post", "/api/v1/me/deletion", asked);
  EXPECT_EQ(parse_object(asked.body)["user_id"].as_int64(), id);
  EXPECT_EQ(pending(e, id), 1);
  // Its session ended with the request: asking again is a 401, not a second request.
  EXPECT_EQ(person
                .json("POST", "/api/v1/me/deletion",
                      std::string(R"({"password":")") + kPassword + R"("})")
                .status,
            401);
  EXPECT_EQ(pending(e, id), 1);
}

TEST_P(ErasureHttpTest, AnOrganizerErasesAMemberOnRequestOnlyWithAReason) {
  Environment& e = env();
  Client person = e.client();
  const std::int64_t id =
      sign_up_and_log_in(person, unique_email(GetParam(), "member"), "요청한 회원");
  ASSERT_EQ(person.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  const std::string api = "/api/v1/communities/it-lab/members/" + std::to_string(id) + "/erasure";
  EXPECT_EQ(e.member->json("POST", api, R"({"reason":"I want to"})").status, 403);
  auto no_reason = e.organizer->json("POST", api, R"({"reason":""})");
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_EQ(parse_object(no_reason.body)["error"].as_object()["field"].as_string(), "reason");
  EXPECT_EQ(e.organizer
                ->json("POST", "/api/v1/communities/it-lab/members/99999999/erasure",
                       R"({"reason":"asked by mail"})")
                .status,
            404);

  // The member page's form: the reason is required, the request audited.
  auto member_page =
      e.organizer->get("/c/it-lab/members/" + std::to_string(id), {"Accept-Language: ko"});
  ASSERT_EQ(member_page.status, 200);
  EXPECT_NE(member_page.body.find("data-testid=\"erase-member-form\""), std::string::npos);
  auto done = e.organizer->form(
      "/c/it-lab/members/" + std::to_string(id) + "/erase",
      "_csrf=" + csrf_from(member_page.body) + "&reason=" + "asked+by+mail+on+2026-12-07");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(pending(e, id), 1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM audit_log WHERE action = 'member.erasure_requested' "
                    "AND subject = '" +
                    std::to_string(id) + "' AND detail LIKE '%asked by mail on 2026-12-07%'"),
            1);
  // Twice: 409, nothing new.
  auto again = e.organizer->json("POST", api, R"({"reason":"asked again"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(pending(e, id), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ErasureHttpTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
