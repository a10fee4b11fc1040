// Activity over HTTP: sessions from the weekly slot, check-in with the
// rotating code, attendance marks and their trail, per role, on both
// databases.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

std::string day(std::int64_t seconds) { return utc(seconds).substr(0, 10); }

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

struct ActivitySetup {
  std::unique_ptr<Client> builder, outsider;
  std::int64_t lab_id = 0;
  std::int64_t session_id = 0;  // added for now, so check-in can open
};

class ActivityHttpTest : public ServerTest {
 protected:
  // A lab running around today whose runner is the environment's member.
  ActivitySetup& setup() {
    static std::map<std::string, ActivitySetup> setups;
    ActivitySetup& s = setups[GetParam()];
    if (s.builder) return s;
    Environment& e = env();
    const std::string base = "/api/v1/communities/it-lab";
    s.builder = std::make_unique<Client>(e.server->base_url());
    sign_up_and_log_in(*s.builder, "activity-builder@it.example", "활동빌더");
    EXPECT_EQ(s.builder->json("POST", base + "/membership").status, 201);
    s.outsider = std::make_unique<Client>(e.server->base_url());
    sign_up_and_log_in(*s.outsider, "activity-outsider@it.example", "Outsider");
    EXPECT_EQ(s.outsider->json("POST", base + "/membership").status, 201);

    const std::int64_t now = std::time(nullptr);
    auto lab =
        s.builder->json("POST", base + "/labs",
                        R"({"title":"출석 실험실","kind":"lab","level":"beginner","language":"ko",)"
                        R"("mode":"online","weekday":2,"start_time":"20:00","duration_minutes":90,)"
                        R"("time_zone":"Asia/Seoul","starts_on":")" +
                            day(now - 14 * kDay) + R"(","ends_on":")" + day(now + 27 * kDay) +
                            R"(","min_runners":1,"max_runners":5})");
    EXPECT_EQ(lab.status, 201) << lab.body;
    s.lab_id = parse_object(lab.body)["project"].as_object()["id"].as_int64();
    const std::string project = base + "/projects/" + std::to_string(s.lab_id);
    EXPECT_EQ(e.organizer->json("POST", project + "/review", R"({"decision":"approve"})").status,
              200);
    auto applied = e.member->json(
        "PUT", project + "/application",
        R"({"choices":[{"project_id":)" + std::to_string(s.lab_id) + R"(,"answers":[]}]})");
    EXPECT_TRUE(applied.status == 200 || applied.status == 201) << applied.body;
    auto applicants = s.builder->get(project + "/applicants");
    auto list = parse_object(applicants.body)["applicants"].as_array();
    EXPECT_EQ(list.size(), 1u) << applicants.body;
    const auto application_id = list.at(0).as_object().at("application_id").as_int64();
    auto accepted =
        s.builder->json("PATCH", project + "/applicants/" + std::to_string(application_id),
                        R"({"review":"accepted"})");
    EXPECT_EQ(accepted.status, 200) << accepted.body;

    auto added = s.builder->json("POST", project + "/sessions",
                                 R"({"starts_at":")" + utc(now - 60) + R"(","topic":"오늘 세션"})");
    EXPECT_EQ(added.status, 201) << added.body;
    s.session_id = parse_object(added.body)["session"].as_object()["id"].as_int64();
    return s;
  }
};

struct RoleCase {
  std::string method;
  std::string path;
  std::string body;
  long anonymous, outsider, runner, builder, organizer;
};

