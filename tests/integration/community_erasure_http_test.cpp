// Issue #16: a platform admin erases a whole community, over the API and on
// the admin page; everyone else is refused (organizers of it too); the
// community's pages answer 410, it leaves the lists, and its slug stays
// taken. (The erasure itself, table by table, with a certificate that still
// verifies: src/app/community_erasure_demo_test.cpp.)
#include "environment.hpp"

namespace moim::integration {
namespace {

using CommunityErasureHttpTest = ServerTest;

// A community for this test: the admin founds it, the environment's
// organizer is made its organizer, and its member joins.
void found(Environment& e, const std::string& slug) {
  auto created = e.admin->json("POST", "/api/v1/communities",
                               R"({"slug":")" + slug + R"(","name":"Closing )" + slug + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(e.organizer->json("POST", "/api/v1/communities/" + slug + "/membership").status, 201);
  ASSERT_EQ(e.member->json("POST", "/api/v1/communities/" + slug + "/membership").status, 201);
  auto promoted = e.admin->json(
      "PATCH", "/api/v1/communities/" + slug + "/members/" + std::to_string(e.organizer_id),
      R"({"stage":"organizer","reason":"runs it"})");
  ASSERT_EQ(promoted.status, 200) << promoted.body;
}

std::int64_t community_id(Environment& e, const std::string& slug) {
  return e.count("SELECT id FROM communities WHERE slug = '" + slug + "'");
}

TEST_P(CommunityErasureHttpTest, OnlyAPlatformAdminErasesACommunityOverTheApi) {
  Environment& e = env();
  const std::string slug = "closing-api";
  found(e, slug);
  const std::int64_t id = community_id(e, slug);
  const std::string api = "/api/v1/admin/communities/" + slug + "/erasure";
  const std::string body = R"({"confirm":")" + slug + R"(","reason":"the community closed"})";

  EXPECT_EQ(e.anonymous->json("POST", api, body).status, 401);
  EXPECT_EQ(e.member->json("POST", api, body).status, 403);
  EXPECT_EQ(e.organizer->json("POST", api, body).status, 403);  // its organizer, not an admin
  EXPECT_EQ(e.admin
                ->json("POST", "/api/v1/admin/communities/no-such-lab/erasure",
                       R"({"confirm":"no-such-lab","reason":"x"})")
                .status,
            404);
  auto mistyped =
      e.admin->json("POST", api, R"({"confirm":"it-lab","reason":"the community closed"})");
  EXPECT_EQ(mistyped.status, 422) << mistyped.body;
  EXPECT_EQ(parse_object(mistyped.body)["error"].as_object()["field"].as_string(), "confirm");
  auto no_reason = e.admin->json("POST", api, R"({"confirm":")" + slug + R"(","reason":""})");
  EXPECT_EQ(no_reason.status, 400) << no_reason.body;
  EXPECT_EQ(parse_object(no_reason.body)["error"].as_object()["field"].as_string(), "reason");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM memberships WHERE community_id = " + std::to_string(id)),
            3);

