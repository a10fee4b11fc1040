// Notion end to end against the local stand-in (tests/standins/
// notion_standin.py), on every database: connecting and "test connection",
// the plan (create, update, remove, drift), applying it (twice is harmless),
// the connector surviving 429, 500, timeouts and partial success without
// duplicate pages, the page-link mails, auto-apply, and who may do what.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "features/integrations/notion/connection.hpp"
#include "features/integrations/notion/notion_connector.hpp"
#include "features/integrations/notion/notion_plan.hpp"
#include "features/integrations/notion/notion_service.hpp"
#include "features/integrations/notion/page_content.hpp"
#include "features/integrations/plan_service.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "features/integrations/testing/mail_render_check.hpp"
#include "features/integrations/testing/notion_contract.hpp"
#include "features/integrations/worker.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox_store.hpp"
#include "platform/testing/database_params.hpp"
#include "platform/testing/fake_clock.hpp"

namespace moim::automation::notion {
namespace {

using accounts::Viewer;
using communities::Stage;

constexpr const char* kToken = "secret_standin";
constexpr const char* kDatabase = "5c6a28216bb14a7eb6e1c50111515c3d";
constexpr std::int64_t kDay = 24 * 3600;

class NotionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    crypto::initialise();
    crypto::set_password_cost(crypto::PasswordCost::kMinimum);
    test_db_ = std::make_unique<moim::testing::TestDatabase>(GetParam());
    request_log_ = testing::notion_request_log_path();
    standin_ = std::make_unique<testing::HelperProcess>(
        MOIM_SOURCE_DIR "/tests/standins/notion_standin.py",
        std::vector<std::string>{"--request-log", request_log_});
    client_ = std::make_unique<NotionClient>(
        NotionClientOptions{.api_url = "http://127.0.0.1:" + std::to_string(standin_->port()),
                            .timeout_ms = 1500,
                            .spacing = std::chrono::milliseconds(1)});
    secrets_ = std::make_unique<crypto::SecretBox>(
        crypto::SecretBox::from_key(crypto::random_bytes(crypto::SecretBox::kKeyBytes)).value());
    accounts_ =
        std::make_unique<accounts::AccountsService>(database(), clock_, accounts::AccountsConfig{});
    communities_ = std::make_unique<communities::CommunitiesService>(database(), clock_);
    notion_ = std::make_unique<NotionService>(database(), clock_, *communities_, *client_,
                                              secrets_.get());
    source_ = std::make_unique<NotionPlanSource>(database(), clock_, *client_, secrets_.get());
    plans_ = std::make_unique<PlanService>(database(), clock_, *communities_);
    plans_->add_source(*source_);
    worker_ = std::make_unique<Worker>(
        database(), clock_,
        WorkerOptions{
            .concurrency = 1, .max_attempts = 5, .backoff = {.base_ms = 1000, .max_ms = 2000}},
        make_leadership(test_db_->url(), ""));
    worker_->add_connector(
        std::make_unique<NotionConnector>(database(), clock_, *client_, secrets_.get()));

    admin_ = viewer("admin@example.com", "관리자", true);
    organizer_ = viewer("organizer@example.com", "운영진", false);
    builder_ = viewer("builder@example.com", "김빌더", false);
    member_ = viewer("member@example.com", "이러너", false);
    outsider_ = viewer("outsider@example.com", "Outsider", false);
    ASSERT_TRUE(communities_->create(admin_, {.slug = "lab", .name = "가짜연구소"}).ok());
    for (auto* person : {&organizer_, &builder_, &member_})
      ASSERT_TRUE(communities_->join(*person, "lab").ok());
    ASSERT_TRUE(
        communities_->change_stage(admin_, "lab", organizer_.user_id(), Stage::kOrganizer, "")
            .ok());
    ASSERT_TRUE(
        communities_->change_stage(organizer_, "lab", builder_.user_id(), Stage::kBuilder, "")
            .ok());
    seed_cohort();
  }

