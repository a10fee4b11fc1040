// The academy over HTTP: cohorts, proposals, the public catalog,
// applications and builders' reviews, per role, on both databases.
#include <ctime>

#include <algorithm>
#include <set>

#include "environment.hpp"

namespace moim::integration {
namespace {

// Dates inside the running phase of a cohort from phases_json(0).
std::string project_template() {
  return R"({"title":"TITLE","summary":"함께 읽어요","description":"# 소개\n<script>x</script>",)"
         R"("kind":"paper_reading","tags":["LLM"],"level":"beginner","language":"ko","mode":"online",)"
         R"("weekday":2,"start_time":"20:00","duration_minutes":90,"starts_on":")" +
         project_starts_on() + R"(","ends_on":")" + project_ends_on() +
         R"(","min_runners":2,"max_runners":10,"auditors_welcome":true,)"
         R"("questions":["왜 지원하나요?"]})";
}

std::string project_body(const std::string& title) {
  std::string body = project_template();
  body.replace(body.find("TITLE"), 5, title);
  return body;
}

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

struct AcademySetup {
  std::unique_ptr<Client> builder;
  std::int64_t builder_id = 0;
  std::string cohort;  // in proposals
  std::int64_t approved_id = 0, proposed_id = 0;
};

class AcademyHttpTest : public ServerTest {
 protected:
  AcademySetup& setup() {
    static std::map<std::string, AcademySetup> setups;
    AcademySetup& s = setups[GetParam()];
    if (s.builder) return s;
    Environment& e = env();
    s.builder = std::make_unique<Client>(e.server->base_url());
    s.builder_id = sign_up_and_log_in(*s.builder, "builder@it.example", "빌더");
    EXPECT_EQ(s.builder->json("POST", "/api/v1/communities/it-lab/membership").status, 201);
    s.cohort = "roles";
    auto created = e.organizer->json("POST", "/api/v1/communities/it-lab/cohorts",
                                     R"({"key":"roles","name":"10기",)" + phases_json(0) + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    auto approved = s.builder->json("POST", "/api/v1/communities/it-lab/cohorts/roles/projects",
                                    project_body("LLM 논문 읽기"));
    EXPECT_EQ(approved.status, 201) << approved.body;
    s.approved_id = parse_object(approved.body)["project"].as_object()["id"].as_int64();
    auto proposed = s.builder->json("POST", "/api/v1/communities/it-lab/cohorts/roles/projects",
                                    project_body("Still proposed"));
    s.proposed_id = parse_object(proposed.body)["project"].as_object()["id"].as_int64();
    auto review = e.organizer->json(
        "POST", "/api/v1/communities/it-lab/projects/" + std::to_string(s.approved_id) + "/review",
        R"({"decision":"approve"})");
    EXPECT_EQ(review.status, 200) << review.body;
    return s;
  }
};

struct RoleCase {
  std::string method;
  std::string path;
  std::string body;
  long anonymous, member, builder, organizer, admin;
};

TEST_P(AcademyHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string approved = base + "/projects/" + std::to_string(s.approved_id);
  const std::string proposed = base + "/projects/" + std::to_string(s.proposed_id);
  const std::vector<RoleCase> cases{
      {"GET", base + "/cohorts", "", 200, 200, 200, 200, 200},
      {"GET", base + "/cohorts/roles", "", 200, 200, 200, 200, 200},
      {"POST", base + "/cohorts", R"({"key":"KEY","name":"11기",)" + phases_json(0) + "}", 401, 403,
       403, 201, 201},
      {"PATCH", base + "/cohorts/roles", R"({"description":"updated"})", 401, 403, 403, 200, 200},
      {"GET", base + "/cohorts/roles/projects", "", 200, 200, 200, 200, 200},
      {"GET", base + "/cohorts/roles/projects?status=proposed", "", 403, 403, 403, 200, 200},
      {"GET", base + "/cohorts/roles/applications", "", 401, 403, 403, 200, 200},
      {"GET", base + "/cohorts/roles/application", "", 401, 404, 404, 404, 404},
      {"GET", approved, "", 200, 200, 200, 200, 200},
      {"GET", proposed, "", 404, 404, 200, 200, 200},
      {"PATCH", proposed, R"({"summary":"edited"})", 401, 403, 200, 200, 200},
      {"POST", proposed + "/review", R"({"decision":"request_changes","comment":"줄여주세요"})",
       401, 403, 403, 200, 200},
      {"GET", approved + "/applicants", "", 401, 403, 200, 200, 200},
      {"PUT", approved + "/co-runners", R"({"user_ids":[]})", 401, 403, 200, 200, 200},
      {"GET", base + "/labs", "", 200, 200, 200, 200, 200},
      {"POST", base + "/cohorts/roles/projects", project_body("Role proposal"), 401, 201, 201, 201,
       201},
      {"POST", approved + "/invitation", "", 401, 404, 404, 404, 404},
  };
  int counter = 0;
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {e.member.get(), test_case.member},
                                              {s.builder.get(), test_case.builder},
                                              {e.organizer.get(), test_case.organizer},
                                              {e.admin.get(), test_case.admin}};
    const char* names[] = {"anonymous", "member", "builder", "organizer", "admin"};
    int role_idx = 0;
    for (const auto& [client, expected] : roles) {
      std::string body = test_case.body;
      if (auto at = body.find("KEY"); at != std::string::npos)
        body.replace(at, 3, "role-" + std::to_string(counter++));
      auto result = client->json(test_case.method, test_case.path, body.empty() ? "{}" : body);
      EXPECT_EQ(result.status, expected) << test_case.method << " " << test_case.path << " as "
                                         << names[role_idx] << " -> " << result.body;
      ++role_idx;
    }
  }
}

