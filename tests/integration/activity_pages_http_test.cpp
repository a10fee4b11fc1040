// Activity pages and the retrospective API over HTTP, per role, on both
// databases: the member dashboard, deadline and submission pages, writing
// settings, the reading list and its Atom feed, growth logs with the month
// calendar, and KPT retrospectives.
#include <ctime>

#include "environment.hpp"

namespace moim::integration {
namespace {

constexpr std::int64_t kDay = 24 * 3600;
const std::string kBase = "/api/v1/communities/it-lab";

std::string utc(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:00Z", &parts);
  return text;
}

std::string day(std::int64_t seconds) { return utc(seconds).substr(0, 10); }

std::string field_of(const HttpResult& result) {
  auto error = parse_object(result.body)["error"];
  return error.is_object() ? std::string(error.as_object()["field"].as_string()) : "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
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

// A lab of its own (so other tests' counts stay as they are): a builder, a
// runner placed in it, an outsider who is only a community member, a session
// under way and a two-deadline series.
struct PagesSetup {
  std::unique_ptr<Client> builder, runner, outsider;
  std::int64_t runner_id = 0;
  std::int64_t lab_id = 0;
  std::int64_t deadline_id = 0;
};

class ActivityPagesHttpTest : public ServerTest {
 protected:
  PagesSetup& setup() {
    static std::map<std::string, PagesSetup> setups;
    PagesSetup& s = setups[GetParam()];
    if (s.builder) return s;
    Environment& e = env();
    s.builder = std::make_unique<Client>(e.server->base_url());
    sign_up_and_log_in(*s.builder, "pages-builder@it.example", "페이지빌더");
    s.runner = std::make_unique<Client>(e.server->base_url());
    s.runner_id = sign_up_and_log_in(*s.runner, "pages-runner@it.example", "페이지러너");
    s.outsider = std::make_unique<Client>(e.server->base_url());
    sign_up_and_log_in(*s.outsider, "pages-outsider@it.example", "구경꾼");
    for (Client* who : {s.builder.get(), s.runner.get(), s.outsider.get()})
      EXPECT_EQ(who->json("POST", kBase + "/membership").status, 201);

    const std::int64_t now = std::time(nullptr);
    auto lab =
        s.builder->json("POST", kBase + "/labs",
                        R"({"title":"회고 실험실","kind":"lab","level":"beginner","language":"ko",)"
                        R"("mode":"online","weekday":3,"start_time":"20:00","duration_minutes":90,)"
                        R"("time_zone":"Asia/Seoul","starts_on":")" +
                            day(now - 14 * kDay) + R"(","ends_on":")" + day(now + 27 * kDay) +
                            R"(","min_runners":1,"max_runners":5})");
    EXPECT_EQ(lab.status, 201) << lab.body;
    s.lab_id = parse_object(lab.body)["project"].as_object()["id"].as_int64();
    const std::string project = kBase + "/projects/" + std::to_string(s.lab_id);
    EXPECT_EQ(e.organizer->json("POST", project + "/review", R"({"decision":"approve"})").status,
              200);
    auto applied = s.runner->json(
        "PUT", project + "/application",
        R"({"choices":[{"project_id":)" + std::to_string(s.lab_id) + R"(,"answers":[]}]})");
    EXPECT_TRUE(applied.status == 200 || applied.status == 201) << applied.body;
    auto applicants = parse_object(s.builder->get(project + "/applicants").body);
    const auto& list = applicants["applicants"].as_array();
    EXPECT_EQ(list.size(), 1u);
    if (list.empty()) return s;
    const auto application_id = list.at(0).as_object().at("application_id").as_int64();
    EXPECT_EQ(s.builder
                  ->json("PATCH", project + "/applicants/" + std::to_string(application_id),
                         R"({"review":"accepted"})")
                  .status,
              200);
    EXPECT_EQ(s.builder
                  ->json("POST", project + "/sessions",
                         R"({"starts_at":")" + utc(now - 60) + R"(","topic":"회고 세션"})")
                  .status,
              201);
    auto created = s.builder->json("POST", project + "/deadlines",
                                   R"({"title":"실험 노트","first_due":")" + day(now + 3 * kDay) +
                                       R"(T23:59","every_days":7,"count":2})");
    EXPECT_EQ(created.status, 201) << created.body;
    s.deadline_id =
        parse_object(created.body)["deadlines"].as_array().at(0).as_object()["id"].as_int64();
    return s;
  }
  std::string lab_path() { return "/c/it-lab/projects/" + std::to_string(setup().lab_id); }
};

