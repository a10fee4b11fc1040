// Coffee chats over HTTP: who may do what, bad input, a whole round from
// opting in to "did we meet?", and the pages.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

using CoffeeHttpTest = ServerTest;

const std::string kPrograms = "/api/v1/communities/it-lab/coffee/programs";

std::int64_t create_program(Client& organizer, const std::string& body) {
  auto created = organizer.json("POST", kPrograms, body);
  EXPECT_EQ(created.status, 201) << created.body;
  return parse_object(created.body)["program"].as_object()["id"].as_int64();
}

std::string error_field(const HttpResult& result) {
  auto body = parse_object(result.body);
  if (!body.contains("error")) return "";
  return std::string(body["error"].as_object()["field"].as_string());
}

// Members beyond the environment's one, signed in and joined, per database.
std::vector<std::unique_ptr<Client>>& extra_members(Environment& env, const std::string& kind) {
  static std::map<std::string, std::vector<std::unique_ptr<Client>>> people;
  auto& list = people[kind];
  if (list.empty()) {
    for (int idx = 0; idx < 4; ++idx) {
      list.push_back(std::make_unique<Client>(env.client()));
      sign_up_and_log_in(*list.back(), "coffee" + std::to_string(idx) + "-" + kind + "@it.example",
                         "커피 " + std::to_string(idx));
      EXPECT_EQ(list.back()->json("POST", "/api/v1/communities/it-lab/membership").status, 201);
    }
  }
  return list;
}

TEST_P(CoffeeHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  const std::string id =
      std::to_string(create_program(*e.organizer, R"({"name":"역할 확인","cadence":"weekly"})"));
  const std::string empty_id = std::to_string(create_program(*e.organizer, R"({"name":"빈"})"));
  struct RoleCase {
    std::string method, path, body;
    long anonymous, member, organizer, admin;
  };
  const std::vector<RoleCase> cases{
      {"GET", kPrograms, "", 401, 200, 200, 200},
      {"POST", kPrograms, R"({"name":"새 프로그램"})", 401, 403, 201, 201},
      {"GET", kPrograms + "/" + id, "", 401, 200, 200, 200},
      {"PATCH", kPrograms + "/" + id, R"({"description":"바뀐 설명"})", 401, 403, 200, 200},
      {"PUT", kPrograms + "/" + id + "/participation", R"({"opted_in":true})", 401, 200, 200, 200},
      {"GET", kPrograms + "/" + id + "/stats", "", 401, 403, 200, 200},
      {"POST", kPrograms + "/" + empty_id + "/close-round", "", 401, 403, 409, 409},
      {"DELETE", kPrograms + "/" + id + "/participation", "", 401, 204, 204, 204},
  };
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {e.member.get(), test_case.member},
                                              {e.organizer.get(), test_case.organizer},
                                              {e.admin.get(), test_case.admin}};
    for (const auto& [client, expected] : roles) {
      auto result = client->json(test_case.method, test_case.path,
                                 test_case.body.empty() ? "{}" : test_case.body);
      EXPECT_EQ(result.status, expected)
          << test_case.method << " " << test_case.path << " -> " << result.body;
    }
  }
  // Signed in but not a member of the community.
  Client stranger = e.client();
  sign_up_and_log_in(stranger, "coffee-stranger-" + GetParam() + "@it.example", "Stranger");
  EXPECT_EQ(stranger.get(kPrograms + "/" + id).status, 403);
  EXPECT_EQ(stranger.json("PUT", kPrograms + "/" + id + "/participation", "{}").status, 403);
  EXPECT_EQ(e.member->get(kPrograms + "/999999").status, 404);
  EXPECT_EQ(e.member->get("/api/v1/communities/no-such/coffee/programs").status, 404);
}