TEST_P(AcademyHttpTest, BadInputNamesTheFieldAndWritesNothing) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::int64_t cohorts = e.count("SELECT COUNT(*) FROM cohorts");
  const std::vector<std::pair<std::string, std::string>> cohort_cases{
      {R"({"key":"Bad Key","name":"x",)" + phases_json(0) + "}", "key"},
      {R"({"key":"roles","name":"dup",)" + phases_json(0) + "}", "key"},
      {R"({"key":"ok-a","name":"",)" + phases_json(0) + "}", "name"},
      {R"({"key":"ok-a","name":"x"})", "phases"},
      {R"({"key":"ok-a","name":"x","max_choices":0,)" + phases_json(0) + "}", "max_choices"},
      {R"({"key":"ok-a","name":"x","proposals_starts_at":"tomorrow"})", "phases.proposals"},
      {R"({"key":"ok-a","name":"x","questions":"not a list",)" + phases_json(0) + "}", "questions"},
  };
  for (const auto& [body, field] : cohort_cases) {
    auto result = e.organizer->json("POST", "/api/v1/communities/it-lab/cohorts", body);
    EXPECT_TRUE(result.status == 400 || result.status == 409) << body << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << body << " -> " << result.body;
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM cohorts"), cohorts);

  const std::int64_t projects = e.count("SELECT COUNT(*) FROM academy_projects");
  std::string offline = project_body("x");
  offline.replace(offline.find("\"online\""), 8, "\"offline\"");
  std::string reversed = project_body("x");
  reversed.replace(reversed.find(project_ends_on()), 10, "2026-01-01");
  std::string bad_kind = project_body("x");
  bad_kind.replace(bad_kind.find("paper_reading"), 13, "party");
  std::string bad_capacity = project_body("x");
  bad_capacity.replace(bad_capacity.find("\"max_runners\":10"), 16, "\"max_runners\":1");
  std::string no_title = project_body("");
  for (const auto& [body, field] :
       std::vector<std::pair<std::string, std::string>>{{offline, "place"},
                                                        {reversed, "ends_on"},
                                                        {bad_kind, "kind"},
                                                        {bad_capacity, "max_runners"},
                                                        {no_title, "title"},
                                                        {"[1,2]", ""}}) {
    auto result =
        s.builder->json("POST", "/api/v1/communities/it-lab/cohorts/roles/projects", body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    if (!field.empty()) {
      EXPECT_EQ(field_of(result), field) << body;
    }
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM academy_projects"), projects);

  auto bad_review = e.organizer->json(
      "POST", "/api/v1/communities/it-lab/projects/" + std::to_string(s.proposed_id) + "/review",
      R"({"decision":"maybe"})");
  EXPECT_EQ(field_of(bad_review), "decision");
  auto bad_filter =
      e.anonymous->get("/api/v1/communities/it-lab/cohorts/roles/projects?kind=party");
  EXPECT_EQ(bad_filter.status, 400);
  EXPECT_EQ(field_of(bad_filter), "kind");
  auto wrong_phase = e.member->json(
      "PUT", "/api/v1/communities/it-lab/cohorts/roles/application",
      R"({"choices":[{"project_id":)" + std::to_string(s.approved_id) + R"(,"answers":["a"]}]})");
  EXPECT_EQ(wrong_phase.status, 409);
  EXPECT_EQ(field_of(wrong_phase), "phase");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM applications"), 0);
}

TEST_P(AcademyHttpTest, AMemberAppliesAndTheBuilderReviews) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  ASSERT_EQ(
      e.organizer
          ->json("POST", base + "/cohorts",
                 R"({"key":"flow","name":"12기","questions":["자기소개"],)" + phases_json(0) + "}")
          .status,
      201);
  auto first = s.builder->json("POST", base + "/cohorts/flow/projects", project_body("Flow A"));
  auto second = s.builder->json("POST", base + "/cohorts/flow/projects", project_body("Flow B"));
  const std::int64_t first_id = parse_object(first.body)["project"].as_object()["id"].as_int64();
  const std::int64_t second_id = parse_object(second.body)["project"].as_object()["id"].as_int64();
  for (auto id : {first_id, second_id}) {
    ASSERT_EQ(e.organizer
                  ->json("POST", base + "/projects/" + std::to_string(id) + "/review",
                         R"({"decision":"approve"})")
                  .status,
              200);
  }
  // The public catalog, no login needed; raw HTML in descriptions is escaped.
  auto catalog = e.anonymous->get("/c/it-lab/cohorts/flow");
  ASSERT_EQ(catalog.status, 200);
  EXPECT_NE(catalog.body.find("Flow A"), std::string::npos);
  auto project_page = e.anonymous->get("/c/it-lab/projects/" + std::to_string(first_id));
  ASSERT_EQ(project_page.status, 200);
  EXPECT_EQ(project_page.body.find("<script>x</script>"), std::string::npos);
  EXPECT_NE(project_page.body.find("빌더"), std::string::npos);

  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/flow", "{" + phases_json(1) + "}").status,
            200);
  const std::string application =
      R"({"choices":[{"project_id":)" + std::to_string(second_id) +
      R"(,"answers":["B가 좋아요"]},{"project_id":)" + std::to_string(first_id) +
      R"(,"answers":["A도 좋아요"]}],"answers":["학생입니다"],"availability":["wed_evening"]})";
  auto bad = e.member->json("PUT", base + "/cohorts/flow/application",
                            R"({"choices":[{"project_id":)" + std::to_string(first_id) +
                                R"(,"answers":["x"]},{"project_id":)" + std::to_string(first_id) +
                                R"(,"answers":["x"]}],"answers":["a"]})");
  EXPECT_EQ(field_of(bad), "choices");
  auto applied = e.member->json("PUT", base + "/cohorts/flow/application", application);
  ASSERT_EQ(applied.status, 201) << applied.body;
  auto again = e.member->json("PUT", base + "/cohorts/flow/application", application);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM applications a JOIN cohorts c ON c.id = a.cohort_id "
                    "WHERE c.cohort_key = 'flow'"),
            1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE target = 'member@it.example' AND payload "
                    "LIKE '%application_received%'"),
            2);
  auto mine = e.member->get(base + "/cohorts/flow/application");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(parse_object(mine.body)["application"].as_object()["choices"].as_array().size(), 2u);

  auto applicants = s.builder->get(base + "/projects/" + std::to_string(first_id) + "/applicants");
  ASSERT_EQ(applicants.status, 200);
  auto list = parse_object(applicants.body)["applicants"].as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(applicants.body.find("B가 좋아요"), std::string::npos);  // another project's answer
  const std::int64_t application_id = list[0].as_object()["application_id"].as_int64();
  auto reviewed = s.builder->json("PATCH",
                                  base + "/projects/" + std::to_string(first_id) + "/applicants/" +
                                      std::to_string(application_id),
                                  R"({"review":"accepted","score":88})");
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(parse_object(reviewed.body)["applicant"].as_object()["score"].as_int64(), 88);
  auto bad_score = s.builder->json("PATCH",
                                   base + "/projects/" + std::to_string(first_id) + "/applicants/" +
                                       std::to_string(application_id),
                                   R"({"score":1000})");
  EXPECT_EQ(field_of(bad_score), "score");
  // The page lists applicants fifty at a time; a decision filter and the page
  // stay in the links and in each review form (issue #12, the look).
  const std::string page_path = "/c/it-lab/projects/" + std::to_string(first_id) + "/applicants";
  auto accepted_only = s.builder->get(page_path + "?decision=accepted&page=9");
  ASSERT_EQ(accepted_only.status, 200);
  EXPECT_NE(accepted_only.body.find("data-applicant=\"member@it.example\""), std::string::npos);
  EXPECT_NE(accepted_only.body.find("<span>1 / 1</span>"), std::string::npos);  // page 9 clamps
  EXPECT_NE(accepted_only.body.find("name=\"decision\" value=\"accepted\""), std::string::npos);
  auto pending_only = s.builder->get(page_path + "?decision=pending");
  EXPECT_EQ(pending_only.body.find("data-applicant=\"member@it.example\""), std::string::npos);

  // In the viewer's language, headers and values (issue #12).
  auto csv = e.organizer->get("/c/it-lab/cohorts/flow/applications.csv", {"Accept-Language: en"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBFName,Email,Status,Choice,Project,Builders' review"))
      << csv.body.substr(0, 200);
  EXPECT_NE(csv.body.find("member@it.example,Submitted,"), std::string::npos) << csv.body;
  auto korean =
      e.organizer->get("/c/it-lab/cohorts/flow/applications.csv", {"Accept-Language: ko"});
  ASSERT_EQ(korean.status, 200);
  EXPECT_TRUE(korean.body.starts_with("\xEF\xBB\xBF이름,이메일,상태,지망,프로젝트,빌더 검토"))
      << korean.body.substr(0, 200);
  EXPECT_EQ(korean.body.find(",submitted,"), std::string::npos) << korean.body;
  EXPECT_EQ(e.member->get("/c/it-lab/cohorts/flow/applications.csv").status, 403);
  auto builder_csv =
      s.builder->get("/c/it-lab/cohorts/flow/applications.csv?project=" + std::to_string(first_id));
  ASSERT_EQ(builder_csv.status, 200);
  EXPECT_EQ(builder_csv.body.find("B가 좋아요"), std::string::npos);

  EXPECT_EQ(e.member->get("/c/it-lab/cohorts/flow/apply").status, 200);
  EXPECT_EQ(s.builder->get("/c/it-lab/projects/" + std::to_string(first_id) + "/applicants").status,
            200);
  EXPECT_EQ(e.member->get("/c/it-lab/projects/" + std::to_string(first_id) + "/applicants").status,
            403);

  auto audit = e.member->json("POST", base + "/projects/" + std::to_string(second_id) + "/audit");
  EXPECT_EQ(audit.status, 201) << audit.body;
  EXPECT_EQ(parse_object(audit.body)["project"].as_object()["seats_left"].as_int64(), 10);

  EXPECT_EQ(e.member->json("DELETE", base + "/cohorts/flow/application").status, 204);
  EXPECT_EQ(parse_object(e.member->get(base + "/cohorts/flow/application").body)["application"]
                .as_object()["status"]
                .as_string(),
            "withdrawn");
  // The same application through the page form: ranked selects, answers, availability.
  auto apply_page = e.member->get("/c/it-lab/cohorts/flow/apply");
  ASSERT_EQ(apply_page.status, 200);
  auto by_form = e.member->form("/c/it-lab/cohorts/flow/apply",
                                "_csrf=" + csrf_from(apply_page.body) +
                                    "&choice_1=" + std::to_string(first_id) + "&pa_" +
                                    std::to_string(first_id) + "_0=" + url_encode("폼으로 지원") +
                                    "&answer_0=" + url_encode("학생") + "&avail_mon_evening=on");
  EXPECT_EQ(by_form.status, 303) << by_form.body;
  auto resubmitted = parse_object(e.member->get(base + "/cohorts/flow/application").body);
  EXPECT_EQ(resubmitted["application"].as_object()["status"].as_string(), "submitted");
  EXPECT_EQ(resubmitted["application"].as_object()["availability"].as_array().at(0).as_string(),
            "mon_evening");
  auto missing_answer = e.member->form("/c/it-lab/cohorts/flow/apply",
                                       "_csrf=" + csrf_from(apply_page.body) +
                                           "&choice_1=" + std::to_string(first_id) + "&answer_0=");
  EXPECT_EQ(missing_answer.status, 400);
}

// The unfiltered catalog's cards are kept rendered between visits (per
// language); a write by anyone, here straight to the database as another
// instance or psql would, shows at the next visit, and a search still
// filters.
TEST_P(AcademyHttpTest, TheCatalogPageShowsEveryWriteAtTheNextVisit) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::string catalog = "/c/it-lab/cohorts/roles";
  auto first = e.anonymous->get(catalog);
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("LLM 논문 읽기"), std::string::npos);
  EXPECT_EQ(first.body.find("Still proposed"), std::string::npos);  // not approved
  EXPECT_NE(first.body.find("논문 읽기 · 입문"), std::string::npos);
  // Each language's cards are kept apart.
  auto english = e.anonymous->get(catalog, {"Accept-Language: en"});
  EXPECT_NE(english.body.find("Paper reading · Beginner"), std::string::npos) << english.body;
  EXPECT_EQ(e.anonymous->get(catalog).body.find("Paper reading · Beginner"), std::string::npos);

  const std::string id = std::to_string(s.approved_id);
  {
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer
                    ->execute("UPDATE academy_projects SET title = 'LLM 논문 다시 읽기', "
                              "max_runners = 17 WHERE id = " +
                              id)
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto after = e.anonymous->get(catalog);
  EXPECT_NE(after.body.find("LLM 논문 다시 읽기"), std::string::npos);
  EXPECT_NE(after.body.find("/ 17"), std::string::npos);
  EXPECT_NE(e.anonymous->get(catalog, {"Accept-Language: en"}).body.find("LLM 논문 다시 읽기"),
            std::string::npos);
  EXPECT_EQ(e.anonymous->get(catalog + "?q=nothing-like-this").body.find("LLM 논문"),
            std::string::npos);
  EXPECT_NE(e.anonymous->get(catalog + "?q=%EB%8B%A4%EC%8B%9C").body.find("LLM 논문 다시 읽기"),
            std::string::npos);
  {
    auto writer = e.database->database().write();
    ASSERT_TRUE(
        writer->execute("UPDATE academy_projects SET title = 'LLM 논문 읽기' WHERE id = " + id)
            .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  EXPECT_NE(e.anonymous->get(catalog).body.find("LLM 논문 읽기"), std::string::npos);
}

TEST_P(AcademyHttpTest, PagesWorkWithFormsAndTokens) {
  Environment& e = env();
  setup();
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts").status, 200);
  auto english = e.anonymous->get("/c/it-lab/cohorts/roles", {"Accept-Language: en"});
  EXPECT_EQ(english.status, 200);
  EXPECT_NE(english.body.find("Timeline"), std::string::npos);
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts/nope").status, 404);
  auto manage = e.organizer->get("/c/it-lab/cohorts/roles/edit");
  ASSERT_EQ(manage.status, 200);
  EXPECT_EQ(e.member->get("/c/it-lab/cohorts/roles/edit").status, 403);
  const std::string token = csrf_from(manage.body);
  EXPECT_EQ(e.organizer->form("/c/it-lab/cohorts", "key=form&name=x").status, 403);  // no token
  auto bad = e.organizer->form("/c/it-lab/cohorts", "_csrf=" + token + "&key=form&name=x");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM cohorts WHERE cohort_key = 'form'"), 0);
  // Builders edit their proposal through the same form (e.g. after a request for changes).
  const std::string edit_path =
      "/c/it-lab/projects/" + std::to_string(setup().proposed_id) + "/edit";
  EXPECT_EQ(e.member->get(edit_path).status, 404);  // proposals stay private until approved
  auto edit_page = setup().builder->get(edit_path);
  ASSERT_EQ(edit_page.status, 200);
  EXPECT_NE(edit_page.body.find("Still proposed"), std::string::npos);
  const std::string builder_token = csrf_from(edit_page.body);
  auto saved = setup().builder->form(
      edit_path,
      "_csrf=" + builder_token +
          "&title=Still+proposed&summary=edited+by+form&kind=study&level=beginner&language="
          "ko&mode=online&weekday=1&start_time=19:00&duration_minutes=60&starts_on=" +
          project_starts_on() + "&ends_on=" + project_ends_on() +
          "&min_runners=1&max_runners=5&questions=Q1%0AQ2");
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto stored = setup().builder->get("/api/v1/communities/it-lab/projects/" +
                                     std::to_string(setup().proposed_id));
  auto project = parse_object(stored.body)["project"].as_object();
  EXPECT_EQ(project["summary"].as_string(), "edited by form");
  EXPECT_EQ(project["questions"].as_array().size(), 2u);
  auto refused =
      setup().builder->form(edit_path, "_csrf=" + builder_token + "&mode=offline&place=");
  EXPECT_EQ(refused.status, 400);
  // Builders name must-accept co-runners on their applicants page.
  const std::string applicants_path =
      "/c/it-lab/projects/" + std::to_string(setup().approved_id) + "/applicants";
  auto applicants_page = setup().builder->get(applicants_path);
  ASSERT_EQ(applicants_page.status, 200);
  const std::string co_path =
      "/c/it-lab/projects/" + std::to_string(setup().approved_id) + "/co-runners";
  EXPECT_EQ(
      setup()
          .builder->form(co_path, "_csrf=" + csrf_from(applicants_page.body) + "&user_ids=abc")
          .status,
      400);
  EXPECT_EQ(setup()
                .builder
                ->form(co_path, "_csrf=" + csrf_from(applicants_page.body) +
                                    "&user_ids=" + std::to_string(e.member_id))
                .status,
            303);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM project_co_runners WHERE project_id = " +
                    std::to_string(setup().approved_id)),
            1);
  auto propose = e.member->get("/c/it-lab/cohorts/roles/propose");
  EXPECT_EQ(propose.status, 200);
}

