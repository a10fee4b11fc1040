// Wrap-up over HTTP: completion rules, results computed and decided, drop-outs,
// closing, statistics (SVG charts parsed as XML) and the CSV, per role, on
// both databases.
#include <expat.h>

#include <ctime>

#include "delivered.hpp"
#include "environment.hpp"

namespace moim::integration {
namespace {

std::string project_body(const std::string& title) {
  return R"({"title":")" + title +
         R"(","kind":"study","level":"beginner","language":"ko","mode":"online",)"
         R"("weekday":2,"start_time":"20:00","duration_minutes":90,"starts_on":")" +
         project_starts_on() + R"(","ends_on":")" + project_ends_on() +
         R"(","min_runners":1,"max_runners":5})";
}

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

// Every chart <svg>...</svg> of a page, each parsed on its own by expat; the
// decorative icons of the layout (<svg class="icon">, from the sprite) are not charts.
std::vector<std::string> svgs_of(const std::string& html) {
  std::vector<std::string> found;
  for (std::size_t at = html.find("<svg"); at != std::string::npos;
       at = html.find("<svg", at + 1)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    if (html.compare(at, 17, "<svg class=\"icon\"") == 0) continue;
    found.push_back(html.substr(at, end + 6 - at));
  }
  return found;
}

bool well_formed(const std::string& xml) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return ok;
}

struct WrapUpSetup {
  std::unique_ptr<Client> builder, other_builder, outsider;
  std::int64_t project_id = 0, other_project_id = 0, leaver_id = 0;
  std::unique_ptr<Client> leaver;
};

class WrapUpHttpTest : public ServerTest {
 protected:
  // A cohort now in its wrap-up phase with two approved projects; the
  // environment's member runs the first, and `leaver` too.
  WrapUpSetup& setup() {
    static std::map<std::string, WrapUpSetup> setups;
    WrapUpSetup& s = setups[GetParam()];
    if (s.builder) return s;
    Environment& e = env();
    const std::string base = "/api/v1/communities/it-lab";
    auto person = [&](std::unique_ptr<Client>& client, const std::string& email,
                      const std::string& name) {
      client = std::make_unique<Client>(e.server->base_url());
      const std::int64_t id = sign_up_and_log_in(*client, email, name);
      EXPECT_EQ(client->json("POST", base + "/membership").status, 201);
      return id;
    };
    person(s.builder, "wrap-builder@it.example", "정리빌더");
    person(s.other_builder, "wrap-other@it.example", "다른빌더");
    person(s.outsider, "wrap-outsider@it.example", "Outsider");
    s.leaver_id = person(s.leaver, "wrap-leaver@it.example", "떠나는러너");
    auto created = e.organizer->json("POST", base + "/cohorts",
                                     R"({"key":"wrapup","name":"9기",)" + phases_json(0) + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    for (auto [client, id, title] :
         {std::tuple{s.builder.get(), &s.project_id, "=수료 스터디"},
          std::tuple{s.other_builder.get(), &s.other_project_id, "다른 스터디"}}) {
      auto proposed = client->json("POST", base + "/cohorts/wrapup/projects", project_body(title));
      EXPECT_EQ(proposed.status, 201) << proposed.body;
      *id = parse_object(proposed.body)["project"].as_object()["id"].as_int64();
      EXPECT_EQ(e.organizer
                    ->json("POST", base + "/projects/" + std::to_string(*id) + "/review",
                           R"({"decision":"approve"})")
                    .status,
                200);
    }
    // The selection placed them (the academy's own tests cover that step).
    auto writer = e.database->database().write();
    for (std::int64_t runner : {e.member_id, s.leaver_id})
      EXPECT_TRUE(writer
                      ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                                "VALUES (?, ?, ?)",
                                {s.project_id, runner, std::int64_t{std::time(nullptr)}})
                      .ok());
    EXPECT_TRUE(writer->commit().ok());
    auto moved = e.organizer->json("PATCH", base + "/cohorts/wrapup", "{" + phases_json(4) + "}");
    EXPECT_EQ(moved.status, 200) << moved.body;
    return s;
  }
};

