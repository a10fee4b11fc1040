// Importing applications from a Google Forms CSV export over HTTP, per role,
// on both databases.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

std::string json_string(const std::string& text) {
  return boost::json::serialize(boost::json::value(text));
}

class FormsImportHttpTest : public ServerTest {};

TEST_P(FormsImportHttpTest, OrganizersPreviewThenImportAndOthersAreRefused) {
  Environment& e = env();
  Client builder(e.server->base_url());
  sign_up_and_log_in(builder, "forms-builder@it.example", "폼빌더");
  ASSERT_EQ(builder.json("POST", "/api/v1/communities/it-lab/membership").status, 201);
  const std::string cohort = "/api/v1/communities/it-lab/cohorts/forms";
  auto created = e.organizer->json(
      "POST", "/api/v1/communities/it-lab/cohorts",
      R"({"key":"forms","name":"폼 기수","questions":["자기소개"],)" + phases_json(0) + "}");
  ASSERT_EQ(created.status, 201) << created.body;
  auto project = builder.json(
      "POST", cohort + "/projects",
      R"({"title":"LLM 논문 읽기","summary":"함께","description":"매주","kind":"paper_reading",)"
      R"("level":"beginner","language":"ko","mode":"online","weekday":2,"start_time":"20:00",)"
      R"("duration_minutes":90,"starts_on":")" +
          project_starts_on() + R"(","ends_on":")" + project_ends_on() +
          R"(","min_runners":1,"max_runners":10})");
  ASSERT_EQ(project.status, 201) << project.body;
  const auto project_id = parse_object(project.body)["project"].as_object()["id"].as_int64();
  ASSERT_EQ(
      e.organizer
          ->json("POST",
                 "/api/v1/communities/it-lab/projects/" + std::to_string(project_id) + "/review",
                 R"({"decision":"approve"})")
          .status,
      200);
  ASSERT_EQ(e.organizer->json("PATCH", cohort, "{" + phases_json(1) + "}").status, 200);

  const std::string csv =
      "\xEF\xBB\xBF타임스탬프,이메일 주소,이름,1지망,2지망,자기소개\r\n"
      "2026/02/01,member@it.example,러너,LLM 논문 읽기,,\"안녕하세요,\r\n반가워요\"\r\n"
      "2026/02/01,nobody@it.example,누구,LLM 논문 읽기,,안녕\r\n";
  const std::string preview_body = "{\"csv\":" + json_string(csv) + "}";
  const std::pair<Client*, long> roles[] = {
      {e.anonymous.get(), 401}, {e.member.get(), 403}, {&builder, 403}, {e.organizer.get(), 200}};
  for (const auto& [client, expected] : roles) {
    auto result = client->json("POST", cohort + "/imports", preview_body);
    EXPECT_EQ(result.status, expected) << result.body;
  }
  auto preview = parse_object(e.organizer->json("POST", cohort + "/imports", preview_body).body);
  auto& report = preview["import"].as_object();
  EXPECT_EQ(report["valid"].as_int64(), 1);
  EXPECT_EQ(report["invalid"].as_int64(), 1);
  EXPECT_EQ(report["mapping"].as_object()["email"].as_int64(), 1);
  auto& rows = report["rows"].as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].as_object()["answers"].as_array()[0].as_string(), "안녕하세요,\r\n반가워요");
  EXPECT_EQ(rows[1].as_object()["line"].as_int64(), 4);
  EXPECT_FALSE(rows[1].as_object()["errors"].as_array().empty());

  // Not imported while an error is neither fixed nor skipped.
  auto refused = e.organizer->json("POST", cohort + "/imports",
                                   "{\"csv\":" + json_string(csv) + ",\"dry_run\":false}");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(parse_object(e.organizer->json("GET", cohort + "/applications").body)["applications"]
                .as_array()
                .size(),
            0u);
  auto imported = e.organizer->json(
      "POST", cohort + "/imports",
      "{\"csv\":" + json_string(csv) + ",\"dry_run\":false,\"skip_errors\":true}");
  ASSERT_EQ(imported.status, 201) << imported.body;
  auto list = parse_object(e.organizer->json("GET", cohort + "/applications").body);
  ASSERT_EQ(list["applications"].as_array().size(), 1u);
  EXPECT_EQ(list["applications"].as_array()[0].as_object()["email"].as_string(),
            "member@it.example");

  // Bad requests name their field.
  auto no_csv = e.organizer->json("POST", cohort + "/imports", R"({"dry_run":true})");
  EXPECT_EQ(no_csv.status, 400);
  EXPECT_NE(no_csv.body.find("\"csv\""), std::string::npos) << no_csv.body;
  auto empty = e.organizer->json("POST", cohort + "/imports", R"({"csv":""})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("\"file\""), std::string::npos) << empty.body;
  auto bad_mapping = e.organizer->json(
      "POST", cohort + "/imports",
      "{\"csv\":" + json_string(csv) + R"(,"mapping":{"email":1,"choices":[],"answers":[5]}})");
  EXPECT_EQ(bad_mapping.status, 400);
  EXPECT_NE(bad_mapping.body.find("mapping.choices"), std::string::npos) << bad_mapping.body;

  // The organizer page: CSRF, preview with row errors, no import while rows have errors.
  const std::string page = "/c/it-lab/cohorts/forms/import";
  EXPECT_NE(e.anonymous->get(page).status, 200);
  EXPECT_EQ(e.member->get(page).status, 403);
  EXPECT_EQ(builder.get(page).status, 403);
  auto form_page = e.organizer->get(page);
  ASSERT_EQ(form_page.status, 200);
  EXPECT_EQ(e.organizer->form(page, "csv=" + url_encode(csv)).status, 403);
  const std::string token = csrf_from(form_page.body);
  auto shown = e.organizer->form(page, "_csrf=" + token + "&action=preview&csv=" + url_encode(csv));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("nobody@it.example"), std::string::npos);
  EXPECT_NE(shown.body.find("already has an application"), std::string::npos);
  EXPECT_NE(shown.body.find("name=\"map_email\""), std::string::npos);
  auto held = e.organizer->form(page, "_csrf=" + token +
                                          "&action=import&map_email=1&map_name=2&map_choice_0=3&"
                                          "map_choice_1=4&map_answer_0=5&csv=" +
                                          url_encode(csv));
  EXPECT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(parse_object(e.organizer->get(cohort + "/applications").body)["applications"]
                .as_array()
                .size(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Drivers, FormsImportHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