TEST_P(CoffeeHttpTest, BadInputNamesTheFieldAndChangesNothing) {
  Environment& e = env();
  const std::int64_t programs_before = e.count("SELECT COUNT(*) FROM coffee_programs");
  const std::vector<std::pair<std::string, std::string>> program_cases{
      {R"({})", "name"},
      {R"({"name":""})", "name"},
      {R"({"name":12})", "name"},
      {R"({"name":")" + std::string(81, 'n') + "\"}", "name"},
      {R"({"name":"x","cadence":"daily"})", "cadence"},
      {R"({"name":"x","min_size":1})", "min_size"},
      {R"({"name":"x","min_size":4,"target_size":4,"max_size":3})", "max_size"},
      {R"({"name":"x","min_size":3,"target_size":5,"max_size":4})", "target_size"},
      {R"({"name":"x","mix_circles":"yes"})", "mix_circles"},
      {R"({"name":"x","cutoff_at":1000})", "cutoff_at"},
      {R"({"name":"x","audience":"alumni"})", "audience"},
      {R"({"name":"x","audience":"cohort"})", "cohort"},
      {R"({"name":"x","audience":"cohort","cohort":"no-such-cohort"})", "cohort"},
      {R"({"name":"x","audience":"project","project_id":99999999})", "project_id"},
      {R"({"name":"x","audience":"project","project_id":"seven"})", "project_id"},
      {R"({"name":"x","cohort":"c1"})", "cohort"},
      {R"({"name":"x","mix_projects":"yes"})", "mix_projects"},
  };
  for (const auto& [body, field] : program_cases) {
    auto result = e.organizer->json("POST", kPrograms, body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    EXPECT_EQ(error_field(result), field) << body;
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_programs"), programs_before);

  const std::string path = kPrograms + "/" +
                           std::to_string(create_program(*e.organizer, R"({"name":"입력 확인"})")) +
                           "/participation";
  const std::string participants =
      "SELECT COUNT(*) FROM coffee_participants WHERE user_id = " + std::to_string(e.member_id);
  const std::int64_t before = e.count(participants);
  const std::vector<std::pair<std::string, std::string>> participation_cases{
      {R"({"time_zone":"Mars/Base"})", "time_zone"},
      {R"({"slots":[{"day":7,"hour":1}]})", "slots"},
      {R"({"slots":[{"day":1}]})", "slots"},
      {R"({"slots":"mon"})", "slots"},
      {R"({"topics":["a","b","c","d","e","f","g","h","i","j","k"]})", "topics"},
      {R"({"languages":[")" + std::string(31, 'l') + "\"]}", "languages"},
      {R"({"avoid":[)" + std::to_string(e.member_id) + "]}", "avoid"},
      {R"({"avoid":[99999999]})", "avoid"},
      {R"({"avoid":["x"]})", "avoid"},
      {R"({"opted_in":"yes"})", "opted_in"},
  };
  for (const auto& [body, field] : participation_cases) {
    auto result = e.member->json("PUT", path, body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    EXPECT_EQ(error_field(result), field) << body;
  }
  EXPECT_EQ(e.count(participants + " AND program_id IN (SELECT id FROM coffee_programs WHERE "
                                   "name = '입력 확인')"),
            0);
  EXPECT_EQ(e.count(participants), before);
  EXPECT_EQ(e.member->request("PUT", path, R"({"opted_in":true})", "text/plain").status, 415);
}

TEST_P(CoffeeHttpTest, ARoundFromOptingInToDidWeMeet) {
  Environment& e = env();
  auto& extras = extra_members(e, GetParam());
  const std::int64_t id = create_program(
      *e.organizer,
      R"({"name":"한 회차","cadence":"biweekly","min_size":2,"target_size":3,"max_size":3})");
  const std::string program = kPrograms + "/" + std::to_string(id);
  // The member is free Tuesday 20:00 in Seoul; everyone shares that hour.
  auto joined = e.member->json(
      "PUT", program + "/participation",
      R"({"time_zone":"Asia/Seoul","slots":[{"day":1,"hour":20},{"day":3,"hour":21}],"languages":["한국어"],"topics":["LLM","RecSys"],"avoid":[)" +
          std::to_string(e.admin_id) + "]}");
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto participation = parse_object(joined.body)["participation"].as_object();
  EXPECT_EQ(participation["slots"].as_array().at(0).as_object()["utc_hour_of_week"].as_int64(),
            24 + 11);
  EXPECT_EQ(participation["slots"].as_array().at(0).as_object()["hour"].as_int64(), 20);
  for (auto& extra : extras) {
    ASSERT_EQ(
        extra
            ->json(
                "PUT", program + "/participation",
                R"({"time_zone":"Europe/Berlin","slots":[{"day":1,"hour":12}],"topics":["llm"]})")
            .status,
        200);
  }
  // The avoid list is private: its owner sees it, organizers do not.
  EXPECT_EQ(parse_object(e.organizer->get(program).body)["participation"]
                .as_object()["avoid"]
                .as_array()
                .size(),
            0u);

  const std::int64_t mails_before =
      e.count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%coffee_group%'");
  auto closed = e.organizer->json("POST", program + "/close-round");
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto outcome = parse_object(closed.body);
  EXPECT_EQ(outcome["people"].as_int64(), 5);
  EXPECT_EQ(outcome["hard_violations"].as_int64(), 0);
  EXPECT_EQ(outcome["next_round"].as_object()["number"].as_int64(), 2);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%coffee_group%'"),
            mails_before + 5);
  // Seoul 20:00 is Berlin 12:00 in winter, 13:00 in summer: the common hour
  // exists in winter; either way each mail speaks the reader's zone.
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM outbox WHERE target = 'member@it.example' AND payload "
                    "LIKE '%Asia/Seoul%' AND payload LIKE '%한 회차%'"),
            1);

  auto mine = parse_object(e.member->get(program).body);
  ASSERT_TRUE(mine["my_group"].is_object()) << "the member sees their group";
  auto group = mine["my_group"].as_object();
  const std::int64_t group_id = group["id"].as_int64();
  EXPECT_GE(group["members"].as_array().size(), 2u);
  bool has_host = false;
  for (const auto& member : group["members"].as_array())
    has_host = has_host || member.as_object().at("is_host").as_bool();
  EXPECT_TRUE(has_host);

  // Only the group's own members answer "did we meet?".
  EXPECT_EQ(
      e.member->json("PUT", program + "/groups/" + std::to_string(group_id) + "/feedback", R"({})")
          .status,
      400);
  EXPECT_EQ(e.member
                ->json("PUT", program + "/groups/" + std::to_string(group_id) + "/feedback",
                       R"({"met":true})")
                .status,
            200);
  EXPECT_EQ(e.organizer
                ->json("PUT", program + "/groups/" + std::to_string(group_id) + "/feedback",
                       R"({"met":true})")
                .status,
            404);
  auto stats = parse_object(e.organizer->get(program + "/stats").body);
  EXPECT_EQ(stats["rounds_closed"].as_int64(), 1);
  EXPECT_EQ(stats["groups_met"].as_int64(), 1);
  EXPECT_DOUBLE_EQ(stats["met_rate"].as_double(), 1.0);
  EXPECT_GE(stats["new_connections"].as_int64(), 1);
  const std::int64_t round_id = stats["rounds"].as_array().at(0).as_object()["id"].as_int64();
  auto groups = e.organizer->get(program + "/rounds/" + std::to_string(round_id) + "/groups");
  EXPECT_EQ(groups.status, 200);
  EXPECT_EQ(e.member->get(program + "/rounds/" + std::to_string(round_id) + "/groups").status, 403);

  // The program page shows the member their group, in Korean and in English.
  auto korean = e.member->get("/c/it-lab/coffee/" + std::to_string(id), {"Accept-Language: ko"});
  EXPECT_EQ(korean.status, 200);
  EXPECT_NE(korean.body.find("나의 커피챗 조"), std::string::npos);
  EXPECT_NE(korean.body.find("data-testid=\"my-group\""), std::string::npos);
  auto stats_page = e.organizer->get("/c/it-lab/coffee/" + std::to_string(id) + "/stats");
  EXPECT_EQ(stats_page.status, 200);
  EXPECT_NE(stats_page.body.find("data-testid=\"met-percent\">100<"), std::string::npos);
  EXPECT_EQ(e.member->get("/c/it-lab/coffee/" + std::to_string(id) + "/stats").status, 403);
}