struct RoleCase {
  std::string method;
  std::string path;
  std::string body;
  long anonymous, outsider, runner, other_builder, builder, organizer;
};

TEST_P(WrapUpHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  WrapUpSetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.project_id);
  const std::string cohort = base + "/cohorts/wrapup";
  const std::vector<RoleCase> cases{
      {"GET", project + "/completion-rules", "", 200, 200, 200, 200, 200, 200},
      {"PUT", project + "/completion-rules", R"({"min_attendance":70,"min_submissions":0})", 401,
       403, 403, 403, 200, 200},
      {"GET", project + "/dropouts", "", 401, 403, 403, 403, 200, 200},
      {"POST", cohort + "/wrap-up/compute", "", 401, 403, 403, 403, 403, 200},
      {"GET", cohort + "/wrap-up", "", 401, 403, 403, 403, 403, 200},
      {"GET", project + "/wrap-up", "", 401, 403, 403, 403, 200, 200},
      {"POST", project + "/wrap-up/results/" + std::to_string(e.member_id), "{}", 401, 403, 403,
       403, 200, 200},
      {"GET", cohort + "/statistics", "", 401, 403, 403, 403, 403, 200},
      {"GET", base + "/statistics/cohorts", "", 401, 403, 403, 403, 403, 200},
      {"GET", base + "/completion/mine", "", 401, 200, 200, 200, 200, 200},
  };
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {
        {e.anonymous.get(), test_case.anonymous}, {s.outsider.get(), test_case.outsider},
        {e.member.get(), test_case.runner},       {s.other_builder.get(), test_case.other_builder},
        {s.builder.get(), test_case.builder},     {e.organizer.get(), test_case.organizer}};
    const char* names[] = {"anonymous",     "outsider", "runner",
                           "other builder", "builder",  "organizer"};
    for (std::size_t idx = 0; idx < std::size(roles); ++idx) {
      auto result = roles[idx].first->json(test_case.method, test_case.path,
                                           test_case.body.empty() ? "{}" : test_case.body);
      EXPECT_EQ(result.status, roles[idx].second) << names[idx] << " " << test_case.method << " "
                                                  << test_case.path << " -> " << result.body;
    }
  }
  // Pages follow the same rules: anonymous visitors are sent to log in.
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts/wrapup/wrap-up").status, 303);
  EXPECT_EQ(s.builder->get("/c/it-lab/cohorts/wrapup/wrap-up").status, 403);
  EXPECT_EQ(s.other_builder->get("/c/it-lab/projects/" + std::to_string(s.project_id) + "/wrap-up")
                .status,
            403);
  EXPECT_EQ(
      s.builder->get("/c/it-lab/projects/" + std::to_string(s.project_id) + "/wrap-up").status,
      200);
  EXPECT_EQ(e.member->get("/c/it-lab/cohorts/wrapup/wrap-up/results.csv").status, 403);
}