TEST_P(AcademyHttpTest, OrganizersAllocateAndPublishAndPeopleConfirmSeats) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  ASSERT_EQ(
      e.organizer
          ->json("POST", base + "/cohorts", R"({"key":"sel","name":"13기",)" + phases_json(0) + "}")
          .status,
      201);
  std::vector<std::int64_t> project_ids;
  for (const char* title : {"Sel A", "Sel B"}) {
    std::string body = project_body(title);
    body.replace(body.find("\"min_runners\":2,\"max_runners\":10"), 32,
                 "\"min_runners\":0,\"max_runners\":1");
    auto proposed = s.builder->json("POST", base + "/cohorts/sel/projects", body);
    ASSERT_EQ(proposed.status, 201) << proposed.body;
    project_ids.push_back(parse_object(proposed.body)["project"].as_object()["id"].as_int64());
    ASSERT_EQ(
        e.organizer
            ->json("POST", base + "/projects/" + std::to_string(project_ids.back()) + "/review",
                   R"({"decision":"approve"})")
            .status,
        200);
  }
  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/sel", "{" + phases_json(1) + "}").status,
            200);
  std::vector<std::unique_ptr<Client>> people;
  std::vector<std::int64_t> ids;
  for (int idx = 0; idx < 3; ++idx) {
    people.push_back(std::make_unique<Client>(e.server->base_url()));
    ids.push_back(sign_up_and_log_in(*people.back(),
                                     "sel" + std::to_string(idx) + "-" + GetParam() + "@it.example",
                                     "Sel " + std::to_string(idx)));
    ASSERT_EQ(people.back()->json("POST", base + "/membership").status, 201);
    auto applied =
        people.back()->json("PUT", base + "/cohorts/sel/application",
                            R"({"choices":[{"project_id":)" + std::to_string(project_ids[0]) +
                                R"(,"answers":["a"]},{"project_id":)" +
                                std::to_string(project_ids[1]) + R"(,"answers":["b"]}]})");
    ASSERT_EQ(applied.status, 201) << applied.body;
  }
  EXPECT_EQ(e.organizer->json("POST", base + "/cohorts/sel/allocation/runs", "{}").status, 409);
  ASSERT_EQ(e.organizer->json("PATCH", base + "/cohorts/sel", "{" + phases_json(2) + "}").status,
            200);

  const std::pair<Client*, long> run_roles[] = {{e.anonymous.get(), 401},
                                                {e.member.get(), 403},
                                                {s.builder.get(), 403},
                                                {e.admin.get(), 201}};
  for (const auto& [client, expected] : run_roles) {
    EXPECT_EQ(client->json("POST", base + "/cohorts/sel/allocation/runs", R"({"seed":5})").status,
              expected);
  }
  EXPECT_EQ(field_of(e.organizer->json("POST", base + "/cohorts/sel/allocation/runs",
                                       R"({"mode":"lottery"})")),
            "mode");
  EXPECT_EQ(field_of(e.organizer->json(
                "PUT", base + "/cohorts/sel/allocation/pins/" + std::to_string(ids[2]),
                R"({"project_id":)" + std::to_string(project_ids[1]) + R"(,"reason":""})")),
            "reason");
  ASSERT_EQ(e.organizer
                ->json("PUT", base + "/cohorts/sel/allocation/pins/" + std::to_string(ids[2]),
                       R"({"project_id":)" + std::to_string(project_ids[1]) +
                           R"(,"reason":"공동 준비자"})")
                .status,
            204);
  auto run = e.organizer->json("POST", base + "/cohorts/sel/allocation/runs",
                               R"({"mode":"rank_maximal","seed":99})");
  ASSERT_EQ(run.status, 201) << run.body;
  auto run_body = parse_object(run.body)["run"].as_object();
  EXPECT_EQ(run_body["seed"].as_int64(), 99);
  EXPECT_EQ(run_body["summary"].as_object()["unassigned"].as_int64(), 1);  // 3 people, 2 seats
  for (const auto& fill : run_body["projects"].as_array())
    EXPECT_LE(fill.as_object().at("filled").as_int64(), 1);
  EXPECT_EQ(e.member->get(base + "/cohorts/sel/allocation").status, 403);
  auto selection_page =
      e.organizer->get("/c/it-lab/cohorts/sel/selection", {"Accept-Language: ko"});
  EXPECT_EQ(selection_page.status, 200);
  // The run's mode and the projects' minimum in Korean (issue #12).
  EXPECT_NE(selection_page.body.find("방식: 순위 최대화"), std::string::npos)
      << selection_page.body;
  EXPECT_NE(selection_page.body.find("(최소 "), std::string::npos);
  EXPECT_EQ(selection_page.body.find("방식: rank_maximal"), std::string::npos);
  EXPECT_EQ(selection_page.body.find("(min "), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/cohorts/sel/selection").status, 403);

  EXPECT_EQ(s.builder
                ->json("POST", base + "/cohorts/sel/allocation/publish",
                       R"({"run_id":)" + std::to_string(run_body["id"].as_int64()) + "}")
                .status,
            403);
  auto published =
      e.organizer->json("POST", base + "/cohorts/sel/allocation/publish",
                        R"({"run_id":)" + std::to_string(run_body["id"].as_int64()) + "}");
  ASSERT_EQ(published.status, 200) << published.body;
  int offered = 0;
  for (auto& person : people) {
    auto result = person->get(base + "/cohorts/sel/result");
    ASSERT_EQ(result.status, 200);
    auto body = parse_object(result.body)["result"].as_object();
    EXPECT_TRUE(body["published"].as_bool());
    if (body["seat"].is_string() && body["seat"].as_string() == "offered") {
      ++offered;
      auto confirmed = person->json("POST", base + "/cohorts/sel/seat", R"({"confirm":true})");
      ASSERT_EQ(confirmed.status, 200) << confirmed.body;
      EXPECT_EQ(parse_object(confirmed.body)["result"].as_object()["seat"].as_string(),
                "confirmed");
    } else {
      EXPECT_GT(body["explanation"].as_array().size(), 0u);
      EXPECT_EQ(person->json("POST", base + "/cohorts/sel/seat", R"({"confirm":true})").status,
                404);
    }
    EXPECT_EQ(person->get("/c/it-lab/cohorts/sel/apply").status, 200);
  }
  EXPECT_EQ(offered, 2);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM project_runners r JOIN academy_projects p ON p.id = "
                    "r.project_id JOIN cohorts c ON c.id = p.cohort_id WHERE c.cohort_key = 'sel'"),
            2);
}