TEST_P(ActivityHttpTest, EachRoleIsAllowedOrRefusedPerRoute) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  const std::string session = base + "/sessions/" + std::to_string(s.session_id);
  const std::string later = utc(std::time(nullptr) + 3 * kDay);
  const std::vector<RoleCase> cases{
      {"GET", project + "/sessions", "", 200, 200, 200, 200, 200},
      {"GET", project + "/progress", "", 401, 403, 200, 200, 200},
      {"POST", project + "/sessions/schedule", "", 401, 403, 403, 200, 200},
      {"POST", project + "/sessions", R"({"starts_at":")" + later + R"("})", 401, 403, 403, 201,
       201},
      {"PATCH", session, R"({"notes":"슬라이드 링크"})", 401, 403, 403, 200, 200},
      {"POST", session + "/check-in/open", R"({"minutes":30})", 401, 403, 403, 200, 200},
      {"GET", session + "/check-in", "", 401, 403, 403, 200, 200},
      {"POST", session + "/check-in", R"({"code":"00000x"})", 401, 403, 400, 403, 403},
      {"GET", session + "/attendance", "", 401, 403, 403, 200, 200},
      {"GET", session + "/attendance/changes", "", 401, 403, 403, 200, 200},
      {"PUT", session + "/attendance/" + std::to_string(e.member_id), R"({"status":"absent"})", 401,
       403, 403, 200, 200},
  };
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {s.outsider.get(), test_case.outsider},
                                              {e.member.get(), test_case.runner},
                                              {s.builder.get(), test_case.builder},
                                              {e.organizer.get(), test_case.organizer}};
    const char* names[] = {"anonymous", "outsider", "runner", "builder", "organizer"};
    int role_idx = 0;
    for (const auto& [client, expected] : roles) {
      auto result = client->json(test_case.method, test_case.path,
                                 test_case.body.empty() ? "{}" : test_case.body);
      EXPECT_EQ(result.status, expected) << test_case.method << " " << test_case.path << " as "
                                         << names[role_idx] << " -> " << result.body;
      ++role_idx;
    }
  }
}

TEST_P(ActivityHttpTest, BadInputNamesTheFieldAndWritesNothing) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  const std::string session = base + "/sessions/" + std::to_string(s.session_id);
  const std::int64_t sessions = e.count("SELECT COUNT(*) FROM activity_sessions");
  const std::int64_t marks = e.count("SELECT COUNT(*) FROM activity_attendance_changes");
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases{
      {"POST", project + "/sessions", R"({"topic":"no start"})", "starts_at"},
      {"POST", project + "/sessions", R"({"starts_at":"tomorrow"})", "starts_at"},
      {"POST", project + "/sessions",
       R"({"starts_at":"2027-03-03T20:00","ends_at":"2027-03-03T19:00"})", "ends_at"},
      {"POST", project + "/sessions",
       R"({"starts_at":"2027-03-03T20:00","topic":")" + std::string(201, 'x') + "\"}", "topic"},
      {"PATCH", session, R"({"presenter":")" + std::string(101, 'x') + "\"}", "presenter"},
      {"POST", session + "/check-in/open", R"({"minutes":1000})", "minutes"},
      {"PUT", session + "/attendance/" + std::to_string(e.member_id), R"({"status":"asleep"})",
       "status"},
      {"PUT", session + "/attendance/" + std::to_string(e.organizer_id), R"({"status":"present"})",
       "user_id"},
      {"PUT", session + "/attendance/" + std::to_string(e.member_id), R"({})", "status"},
  };
  for (const auto& [method, path, body, field] : cases) {
    auto result = s.builder->json(method, path, body);
    EXPECT_EQ(result.status, 400) << method << " " << path << " " << body << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << method << " " << path << " " << body;
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_sessions"), sessions);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_attendance_changes"), marks);
}