TEST_P(CoffeeHttpTest, PagesFollowRolesLanguageAndTheirForms) {
  Environment& e = env();
  const std::int64_t id = create_program(*e.organizer, R"({"name":"<script>x</script> 커피"})");
  const std::string page = "/c/it-lab/coffee/" + std::to_string(id);
  auto anonymous = e.anonymous->get("/c/it-lab/coffee");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.headers["location"], "/login?next=%2Fc%2Fit-lab%2Fcoffee");
  auto list = e.member->get("/c/it-lab/coffee", {"Accept-Language: en"});
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("<script>x</script>"), std::string::npos);
  EXPECT_NE(list.body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(list.body.find("coffee-chat program</h2>"), std::string::npos);  // no create form
  EXPECT_NE(e.organizer->get("/c/it-lab/coffee").body.find("name=\"cadence\""), std::string::npos);

  auto english = e.member->get(page, {"Accept-Language: en"});
  EXPECT_EQ(english.status, 200);
  EXPECT_NE(english.body.find("When you are free (weekly)"), std::string::npos);
  const std::string token = csrf_from(english.body);
  ASSERT_FALSE(token.empty());
  const std::string participants =
      "SELECT COUNT(*) FROM coffee_participants WHERE program_id = " + std::to_string(id) +
      " AND opted_in = 1";
  EXPECT_EQ(e.member->form(page + "/participation", "slot_1_20=on").status, 403);
  EXPECT_EQ(e.count(participants), 0);
  auto saved = e.member->form(
      page + "/participation",
      "_csrf=" + token + "&time_zone=Asia%2FSeoul&slot_1_20=on&slot_4_21=on&topics=LLM%2C+NLP");
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(e.count(participants), 1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_slots WHERE program_id = " + std::to_string(id)),
            2);
  auto after = e.member->get(page, {"Accept-Language: ko"});
  EXPECT_NE(after.body.find("name=\"slot_1_20\" aria-label=\"화 20:00\" checked"),
            std::string::npos);
  EXPECT_NE(after.body.find("참여 중이에요"), std::string::npos);
  auto bad = e.member->form(page + "/participation", "_csrf=" + token + "&time_zone=Mars%2FBase");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(e.member->get(page + "/edit").status, 403);
  EXPECT_EQ(e.organizer->get(page + "/edit").status, 200);

  // Organizers create through the form; a bad choice is shown, nothing written.
  const std::string organizer_token = csrf_from(e.organizer->get("/c/it-lab/coffee").body);
  const std::int64_t before = e.count("SELECT COUNT(*) FROM coffee_programs");
  auto bad_size = e.organizer->form(
      "/c/it-lab/coffee", "_csrf=" + organizer_token + "&name=Form&cadence=weekly&size=9-9-9");
  EXPECT_EQ(bad_size.status, 400);
  EXPECT_NE(bad_size.body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_programs"), before);
  auto created = e.organizer->form(
      "/c/it-lab/coffee",
      "_csrf=" + organizer_token + "&name=%ED%8F%BC&cadence=monthly&size=2-2-3&mix_circles=on");
  EXPECT_EQ(created.status, 303);
  EXPECT_NE(created.headers["location"].find("/c/it-lab/coffee/"), std::string::npos);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_programs WHERE cadence = 'monthly' AND "
                    "min_size = 2 AND max_size = 3 AND mix_circles = 1 AND mix_newcomers = 0"),
            1);
  EXPECT_EQ(e.member->form("/c/it-lab/coffee", "_csrf=" + token + "&name=Mine").status, 403);
}