TEST_P(WrapUpHttpTest, BadInputNamesTheFieldAndWritesNothing) {
  Environment& e = env();
  WrapUpSetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.project_id);
  ASSERT_EQ(e.organizer->json("POST", base + "/cohorts/wrapup/wrap-up/compute").status, 200);
  const std::string audits = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'activity.%'";
  const std::int64_t before = e.count(audits);
  const std::string member = project + "/wrap-up/results/" + std::to_string(e.member_id);
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases{
      {"POST", member, R"({"outcome":"passed","reason":"x"})", "outcome"},
      {"POST", member, R"({"outcome":"dropped"})", "reason"},
      {"POST", member, R"({"outcome":"dropped","reason":")" + std::string(501, 'x') + "\"}",
       "reason"},
      {"PUT", project + "/completion-rules", R"({"min_attendance":101})", "min_attendance"},
      {"PUT", project + "/completion-rules", R"({"min_submissions":1})", "min_attendance"},
      {"POST", project + "/dropouts", R"({"user_id":)" + std::to_string(e.member_id) + "}",
       "reason"},
      {"POST", project + "/dropouts",
       R"({"user_id":)" + std::to_string(e.organizer_id) + R"(,"reason":"x"})", "user_id"},
  };
  for (const auto& [method, path, body, field] : cases) {
    auto result = s.builder->json(method, path, body);
    EXPECT_EQ(result.status, 400) << method << " " << path << " " << body << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << method << " " << path << " " << body;
  }
  // Leaving on your own needs the confirmation.
  auto unconfirmed = s.leaver->json("POST", project + "/dropouts", R"({"reason":"바빠요"})");
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_EQ(field_of(unconfirmed), "confirm");
  EXPECT_EQ(e.count(audits), before);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_dropouts"), 0);
}