struct RoleCase {
  std::string method;
  std::string path;
  std::string body;
  long anonymous, outsider, runner, builder, organizer;
};

TEST_P(ActivityPagesHttpTest, RetrospectivesPerRoleOverTheApi) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::string project = kBase + "/projects/" + std::to_string(s.lab_id);
  const std::string kpt = R"({"keep":"매주 모였다","problem":"발표 준비","try":"미리 정하기",)"
                          R"("visibility":"community"})";
  const std::vector<RoleCase> cases{
      {"GET", project + "/retrospectives", "", 200, 200, 200, 200, 200},
      {"PUT", project + "/retrospectives/project", kpt, 401, 403, 403, 200, 200},
      {"PUT", project + "/retrospectives/mine", kpt, 401, 403, 200, 200, 403},
      {"GET",
       kBase + "/members/" + std::to_string(s.runner_id) +
           "/activity?month=" + day(std::time(nullptr)).substr(0, 7),
       "", 401, 200, 200, 200, 200},
  };
  for (const auto& test_case : cases) {
    const std::pair<Client*, long> roles[] = {{e.anonymous.get(), test_case.anonymous},
                                              {s.outsider.get(), test_case.outsider},
                                              {s.runner.get(), test_case.runner},
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
  // One project retrospective however often it is written; one per member.
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_retrospectives WHERE project_id = " +
                    std::to_string(s.lab_id)),
            3);
  // The runner's own, made project-only: the outsider no longer reads it.
  auto hidden = s.runner->json("PUT", project + "/retrospectives/mine",
                               R"({"keep":"나만의 회고","visibility":"project"})");
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  auto seen_by_outsider =
      parse_object(s.outsider->get(project + "/retrospectives").body)["retrospectives"].as_array();
  EXPECT_EQ(seen_by_outsider.size(), 2u);
  auto seen_by_builder =
      parse_object(s.builder->get(project + "/retrospectives").body)["retrospectives"].as_array();
  ASSERT_EQ(seen_by_builder.size(), 3u);
  EXPECT_EQ(seen_by_builder.at(0).as_object().at("scope").as_string(), "project");
  EXPECT_EQ(e.anonymous->get(project + "/retrospectives").body.find("나만의"), std::string::npos);
}

TEST_P(ActivityPagesHttpTest, BadRetrospectiveInputNamesTheFieldAndWritesNothing) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::string mine = kBase + "/projects/" + std::to_string(s.lab_id) + "/retrospectives/mine";
  const std::int64_t before = e.count("SELECT COUNT(*) FROM activity_retrospectives");
  const std::vector<std::pair<std::string, std::string>> cases{
      {R"({"keep":"좋았다","visibility":"world"})", "visibility"},
      {R"({"keep":" ","problem":"","try":""})", "keep"},
      {R"({"problem":")" + std::string(4001, 'p') + "\"}", "problem"},
      {R"({"try":7})", "try"},
  };
  for (const auto& [body, field] : cases) {
    auto result = s.runner->json("PUT", mine, body);
    EXPECT_EQ(result.status, 400) << body.substr(0, 60) << " -> " << result.body;
    EXPECT_EQ(field_of(result), field) << body.substr(0, 60);
  }
  auto month =
      s.runner->get(kBase + "/members/" + std::to_string(s.runner_id) + "/activity?month=March");
  EXPECT_EQ(month.status, 400);
  EXPECT_EQ(field_of(month), "month");
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_retrospectives"), before);
}