TEST_P(CoffeeHttpTest, TheCloseDueCommandFormsRoundsPastTheirCutOff) {
  Environment& e = env();
  auto& extras = extra_members(e, GetParam());
  const std::int64_t id = create_program(
      *e.organizer, R"({"name":"때가 된 회차","min_size":2,"target_size":2,"max_size":3})");
  const std::string program = kPrograms + "/" + std::to_string(id);
  for (auto& extra : extras) ASSERT_EQ(extra->json("PUT", program + "/participation").status, 200);
  {
    // Cut-offs cannot be set in the past through the API: move it as time would.
    auto writer = e.database->database().write();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer
                    ->execute("UPDATE coffee_rounds SET cutoff_at = 1000 WHERE program_id = ? AND "
                              "closed_at IS NULL",
                              {id})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const std::string closed_rounds =
      "SELECT COUNT(*) FROM coffee_rounds WHERE closed_at IS NOT NULL AND program_id = " +
      std::to_string(id);
  std::string output;
  EXPECT_EQ(run_moim({"coffee", "close-due", "--database", e.database->url()}, &output), 0)
      << output;
  EXPECT_NE(output.find("closed 1 coffee-chat round(s)"), std::string::npos) << output;
  EXPECT_EQ(e.count(closed_rounds), 1);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_groups g JOIN coffee_rounds r ON r.id = "
                    "g.round_id WHERE r.program_id = " +
                    std::to_string(id)),
            2);
  // Nothing else is due: a second run changes nothing.
  EXPECT_EQ(run_moim({"coffee", "close-due", "--database", e.database->url()}, &output), 0);
  EXPECT_EQ(e.count(closed_rounds), 1);
  auto seen = parse_object(extras[0]->get(program).body);
  EXPECT_TRUE(seen["my_group"].is_object());
  EXPECT_EQ(seen["program"].as_object()["open_round"].as_object()["number"].as_int64(), 2);
}

