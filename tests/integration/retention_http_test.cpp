// Issue #16: retention periods on the organizers' page and over the API.
#include "environment.hpp"

namespace moim::integration {
namespace {

using RetentionHttpTest = ServerTest;

TEST_P(RetentionHttpTest, OrganizersSetPeriodsOnThePageAndOverTheApi) {
  Environment& e = env();
  const std::string api = "/api/v1/communities/it-lab/retention";
  EXPECT_EQ(e.anonymous->json("GET", api, "").status, 401);
  EXPECT_EQ(e.member->json("GET", api, "").status, 403);
  EXPECT_EQ(e.member->json("PATCH", api, R"({"outbox_days":30})").status, 403);

  auto current = e.organizer->json("GET", api, "");
  ASSERT_EQ(current.status, 200) << current.body;
  expect_documented(e, "get", "/api/v1/communities/{slug}/retention", current);
  auto policy = parse_object(current.body);
  EXPECT_EQ(policy["due"].as_array().size(), 3u);

  // Out of bounds: 400 naming the field, nothing saved.
  for (const char* body : {R"({"outbox_days":-1})", R"({"guest_registrations_days":1000000000})",
                           R"({"outbox_days":0})"}) {
    auto refused = e.organizer->json("PATCH", api, body);
    EXPECT_EQ(refused.status, 400) << body << " -> " << refused.body;
  }
  EXPECT_EQ(parse_object(e.organizer->json("PATCH", api, R"({"outbox_days":-1})").body)["error"]
                .as_object()["field"]
                .as_string(),
            "outbox_days");
  auto saved = e.organizer->json("PATCH", api, R"({"outbox_days":45})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  expect_documented(e, "patch", "/api/v1/communities/{slug}/retention", saved);
  EXPECT_EQ(parse_object(saved.body)["outbox_days"].as_int64(), 45);
  EXPECT_FALSE(parse_object(saved.body)["is_default"].as_bool());

  // The page: the periods as a form, the dry run, in the viewer's language.
  auto page = e.organizer->get("/c/it-lab/retention", {"Accept-Language: ko"});
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("개인정보 보관 기간"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"45\""), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/retention").status, 403);
  EXPECT_NE(e.anonymous->get("/c/it-lab/retention").status, 200);

  // A refused form comes back with what was typed and the field marked.
  const std::string token = csrf_from(page.body);
  auto refused = e.organizer->request(
      "POST", "/c/it-lab/retention",
      "_csrf=" + token +
          "&outbox_days=-5&unplaced_applications_days=365&guest_registrations_days=180",
      "application/x-www-form-urlencoded",
      {"Referer: " + e.server->base_url() + "/c/it-lab/retention", "Accept-Language: en"});
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("value=\"-5\""), std::string::npos);
  EXPECT_NE(refused.body.find("aria-invalid"), std::string::npos);
  auto kept = e.organizer->form(
      "/c/it-lab/retention",
      "_csrf=" + token +
          "&outbox_days=60&unplaced_applications_days=400&guest_registrations_days=30");
  EXPECT_EQ(kept.status, 303);
  auto after = parse_object(e.organizer->json("GET", api, "").body);
  EXPECT_EQ(after["outbox_days"].as_int64(), 60);
  EXPECT_EQ(after["unplaced_applications_days"].as_int64(), 400);
  EXPECT_EQ(after["guest_registrations_days"].as_int64(), 30);
}

INSTANTIATE_TEST_SUITE_P(Drivers, RetentionHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
