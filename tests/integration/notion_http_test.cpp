// Notion and "plan before doing" over HTTP against the real binary and the
// local Notion stand-in: who may connect, plan and apply (API and pages),
// the whole path from "apply" to pages in Notion, and a worker killed with
// SIGKILL in the middle of creating a cohort's pages: after a restart every
// project has exactly one page.

#include <filesystem>
#include <set>

#include "environment.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/testing/notion_contract.hpp"
#include "platform/crypto/crypto.hpp"
#include "worker_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

constexpr const char* kToken = "secret_standin";
constexpr const char* kDatabaseId = "5c6a28216bb14a7eb6e1c50111515c3d";
constexpr const char* kStandin = MOIM_SOURCE_DIR "/tests/standins/notion_standin.py";
constexpr std::int64_t kDay = 24 * 3600;

// A community "nt-lab" with an organizer, a builder, a member and an
// outsider, a running cohort "7" of `projects` approved projects, a moim
// server pointed at the stand-in, and the stand-in itself.
class NotionHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void start(int projects, const std::vector<std::string>& extra_flags = {}) {
    crypto::initialise();
    database_ = std::make_unique<testing::TestDatabase>(GetParam());
    request_log_ = automation::testing::notion_request_log_path();
    standin_ = std::make_unique<HelperProcess>(
        kStandin, std::vector<std::string>{"--request-log", request_log_});
    key_file_ =
        (std::filesystem::temp_directory_path() / ("moim_notion_key_" + testing::unique_suffix()))
            .string();
    std::string output;
    ASSERT_EQ(run_moim({"user", "create", "--database", database_->url(), "--email",
                        "admin@nt.example", "--name", "Admin", "--password", kPassword, "--admin"},
                       &output),
              0)
        << output;
    flags_ = {"--notion-api-url", standin_url(),      "--secret-key-file",
              key_file_,          "--outbox-poll-ms", "100"};
    flags_.insert(flags_.end(), extra_flags.begin(), extra_flags.end());
    server_ = std::make_unique<MoimProcess>(database_->url(), flags_);
    auto client = [&] { return std::make_unique<Client>(server_->base_url()); };
    admin_ = client();
    organizer_ = client();
    builder_ = client();
    member_ = client();
    outsider_ = client();
    anonymous_ = client();
    ASSERT_EQ(
        admin_
            ->json("POST", "/api/v1/auth/login",
                   R"({"email":"admin@nt.example","password":")" + std::string(kPassword) + "\"}")
            .status,
        200);
    ASSERT_EQ(
        admin_->json("POST", "/api/v1/communities", R"({"slug":"nt-lab","name":"노션 연구소"})")
            .status,
        201);
    organizer_id_ = sign_up_and_log_in(*organizer_, "organizer@nt.example", "운영진");
    builder_id_ = sign_up_and_log_in(*builder_, "builder@nt.example", "김빌더");
    member_id_ = sign_up_and_log_in(*member_, "member@nt.example", "이러너");
    sign_up_and_log_in(*outsider_, "outsider@nt.example", "Outsider");
    for (Client* person : {organizer_.get(), builder_.get(), member_.get()})
      ASSERT_EQ(person->json("POST", "/api/v1/communities/nt-lab/membership").status, 201);
    ASSERT_EQ(
        admin_
            ->json("PATCH", "/api/v1/communities/nt-lab/members/" + std::to_string(organizer_id_),
                   R"({"stage":"organizer","reason":"runs it"})")
            .status,
        200);
    ASSERT_EQ(
        organizer_
            ->json("PATCH", "/api/v1/communities/nt-lab/members/" + std::to_string(builder_id_),
                   R"({"stage":"builder","reason":"leads a study"})")
            .status,
        200);
    seed_cohort(projects);
  }

  std::string standin_url() const { return "http://127.0.0.1:" + std::to_string(standin_->port()); }

  void seed_cohort(int projects) {
    const std::int64_t now = static_cast<std::int64_t>(time(nullptr));
    auto writer = database_->database().write();
    const std::int64_t community =
        writer->query_one("SELECT id FROM communities WHERE slug = 'nt-lab'").value()->int64(0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                              "updated_at) VALUES (?, '7', '7기', ?, ?)",
                              {community, now, now})
                    .ok());
    const std::int64_t cohort =
        writer->query_one("SELECT id FROM cohorts WHERE cohort_key = '7'").value()->int64(0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO cohort_phases (cohort_id, phase, starts_at, ends_at) "
                              "VALUES (?, 'running', ?, ?)",
                              {cohort, now - kDay, now + 60 * kDay})
                    .ok());
    for (int idx = 0; idx < projects; ++idx) {
      ASSERT_TRUE(
          writer
              ->execute(
                  "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, "
                  "language, mode, weekday, start_time, duration_minutes, time_zone, "
                  "starts_on, ends_on, min_runners, max_runners, status, created_at, "
                  "updated_at) VALUES (?, ?, ?, 'study', 'beginner', 'ko', 'online', ?, "
                  "'19:30', 120, 'Asia/Seoul', '2026-03-02', '2026-05-25', 1, 10, "
                  "'approved', ?, ?)",
                  {community, cohort, "스터디 " + std::to_string(idx + 1), std::int64_t{idx % 7},
                   now, now})
              .ok());
    }
    const std::int64_t first =
        writer->query_one("SELECT MIN(id) FROM academy_projects").value()->int64(0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_builders (project_id, user_id, role, "
                              "invited_at, accepted_at) VALUES (?, ?, 'lead', ?, ?)",
                              {first, builder_id_, now, now})
                    .ok());
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                              "VALUES (?, ?, ?)",
                              {first, member_id_, now})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  std::int64_t count(const std::string& sql) {
    auto reader = database_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  boost::json::array standin_pages() {
    Client standin(standin_url());
    return parse_object(standin.get("/_inspect").body)["pages"].as_array();
  }
  void connect() {
    auto connected = organizer_->json(
        "PUT", "/api/v1/communities/nt-lab/notion",
        R"({"token":")" + std::string(kToken) + R"(","database_id":")" + kDatabaseId + "\"}");
    ASSERT_EQ(connected.status, 200) << connected.body;
    ASSERT_TRUE(parse_object(connected.body)["notion"].as_object()["tested"].as_bool())
        << connected.body;
  }

  // Every request moim sent must fit Notion's request types.
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(key_file_);
    automation::testing::expect_notion_requests_fit_types(MOIM_SOURCE_DIR, request_log_);
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<HelperProcess> standin_;
  std::unique_ptr<MoimProcess> server_;
  std::unique_ptr<Client> admin_, organizer_, builder_, member_, outsider_, anonymous_;
  std::int64_t organizer_id_ = 0, builder_id_ = 0, member_id_ = 0;
  std::string key_file_;
  std::string request_log_;
  std::vector<std::string> flags_;
};