  // The page-link mails (and any other) must render in Korean and English,
  // and every request moim sent must fit Notion's request types.
  void TearDown() override {
    if (test_db_) testing::MailRenderCheck(database()).expect_every_email_row_renders();
    testing::expect_notion_requests_fit_types(MOIM_SOURCE_DIR, request_log_);
  }

  db::Database& database() { return test_db_->database(); }
  Viewer viewer(const std::string& email, const std::string& name, bool admin) {
    auto user = accounts_->create_user({email, name, "password 123", std::nullopt}, admin);
    EXPECT_TRUE(user.ok()) << user.error().message;
    Viewer result;
    result.user = user.value();
    return result;
  }
  std::int64_t count(const std::string& sql) {
    auto reader = database().read();
    return reader->query_one(sql).value()->int64(0);
  }
  void exec(const std::string& sql, std::initializer_list<db::Value> params = {}) {
    auto writer = database().write();
    ASSERT_TRUE(writer->execute(sql, params).ok()) << sql;
    ASSERT_TRUE(writer->commit().ok());
  }

  // Cohort "7" in its running phase: three approved projects (the first led
  // by the builder with the member as runner) and one still proposed.
  void seed_cohort() {
    const std::int64_t now = clock_.now_seconds();
    auto writer = database().write();
    const std::int64_t community =
        writer->query_one("SELECT id FROM communities WHERE slug = 'lab'").value()->int64(0);
    community_id_ = community;
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                              "updated_at) VALUES (?, '7', '7기', ?, ?)",
                              {community, now, now})
                    .ok());
    cohort_id_ =
        writer->query_one("SELECT id FROM cohorts WHERE cohort_key = '7'").value()->int64(0);
    const char* phases[] = {"proposals", "recruiting", "selection", "running", "wrap_up", "closed"};
    std::int64_t start = now - 40 * kDay;
    for (int idx = 0; idx < 6; ++idx) {
      const std::int64_t length = idx == 3 ? 80 * kDay : 10 * kDay;
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO cohort_phases (cohort_id, phase, starts_at, ends_at) "
                                "VALUES (?, ?, ?, ?)",
                                {cohort_id_, std::string(phases[idx]), start, start + length})
                      .ok());
      start += length;
    }
    const char* titles[] = {"LLM 논문 읽기", "추천 시스템 스터디", "RL 빌드 프로젝트", "제안 중"};
    for (int idx = 0; idx < 4; ++idx) {
      ASSERT_TRUE(
          writer
              ->execute(
                  "INSERT INTO academy_projects (community_id, cohort_id, title, kind, "
                  "level, language, mode, weekday, start_time, duration_minutes, "
                  "time_zone, starts_on, ends_on, min_runners, max_runners, status, "
                  "proposed_by, created_at, updated_at) VALUES (?, ?, ?, 'study', "
                  "'beginner', 'ko', 'online', ?, '20:00', 90, 'Asia/Seoul', "
                  "'2026-03-02', '2026-05-25', 1, 10, ?, ?, ?, ?)",
                  {community, cohort_id_, std::string(titles[idx]), std::int64_t{idx},
                   std::string(idx == 3 ? "proposed" : "approved"), builder_.user_id(), now, now})
              .ok());
    }
    auto first = writer->query_one("SELECT MIN(id) FROM academy_projects").value()->int64(0);
    first_project_ = first;
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_builders (project_id, user_id, role, "
                              "invited_at, accepted_at) VALUES (?, ?, 'lead', ?, ?)",
                              {first, builder_.user_id(), now, now})
                    .ok());
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                              "VALUES (?, ?, ?)",
                              {first, member_.user_id(), now})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  // The requests the stand-in received, as "METHOD /path" lines.
  std::vector<std::string> requests() {
    std::vector<std::string> lines;
    const boost::json::object seen = inspect();
    for (const auto& request : seen.at("requests").as_array())
      lines.push_back(std::string(request.at("method").as_string()) + " " +
                      std::string(request.at("path").as_string()));
    return lines;
  }
  boost::json::object page_of(std::int64_t project_id) {
    const boost::json::object seen = inspect();  // kept alive for the loop
    for (const auto& page : seen.at("pages").as_array())
      if (page.at("properties").at("moim ID").at("number").as_int64() == project_id)
        return page.as_object();
    ADD_FAILURE() << "no page for project " << project_id;
    return {};
  }
  boost::json::object inspect() {
    auto answer = client_->send(kToken, "GET", "/_inspect");
    EXPECT_EQ(answer.status, 200);
    return answer.body.as_object();
  }
  std::vector<boost::json::object> live_pages() {
    std::vector<boost::json::object> pages;
    const boost::json::object seen = inspect();  // kept alive for the loop
    for (const auto& page : seen.at("pages").as_array())
      if (!page.at("archived").as_bool()) pages.push_back(page.as_object());
    return pages;
  }
  void control(const std::string& json) {
    const boost::json::value body = boost::json::parse(json);
    ASSERT_EQ(client_->send(kToken, "POST", "/_control", &body).status, 200);
  }
  void connect() {
    auto connected = notion_->connect(organizer_, "lab", {kToken, kDatabase});
    ASSERT_TRUE(connected.ok()) << connected.error().message;
    ASSERT_TRUE(connected->tested) << connected->check_message;
  }
  ServicePlan notion_plan() {
    auto plan = plans_->plan(organizer_, "lab", "7");
    EXPECT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->services.size(), 1u);
    return plan->services.front();
  }
  // Delivers whatever is due, moving the clock past any backoff.
  void drain_all() {
    for (int round = 0; round < 12; ++round) {
      worker_->drain_once();
      if (count("SELECT COUNT(*) FROM outbox WHERE kind = 'notion' AND state IN "
                "('pending', 'failed', 'delivering')") == 0)
        return;
      clock_.advance(5);
    }
  }
  std::int64_t notion_rows(const std::string& state) {
    auto reader = database().read();
    return reader
        ->query_one("SELECT COUNT(*) FROM outbox WHERE kind = 'notion' AND state = ?", {state})
        .value()
        ->int64(0);
  }

  moim::testing::FakeClock clock_;
  std::unique_ptr<moim::testing::TestDatabase> test_db_;
  std::string request_log_;
  std::unique_ptr<testing::HelperProcess> standin_;
  std::unique_ptr<NotionClient> client_;
  std::unique_ptr<crypto::SecretBox> secrets_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<communities::CommunitiesService> communities_;
  std::unique_ptr<NotionService> notion_;
  std::unique_ptr<NotionPlanSource> source_;
  std::unique_ptr<PlanService> plans_;
  std::unique_ptr<Worker> worker_;
  Viewer admin_, organizer_, builder_, member_, outsider_, anonymous_;
  std::int64_t community_id_ = 0, cohort_id_ = 0, first_project_ = 0;
};