TEST_P(ActivityHttpTest, ScheduleCheckInAndMarkWithATrail) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  // A session of its own: the role test marked the member on the shared one.
  auto added = s.builder->json("POST", project + "/sessions",
                               R"({"starts_at":")" + utc(std::time(nullptr) - 120) + R"("})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::int64_t session_id = parse_object(added.body)["session"].as_object()["id"].as_int64();
  const std::string session = base + "/sessions/" + std::to_string(session_id);

  // Six weeks of Wednesdays, scheduled once however often it is asked for.
  auto scheduled = s.builder->json("POST", project + "/sessions/schedule", "{}");
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  const auto count = parse_object(scheduled.body)["sessions"].as_array().size();
  EXPECT_GE(count, 6u);
  auto again = s.builder->json("POST", project + "/sessions/schedule", "{}");
  // Kept in a variable: a range-for over a temporary's member would dangle.
  const auto again_body = parse_object(again.body);
  const auto& sessions = again_body.at("sessions").as_array();
  EXPECT_EQ(sessions.size(), count);
  for (const auto& item : sessions) {
    const auto& object = item.as_object();
    if (object.at("status").as_string() == "added") continue;
    // Wednesday 20:00 in Seoul is 11:00 UTC.
    EXPECT_EQ(std::string(object.at("starts_at").as_string()).substr(11), "11:00:00Z");
  }

  auto opened = s.builder->json("POST", session + "/check-in/open", R"({"minutes":30})");
  ASSERT_EQ(opened.status, 200) << opened.body;
  auto check_in = parse_object(opened.body)["check_in"].as_object();
  const std::string code(check_in["code"].as_string());
  EXPECT_EQ(code.size(), 6u);
  EXPECT_NE(std::string(check_in["qr_svg"].as_string()).find("<svg"), std::string::npos);
  EXPECT_NE(std::string(check_in["url"].as_string()).find("/check-in?code=" + code),
            std::string::npos);

  const std::string wrong = code == "000000" ? "000001" : "000000";
  auto refused = e.member->json("POST", session + "/check-in", R"({"code":")" + wrong + "\"}");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(field_of(refused), "code");
  // The code may have rotated since it was read: ask for the current one.
  auto current = s.builder->get(session + "/check-in");
  const std::string fresh(parse_object(current.body)["check_in"].as_object()["code"].as_string());
  auto checked = e.member->json("POST", session + "/check-in", R"({"code":")" + fresh + "\"}");
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(parse_object(checked.body)["status"].as_string(), "present");

  auto marked = s.builder->json("PUT", session + "/attendance/" + std::to_string(e.member_id),
                                R"({"status":"excused","reason":"병원"})");
  ASSERT_EQ(marked.status, 200) << marked.body;
  auto sheet = s.builder->get(session + "/attendance");
  auto people = parse_object(sheet.body)["attendance"].as_array();
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(people[0].as_object()["status"].as_string(), "excused");
  auto changes = s.builder->get(session + "/attendance/changes");
  auto trail = parse_object(changes.body)["changes"].as_array();
  ASSERT_GE(trail.size(), 2u);
  EXPECT_EQ(trail.back().as_object()["new_status"].as_string(), "excused");
  EXPECT_EQ(trail.back().as_object()["reason"].as_string(), "병원");
  EXPECT_EQ(trail.back().as_object()["changed_by_name"].as_string(), "활동빌더");

  // Pages: the list, the builder's screen, the form the QR code opens.
  EXPECT_EQ(e.anonymous->get("/c/it-lab/projects/" + std::to_string(s.lab_id) + "/sessions").status,
            200);
  auto screen =
      s.builder->get("/c/it-lab/sessions/" + std::to_string(session_id) + "/check-in/screen");
  EXPECT_EQ(screen.status, 200);
  // The QR code itself (the layout's icons are SVGs too).
  const std::size_t qr = screen.body.find("<div class=\"qr\"");
  ASSERT_NE(qr, std::string::npos);
  EXPECT_LT(screen.body.find("<svg", qr), screen.body.find("</div>", qr));
  EXPECT_EQ(
      e.member->get("/c/it-lab/sessions/" + std::to_string(session_id) + "/check-in?code=123456")
          .status,
      200);
  EXPECT_EQ(
      e.member->get("/c/it-lab/sessions/" + std::to_string(session_id) + "/attendance").status,
      403);
  auto progress_page =
      e.member->get("/c/it-lab/projects/" + std::to_string(s.lab_id) + "/progress");
  EXPECT_EQ(progress_page.status, 200);
  EXPECT_NE(progress_page.body.find("data-testid=\"on-track\""), std::string::npos);
  auto attendance_page =
      s.builder->get("/c/it-lab/sessions/" + std::to_string(session_id) + "/attendance");
  EXPECT_EQ(attendance_page.status, 200);
  EXPECT_NE(attendance_page.body.find("병원"), std::string::npos);
}