TEST_P(ActivityPagesHttpTest, RetrospectivePagesWriteWithAFormAndTheCohortGathersThem) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::string page = lab_path() + "/retrospectives";
  auto as_runner = s.runner->get(page);
  ASSERT_EQ(as_runner.status, 200);
  EXPECT_TRUE(contains(as_runner.body, "retrospectives/mine"));
  EXPECT_FALSE(contains(as_runner.body, "retrospectives/project\""));
  auto as_outsider = s.outsider->get(page);
  EXPECT_EQ(as_outsider.status, 200);
  EXPECT_FALSE(contains(as_outsider.body, "retrospectives/mine"));
  auto written = s.runner->form(page + "/mine", "_csrf=" + csrf_from(as_runner.body) +
                                                    "&keep=" + url_encode("<b>끝까지</b> 했다") +
                                                    "&problem=&try=&visibility=community");
  EXPECT_EQ(written.status, 303) << written.body;
  auto after = s.outsider->get(page);
  EXPECT_TRUE(contains(after.body, "&lt;b&gt;끝까지&lt;/b&gt; 했다"));  // escaped, never markup
  EXPECT_EQ(s.runner->form(page + "/mine", "keep=x&visibility=community").status, 403);  // no token
  EXPECT_EQ(s.outsider
                ->form(page + "/project",
                       "_csrf=" + csrf_from(as_outsider.body) + "&keep=x&visibility=community")
                .status,
            403);

  // A cohort gathers the retrospectives of its projects (none yet here).
  auto cohort =
      e.organizer->json("POST", kBase + "/cohorts",
                        R"({"key":"retro-gather","name":"회고 기수",)" + phases_json() + "}");
  ASSERT_EQ(cohort.status, 201) << cohort.body;
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts/retro-gather/retrospectives").status, 200);
  auto api = s.outsider->get(kBase + "/cohorts/retro-gather/retrospectives");
  EXPECT_EQ(api.status, 200) << api.body;
  EXPECT_TRUE(parse_object(api.body)["retrospectives"].as_array().empty());
  EXPECT_EQ(s.outsider->get(kBase + "/cohorts/no-such/retrospectives").status, 404);
}

TEST_P(ActivityPagesHttpTest, DashboardShowsProjectsSessionsDeadlinesAndAFeedAddress) {
  Environment& e = env();
  PagesSetup& s = setup();
  EXPECT_EQ(e.anonymous->get("/c/it-lab/me").status, 303);
  auto dashboard = s.runner->get("/c/it-lab/me");
  ASSERT_EQ(dashboard.status, 200);
  EXPECT_TRUE(contains(dashboard.body, "회고 실험실"));
  EXPECT_TRUE(contains(dashboard.body, "회고 세션"));
  EXPECT_TRUE(contains(dashboard.body, "실험 노트 #1"));
  EXPECT_TRUE(contains(dashboard.body, "data-testid=\"my-progress\""));
  auto feed = s.runner->form("/c/it-lab/me/calendar-feed", "_csrf=" + csrf_from(dashboard.body));
  ASSERT_EQ(feed.status, 200) << feed.body.substr(0, 300);
  const std::string marker = "data-testid=\"feed-url\"";
  ASSERT_TRUE(contains(feed.body, "/calendar/"));
  const std::size_t at = feed.body.find("/calendar/");
  const std::string token = feed.body.substr(at, feed.body.find('"', at) - at);
  auto calendar = e.anonymous->get(token);
  EXPECT_EQ(calendar.status, 200);
  EXPECT_TRUE(contains(calendar.body, "BEGIN:VCALENDAR"));
  EXPECT_TRUE(contains(feed.body, marker));
  // The community page links members to it.
  EXPECT_TRUE(contains(s.runner->get("/c/it-lab").body, "/c/it-lab/me\""));
}