TEST_P(NotionTest, OnlyOrganizersConnectPlanAndApply) {
  const std::vector<std::pair<const Viewer*, int>> refused{
      {&builder_, 403}, {&member_, 403}, {&outsider_, 403}, {&anonymous_, 401}};
  for (const auto& [who, status] : refused) {
    EXPECT_EQ(notion_->connect(*who, "lab", {kToken, kDatabase}).error().http_status, status);
    EXPECT_EQ(notion_->connection(*who, "lab").error().http_status, status);
    EXPECT_EQ(notion_->test(*who, "lab").error().http_status, status);
    EXPECT_EQ(notion_->disconnect(*who, "lab").error().http_status, status);
    EXPECT_EQ(plans_->plan(*who, "lab", "7").error().http_status, status);
    EXPECT_EQ(plans_->apply(*who, "lab", "7").error().http_status, status);
    EXPECT_EQ(plans_->set_auto_apply(*who, "lab", true).error().http_status, status);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM notion_connections"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  EXPECT_TRUE(notion_->connect(organizer_, "lab", {kToken, kDatabase}).ok());
  EXPECT_TRUE(notion_->connect(admin_, "lab", {kToken, kDatabase}).ok()) << "platform admins too";
  EXPECT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  EXPECT_EQ(plans_->plan(organizer_, "lab", "8").error().http_status, 404);
}

TEST_P(NotionTest, ConnectingSealsTheTokenAndTestAddsTheMissingColumns) {
  auto wrong = notion_->connect(organizer_, "lab", {"secret_wrong", kDatabase});
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(wrong->tested);
  EXPECT_NE(wrong->check_message.find("unauthorized"), std::string::npos) << wrong->check_message;

  connect();
  auto stored = find_connection(database(), community_id_).value().value();
  EXPECT_EQ(stored.token_sealed.find(kToken), std::string::npos) << "never stored in clear";
  EXPECT_EQ(open_token(secrets_.get(), stored).value(), kToken);
  EXPECT_EQ(stored.title_property, "Name");
  const auto schema =
      inspect().at("data_sources").at(0).at("properties").as_object();  // kept alive below
  for (const PropertySpec& spec : kProperties) {
    ASSERT_TRUE(schema.contains(spec.name)) << spec.name;
    EXPECT_EQ(schema.at(spec.name).at("type").as_string(), spec.type);
  }
  // A column of moim's name but another type is the organizer's to change.
  control(
      R"({"properties": {"Title": {"id": "title", "name": "Title", "type": "title", "title": {}},
              "Status": {"id": "st", "name": "Status", "type": "rich_text", "rich_text": {}}}})");
  auto tested = notion_->test(organizer_, "lab");
  ASSERT_TRUE(tested.ok());
  EXPECT_FALSE(tested->tested);
  EXPECT_NE(tested->check_message.find("'Status' must be of type select"), std::string::npos)
      << tested->check_message;
  // And a database the integration cannot see says how to share it.
  auto unknown = notion_->connect(organizer_, "lab", {kToken, std::string(32, 'a')});
  ASSERT_TRUE(unknown.ok());
  EXPECT_NE(unknown->check_message.find("object_not_found"), std::string::npos);

  EXPECT_EQ(connect_input(std::string("bad token"), std::string(kDatabase)).error().field, "token");
  EXPECT_EQ(connect_input(std::string(kToken), std::string("nope")).error().field, "database_id");
  EXPECT_EQ(connect_input(std::nullopt, std::string(kDatabase)).error().http_status, 400);
}