// Six phases of ten days each, the running one holding now.
std::string phases_json() {
  const char* names[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
  std::int64_t at = std::time(nullptr) - kDay - 3 * 10 * kDay;
  std::string json;
  for (const char* name : names) {
    json += std::string(json.empty() ? "" : ",") + "\"" + name + "_starts_at\":\"" + utc(at) +
            "\",\"" + name + "_ends_at\":\"" + utc(at + 10 * kDay) + "\"";
    at += 10 * kDay;
  }
  return json;
}

TEST_P(ActivityHttpTest, WritingDeadlinesPerRoleWithSubmissionsAndMissing) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  // Seoul's 23:59 two days from now.
  const std::string due = day(std::time(nullptr) + 2 * kDay) + "T23:59";
  const std::string series =
      R"({"title":"주간 글쓰기","first_due":")" + due + R"(","every_days":7,"count":2})";
  const std::vector<std::pair<Client*, long>> creators{{e.anonymous.get(), 401},
                                                       {s.outsider.get(), 403},
                                                       {e.member.get(), 403},
                                                       {e.organizer.get(), 201}};
  for (const auto& [client, expected] : creators)
    EXPECT_EQ(client->json("POST", project + "/deadlines", series).status, expected);
  auto created = s.builder->json("POST", project + "/deadlines", series);
  ASSERT_EQ(created.status, 201) << created.body;
  auto deadlines = parse_object(created.body)["deadlines"].as_array();
  ASSERT_EQ(deadlines.size(), 2u);
  EXPECT_EQ(std::string(deadlines[0].as_object()["due_at"].as_string()).substr(11), "14:59:00Z");
  const std::string deadline =
      base + "/deadlines/" + std::to_string(deadlines[0].as_object()["id"].as_int64());

  auto mine = e.member->get(base + "/deadlines");
  EXPECT_EQ(parse_object(mine.body)["deadlines"].as_array().size(), 4u);  // both series
  EXPECT_EQ(e.anonymous->get(base + "/deadlines").status, 401);

  const std::string post = R"({"link":"https://blog.example/week1","tags":["LLM"],"share":true})";
  const std::vector<std::pair<Client*, long>> writers{{e.anonymous.get(), 401},
                                                      {s.outsider.get(), 403},
                                                      {s.builder.get(), 403},
                                                      {e.organizer.get(), 403}};
  for (const auto& [client, expected] : writers)
    EXPECT_EQ(client->json("PUT", deadline + "/submission", post).status, expected);

  const std::vector<std::pair<Client*, long>> viewers{{e.anonymous.get(), 401},
                                                      {s.outsider.get(), 403},
                                                      {e.member.get(), 403},
                                                      {s.builder.get(), 200},
                                                      {e.organizer.get(), 200}};
  for (const auto& [client, expected] : viewers)
    EXPECT_EQ(client->get(deadline + "/missing").status, expected);
  auto missing = s.builder->get(deadline + "/missing");
  ASSERT_EQ(parse_object(missing.body)["missing"].as_array().size(), 1u);

  auto saved = e.member->json("PUT", deadline + "/submission", post);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_FALSE(parse_object(saved.body)["submission"].as_object()["late"].as_bool());
  EXPECT_TRUE(
      parse_object(s.builder->get(deadline + "/missing").body)["missing"].as_array().empty());
  auto listed = s.builder->get(deadline + "/submissions");
  EXPECT_EQ(parse_object(listed.body)["submissions"].as_array().size(), 1u);
  // A lab outside a cohort has no pass tickets.
  auto pass = e.member->json("POST", deadline + "/pass", "{}");
  EXPECT_EQ(pass.status, 409);
}