TEST_P(ActivityPagesHttpTest, DeadlinePagesSubmitEditAndShowWhoIsMissing) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::string page = "/c/it-lab/deadlines/" + std::to_string(s.deadline_id);
  EXPECT_EQ(e.anonymous->get(page).status, 303);
  EXPECT_EQ(s.outsider->get(page).status, 403);
  auto builder_view = s.builder->get(page);
  ASSERT_EQ(builder_view.status, 200);
  EXPECT_TRUE(contains(builder_view.body, "페이지러너"));  // missing
  EXPECT_TRUE(contains(builder_view.body, "data-testid=\"missing\""));

  auto runner_view = s.runner->get(page);
  ASSERT_EQ(runner_view.status, 200);
  EXPECT_TRUE(contains(runner_view.body, "/submission\""));
  const std::string token = csrf_from(runner_view.body);
  auto bad = s.runner->form(page + "/submission", "_csrf=" + token + "&link=ftp%3A%2F%2Fx");
  EXPECT_EQ(bad.status, 400);
  auto saved =
      s.runner->form(page + "/submission",
                     "_csrf=" + token + "&link=" + url_encode("https://blog.example/lab-notes") +
                         "&body=" + url_encode("# 노트\n<script>alert(1)</script>") +
                         "&tags=LLM,%EC%8B%A4%ED%97%98&share=on");
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto mine = s.runner->get(page);
  EXPECT_TRUE(contains(mine.body, "https://blog.example/lab-notes"));
  EXPECT_FALSE(contains(mine.body, "<script>alert(1)"));
  // Edit until the deadline: the same submission changes.
  EXPECT_EQ(s.runner
                ->form(page + "/submission",
                       "_csrf=" + token + "&link=" + url_encode("https://blog.example/lab-notes-2"))
                .status,
            303);
  EXPECT_EQ(e.count("SELECT COUNT(*) FROM activity_submissions WHERE deadline_id = " +
                    std::to_string(s.deadline_id)),
            1);
  auto after = s.builder->get(page);
  EXPECT_TRUE(contains(after.body, "https://blog.example/lab-notes-2"));
  EXPECT_TRUE(contains(after.body, "data-testid=\"submissions\""));
  // A lab has no pass tickets: a clear 409 page, nothing written.
  EXPECT_EQ(s.runner->form(page + "/pass", "_csrf=" + token).status, 409);

  // The project's list: builders get the series form, runners do not.
  const std::string list = lab_path() + "/deadlines";
  auto for_builder = s.builder->get(list);
  ASSERT_EQ(for_builder.status, 200);
  EXPECT_TRUE(contains(for_builder.body, "name=\"first_due\""));
  auto for_runner = s.runner->get(list);
  ASSERT_EQ(for_runner.status, 200);
  EXPECT_FALSE(contains(for_runner.body, "name=\"first_due\""));
  const std::string series = "&title=" + url_encode("보너스 글") +
                             "&first_due=" + day(std::time(nullptr) + 10 * kDay) +
                             "T23%3A59&every_days=7&count=1";
  EXPECT_EQ(s.runner->form(list, "_csrf=" + csrf_from(for_runner.body) + series).status, 403);
  EXPECT_EQ(s.builder->form(list, "_csrf=" + csrf_from(for_builder.body) + series).status, 303);
  EXPECT_EQ(s.builder->form(list, "_csrf=" + csrf_from(for_builder.body) + "&title=x").status, 400);
}