TEST_P(WrapUpHttpTest, DropOutOverrideCloseStatisticsAndCsv) {
  Environment& e = env();
  WrapUpSetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.project_id);
  // A runner finds the way out on their progress page; builders do not.
  const std::string pages = "/c/it-lab/projects/" + std::to_string(s.project_id);
  EXPECT_NE(s.leaver->get(pages + "/progress").body.find("leave-link"), std::string::npos);
  EXPECT_EQ(s.builder->get(pages + "/progress").body.find("leave-link"), std::string::npos);
  EXPECT_EQ(s.leaver->get(pages + "/leave").status, 200);
  // The leaver leaves; the seat is freed.
  auto left = s.leaver->json("POST", project + "/dropouts", R"({"confirm":true})");
  ASSERT_EQ(left.status, 201) << left.body;
  EXPECT_TRUE(parse_object(left.body)["dropout"].as_object()["self_reported"].as_bool());
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM project_runners WHERE user_id = " +
                    std::to_string(s.leaver_id)),
            0);
  ASSERT_EQ(e.organizer->json("POST", base + "/cohorts/wrapup/wrap-up/compute").status, 200);
  // No sessions, no retrospective: the member has not completed; the builder overrides.
  auto overridden =
      s.builder->json("POST", project + "/wrap-up/results/" + std::to_string(e.member_id),
                      R"({"outcome":"completed","reason":"회고를 발표로 대신함"})");
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  auto result = parse_object(overridden.body)["result"].as_object();
  EXPECT_EQ(result["computed"].as_string(), "not_completed");
  EXPECT_EQ(result["outcome"].as_string(), "completed");
  auto wrap_up = parse_object(s.builder->json("GET", project + "/wrap-up").body)["wrap_up"];
  auto tally = wrap_up.as_object()["tally"].as_object();
  EXPECT_EQ(tally["completed"].as_int64(), 1);
  EXPECT_EQ(tally["dropped"].as_int64(), 1);
  // The builder held no session and has not completed: the rate counts
  // everyone who held a seat (issue 12 point 3; it used to leave the
  // not-completed out and read 50.0%).
  EXPECT_EQ(tally["not_completed"].as_int64(), 1);
  EXPECT_EQ(tally["seated"].as_int64(), 3);
  EXPECT_EQ(tally["completion_rate_text"].as_string(), "33.3%");

  auto closed = e.organizer->json("POST", base + "/cohorts/wrapup/wrap-up/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_TRUE(parse_object(closed.body)["wrap_up"].as_object()["closed"].as_bool());
  EXPECT_EQ(s.builder
                ->json("POST", project + "/wrap-up/results/" + std::to_string(e.member_id),
                       R"({"outcome":"not_completed","reason":"x"})")
                .status,
            409);
  EXPECT_EQ(e.organizer->json("POST", base + "/cohorts/wrapup/wrap-up/close").status, 409);
  // The closed project's page shows its rules and results, with no forms left.
  auto project_page =
      s.builder->get("/c/it-lab/projects/" + std::to_string(s.project_id) + "/wrap-up");
  ASSERT_EQ(project_page.status, 200);
  EXPECT_EQ(project_page.body.find("/wrap-up/rules"), std::string::npos);
  EXPECT_EQ(project_page.body.find("/dropouts\""), std::string::npos);
  EXPECT_EQ(project_page.body.find("/wrap-up/results/"), std::string::npos);
  // The rules page states the builders' own rule (issue 12 point 4).
  EXPECT_NE(project_page.body.find("data-testid=\"builder-rule\""), std::string::npos);
  EXPECT_NE(project_page.body.find("빌더는 프로젝트를 끝까지 진행하면 수료해요"),
            std::string::npos);
  // The rate, and beside it who held a seat and who dropped out.
  EXPECT_NE(project_page.body.find("<strong>33.3%</strong>"), std::string::npos);
  const auto tally_at = project_page.body.find("data-testid=\"project-tally\"");
  ASSERT_NE(tally_at, std::string::npos);
  EXPECT_NE(project_page.body.find(" 1 / ", tally_at), std::string::npos);
  EXPECT_NE(project_page.body.find(" 3 · ", tally_at), std::string::npos);
  auto mine = parse_object(e.member->json("GET", base + "/completion/mine").body);
  EXPECT_TRUE(mine["builder_eligible"].as_bool());
  // The member's dashboard says so; the builder, who ran no project as a
  // runner, is not told.
  auto dashboard = e.member->get("/c/it-lab/me");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("data-testid=\"builder-eligible\""), std::string::npos);
  auto builder_dashboard = s.builder->get("/c/it-lab/me");
  ASSERT_EQ(builder_dashboard.status, 200);
  EXPECT_EQ(builder_dashboard.body.find("data-testid=\"builder-eligible\""), std::string::npos);
  // The shared test server's member may hold results of other tests' cohorts:
  // this project's is there once, completed by the override.
  int in_this_project = 0;
  for (const auto& item : mine["results"].as_array()) {
    if (item.at("project_id").as_int64() != s.project_id) continue;
    ++in_this_project;
    EXPECT_EQ(item.at("outcome").as_string(), "completed");
  }
  EXPECT_EQ(in_this_project, 1);

  // Statistics: the rate chart is well-formed XML with a title and a description;
  // no sessions or deadlines were held, which the page says instead of drawing.
  auto page = e.organizer->get("/c/it-lab/cohorts/wrapup/statistics");
  ASSERT_EQ(page.status, 200);
  const auto charts = svgs_of(page.body);
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_NE(page.body.find("33.3%"), std::string::npos);
  for (const auto& svg : charts) {
    EXPECT_TRUE(well_formed(svg)) << svg;
    EXPECT_NE(svg.find("<title"), std::string::npos);
    EXPECT_NE(svg.find("<desc"), std::string::npos);
  }
  auto across = e.organizer->get("/c/it-lab/statistics");
  ASSERT_EQ(across.status, 200);
  // The completion rates, and what moim did per cohort (issue #16).
  ASSERT_EQ(svgs_of(across.body).size(), 2u);
  for (const auto& svg : svgs_of(across.body)) EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_NE(across.body.find("data-testid=\"cohort-count-moim\""), std::string::npos);

  // The organizer's count (issue #16): what moim did for the cohort beside
  // what people did by hand. The test server sends no mail, so the cohort's
  // mails wait in the outbox and do not count until delivered.
  const std::string cohort_id = std::to_string(
      e.count("SELECT k.id FROM cohorts k JOIN communities c ON c.id = k.community_id WHERE "
              "c.slug = 'it-lab' AND k.cohort_key = 'wrapup'"));
  const auto organizer_count = [&] {
    auto body = parse_object(e.organizer->json("GET", base + "/cohorts/wrapup/statistics").body);
    return body["statistics"].as_object()["organizer_count"].as_object();
  };
  const auto line = [](boost::json::object& side, const std::string& what) -> std::int64_t {
    for (const auto& item : side["lines"].as_array())
      if (item.at("what").as_string() == what) return item.at("count").as_int64();
    return 0;
  };
  const std::int64_t seats = e.count(
      "SELECT COUNT(*) FROM project_runners r JOIN academy_projects p ON p.id = "
      "r.project_id WHERE p.cohort_id = " +
      cohort_id);
  EXPECT_EQ(seats, 1);  // the member; the leaver's seat went back
  auto before = organizer_count();
  auto before_moim = before["moim"].as_object();
  EXPECT_EQ(line(before_moim, "count_seats"), seats);
  EXPECT_EQ(line(before_moim, "count_email"), 0);
  const std::int64_t mails =
      e.count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND cohort_id = " + cohort_id);
  // Review decisions to both builders, the leaver's and the builder's notes
  // of the drop-out, and each result when the cohort closed.
  EXPECT_GE(mails, 5);
  deliver_as_the_worker(e, "kind = 'email' AND cohort_id = " + cohort_id);
  auto after = organizer_count();
  auto moim = after["moim"].as_object();
  auto by_hand = after["by_hand"].as_object();
  EXPECT_EQ(line(moim, "count_email"), mails);
  EXPECT_EQ(moim["total"].as_int64(), mails + seats);
  // Every audited decision about the cohort, its projects and its people
  // names the cohort: proposals and reviews, phases, the drop-out, the
  // computed, overridden and closed results.
  EXPECT_EQ(by_hand["total"].as_int64(),
            e.count("SELECT COUNT(*) FROM audit_log WHERE actor_id IS NOT NULL AND cohort_id = " +
                    cohort_id));
  EXPECT_EQ(line(by_hand, "audit_area_project"), 4);
  EXPECT_GE(line(by_hand, "audit_area_cohort"), 2);
  EXPECT_GE(line(by_hand, "audit_area_activity"), 4);
  auto counted = e.organizer->get("/c/it-lab/cohorts/wrapup/statistics");
  ASSERT_EQ(counted.status, 200);
  EXPECT_NE(counted.body.find("data-testid=\"organizer-count\""), std::string::npos);
  EXPECT_NE(counted.body.find("moim " + std::to_string(mails + seats) + "</strong>"),
            std::string::npos);
  EXPECT_NE(counted.body.find("보낸 메일"), std::string::npos);
  auto english = e.organizer->get("/c/it-lab/cohorts/wrapup/statistics", {"Accept-Language: en"});
  EXPECT_NE(english.body.find("Mails sent"), std::string::npos);

  auto csv =
      e.organizer->get("/c/it-lab/cohorts/wrapup/wrap-up/results.csv", {"Accept-Language: en"});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_TRUE(
      csv.body.starts_with("\xEF\xBB\xBF"
                           "Cohort,"));
  EXPECT_NE(csv.body.find(",'=수료 스터디,"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("회고를 발표로 대신함"), std::string::npos);
  EXPECT_NE(csv.body.find(",Project seats held,Project drop-outs,Project completion rate\r\n"),
            std::string::npos);
  EXPECT_NE(csv.body.find(",3,1,33.3%\r\n"), std::string::npos) << csv.body;
  // Korean headers and values for a Korean viewer (issue #12).
  auto korean =
      e.organizer->get("/c/it-lab/cohorts/wrapup/wrap-up/results.csv", {"Accept-Language: ko"});
  EXPECT_TRUE(korean.body.starts_with("\xEF\xBB\xBF기수,프로젝트 번호,프로젝트,"));
  EXPECT_NE(korean.body.find(",러너,"), std::string::npos) << korean.body;
  EXPECT_EQ(korean.body.find(",runner,"), std::string::npos) << korean.body;
}

INSTANTIATE_TEST_SUITE_P(Databases, WrapUpHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