TEST_P(NotionTest, WithoutASecretKeyConnectingSaysSo) {
  NotionService keyless(database(), clock_, *communities_, *client_, nullptr);
  auto refused = keyless.connect(organizer_, "lab", {kToken, kDatabase});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status, 409);
  EXPECT_NE(refused.error().message.find("--secret-key-file"), std::string::npos);
}

TEST_P(NotionTest, PlanCreatesOncePerProjectThenUpdatesWhatChanged) {
  EXPECT_FALSE(notion_plan().connected) << "nothing to plan before connecting";
  connect();
  ServicePlan plan = notion_plan();
  EXPECT_TRUE(plan.connected);
  EXPECT_EQ(plan.remote_error, "");
  ASSERT_EQ(plan.actions.size(), 3u) << "approved projects only";
  for (const auto& action : plan.actions) EXPECT_EQ(action.verb, "create");
  EXPECT_EQ(plan.actions.front().summary, "create the page 'LLM 논문 읽기'");

  auto applied = plans_->apply(organizer_, "lab", "7");
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->enqueued, 3);
  EXPECT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 0) << "applying twice is harmless";
  drain_all();
  EXPECT_EQ(notion_rows("done"), 3);
  auto pages = live_pages();
  ASSERT_EQ(pages.size(), 3u);
  bool found_first = false;
  for (const auto& page : pages) {
    const auto& properties = page.at("properties").as_object();
    if (properties.at("moim ID").at("number").as_int64() != first_project_) continue;
    found_first = true;
    EXPECT_EQ(properties.at("Name").at("title").at(0).at("plain_text").as_string(),
              "LLM 논문 읽기");
    EXPECT_EQ(properties.at("Builders").at("rich_text").at(0).at("plain_text").as_string(),
              "김빌더");
    EXPECT_EQ(properties.at("Members").at("rich_text").at(0).at("plain_text").as_string(),
              "이러너");
    EXPECT_EQ(properties.at("Status").at("select").at("name").as_string(), "Running");
    EXPECT_EQ(properties.at("Cohort").at("rich_text").at(0).at("plain_text").as_string(), "7기");
    EXPECT_NE(properties.at("Schedule")
                  .at("rich_text")
                  .at(0)
                  .at("plain_text")
                  .as_string()
                  .find("Mon 20:00–21:30"),
              std::string::npos);
  }
  EXPECT_TRUE(found_first);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notion_pages"), 3);
  // The builder and the runner are mailed the page link, once.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND "
                  "idempotency_key LIKE 'notion.link:%'"),
            2);
  auto summary = plans_->plan(organizer_, "lab", "7")->summary;
  EXPECT_EQ(summary.done, 3);
  EXPECT_EQ(summary.failed, 0);

  plan = notion_plan();
  EXPECT_EQ(plan.in_sync, 3);
  EXPECT_TRUE(plan.actions.empty());

  // A new runner: one update, the page keeps its id, the newcomer gets the link.
  auto newcomer = viewer("new@example.com", "박러너", false);
  exec("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, ?)",
       {first_project_, newcomer.user_id(), clock_.now_seconds()});
  plan = notion_plan();
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions.front().verb, "update");
  EXPECT_EQ(plan.in_sync, 2);
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  pages = live_pages();
  EXPECT_EQ(pages.size(), 3u);
  for (const auto& page : pages) {
    const auto& properties = page.at("properties").as_object();
    if (properties.at("moim ID").at("number").as_int64() == first_project_) {
      EXPECT_EQ(properties.at("Members").at("rich_text").at(0).at("plain_text").as_string(),
                "박러너, 이러너");
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND "
                  "idempotency_key LIKE 'notion.link:%'"),
            3);
  EXPECT_TRUE(notion_plan().actions.empty());

  // A drop-out leaves the member list on the next plan.
  exec(
      "INSERT INTO completion_results (cohort_id, project_id, user_id, role, computed, outcome, "
      "updated_at) VALUES (?, ?, ?, 'runner', 'dropped', 'dropped', 0)",
      {cohort_id_, first_project_, member_.user_id()});
  plan = notion_plan();
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions.front().verb, "update");
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  for (const auto& page : live_pages()) {
    const auto& properties = page.at("properties").as_object();
    if (properties.at("moim ID").at("number").as_int64() == first_project_) {
      EXPECT_EQ(properties.at("Members").at("rich_text").at(0).at("plain_text").as_string(),
                "박러너");
    }
  }
}