TEST_P(ActivityPagesHttpTest, WritingSettingsPageAndThePublicReadingList) {
  Environment& e = env();
  PagesSetup& s = setup();
  auto cohort =
      e.organizer->json("POST", kBase + "/cohorts",
                        R"({"key":"reading-pages","name":"읽을거리 기수",)" + phases_json() + "}");
  ASSERT_EQ(cohort.status, 201) << cohort.body;
  const std::string settings = "/c/it-lab/cohorts/reading-pages/writing-settings";
  EXPECT_EQ(s.runner->get(settings).status, 403);
  auto form = e.organizer->get(settings);
  ASSERT_EQ(form.status, 200);
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts/reading-pages/reading-list").status, 404);
  auto saved = e.organizer->form(settings, "_csrf=" + csrf_from(form.body) +
                                               "&pass_tickets=2&no_consecutive_passes=on"
                                               "&deposit_start=20000&deposit_per_miss=5000"
                                               "&reading_list_public=on");
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto bad = e.organizer->form(
      settings, "_csrf=" + csrf_from(form.body) + "&deposit_start=100&deposit_per_miss=500");
  EXPECT_EQ(bad.status, 400);
  auto stored =
      parse_object(e.anonymous->get(kBase + "/cohorts/reading-pages/writing-settings").body);
  EXPECT_EQ(stored["settings"].as_object()["pass_tickets"].as_int64(), 2);
  EXPECT_EQ(stored["settings"].as_object()["deposit_per_miss"].as_int64(), 5000);
  auto page = e.anonymous->get("/c/it-lab/cohorts/reading-pages/reading-list");
  EXPECT_EQ(page.status, 200);
  auto atom = e.anonymous->get("/c/it-lab/cohorts/reading-pages/reading-list.atom");
  EXPECT_EQ(atom.status, 200);
  EXPECT_TRUE(contains(atom.headers["content-type"], "application/atom+xml"));
  EXPECT_TRUE(contains(atom.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_EQ(e.anonymous->get("/c/it-lab/cohorts/no-such/reading-list.atom").status, 404);
}

TEST_P(ActivityPagesHttpTest, GrowthLogsWithVisibilityAndTheMonthCalendar) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::string own = "/c/it-lab/members/" + std::to_string(s.runner_id) + "/logs";
  EXPECT_EQ(s.runner->get("/c/it-lab/logs").status, 303);
  auto page = s.runner->get(own);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "data-testid=\"month-calendar\""));
  const std::string token = csrf_from(page.body);
  const std::int64_t now = std::time(nullptr);
  auto wrote = s.runner->form(
      "/c/it-lab/logs",
      "_csrf=" + token + "&week=" + day(now) + "&learned=" + url_encode("공개 일지: 어텐션") +
          "&links=" + url_encode("https://blog.example/a\n") + "&project_id=&visibility=public");
  EXPECT_EQ(wrote.status, 303) << wrote.body;
  auto hidden = s.runner->form("/c/it-lab/logs", "_csrf=" + token + "&week=" + day(now - 7 * kDay) +
                                                     "&learned=" + url_encode("비공개 일지") +
                                                     "&project_id=&visibility=private");
  EXPECT_EQ(hidden.status, 303) << hidden.body;
  auto bad = s.runner->form("/c/it-lab/logs", "_csrf=" + token + "&week=" + day(now) +
                                                  "&learned=x&project_id=&visibility=project");
  EXPECT_EQ(bad.status, 400);

  // The log is kept on its week's Monday: show that Monday's month.
  const std::int64_t today = now / kDay;
  const std::string monday_month = day((today - (today + 3) % 7) * kDay).substr(0, 7);
  auto mine = s.runner->get(own + "?month=" + monday_month);
  EXPECT_TRUE(contains(mine.body, "공개 일지: 어텐션"));
  EXPECT_TRUE(contains(mine.body, "비공개 일지"));
  EXPECT_TRUE(contains(mine.body, "class=\"active\""));
  EXPECT_FALSE(contains(mine.body, " 0</span>"));  // quiet days show no zero counts
  auto theirs = s.outsider->get(own);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_TRUE(contains(theirs.body, "공개 일지: 어텐션"));
  EXPECT_FALSE(contains(theirs.body, "비공개 일지"));
  EXPECT_FALSE(contains(theirs.body, "name=\"learned\""));  // no form on someone else's
  EXPECT_EQ(e.anonymous->get(own).status, 303);
  // Someone who is not a member here has no log page (their name stays private).
  EXPECT_EQ(s.outsider->get("/c/it-lab/members/999999/logs").status, 404);

  auto days = s.runner->get(kBase + "/members/" + std::to_string(s.runner_id) +
                            "/activity?month=" + monday_month);
  ASSERT_EQ(days.status, 200) << days.body;
  EXPECT_FALSE(parse_object(days.body)["days"].as_array().empty());
}