TEST_P(AcademyHttpTest, YearRoundLabsTakeApplicationsAnyTimeWithinCapacity) {
  Environment& e = env();
  AcademySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  std::string body = project_body("상시 랩");
  body.replace(body.find("paper_reading"), 13, "lab");
  body.replace(body.find("\"max_runners\":10"), 16, "\"max_runners\":1");
  body.replace(body.find("\"min_runners\":2"), 15, "\"min_runners\":0");
  EXPECT_EQ(field_of(s.builder->json("POST", base + "/labs", project_body("Not a lab"))), "kind");
  auto proposed = s.builder->json("POST", base + "/labs", body);
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  const std::int64_t lab_id = parse_object(proposed.body)["project"].as_object()["id"].as_int64();
  ASSERT_EQ(e.organizer
                ->json("POST", base + "/projects/" + std::to_string(lab_id) + "/review",
                       R"({"decision":"approve"})")
                .status,
            200);
  const std::string page = "/c/it-lab/projects/" + std::to_string(lab_id);
  auto lab_page = e.member->get(page);
  ASSERT_EQ(lab_page.status, 200);
  EXPECT_NE(lab_page.body.find("lab_answer_0"), std::string::npos);
  auto applied =
      e.member->form(page + "/apply", "_csrf=" + csrf_from(lab_page.body) +
                                          "&lab_answer_0=" + url_encode("연구하고 싶어요"));
  EXPECT_EQ(applied.status, 303);
  Client second = e.client();
  sign_up_and_log_in(second, "lab-" + GetParam() + "@it.example", "Lab Second");
  ASSERT_EQ(second.json("POST", base + "/membership").status, 201);
  ASSERT_EQ(second
                .json("PUT", base + "/projects/" + std::to_string(lab_id) + "/application",
                      R"({"choices":[{"project_id":)" + std::to_string(lab_id) +
                          R"(,"answers":["저도요"]}]})")
                .status,
            201);
  auto applicants = s.builder->get(base + "/projects/" + std::to_string(lab_id) + "/applicants");
  auto list = parse_object(applicants.body)["applicants"].as_array();
  ASSERT_EQ(list.size(), 2u);
  std::vector<long> statuses;
  for (const auto& applicant : list) {
    statuses.push_back(
        s.builder
            ->json("PATCH",
                   base + "/projects/" + std::to_string(lab_id) + "/applicants/" +
                       std::to_string(applicant.as_object().at("application_id").as_int64()),
                   R"({"review":"accepted"})")
            .status);
  }
  EXPECT_EQ(statuses, (std::vector<long>{200, 409}));  // one seat: never overfilled
  auto lab = parse_object(e.anonymous->get(base + "/projects/" + std::to_string(lab_id)).body);
  EXPECT_EQ(lab["project"].as_object()["seats_left"].as_int64(), 0);
  // The mails this sent belong to the community: its organizers see them on
  // the outbox page and can retry them there (issue #12, point 5).
  auto queue = parse_object(e.organizer->get(base + "/outbox?kind=email&per_page=200").body);
  std::set<std::string> keys_for_second;
  for (const auto& row : queue["rows"].as_array()) {
    if (row.as_object().at("target").as_string() == "lab-" + GetParam() + "@it.example")
      keys_for_second.insert(std::string(row.as_object().at("idempotency_key").as_string()));
  }
  EXPECT_TRUE(
      std::any_of(keys_for_second.begin(), keys_for_second.end(),
                  [](const std::string& key) { return key.starts_with("academy.application:"); }))
      << "the application receipt is on the organizers' outbox page";
  EXPECT_EQ(
      e.count("SELECT COUNT(*) FROM outbox WHERE community_id IS NULL AND "
              "(idempotency_key LIKE 'academy.%' OR idempotency_key LIKE 'activity.%' OR "
              "idempotency_key LIKE 'coffee_group:%' OR idempotency_key LIKE 'certificates.%')"),
      0)
      << "only account mails (sign-up, password) belong to no community";
}

INSTANTIATE_TEST_SUITE_P(Drivers, AcademyHttpTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