TEST_P(NotionTest, DriftAndRemovalShowUpOnTheNextPlan) {
  connect();
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  drain_all();
  ASSERT_EQ(live_pages().size(), 3u);
  // Someone deletes a page in Notion by hand.
  const std::string victim = std::string(live_pages().front().at("id").as_string());
  const boost::json::value archive = boost::json::object{{"archived", true}};
  ASSERT_EQ(client_->send(kToken, "PATCH", "/v1/pages/" + victim, &archive).status, 200);
  ServicePlan plan = notion_plan();
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions.front().verb, "update");
  EXPECT_NE(plan.actions.front().summary.find("removed in Notion"), std::string::npos);
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  EXPECT_EQ(live_pages().size(), 3u) << "restored, not duplicated";
  EXPECT_EQ(inspect().at("pages").as_array().size(), 3u);
  EXPECT_TRUE(notion_plan().actions.empty());

  // A project declined after its page was made: its page is archived.
  exec("UPDATE academy_projects SET status = 'declined' WHERE id = ?", {first_project_});
  plan = notion_plan();
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions.front().verb, "remove");
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  EXPECT_EQ(live_pages().size(), 2u);
  EXPECT_TRUE(notion_plan().actions.empty());
}

TEST_P(NotionTest, RateLimitsServerErrorsAndTimeoutsNeverDuplicateAPage) {
  connect();
  // 429 with Retry-After, a 500, a write that happened but answered 500
  // (partial success), and one that happened but answered too late.
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());  // (planning reads Notion too)
  control(R"({"fail": [{"status": 429, "retry_after": 7}, {"status": 500}],
              "fail_after_write": [500]})");
  worker_->drain_once();
  {
    auto reader = database().read();
    auto waiting = reader
                       ->query_one(
                           "SELECT not_before, last_error FROM outbox WHERE kind = "
                           "'notion' AND state = 'failed' ORDER BY id LIMIT 1")
                       .value();
    ASSERT_TRUE(waiting.has_value());
    EXPECT_GE(waiting->int64(0), clock_.now_seconds() + 7) << "Retry-After is honoured";
    EXPECT_NE(waiting->text(1).find("rate_limited"), std::string::npos) << waiting->text(1);
  }
  drain_all();
  control(R"({"delay_ms": 2500})");  // longer than the client's 1.5 s timeout
  exec(
      "UPDATE academy_projects SET title = '추천 시스템 스터디 (개정)' WHERE title = '추천 "
      "시스템 스터디'");
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  worker_->drain_once();
  EXPECT_EQ(notion_rows("failed"), 1) << "the timeout is retried";
  control(R"({"delay_ms": 0})");
  drain_all();
  EXPECT_EQ(notion_rows("done"), 4);
  EXPECT_EQ(notion_rows("dead"), 0);
  const boost::json::array pages = inspect().at("pages").as_array();
  EXPECT_EQ(pages.size(), 3u) << "one page per project, whatever failed on the way";
  std::set<std::int64_t> ids;
  for (const auto& page : pages)
    ids.insert(page.at("properties").at("moim ID").at("number").as_int64());
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(notion_plan().actions.empty());
}

