// A cohort's Discord plan through the real server and its outbox worker,
// against the stand-in with Discord's current rules (a listing omits the
// channels the bot cannot view): applying the plan three times creates each
// channel exactly once, the invite to a private project channel works, and
// a channel moim made before it gave the bot its own overwrite — hidden from
// the bot now — is never made again; the plan tells the organizer to fix it
// by hand, in their language.
#include <chrono>
#include <filesystem>
#include <thread>

#include "environment.hpp"
#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/testing/helper_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

constexpr const char* kGuild = "900000000000000001";
constexpr const char* kBotToken = "standin-bot-token.moim-demo";

class DiscordPlanHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(GetParam());
    standin_ =
        std::make_unique<HelperProcess>(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py",
                                        std::vector<std::string>{"--bucket-limit", "100000"});
    key_file_ = (std::filesystem::temp_directory_path() /
                 ("moim_discord_plan_key_" + testing::unique_suffix()))
                    .string();
    std::string output;
    ASSERT_EQ(run_moim({"user", "create", "--database", database_->url(), "--email",
                        "admin@dp.example", "--name", "Admin", "--password", kPassword, "--admin"},
                       &output),
              0)
        << output;
    server_ = std::make_unique<MoimProcess>(
        database_->url(),
        std::vector<std::string>{"--secret-key-file", key_file_, "--discord-api-url", standin_url(),
                                 "--outbox-poll-ms", "100"});
    admin_ = std::make_unique<Client>(server_->base_url());
    builder_ = std::make_unique<Client>(server_->base_url());
    away_ = std::make_unique<Client>(server_->base_url());
    ASSERT_EQ(
        admin_
            ->json("POST", "/api/v1/auth/login",
                   R"({"email":"admin@dp.example","password":")" + std::string(kPassword) + "\"}")
            .status,
        200);
    ASSERT_EQ(
        admin_->json("POST", "/api/v1/communities", R"({"slug":"dp-lab","name":"디스코드 계획"})")
            .status,
        201);
    builder_id_ = sign_up_and_log_in(*builder_, "builder@dp.example", "김빌더");
    away_id_ = sign_up_and_log_in(*away_, "away@dp.example", "이러너");
    for (Client* person : {builder_.get(), away_.get()})
      ASSERT_EQ(person->json("POST", "/api/v1/communities/dp-lab/membership").status, 201);
    seed();
    // The builder is on the server; the runner is not (an invite).
    Client control(standin_url());
    ASSERT_EQ(control
                  .json("POST", "/_standin/members",
                        R"({"id":"500000000000000001","username":"builder"})")
                  .status,
              200);
    auto connected = admin_->json("PUT", "/api/v1/communities/dp-lab/discord",
                                  R"({"mode":"bot","bot_token":")" + std::string(kBotToken) +
                                      R"(","guild_id":")" + kGuild + "\"}");
    ASSERT_EQ(connected.status, 200) << connected.body;
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove(key_file_);
  }

  std::string standin_url() const { return "http://127.0.0.1:" + std::to_string(standin_->port()); }

  void seed() {
    const std::int64_t now = static_cast<std::int64_t>(time(nullptr));
    auto writer = database_->database().write();
    const std::int64_t community =
        writer->query_one("SELECT id FROM communities WHERE slug = 'dp-lab'").value()->int64(0);
    cohort_id_ = writer
                     ->query_one(
                         "INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                         "updated_at) VALUES (?, '7', '7기', ?, ?) RETURNING id",
                         {community, now, now})
                     .value()
                     ->int64(0);
    for (int idx = 0; idx < 3; ++idx) {
      projects_.push_back(
          writer
              ->query_one(
                  "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, "
                  "language, mode, weekday, start_time, duration_minutes, time_zone, starts_on, "
                  "ends_on, min_runners, max_runners, status, created_at, updated_at) VALUES (?, "
                  "?, ?, 'study', 'beginner', 'ko', 'online', 2, '19:30', 120, 'Asia/Seoul', "
                  "'2026-03-02', '2026-05-25', 1, 10, 'approved', ?, ?) RETURNING id",
                  {community, cohort_id_, "스터디 " + std::to_string(idx + 1), now, now})
              .value()
              ->int64(0));
    }
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_builders (project_id, user_id, role, "
                              "invited_at, accepted_at) VALUES (?, ?, 'lead', ?, ?)",
                              {projects_[0], builder_id_, now, now})
                    .ok());
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                              "VALUES (?, ?, ?)",
                              {projects_[1], away_id_, now})
                    .ok());
    for (auto [user, discord] :
         {std::pair{builder_id_, "500000000000000001"}, std::pair{away_id_, "500000000000000002"}})
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO discord_links (user_id, discord_user_id, "
                                "discord_username, linked_at) VALUES (?, ?, ?, ?)",
                                {user, std::string(discord), "u" + std::to_string(user), now})
                      .ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  std::int64_t count(const std::string& sql) {
    auto reader = database_->database().read();
    return reader->query_one(sql).value()->int64(0);
  }

  // Applies the cohort's plan through the API and waits for the worker.
  void apply_and_wait() {
    auto applied = admin_->json("POST", "/api/v1/communities/dp-lab/cohorts/7/plan/apply");
    ASSERT_EQ(applied.status / 100, 2) << applied.body;
    for (int tries = 0; tries < 300; ++tries) {
      if (count("SELECT COUNT(*) FROM outbox WHERE kind = 'discord' AND state IN ('pending', "
                "'failed', 'delivering')") == 0)
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the Discord rows did not finish";
  }

  boost::json::object discord_plan() {
    auto planned = admin_->json("GET", "/api/v1/communities/dp-lab/cohorts/7/plan");
    EXPECT_EQ(planned.status, 200) << planned.body;
    auto body = parse_object(planned.body);
    for (auto& service : body["plan"].as_object()["services"].as_array())
      if (service.as_object()["service"].as_string() == "discord") return service.as_object();
    ADD_FAILURE() << "no discord service in the plan: " << planned.body;
    return {};
  }

  boost::json::object standin_counts() {
    Client control(standin_url());
    return parse_object(control.get("/_standin/state").body)["counts"].as_object();
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<HelperProcess> standin_;
  std::unique_ptr<MoimProcess> server_;
  std::unique_ptr<Client> admin_, builder_, away_;
  std::int64_t builder_id_ = 0, away_id_ = 0, cohort_id_ = 0;
  std::vector<std::int64_t> projects_;
  std::string key_file_;
};

TEST_P(DiscordPlanHttpTest, ApplyingThreeTimesCreatesEachChannelOnceAndInvitesWork) {
  for (int round = 0; round < 3; ++round) apply_and_wait();
  auto counts = standin_counts();
  EXPECT_EQ(counts["create_channel"].as_int64(), 1 + 3);  // the category and three channels
  EXPECT_EQ(counts["create_role"].as_int64(), 3);
  EXPECT_EQ(counts["create_invite"].as_int64(), 1);  // on the runner's private channel
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'discord' AND state <> 'done'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE kind = 'email' AND idempotency_key LIKE "
                  "'mail:discord.invite:%'"),
            1);
  auto settled = discord_plan();
  EXPECT_TRUE(settled["actions"].as_array().empty()) << boost::json::serialize(settled);
  EXPECT_TRUE(settled["notices"].as_array().empty()) << boost::json::serialize(settled);
  // Each apply is audited for the cohort: who applied how many actions (issue #16).
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.plan_applied' AND "
                  "cohort_id = " +
                  std::to_string(cohort_id_) +
                  " AND actor_id IS NOT NULL AND detail LIKE '%\"automatic\":false%'"),
            3);
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cohort.plan_applied' AND "
                  "cohort_id = " +
                  std::to_string(cohort_id_) + " AND detail NOT LIKE '%\"enqueued\":0,%'"),
            1);
}