// The text of `body` from the first `start` to the `end` after it ("" when absent).
std::string slice(const std::string& body, const std::string& start, const std::string& end) {
  const auto from = body.find(start);
  if (from == std::string::npos) return "";
  const auto to = body.find(end, from);
  return body.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

TEST_P(ActivityPagesHttpTest, GrowthLogFormDefaultsSaveAndAFailedSaveKeepsWhatWasTyped) {
  PagesSetup& s = setup();
  // A member with a project: the form starts on that project, for its members.
  const std::string own = "/c/it-lab/members/" + std::to_string(s.runner_id) + "/logs";
  auto page = s.runner->get(own);
  ASSERT_EQ(page.status, 200);
  const std::string projects = slice(page.body, "<select id=\"project_id\"", "</select>");
  EXPECT_TRUE(contains(projects, "value=\"" + std::to_string(s.lab_id) + "\" selected"))
      << projects;
  EXPECT_FALSE(contains(projects, "value=\"\" selected")) << projects;
  EXPECT_TRUE(contains(slice(page.body, "<select id=\"visibility\"", "</select>"),
                       "value=\"project\" selected"));
  // Saving the defaults as they stand works.
  const std::int64_t now = std::time(nullptr);
  const std::string token = csrf_from(page.body);
  auto saved = s.runner->form("/c/it-lab/logs", "_csrf=" + token + "&week=" + day(now) +
                                                    "&learned=" + url_encode("기본값 그대로") +
                                                    "&project_id=" + std::to_string(s.lab_id) +
                                                    "&visibility=project");
  EXPECT_EQ(saved.status, 303) << saved.body;

  // A member without a project: "no project" and private, which saves.
  auto theirs = s.outsider->get("/c/it-lab/logs");
  ASSERT_EQ(theirs.status, 303);
  auto outsider_page = s.outsider->get(theirs.headers["location"]);
  ASSERT_EQ(outsider_page.status, 200);
  EXPECT_TRUE(contains(slice(outsider_page.body, "<select id=\"project_id\"", "</select>"),
                       "value=\"\" selected"));
  EXPECT_TRUE(contains(slice(outsider_page.body, "<select id=\"visibility\"", "</select>"),
                       "value=\"private\" selected"));

  // "Project members" with no project: the form comes back (not an error
  // page), the project field marked, the message in the page's language,
  // and everything typed still there.
  const std::string learned = "오늘 배운 것 <b>태그</b> 그대로";
  auto failed = s.runner->form(
      "/c/it-lab/logs", "_csrf=" + token + "&week=" + day(now) + "&learned=" + url_encode(learned) +
                            "&blocked=" + url_encode("막힌 점") +
                            "&links=" + url_encode("https://blog.example/kept") +
                            "&project_id=&visibility=project");
  EXPECT_EQ(failed.status, 400);
  EXPECT_TRUE(contains(failed.body, "data-testid=\"log-form\"")) << failed.body;
  EXPECT_TRUE(contains(failed.body, "data-testid=\"log-error\""));
  EXPECT_TRUE(contains(failed.body, "프로젝트를 목록에서 다시 골라 주세요."));
  EXPECT_TRUE(
      contains(slice(failed.body, "<select id=\"project_id\"", ">"), "aria-invalid=\"true\""));
  EXPECT_FALSE(contains(slice(failed.body, "<textarea id=\"learned\"", ">"), "aria-invalid"));
  EXPECT_TRUE(contains(failed.body, "오늘 배운 것 &lt;b&gt;태그&lt;/b&gt; 그대로</textarea>"));
  EXPECT_TRUE(contains(failed.body, ">막힌 점</textarea>"));
  EXPECT_TRUE(contains(failed.body, ">https://blog.example/kept</textarea>"));
  EXPECT_TRUE(contains(slice(failed.body, "<select id=\"visibility\"", "</select>"),
                       "value=\"project\" selected"));
  EXPECT_TRUE(contains(failed.body, "value=\"" + day(now) + "\""));
  // A too-long text marks that field instead.
  auto too_long = s.runner->form("/c/it-lab/logs", "_csrf=" + token + "&week=" + day(now) +
                                                       "&learned=" + std::string(2001, 'x') +
                                                       "&project_id=&visibility=private");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(
      contains(slice(too_long.body, "<textarea id=\"learned\"", ">"), "aria-invalid=\"true\""));
}

TEST_P(ActivityPagesHttpTest, AGrowthLogRaisesToParticipantAndAnAuditToAuditorWithHistory) {
  Environment& e = env();
  PagesSetup& s = setup();
  const std::int64_t now = std::time(nullptr);
  // A lab that welcomes auditors.
  auto lab =
      s.builder->json("POST", kBase + "/labs",
                      R"({"title":"청강 실험실","kind":"lab","level":"beginner","language":"ko",)"
                      R"("mode":"online","weekday":2,"start_time":"20:00","duration_minutes":60,)"
                      R"("time_zone":"Asia/Seoul","auditors_welcome":true,"starts_on":")" +
                          day(now - 7 * kDay) + R"(","ends_on":")" + day(now + 27 * kDay) +
                          R"(","min_runners":1,"max_runners":5})");
  ASSERT_EQ(lab.status, 201) << lab.body;
  const std::int64_t lab_id = parse_object(lab.body)["project"].as_object()["id"].as_int64();
  const std::string project = kBase + "/projects/" + std::to_string(lab_id);
  ASSERT_EQ(e.organizer->json("POST", project + "/review", R"({"decision":"approve"})").status,
            200);

  Client newcomer(e.server->base_url());
  const std::int64_t newcomer_id =
      sign_up_and_log_in(newcomer, "stage-newcomer@it.example", "새내기");
  ASSERT_EQ(newcomer.json("POST", kBase + "/membership").status, 201);
  const std::string member = kBase + "/members/" + std::to_string(newcomer_id);
  const auto stage = [&] {
    auto found = parse_object(e.organizer->get(member).body);
    return std::string(found["member"].as_object()["stage"].as_string());
  };
  EXPECT_EQ(stage(), "observer");

  // A first growth log: 눈팅 → 소통, recorded by the system with its reason.
  auto page = newcomer.get("/c/it-lab/members/" + std::to_string(newcomer_id) + "/logs");
  ASSERT_EQ(page.status, 200);
  auto wrote =
      newcomer.form("/c/it-lab/logs", "_csrf=" + csrf_from(page.body) + "&week=" + day(now) +
                                          "&learned=" + url_encode("첫 일지") +
                                          "&project_id=&visibility=private");
  ASSERT_EQ(wrote.status, 303) << wrote.body;
  EXPECT_EQ(stage(), "participant");
  auto history = parse_object(e.organizer->get(member).body)["history"].as_array();
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.at(0).as_object().at("to").as_string(), "participant");
  EXPECT_EQ(history.at(0).as_object().at("reason").as_string(), "stage_reason_growth_log");
  EXPECT_EQ(history.at(0).as_object().at("changed_by").as_string(), "");

  // Auditing the lab: 소통 → 청강.
  auto audited = newcomer.json("POST", project + "/audit");
  ASSERT_EQ(audited.status, 201) << audited.body;
  EXPECT_EQ(stage(), "auditor");
  // The organizer's member page tells the story in words from the catalog.
  auto member_page = e.organizer->get("/c/it-lab/members/" + std::to_string(newcomer_id));
  ASSERT_EQ(member_page.status, 200);
  EXPECT_TRUE(contains(member_page.body, "첫 성장 일지를 썼어요")) << member_page.body;
  EXPECT_TRUE(contains(member_page.body, "프로젝트 청강을 시작했어요"));
  EXPECT_FALSE(contains(member_page.body, "stage_reason_"));

  // A higher stage is never lowered: an organizer who writes a log and audits stays organizer.
  const std::string organizer = kBase + "/members/" + std::to_string(e.organizer_id);
  auto organizer_page =
      e.organizer->get("/c/it-lab/members/" + std::to_string(e.organizer_id) + "/logs");
  ASSERT_EQ(organizer_page.status, 200);
  ASSERT_EQ(e.organizer
                ->form("/c/it-lab/logs", "_csrf=" + csrf_from(organizer_page.body) + "&week=" +
                                             day(now) + "&learned=x&project_id=&visibility=private")
                .status,
            303);
  EXPECT_EQ(e.organizer->json("POST", project + "/audit").status, 201);
  EXPECT_EQ(
      parse_object(e.organizer->get(organizer).body)["member"].as_object()["stage"].as_string(),
      "organizer");
}

INSTANTIATE_TEST_SUITE_P(Drivers, ActivityPagesHttpTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