TEST_P(NotionTest, ARefusalIsPermanentWithNotionsMessage) {
  connect();
  exec("DELETE FROM academy_projects WHERE title <> 'LLM 논문 읽기'");
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  control(R"({"fail": [{"status": 400, "code": "validation_error",
                        "message": "body failed validation: body.properties.Members"}]})");
  worker_->drain_once();
  EXPECT_EQ(notion_rows("dead"), 1);
  auto reader = database().read();
  auto error = reader->query_one("SELECT last_error FROM outbox WHERE kind = 'notion'").value();
  EXPECT_EQ(error->text(0),
            "Notion 400 validation_error: body failed validation: body.properties.Members");
  EXPECT_EQ(plans_->plan(organizer_, "lab", "7")->summary.failed, 1);
}

TEST_P(NotionTest, AutoApplyFlowsOutWhileTheCohortRuns) {
  connect();
  EXPECT_EQ(plans_->apply_due().value(), 0) << "off by default";
  ASSERT_TRUE(plans_->set_auto_apply(organizer_, "lab", true).ok());
  EXPECT_TRUE(plans_->auto_apply(organizer_, "lab").value());
  EXPECT_EQ(plans_->apply_due().value(), 3);
  EXPECT_EQ(plans_->apply_due().value(), 0);
  drain_all();
  EXPECT_EQ(live_pages().size(), 3u);
  EXPECT_EQ(plans_->plan(organizer_, "lab", "7")->summary.automatic, 3);
  // A closed cohort is left alone.
  exec(
      "UPDATE cohort_phases SET starts_at = starts_at - 400 * 86400, ends_at = ends_at - 400 * "
      "86400 WHERE cohort_id = ?",
      {cohort_id_});
  exec("INSERT INTO project_runners (project_id, user_id, placed_at) VALUES (?, ?, 0)",
       {first_project_, outsider_.user_id()});
  EXPECT_EQ(plans_->apply_due().value(), 0);
}