TEST_P(ActivityHttpTest, WritingSettingsAndTheReadingList) {
  Environment& e = env();
  setup();
  const std::string base = "/api/v1/communities/it-lab";
  auto cohort = e.organizer->json("POST", base + "/cohorts",
                                  R"({"key":"writing","name":"글또 10기",)" + phases_json() + "}");
  ASSERT_EQ(cohort.status, 201) << cohort.body;
  const std::string settings = base + "/cohorts/writing/writing-settings";
  const std::string body =
      R"({"pass_tickets":2,"no_consecutive_passes":true,"deposit_start":20000,)"
      R"("deposit_per_miss":5000,"reading_list_public":true})";
  EXPECT_EQ(e.anonymous->json("PUT", settings, body).status, 401);
  EXPECT_EQ(e.member->json("PUT", settings, body).status, 403);
  EXPECT_EQ(e.anonymous->get(base + "/cohorts/writing/reading-list").status, 404);
  auto saved = e.organizer->json("PUT", settings, body);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(parse_object(e.anonymous->get(settings).body)["settings"]
                .as_object()["pass_tickets"]
                .as_int64(),
            2);
  auto list = e.anonymous->get(base + "/cohorts/writing/reading-list");
  EXPECT_EQ(list.status, 200) << list.body;
  auto standing = e.member->get(base + "/cohorts/writing/writing-standing");
  ASSERT_EQ(standing.status, 200) << standing.body;
  EXPECT_EQ(parse_object(standing.body)["standing"].as_object()["deposit_balance"].as_int64(),
            20000);
  EXPECT_EQ(e.member
                ->get(base +
                      "/cohorts/writing/writing-standing?user_id=" + std::to_string(e.organizer_id))
                .status,
            403);
}