TEST_P(DiscordPlanHttpTest, AHiddenOldChannelIsNeverMadeAgainAndThePlanSaysWhatToFix) {
  // Made (and recorded) before moim gave the bot its own overwrite.
  Client control(standin_url());
  auto legacy = control.json("POST", "/_standin/legacy_channel",
                             R"({"name":"스터디-1","role_id":"123456789012345678"})");
  ASSERT_EQ(legacy.status, 200);
  {
    auto writer = database_->database().write();
    const std::int64_t community =
        writer->query_one("SELECT id FROM communities WHERE slug = 'dp-lab'").value()->int64(0);
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO discord_resources (community_id, resource_key, "
                              "remote_id, name, created_at) VALUES (?, ?, ?, '스터디-1', 1)",
                              {community, discord::text_channel_key(projects_[0]),
                               std::string(parse_object(legacy.body)["id"].as_string())})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  for (int round = 0; round < 3; ++round) apply_and_wait();
  EXPECT_EQ(standin_counts()["create_channel"].as_int64(), 1 + 2);  // not 스터디-1 again
  auto planned = discord_plan();
  ASSERT_EQ(planned["notices"].as_array().size(), 1u) << boost::json::serialize(planned);
  EXPECT_EQ(planned["notices"].as_array()[0].as_object()["key"].as_string(),
            "discord_notice_channel_hidden");
  auto page = admin_->get("/c/dp-lab/automation/plan?cohort=7");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-testid=\"plan-notices\""), std::string::npos);
  EXPECT_NE(page.body.find("스터디-1"), std::string::npos);
  // The plan's items in the page's language (issue #12).
  EXPECT_EQ(page.body.find("create the "), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("give the "), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordPlanHttpTest, testing::AllDatabases(),
                         testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