// Issue #20: while a project has no builders or members yet (recruiting),
// its empty columns go as `[]`: Notion refuses an empty text.content, and
// so does the stand-in.
TEST_P(NotionTest, ProjectsWithoutMembersGetTheirPages) {
  connect();
  exec("DELETE FROM project_runners");
  exec("DELETE FROM project_builders");
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 3);
  drain_all();
  EXPECT_EQ(notion_rows("done"), 3);
  EXPECT_EQ(notion_rows("dead"), 0);
  ASSERT_EQ(live_pages().size(), 3u);
  for (const auto& page : live_pages()) {
    EXPECT_TRUE(page.at("properties").at("Members").at("rich_text").as_array().empty());
    EXPECT_TRUE(page.at("properties").at("Builders").at("rich_text").as_array().empty());
  }
}

std::string long_description(int lines) {
  std::string text;
  for (int idx = 1; idx <= lines; ++idx) text += "line " + std::to_string(idx) + "\n";
  return text;
}

std::vector<std::string> body_texts(const boost::json::object& page) {
  std::vector<std::string> texts;
  for (const auto& block : page.at("children").as_array()) {
    const std::string type(block.at("type").as_string());
    std::string text;
    for (const auto& part : block.at(type).at("rich_text").as_array())
      text += part.at("plain_text").as_string();
    texts.push_back(text);
  }
  return texts;
}

// A body longer than Notion's 100 blocks per request: the page comes with
// the first 100, two appends carry the rest; a 4,500-character line is three
// text objects of one block.
TEST_P(NotionTest, ALongBodyGoesAHundredBlocksPerRequest) {
  connect();
  exec("DELETE FROM academy_projects WHERE id <> ?", {first_project_});
  exec("UPDATE academy_projects SET description = ? WHERE id = ?",
       {long_description(249) + std::string(4500, 'x'), first_project_});
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  EXPECT_EQ(notion_rows("done"), 1);
  const auto texts = body_texts(page_of(first_project_));
  ASSERT_EQ(texts.size(), 250u);
  EXPECT_EQ(texts[0], "line 1");
  EXPECT_EQ(texts[248], "line 249");
  EXPECT_EQ(texts[249], std::string(4500, 'x'));
  int appends = 0;
  for (const auto& line : requests()) appends += line.ends_with("/children") ? 1 : 0;
  EXPECT_EQ(appends, 2) << "100 with the page, then 100 and 50";
}

// The worker dies (here: Notion answers 500) after the page and the first
// append: the retry finds the page by its moim ID and appends from the first
// block it lacks, so the body has every line once, in order.
TEST_P(NotionTest, ABodyCutOffHalfWayIsCompletedOnTheRetry) {
  connect();
  exec("DELETE FROM academy_projects WHERE id <> ?", {first_project_});
  exec("UPDATE academy_projects SET description = ? WHERE id = ?",
       {long_description(250), first_project_});
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  control(R"({"fail_append": 2})");
  worker_->drain_once();
  EXPECT_EQ(notion_rows("failed"), 1);
  EXPECT_EQ(body_texts(page_of(first_project_)).size(), 200u);
  drain_all();
  EXPECT_EQ(notion_rows("done"), 1);
  EXPECT_EQ(inspect().at("pages").as_array().size(), 1u);
  const auto texts = body_texts(page_of(first_project_));
  ASSERT_EQ(texts.size(), 250u);
  for (int idx = 0; idx < 250; ++idx) EXPECT_EQ(texts[idx], "line " + std::to_string(idx + 1));
}