TEST_P(ActivityHttpTest, BadWritingInputNamesTheFieldAndWritesNothing) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  const std::int64_t series = e.count("SELECT COUNT(*) FROM activity_deadline_series");
  const std::vector<std::pair<std::string, std::string>> series_cases{
      {R"({"first_due":"2027-03-21T23:59"})", "title"},
      {R"({"title":"x","first_due":"next sunday"})", "first_due"},
      {R"({"title":"x","first_due":"2027-02-30T23:59"})", "first_due"},
      {R"({"title":"x","first_due":"2027-03-21T23:59","every_days":0})", "every_days"},
      {R"({"title":"x","first_due":"2027-03-21T23:59","count":99})", "count"},
  };
  for (const auto& [body, field] : series_cases) {
    auto result = s.builder->json("POST", project + "/deadlines", body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << body;
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_deadline_series"), series);

  auto mine = e.member->get(base + "/deadlines");
  const auto list = parse_object(mine.body)["deadlines"].as_array();
  ASSERT_FALSE(list.empty());
  const std::string deadline =
      base + "/deadlines/" + std::to_string(list.back().as_object().at("id").as_int64());
  const std::int64_t submissions = e.count("SELECT COUNT(*) FROM activity_submissions");
  const std::vector<std::pair<std::string, std::string>> submission_cases{
      {R"({})", "link"},
      {R"({"link":"ftp://files.example/post"})", "link"},
      {R"({"link":"https://x.example/a b"})", "link"},
      {R"({"body":")" + std::string(20001, 'x') + "\"}", "body"},
      {R"({"link":"https://x.example/","tags":["a","b","c","d","e","f"]})", "tags"},
  };
  for (const auto& [body, field] : submission_cases) {
    auto result = e.member->json("PUT", deadline + "/submission", body);
    EXPECT_EQ(result.status, 400) << body.substr(0, 80) << " -> " << result.body.substr(0, 200);
    EXPECT_EQ(field_of(result), field) << body.substr(0, 80);
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_submissions"), submissions);
  auto settings = e.organizer->json("PUT", base + "/cohorts/writing/writing-settings",
                                    R"({"pass_tickets":-1})");
  EXPECT_EQ(field_of(settings), "pass_tickets");
}

TEST_P(ActivityHttpTest, SecretCalendarFeedsPerMemberAndProject) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project = base + "/projects/" + std::to_string(s.lab_id);
  const std::vector<std::tuple<Client*, std::string, long>> cases{
      {e.anonymous.get(), base + "/calendar-feed", 401},
      {e.anonymous.get(), project + "/calendar-feed", 401},
      {s.outsider.get(), project + "/calendar-feed", 403},
      {e.member.get(), project + "/calendar-feed", 403},
      {e.organizer.get(), project + "/calendar-feed", 201},
      {s.outsider.get(), base + "/calendar-feed", 201},
  };
  for (const auto& [client, path, expected] : cases)
    EXPECT_EQ(client->json("POST", path, "{}").status, expected) << path;

  auto created = e.member->json("POST", base + "/calendar-feed", "{}");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string url(parse_object(created.body)["url"].as_string());
  const std::string path = url.substr(url.find("/calendar/"));
  auto feed = e.anonymous->get(path);
  ASSERT_EQ(feed.status, 200);
  EXPECT_TRUE(feed.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_NE(feed.body.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_EQ(feed.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_NE(feed.body.find("SUMMARY:출석 실험실: 오늘 세션\r\n"), std::string::npos) << feed.body;
  // A new address retires the old one.
  ASSERT_EQ(e.member->json("POST", base + "/calendar-feed", "{}").status, 201);
  EXPECT_EQ(e.anonymous->get(path).status, 404);
  EXPECT_EQ(e.anonymous->get("/calendar/unknown.ics").status, 404);
}

TEST_P(ActivityHttpTest, GrowthLogsPerRoleAndVisibility) {
  Environment& e = env();
  ActivitySetup& s = setup();
  const std::string base = "/api/v1/communities/it-lab";
  const std::string project_log =
      R"({"week":"2027-03-04","learned":"평가셋 검수","visibility":"project","project_id":)" +
      std::to_string(s.lab_id) + "}";
  EXPECT_EQ(e.anonymous->json("PUT", base + "/growth-logs", project_log).status, 401);
  EXPECT_EQ(s.outsider->json("PUT", base + "/growth-logs", project_log).status, 400);
  auto written = e.member->json("PUT", base + "/growth-logs", project_log);
  ASSERT_EQ(written.status, 200) << written.body;
  EXPECT_EQ(parse_object(written.body)["log"].as_object()["week_start"].as_string(), "2027-03-01");
  ASSERT_EQ(e.member
                ->json("PUT", base + "/growth-logs",
                       R"({"week":"2027-03-10","learned":"공개 기록","visibility":"public"})")
                .status,
            200);
  const std::string logs = base + "/members/" + std::to_string(e.member_id) + "/growth-logs";
  // Signed-in members only, like the page (issue #10): anonymous is a 401.
  EXPECT_EQ(e.anonymous->get(logs).status, 401);
  const std::vector<std::pair<Client*, std::size_t>> viewers{
      {s.outsider.get(), 1}, {e.organizer.get(), 1}, {s.builder.get(), 2}, {e.member.get(), 2}};
  for (const auto& [client, expected] : viewers) {
    auto result = client->get(logs);
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(parse_object(result.body)["logs"].as_array().size(), expected) << result.body;
  }
  const std::int64_t before = e.count("SELECT COUNT(*) FROM activity_growth_logs");
  const std::vector<std::pair<std::string, std::string>> bad{
      {R"({"learned":"x"})", "week"},
      {R"({"week":"2027-13-01","learned":"x"})", "week"},
      {R"({"week":"2027-03-01","learned":"x","visibility":"friends"})", "visibility"},
      {R"({"week":"2027-03-01","learned":"x","visibility":"project"})", "project_id"},
      {R"({"week":"2027-03-01","learned":"x","links":["ftp://a"]})", "links"},
      {R"({"week":"2027-03-01"})", "learned"},
  };
  for (const auto& [body, field] : bad) {
    auto result = e.member->json("PUT", base + "/growth-logs", body);
    EXPECT_EQ(result.status, 400) << body << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << body;
  }
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_growth_logs"), before);
}

INSTANTIATE_TEST_SUITE_P(Drivers, ActivityHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