// Academy rows written directly (the academy's own HTTP tests cover how they
// come about): a running cohort with one approved project, once per database.
struct CohortFixture {
  std::string key;
  std::int64_t cohort_id = 0, project_id = 0;
};

CohortFixture running_cohort(Environment& e, const std::string& kind) {
  static std::map<std::string, CohortFixture> made;
  if (made.contains(kind)) return made[kind];
  CohortFixture fixture{"coffee-" + kind};
  auto writer = e.database->database().write();
  EXPECT_TRUE(writer.ok());
  const std::int64_t community = e.count("SELECT id FROM communities WHERE slug = 'it-lab'");
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr)), day = 86400;
  fixture.cohort_id = writer
                          ->query_one(
                              "INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                              "updated_at) VALUES (?, ?, '커피 기수', 1, 1) RETURNING id",
                              {community, fixture.key})
                          .value()
                          ->int64(0);
  const char* phases[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
  for (int idx = 0; idx < 6; ++idx) {
    const std::int64_t from = now + (idx - 4) * 30 * day;  // running now
    EXPECT_TRUE(writer
                    ->execute("INSERT INTO cohort_phases (cohort_id, phase, starts_at, ends_at) "
                              "VALUES (?, ?, ?, ?)",
                              {fixture.cohort_id, std::string(phases[idx]), from, from + 30 * day})
                    .ok());
  }
  fixture.project_id =
      writer
          ->query_one(
              "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, "
              "language, mode, weekday, start_time, duration_minutes, time_zone, starts_on, "
              "ends_on, min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, "
              "'커피 프로젝트', 'study', 'beginner', 'ko', 'online', 2, '20:00', 60, 'Asia/Seoul', "
              "'2026-09-01', '2026-12-31', 0, 10, 'approved', 1, 1) RETURNING id",
              {community, fixture.cohort_id})
          .value()
          ->int64(0);
  // The environment's member is a runner of it.
  EXPECT_TRUE(writer
                  ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES "
                            "(?, ?, 1)",
                            {fixture.project_id, e.member_id})
                  .ok());
  EXPECT_TRUE(writer->commit().ok());
  made[kind] = fixture;
  return fixture;
}