// Issue #20: Notion refuses to edit a page in the trash, even in the
// request that restores it: the connector restores first, on its own.
TEST_P(NotionTest, APageInTheTrashIsRestoredBeforeItsPropertiesChange) {
  connect();
  exec("DELETE FROM academy_projects WHERE id <> ?", {first_project_});
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  drain_all();
  const std::string page_id(page_of(first_project_).at("id").as_string());
  const boost::json::value trash = boost::json::object{{"in_trash", true}};
  ASSERT_EQ(client_->send(kToken, "PATCH", "/v1/pages/" + page_id, &trash).status, 200);
  exec("UPDATE academy_projects SET title = 'LLM 논문 읽기 (개정)' WHERE id = ?", {first_project_});
  const std::size_t before = requests().size();
  ASSERT_EQ(plans_->apply(organizer_, "lab", "7")->enqueued, 1);
  drain_all();
  EXPECT_EQ(notion_rows("dead"), 0);
  const auto page = page_of(first_project_);
  EXPECT_FALSE(page.at("in_trash").as_bool());
  EXPECT_EQ(page.at("properties").at("Name").at("title").at(0).at("plain_text").as_string(),
            "LLM 논문 읽기 (개정)");
  auto sent = requests();
  sent.erase(sent.begin(), sent.begin() + static_cast<std::ptrdiff_t>(before));
  const std::string path = "/v1/pages/" + page_id;
  std::vector<std::string> to_page;
  for (const auto& line : sent)
    if (line.ends_with(path)) to_page.push_back(line);
  EXPECT_EQ(to_page, (std::vector<std::string>{"GET " + path, "PATCH " + path, "PATCH " + path}))
      << "read, restore, then update";
}

// Notion 2025-09-03: a database with two data sources. The test says how
// many there are and which one moim writes to; pasting a data source's id
// instead of the database's picks that one, and the pages go there.
TEST_P(NotionTest, ADatabaseWithTwoDataSourcesIsDetectedAndOneCanBePicked) {
  control(R"({"add_data_source": "2025 archive"})");
  auto connected = notion_->connect(organizer_, "lab", {kToken, kDatabase});
  ASSERT_TRUE(connected.ok()) << connected.error().message;
  ASSERT_TRUE(connected->tested) << connected->check_message;
  EXPECT_EQ(connected->data_source_count, 2);
  EXPECT_EQ(connected->data_source_name, "moim projects") << "the database's first";
  EXPECT_NE(connected->check_message.find("of the data source 'moim projects' (one of 2)"),
            std::string::npos)
      << connected->check_message;

  const auto sources = inspect().at("data_sources").as_array();
  const std::string second(sources.at(1).at("id").as_string());
  auto picked = notion_->connect(organizer_, "lab", {kToken, second});
  ASSERT_TRUE(picked.ok()) << picked.error().message;
  ASSERT_TRUE(picked->tested) << picked->check_message;
  EXPECT_EQ(picked->data_source_id, second);
  EXPECT_EQ(picked->data_source_name, "2025 archive");
  EXPECT_EQ(picked->data_source_count, 2);
  const auto columns = inspect().at("data_sources").at(1).at("properties").as_object();
  EXPECT_TRUE(columns.contains("moim ID")) << "the test added moim's columns to that source";
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  drain_all();
  EXPECT_EQ(notion_rows("done"), 3);
  for (const auto& page : live_pages())
    EXPECT_EQ(page.at("parent").at("data_source_id").as_string(), second);
}

// A connection tested before moim spoke 2025-09-03 has no data source
// recorded: the first delivery finds it by testing again.
TEST_P(NotionTest, AConnectionFromBeforeDataSourcesFindsItsOwn) {
  connect();
  exec("UPDATE notion_connections SET data_source_id = '', data_source_count = 0");
  ASSERT_TRUE(plans_->apply(organizer_, "lab", "7").ok());
  drain_all();
  EXPECT_EQ(notion_rows("done"), 3);
  auto stored = find_connection(database(), community_id_).value().value();
  EXPECT_FALSE(stored.data_source_id.empty());
  EXPECT_EQ(stored.data_source_count, 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, NotionTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::automation::notion