TEST_P(NotionHttpTest, EachRoleIsAllowedOrRefusedAndApplyingCreatesThePages) {
  start(3);
  const std::string connect_body =
      R"({"token":")" + std::string(kToken) + R"(","database_id":")" + kDatabaseId + "\"}";
  struct Case {
    std::string method, path, body;
  };
  const std::vector<Case> guarded{
      {"GET", "/api/v1/communities/nt-lab/notion", ""},
      {"PUT", "/api/v1/communities/nt-lab/notion", connect_body},
      {"POST", "/api/v1/communities/nt-lab/notion/test", "{}"},
      {"DELETE", "/api/v1/communities/nt-lab/notion", ""},
      {"GET", "/api/v1/communities/nt-lab/cohorts/7/plan", ""},
      {"POST", "/api/v1/communities/nt-lab/cohorts/7/plan/apply", "{}"},
      {"GET", "/api/v1/communities/nt-lab/automation/settings", ""},
      {"PUT", "/api/v1/communities/nt-lab/automation/settings", R"({"auto_apply":true})"},
  };
  const std::pair<Client*, long> refused[] = {
      {anonymous_.get(), 401}, {builder_.get(), 403}, {member_.get(), 403}, {outsider_.get(), 403}};
  for (const auto& test_case : guarded) {
    for (const auto& [client, expected] : refused) {
      auto result = client->json(test_case.method, test_case.path,
                                 test_case.body.empty() ? "{}" : test_case.body);
      EXPECT_EQ(result.status, expected)
          << test_case.method << " " << test_case.path << " -> " << result.body;
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM notion_connections"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'notion'"), 0);
  for (const std::string page : {"/c/nt-lab/automation/plan", "/c/nt-lab/automation/notion"}) {
    EXPECT_EQ(anonymous_->get(page).status, 303) << page;
    EXPECT_EQ(builder_->get(page).status, 403) << page;
    EXPECT_EQ(member_->get(page).status, 403) << page;
    EXPECT_EQ(outsider_->get(page).status, 403) << page;
  }

  // Bad input names its field.
  auto bad = organizer_->json("PUT", "/api/v1/communities/nt-lab/notion",
                              R"({"token":"secret_x","database_id":"not-an-id"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("database_id"), std::string::npos) << bad.body;
  EXPECT_EQ(organizer_->json("PUT", "/api/v1/communities/nt-lab/automation/settings", "{}").status,
            400);
  EXPECT_EQ(organizer_->json("GET", "/api/v1/communities/nt-lab/cohorts/99/plan").status, 404);

  connect();
  auto shown = organizer_->json("GET", "/api/v1/communities/nt-lab/notion");
  EXPECT_EQ(shown.body.find(kToken), std::string::npos) << "the token is never shown again";
  auto page = organizer_->get("/c/nt-lab/automation/notion");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find(kToken), std::string::npos);

  auto plan = organizer_->json("GET", "/api/v1/communities/nt-lab/cohorts/7/plan");
  ASSERT_EQ(plan.status, 200) << plan.body;
  auto services = parse_object(plan.body)["plan"].as_object()["services"].as_array();
  // Every registered service answers: email and Notion here, and Discord,
  // which this community has not connected.
  ASSERT_EQ(services.size(), 3u) << plan.body;
  for (const auto& service : services) {
    if (service.at("service").as_string() == "discord") {
      EXPECT_FALSE(service.at("connected").as_bool());
    }
  }
  boost::json::object notion;
  for (const auto& service : services) {
    if (service.at("service").as_string() == "notion") notion = service.as_object();
  }
  EXPECT_EQ(notion["connected"].as_bool(), true);
  EXPECT_EQ(notion["counts"].as_object()["create"].as_int64(), 3);
  auto plan_page = organizer_->get("/c/nt-lab/automation/plan?cohort=7");
  EXPECT_EQ(plan_page.status, 200);
  EXPECT_NE(plan_page.body.find("스터디 1"), std::string::npos);
  // The plan's items in the page's language (issue #12).
  EXPECT_NE(plan_page.body.find("페이지 &apos;"), std::string::npos) << plan_page.body;
  EXPECT_EQ(plan_page.body.find("create the page"), std::string::npos);
  EXPECT_NE(plan_page.body.find("data-testid=\"apply-plan\""), std::string::npos);

  // Apply through the page's form (CSRF token from the page).
  auto applied = organizer_->form("/c/nt-lab/automation/plan/apply",
                                  "_csrf=" + url_encode(csrf_from(plan_page.body)) + "&cohort=7");
  EXPECT_EQ(applied.status, 303) << applied.body;
  auto forged = organizer_->form("/c/nt-lab/automation/plan/apply", "cohort=7");
  EXPECT_EQ(forged.status, 403) << "no form token, no apply";
  ASSERT_TRUE(wait_until([&] { return standin_pages().size() == 3; }, 20'000));
  ASSERT_TRUE(wait_until(
      [&] {
        return count("SELECT COUNT(*) FROM outbox WHERE kind = 'notion' AND state = 'done'") == 3;
      },
      10'000));
  auto again = organizer_->json("POST", "/api/v1/communities/nt-lab/cohorts/7/plan/apply");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(parse_object(again.body)["enqueued"].as_int64(), 0);
  auto synced =
      parse_object(
          organizer_->json("GET", "/api/v1/communities/nt-lab/cohorts/7/plan").body)["plan"]
          .as_object();
  for (const auto& service : synced["services"].as_array()) {
    if (service.at("service").as_string() == "notion") {
      EXPECT_EQ(service.at("in_sync").as_int64(), 3);
    }
  }
  EXPECT_EQ(synced["summary"].as_object()["done"].as_int64(), 3);
  // The builder and the runner of the first project are mailed its link.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'notion.link:%'"), 2);
  EXPECT_EQ(standin_pages().size(), 3u);
  // Projects without members yet have their pages too (issue #20: Notion
  // refuses an empty text, so an empty column is sent as []).
  int without_members = 0;
  for (const auto& created : standin_pages())
    without_members +=
        created.at("properties").at("Members").at("rich_text").as_array().empty() ? 1 : 0;
  EXPECT_EQ(without_members, 2);

  // The settings forms: auto-apply on, and a bad database id named on the page.
  auto notion_page = organizer_->get("/c/nt-lab/automation/notion");
  const std::string csrf = url_encode(csrf_from(notion_page.body));
  auto saved = organizer_->form("/c/nt-lab/automation/plan/settings",
                                "_csrf=" + csrf + "&cohort=7&auto_apply=on");
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto setting = organizer_->json("GET", "/api/v1/communities/nt-lab/automation/settings");
  EXPECT_TRUE(parse_object(setting.body)["auto_apply"].as_bool()) << setting.body;
  auto refused_form = organizer_->form("/c/nt-lab/automation/notion",
                                       "_csrf=" + csrf + "&token=secret_x&database_id=nope");
  EXPECT_EQ(refused_form.status, 400);
  EXPECT_NE(refused_form.body.find("(database_id): database_id must be the 32-character id"),
            std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notion_connections WHERE database_id = '" +
                  std::string(kDatabaseId) + "'"),
            1)
      << "a refused form changes nothing";
}

// kill -9 the worker while it creates a cohort's pages (each Notion answer
// comes 150 ms after the page exists), restart it: one page per project.
TEST_P(NotionHttpTest, AKilledWorkerLeavesExactlyOnePagePerProject) {
  constexpr int kProjects = 24;
  start(kProjects, {"--no-outbox-worker"});
  connect();
  auto applied = organizer_->json("POST", "/api/v1/communities/nt-lab/cohorts/7/plan/apply");
  ASSERT_EQ(applied.status, 200) << applied.body;
  ASSERT_EQ(parse_object(applied.body)["enqueued"].as_int64(), kProjects);
  Client standin(standin_url());
  ASSERT_EQ(standin.request("POST", "/_control", R"({"delay_ms": 150})", "application/json").status,
            200);

  std::vector<std::string> worker_flags{"--database", database_->url(), "--web-root",
                                        MOIM_WEB_ROOT};
  worker_flags.insert(worker_flags.end(), flags_.begin(), flags_.end());
  worker_flags.pop_back();  // --no-outbox-worker is a serve flag
  auto worker = std::make_unique<WorkerProcess>("notion", worker_flags);
  ASSERT_TRUE(wait_until([&] { return standin_pages().size() >= 6; }, 30'000)) << worker->log();
  worker->kill_hard();  // mid-delivery: a page exists whose answer never arrived
  const std::size_t at_kill = standin_pages().size();
  EXPECT_LT(at_kill, static_cast<std::size_t>(kProjects));

  worker = std::make_unique<WorkerProcess>("notion-restart", worker_flags);
  const bool finished = wait_until(
      [&] {
        return count("SELECT COUNT(*) FROM outbox WHERE kind = 'notion' AND state = 'done'") ==
               kProjects;
      },
      60'000);
  const std::string worker_log = worker->log();
  worker->stop();
  ASSERT_TRUE(finished) << worker_log;

  auto pages = standin_pages();
  std::set<std::int64_t> projects;
  for (const auto& page : pages)
    projects.insert(page.at("properties").at("moim ID").at("number").as_int64());
  EXPECT_EQ(pages.size(), static_cast<std::size_t>(kProjects)) << "no duplicate pages";
  EXPECT_EQ(projects.size(), static_cast<std::size_t>(kProjects));
  EXPECT_EQ(count("SELECT COUNT(*) FROM notion_pages"), kProjects);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'notion.link:%'"), 2);
  std::fprintf(stderr,
               "notion crash test: %d projects, %zu pages existed at the kill, %lld deliveries "
               "interrupted (re-delivered by looking the page up)\n",
               kProjects, at_kill,
               static_cast<long long>(
                   count("SELECT COUNT(*) FROM outbox WHERE kind = 'notion' AND interrupted > 0")));
}

// A database with two data sources (Notion, 2025): the settings page says
// which one moim writes to and how to pick another, in the catalog's words.
TEST_P(NotionHttpTest, TheSettingsPageNamesTheDataSourceOfSeveral) {
  start(1);
  Client standin(standin_url());
  ASSERT_EQ(standin
                .request("POST", "/_control", R"({"add_data_source": "2025 archive"})",
                         "application/json")
                .status,
            200);
  connect();
  auto shown = parse_object(organizer_->json("GET", "/api/v1/communities/nt-lab/notion").body);
  EXPECT_EQ(shown["notion"].as_object()["data_source_count"].as_int64(), 2);
  EXPECT_EQ(shown["notion"].as_object()["data_source"].as_object()["name"].as_string(),
            "moim projects");
  auto page = organizer_->get("/c/nt-lab/automation/notion");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"notion-data-sources\""), std::string::npos) << page.body;
  const bool korean =
      page.body.find("데이터 소스가 2개 있어요. moim은 “moim projects”에") != std::string::npos;
  const bool english =
      page.body.find("has 2 data sources; moim writes its pages to “moim projects”") !=
      std::string::npos;
  EXPECT_TRUE(korean || english) << page.body;
  EXPECT_EQ(page.body.find("{count}"), std::string::npos);
  ASSERT_EQ(organizer_->json("POST", "/api/v1/communities/nt-lab/cohorts/7/plan/apply").status,
            200);
  ASSERT_TRUE(wait_until([&] { return standin_pages().size() == 1; }, 20'000));
}

INSTANTIATE_TEST_SUITE_P(Drivers, NotionHttpTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