  auto done = e.admin->json("POST", api, body);
  ASSERT_EQ(done.status, 200) << done.body;
  expect_documented(e, "post", "/api/v1/admin/communities/{slug}/erasure", done);
  auto answer = parse_object(done.body);
  EXPECT_EQ(answer["slug"].as_string(), slug);
  bool memberships = false;
  for (const auto& row : answer["report"].as_array()) {
    const auto& each = row.as_object();
    if (each.at("table").as_string() == "memberships") {
      memberships = true;
      EXPECT_EQ(each.at("action").as_string(), "deleted");
      EXPECT_EQ(each.at("rows").as_int64(), 3);
    }
  }
  EXPECT_TRUE(memberships) << done.body;
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM memberships WHERE community_id = " + std::to_string(id)),
            0);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM audit_log WHERE community_id = " + std::to_string(id) +
                    " AND action = 'community.erased' AND actor_id = " +
                    std::to_string(e.admin_id) + " AND detail LIKE '%the community closed%'"),
            1);
  // Twice: gone, and it says so.
  auto twice = e.admin->json("POST", api, body);
  EXPECT_EQ(twice.status, 410) << twice.body;

  // Gone for everyone, from every list; the slug is not free again.
  auto page = e.member->get("/c/" + slug, {"Accept-Language: en"});
  EXPECT_EQ(page.status, 410);
  EXPECT_NE(page.body.find("This community has been erased."), std::string::npos) << page.body;
  auto page_ko = e.anonymous->get("/c/" + slug + "/cohorts", {"Accept-Language: ko"});
  EXPECT_EQ(page_ko.status, 410);
  EXPECT_NE(page_ko.body.find("삭제된 커뮤니티입니다."), std::string::npos);
  EXPECT_EQ(e.admin->get("/api/v1/communities/" + slug).status, 410);
  auto listed = e.anonymous->get("/api/v1/communities");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("\"" + slug + "\""), std::string::npos);
  EXPECT_NE(listed.body.find("\"it-lab\""), std::string::npos);
  auto admin_page = e.admin->get("/admin");
  ASSERT_EQ(admin_page.status, 200);
  EXPECT_EQ(admin_page.body.find("/c/" + slug + "\""), std::string::npos);
  auto reused =
      e.admin->json("POST", "/api/v1/communities", R"({"slug":")" + slug + R"(","name":"Again"})");
  EXPECT_EQ(reused.status, 409) << reused.body;
  // Other communities and the accounts are as they were.
  EXPECT_EQ(e.member->get("/c/it-lab").status, 200);
  EXPECT_EQ(e.member->get("/me").status, 200);
}

TEST_P(CommunityErasureHttpTest, TheAdminPageAsksForTheSlugAndTheReason) {
  Environment& e = env();
  const std::string slug = "closing-page";
  found(e, slug);
  const std::string path = "/admin/communities/" + slug + "/erase";
  EXPECT_EQ(e.organizer->get(path).status, 403);
  EXPECT_EQ(e.member->get(path).status, 403);
  EXPECT_NE(e.anonymous->get(path).status, 200);
  EXPECT_EQ(e.admin->get("/admin/communities/no-such-lab/erase").status, 404);
  auto admin_page = e.admin->get("/admin", {"Accept-Language: en"});
  ASSERT_EQ(admin_page.status, 200);
  EXPECT_NE(admin_page.body.find("data-testid=\"erase-community-" + slug + "\""),
            std::string::npos);

  auto page = e.admin->get(path, {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"community-erasure-form\""), std::string::npos);
  EXPECT_NE(page.body.find("커뮤니티 삭제"), std::string::npos);
  const std::string token = csrf_from(page.body);
  // Without the form token: refused, nothing erased.
  EXPECT_EQ(e.admin->form(path, "confirm=" + slug + "&reason=x").status, 403);
  // The wrong slug: the page again, the field marked, what was typed kept.
  auto mistyped =
      e.admin->request("POST", path, "_csrf=" + token + "&confirm=closing&reason=organizers+asked",
                       "application/x-www-form-urlencoded",
                       {"Referer: " + e.server->base_url() + path, "Accept-Language: en"});
  EXPECT_EQ(mistyped.status, 422);
  EXPECT_NE(mistyped.body.find("aria-invalid"), std::string::npos);
  EXPECT_NE(mistyped.body.find("Type the community&apos;s address exactly as shown to confirm."),
            std::string::npos)
      << mistyped.body;
  EXPECT_NE(mistyped.body.find("organizers asked"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/" + slug).status, 200);
  // An organizer's form post is refused too.
  auto organizer_page = e.organizer->get("/c/" + slug);
  ASSERT_EQ(organizer_page.status, 200);
  EXPECT_EQ(
      e.organizer
          ->request("POST", path,
                    "_csrf=" + csrf_from(organizer_page.body) + "&confirm=" + slug + "&reason=mine",
                    "application/x-www-form-urlencoded", {})
          .status,
      403);

  auto done = e.admin->request("POST", path,
                               "_csrf=" + token + "&confirm=" + slug + "&reason=organizers+asked",
                               "application/x-www-form-urlencoded", {"Accept-Language: en"});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("data-testid=\"community-erased\""), std::string::npos);
  EXPECT_NE(done.body.find("memberships"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/" + slug).status, 410);
  EXPECT_EQ(e.admin->get(path).status, 410);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CommunityErasureHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
