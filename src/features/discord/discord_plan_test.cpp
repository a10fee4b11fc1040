// The plan for a cohort against the stand-in: what it would create, that
// applying it reaches the desired state (a second plan is empty), that drift
// on the server (a role removed by hand) shows up, and that drop-outs and a
// closed cohort lose their roles.
#include "features/discord/discord_plan.hpp"

#include "features/discord/testing/discord_fixture.hpp"

namespace moim::discord {
namespace {

class DiscordPlanTest : public testing::DiscordFixture {
 protected:
  void SetUp() override {
    DiscordFixture::SetUp();
    auto writer = database().write();
    cohort_id_ = writer
                     ->query_one(
                         "INSERT INTO cohorts (community_id, cohort_key, name, created_at, "
                         "updated_at) VALUES (?, '10', '10기', 1, 1) RETURNING id",
                         {community_id_})
                     .value()
                     ->int64(0);
    llm_ = add_project(*writer, "LLM 스터디", "approved");
    paper_ = add_project(*writer, "Paper Reading", "approved");
    add_project(*writer, "Declined idea", "declined");
    builder_ = add_user(*writer, "builder");
    runner_ = add_user(*writer, "runner");
    away_ = add_user(*writer, "away");
    unlinked_ = add_user(*writer, "unlinked");
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO project_builders (project_id, user_id, role, "
                              "invited_at, accepted_at) VALUES (?, ?, 'lead', 1, 1)",
                              {llm_, builder_})
                    .ok());
    for (auto [project, user] :
         {std::pair{llm_, runner_}, std::pair{paper_, away_}, std::pair{paper_, unlinked_}})
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO project_runners (project_id, user_id, placed_at) "
                                "VALUES (?, ?, 1)",
                                {project, user})
                      .ok());
    for (auto [user, discord] :
         {std::pair{builder_, "500000000000000001"}, std::pair{runner_, "500000000000000002"},
          std::pair{away_, "500000000000000003"}}) {
      ASSERT_TRUE(save_link(*writer, {user, discord, "u" + std::to_string(user), 1}).ok());
      ASSERT_TRUE(writer
                      ->execute("INSERT INTO memberships (community_id, user_id, stage, "
                                "joined_at) VALUES (?, ?, 'runner', 1)",
                                {community_id_, user})
                      .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
    // The builder and the runner are on the server; "away" is not.
    standin_.add_member("500000000000000001", "builder");
    standin_.add_member("500000000000000002", "runner");
  }

  std::int64_t add_project(db::Transaction& writer, const std::string& title,
                           const std::string& status) {
    return writer
        .query_one(
            "INSERT INTO academy_projects (community_id, cohort_id, title, kind, level, "
            "language, mode, weekday, start_time, duration_minutes, time_zone, starts_on, "
            "ends_on, min_runners, max_runners, status, created_at, updated_at) VALUES (?, ?, ?, "
            "'study', 'beginner', 'ko', 'online', 2, '20:00', 90, 'Asia/Seoul', '2026-03-01', "
            "'2026-05-01', 1, 10, ?, 1, 1) RETURNING id",
            {community_id_, cohort_id_, title, status})
        .value()
        ->int64(0);
  }

  automation::ServicePlan plan() {
    DiscordPlanSource source(database(), &*secrets_, {.base_url = standin_.base_url()});
    auto planned = source.plan(cohort_id_);
    EXPECT_TRUE(planned) << planned.error().message;
    return planned.value();
  }

  void apply(const automation::ServicePlan& plan) {
    auto writer = database().write();
    for (const auto& action : plan.actions)
      ASSERT_TRUE(automation::enqueue(*writer, action.message, clock_.now_seconds()).ok());
    ASSERT_TRUE(writer->commit().ok());
  }

  std::vector<std::string> summaries(const automation::ServicePlan& plan) {
    std::vector<std::string> out;
    for (const auto& action : plan.actions) out.push_back(action.verb + ": " + action.summary);
    return out;
  }

  std::int64_t cohort_id_ = 0, llm_ = 0, paper_ = 0;
  std::int64_t builder_ = 0, runner_ = 0, away_ = 0, unlinked_ = 0;
};

TEST_P(DiscordPlanTest, PlansTheCohortAppliesItAndThenHasNothingLeft) {
  const auto first = plan();
  EXPECT_TRUE(first.connected);
  EXPECT_EQ(first.remote_error, "");
  EXPECT_EQ(summaries(first),
            (std::vector<std::string>{
                "create: create the category '10기'",
                "create: create the role '10기 · LLM 스터디'",
                "create: create the private text channel 'llm-스터디' for '10기 · LLM 스터디'",
                "create: give the role '10기 · LLM 스터디' to builder",
                "create: give the role '10기 · LLM 스터디' to runner",
                "create: create the role '10기 · Paper Reading'",
                "create: create the private text channel 'paper-reading' for '10기 · Paper "
                "Reading'",
                "create: invite away to the server",
            }));
  // Planning twice gives the same keys: applying both changes nothing more.
  const auto again = plan();
  ASSERT_EQ(again.actions.size(), first.actions.size());
  for (std::size_t idx = 0; idx < first.actions.size(); ++idx)
    EXPECT_EQ(again.actions[idx].message.idempotency_key,
              first.actions[idx].message.idempotency_key);
  apply(first);
  apply(again);
  auto worker = make_worker();
  deliver_all(*worker);
  EXPECT_EQ(standin_.count("create_role"), 2);
  EXPECT_EQ(standin_.count("create_channel"), 3);
  EXPECT_EQ(standin_.count("add_member_role"), 2);
  EXPECT_EQ(standin_.count("create_invite"), 1);
  {
    // The invite went out as a mail through the email outbox.
    auto reader = database().read();
    auto mail =
        reader->query_one("SELECT target, payload FROM outbox WHERE kind = 'email'").value();
    ASSERT_TRUE(mail.has_value());
    EXPECT_EQ((*mail).text(0), "away@example.org");
    EXPECT_NE((*mail).text(1).find("https://discord.gg/inv000001"), std::string::npos);
  }

  const auto settled = plan();
  EXPECT_TRUE(settled.actions.empty()) << ::testing::PrintToString(summaries(settled));
  EXPECT_EQ(settled.in_sync, 7);  // category, 2 roles, 2 channels, 2 role holders
}

TEST_P(DiscordPlanTest, DriftDropOutsAndClosedCohortsShowUp) {
  apply(plan());
  auto worker = make_worker();
  deliver_all(*worker);
  // Someone removes the runner's role by hand.
  std::string role_id;
  const auto state = standin_.state();
  for (const auto& role : state.at("roles").as_array())
    if (role.as_object().at("name").as_string() == "10기 · LLM 스터디")
      role_id = std::string(role.as_object().at("id").as_string());
  ASSERT_TRUE(standin_.api()
                  .call("DELETE",
                        std::string("/guilds/") + testing::kGuildId +
                            "/members/500000000000000002/roles/" + role_id,
                        nullptr, Auth::kBot, testing::kBotToken)
                  .ok());
  auto drift = plan();
  ASSERT_EQ(summaries(drift),
            (std::vector<std::string>{"create: give the role '10기 · LLM 스터디' to runner"}));
  EXPECT_TRUE(drift.actions[0].message.idempotency_key.ends_with(":1"))
      << "a new key, since the first grant is done";
  apply(drift);
  deliver_all(*worker);
  EXPECT_TRUE(plan().actions.empty());

  // The builder drops out.
  {
    auto writer = database().write();
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO completion_results (cohort_id, project_id, user_id, "
                              "role, computed, outcome, updated_at) VALUES (?, ?, ?, 'builder', "
                              "'dropped', 'dropped', 1)",
                              {cohort_id_, llm_, builder_})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto dropped = plan();
  ASSERT_EQ(summaries(dropped),
            (std::vector<std::string>{"remove: take the role '10기 · LLM 스터디' from builder"}));
  apply(dropped);
  deliver_all(*worker);
  EXPECT_EQ(standin_.count("remove_member_role"), 2);  // the hand removal and this one

  // The cohort closes: everyone loses the project roles; nothing is created.
  {
    auto writer = database().write();
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO cohort_closures (cohort_id, closed_at) VALUES (?, 1)",
                              {cohort_id_})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto closed = plan();
  ASSERT_EQ(summaries(closed),
            (std::vector<std::string>{"remove: take the role '10기 · LLM 스터디' from runner"}));
}

TEST_P(DiscordPlanTest, APublishedAllocationIsAnnouncedOnce) {
  {
    auto writer = database().write();
    ASSERT_TRUE(save_connection(
                    *writer, *secrets_, community_id_,
                    {.mode = "webhook", .webhook_url = standin_.base_url() + "/webhooks/7/token"},
                    organizer_, clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer
                    ->execute("INSERT INTO allocation_runs (cohort_id, mode, seed, summary, "
                              "created_at, published_at) VALUES (?, 'stable', 1, '{}', 1, 2)",
                              {cohort_id_})
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  // Webhook-only mode: the announcement and nothing else.
  auto first = plan();
  ASSERT_EQ(summaries(first),
            (std::vector<std::string>{"create: announce the published allocation of 10기"}));
  apply(first);
  auto worker = make_worker();
  deliver_all(*worker);
  EXPECT_EQ(standin_.state().at("webhook_messages").as_array().size(), 1u);
  auto second = plan();
  EXPECT_TRUE(second.actions.empty());
  EXPECT_EQ(second.in_sync, 1);
}

TEST_P(DiscordPlanTest, AnUnreadableServerFallsBackToOurRecordsAndSaysSo) {
  standin_.fault("server_error", 1, "/roles");
  auto fallback = plan();
  EXPECT_NE(fallback.remote_error.find("500"), std::string::npos) << fallback.remote_error;
  EXPECT_FALSE(fallback.actions.empty());
}

TEST_P(DiscordPlanTest, NotConnectedMeansNoActions) {
  {
    auto writer = database().write();
    ASSERT_TRUE(delete_connection(*writer, community_id_).ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto nothing = plan();
  EXPECT_FALSE(nothing.connected);
  EXPECT_TRUE(nothing.actions.empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordPlanTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::discord