TEST_P(CoffeeHttpTest, CohortAndProjectAudiencesDecideWhoMayOptIn) {
  Environment& e = env();
  const CohortFixture cohort = running_cohort(e, GetParam());
  auto& outsider = *extra_members(e, GetParam())[3];
  auto created =
      e.organizer->json("POST", kPrograms,
                        R"({"name":"기수 커피챗","audience":"cohort","cohort":")" + cohort.key +
                            R"(","mix_projects":true,"mix_cohorts":false})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto program = parse_object(created.body)["program"].as_object();
  EXPECT_EQ(program["audience"].as_string(), "cohort");
  EXPECT_EQ(program["cohort"].as_string(), cohort.key);
  EXPECT_EQ(program["audience_name"].as_string(), "커피 기수");
  EXPECT_TRUE(program["mix_projects"].as_bool());
  const std::string path = kPrograms + "/" + std::to_string(program["id"].as_int64());

  // Per role: members outside the audience are refused with the reason.
  const std::pair<Client*, long> roles[] = {
      {e.anonymous.get(), 401}, {e.member.get(), 200}, {&outsider, 403}, {e.organizer.get(), 403}};
  for (const auto& [client, expected] : roles) {
    auto joined = client->json("PUT", path + "/participation", R"({"opted_in":true})");
    EXPECT_EQ(joined.status, expected) << joined.body;
    if (expected == 403) {
      EXPECT_EQ(error_field(joined), "audience") << joined.body;
    }
  }
  EXPECT_TRUE(parse_object(e.member->get(path).body)["in_audience"].as_bool());
  EXPECT_FALSE(parse_object(outsider.get(path).body)["in_audience"].as_bool());
  EXPECT_EQ(outsider.json("DELETE", path + "/participation", "").status, 204);  // always fine
  // Only organizers change the audience.
  const std::string to_project =
      R"({"audience":"project","project_id":)" + std::to_string(cohort.project_id) + "}";
  EXPECT_EQ(e.member->json("PATCH", path, to_project).status, 403);
  EXPECT_EQ(e.anonymous->json("PATCH", path, to_project).status, 401);
  auto switched = e.organizer->json("PATCH", path, to_project);
  ASSERT_EQ(switched.status, 200) << switched.body;
  EXPECT_EQ(parse_object(switched.body)["program"].as_object()["audience_name"].as_string(),
            "커피 프로젝트");
  EXPECT_EQ(outsider.json("PUT", path + "/participation", R"({"opted_in":true})").status, 403);
  EXPECT_EQ(e.admin->json("PATCH", path, R"({"audience":"members"})").status, 200);
  EXPECT_EQ(outsider.json("PUT", path + "/participation", R"({"opted_in":true})").status, 200);
}

TEST_P(CoffeeHttpTest, TheProgramPageSaysWhoItIsForAndRefusesOutsidersThere) {
  Environment& e = env();
  const CohortFixture cohort = running_cohort(e, GetParam());
  auto& outsider = *extra_members(e, GetParam())[2];
  // The organizer picks the cohort from the form's audience list.
  auto list = e.organizer->get("/c/it-lab/coffee");
  ASSERT_EQ(list.status, 200);
  const std::string option = "value=\"cohort:" + cohort.key + "\"";
  EXPECT_NE(list.body.find(option), std::string::npos);
  EXPECT_NE(list.body.find("value=\"project:" + std::to_string(cohort.project_id) + "\""),
            std::string::npos);
  auto created = e.organizer->form(
      "/c/it-lab/coffee", "_csrf=" + csrf_from(list.body) + "&name=Page&audience=cohort%3A" +
                              cohort.key + "&cadence=weekly&size=3-4-4&mix_projects=on");
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string page =
      created.headers["location"].substr(0, created.headers["location"].find('?'));
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM coffee_programs p JOIN coffee_program_audiences a ON "
                    "a.program_id = p.id WHERE p.name = 'Page' AND a.kind = 'cohort' AND "
                    "p.mix_projects = 1 AND p.mix_cohorts = 0"),
            1);
  auto edit = e.organizer->get(page + "/edit");
  EXPECT_NE(edit.body.find(option + " selected"), std::string::npos);

  auto outside = outsider.get(page, {"Accept-Language: en"});
  EXPECT_EQ(outside.status, 200);
  EXPECT_NE(outside.body.find("data-testid=\"not-in-audience\""), std::string::npos);
  EXPECT_EQ(outside.body.find("/participation\""), std::string::npos);  // no opt-in form
  auto refused = outsider.form(page + "/participation",
                               "_csrf=" + csrf_from(outside.body) + "&time_zone=Asia%2FSeoul");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("role=\"alert\""), std::string::npos);
  auto inside = e.member->get(page, {"Accept-Language: en"});
  EXPECT_EQ(inside.body.find("data-testid=\"not-in-audience\""), std::string::npos);
  EXPECT_NE(inside.body.find("/participation\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Drivers, CoffeeHttpTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
