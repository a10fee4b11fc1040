// The plan for a cohort against the stand-in: what it would create, that
// applying it reaches the desired state (a second plan is empty), that drift
// on the server (a role removed by hand) shows up, and that drop-outs and a
// closed cohort lose their roles.
#include "features/integrations/discord/discord_plan.hpp"

#include <algorithm>

#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/testing/discord_fixture.hpp"

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
    DiscordPlanSource source(database(), clock_, &*secrets_, {.base_url = standin_.base_url()});
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

std::string notice_subject(const automation::ServicePlan& plan, const std::string& key) {
  for (const auto& notice : plan.notices)
    if (notice.key == key) return notice.subject.empty() ? "(none)" : notice.subject;
  return {};
}

// The "done when": with Discord's visibility rule on (the stand-in's
// default), three applies create each channel once, and the invite to the
// private channel works.
TEST_P(DiscordPlanTest, ApplyingThePlanThreeTimesCreatesEachChannelOnce) {
  auto worker = make_worker();
  for (int apply_number = 0; apply_number < 3; ++apply_number) {
    apply(plan());
    deliver_all(*worker);
  }
  EXPECT_EQ(standin_.count("create_channel"), 3);  // the category and two text channels
  EXPECT_EQ(standin_.count("create_role"), 2);
  EXPECT_EQ(standin_.count("create_invite"), 1);
  EXPECT_EQ(state_of("discord.invite:" + std::to_string(cohort_id_) + ":" + std::to_string(away_)),
            "done");
  // The bot sees its private channels: the listing shows them.
  auto listed =
      standin_.api().call("GET", std::string("/guilds/") + testing::kGuildId + "/channels", nullptr,
                          Auth::kBot, testing::kBotToken);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.body.as_array().size(), 3u);
  const auto settled = plan();
  EXPECT_TRUE(settled.actions.empty()) << ::testing::PrintToString(summaries(settled));
}

TEST_P(DiscordPlanTest, ARecordedChannelTheBotCannotSeeIsNeverPlannedAgain) {
  // A channel moim made before the bot had its own overwrite.
  auto legacy = standin_.api().call(
      "POST", "/_standin/legacy_channel",
      boost::json::object{{"name", "llm-스터디"}, {"role_id", "123456789012345678"}}, Auth::kNone,
      "");
  ASSERT_TRUE(legacy.ok());
  const std::string legacy_id(legacy.body.at("id").as_string());
  {
    auto writer = database().write();
    ASSERT_TRUE(record_resource(*writer, community_id_,
                                {text_channel_key(llm_), legacy_id, "llm-스터디"}, 1)
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  for (int apply_number = 0; apply_number < 3; ++apply_number) {
    const auto planned = plan();
    for (const auto& summary : summaries(planned))
      EXPECT_EQ(summary.find("text channel 'llm-스터디'"), std::string::npos) << summary;
    EXPECT_EQ(notice_subject(planned, "discord_notice_channel_hidden"), "llm-스터디");
    apply(planned);
    deliver_all(*worker);
  }
  EXPECT_EQ(standin_.count("create_channel"), 2);  // the category and paper-reading only
}

TEST_P(DiscordPlanTest, AChannelMadeBeforeTheFixGetsTheBotsOwnOverwrite) {
  // The bot was Administrator then, so it still sees the old channel.
  standin_.post("/_standin/bot", {{"permissions", std::to_string(1 << 3)}});
  auto legacy = standin_.api().call(
      "POST", "/_standin/legacy_channel",
      boost::json::object{{"name", "llm-스터디"}, {"role_id", "123456789012345678"}}, Auth::kNone,
      "");
  ASSERT_TRUE(legacy.ok());
  const std::string legacy_id(legacy.body.at("id").as_string());
  {
    auto writer = database().write();
    ASSERT_TRUE(record_resource(*writer, community_id_,
                                {text_channel_key(llm_), legacy_id, "llm-스터디"}, 1)
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  const auto planned = plan();
  const auto all = summaries(planned);
  EXPECT_NE(std::find(all.begin(), all.end(),
                      "update: give the bot its own access to the text channel 'llm-스터디'"),
            all.end())
      << ::testing::PrintToString(all);
  apply(planned);
  auto worker = make_worker();
  deliver_all(*worker);
  EXPECT_EQ(standin_.count("edit_overwrite"), 1);
  // Administrator taken away (the documented permissions only): still visible.
  standin_.post("/_standin/bot",
                {{"permissions",
                  std::to_string((1 << 28) | (1 << 4) | 1 | (1 << 10) | (1 << 11) | (1 << 16))}});
  auto seen =
      standin_.api().call("GET", "/channels/" + legacy_id, nullptr, Auth::kBot, testing::kBotToken);
  EXPECT_TRUE(seen.ok()) << seen.describe();
  const auto settled = plan();
  EXPECT_TRUE(settled.actions.empty()) << ::testing::PrintToString(summaries(settled));
  EXPECT_EQ(standin_.count("create_channel"), 2);  // the category and paper-reading
}

TEST_P(DiscordPlanTest, ACohortTooBigForOneCategoryIsSplitAndThePlanSaysSo) {
  std::int64_t last = 0;
  {
    auto writer = database().write();
    for (int number = 3; number <= 51; ++number)
      last = add_project(*writer, "Project " + std::to_string(number), "approved");
    ASSERT_TRUE(writer->commit().ok());
  }
  const auto planned = plan();
  const auto all = summaries(planned);
  EXPECT_EQ(all[0], "create: create the category '10기 (1)' (1 of 2: 50 channels per category)");
  EXPECT_EQ(all[1], "create: create the category '10기 (2)' (2 of 2: 50 channels per category)");
  EXPECT_EQ(notice_subject(planned, "discord_notice_category_split"), "10기 (1), 10기 (2)");
  std::string last_channel_category;
  for (const auto& action : planned.actions)
    if (action.message.payload.at("op").as_string() == "ensure_channel" &&
        action.message.payload.at("key").as_string() == text_channel_key(last))
      last_channel_category = std::string(action.message.payload.at("category_name").as_string());
  EXPECT_EQ(last_channel_category, "10기 (2)");
  apply(planned);
  auto worker = make_worker();
  deliver_all(*worker);
  // Every channel made, none refused for a full category.
  auto reader = database().read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM outbox WHERE state = 'dead'").value()->int64(0),
            0);
  EXPECT_EQ(standin_.count("create_channel"), 2 + 51);
}

TEST_P(DiscordPlanTest, ServerLimitsAreSaidBeforeApplyingNotLeftAsDeadRows) {
  // 498 channels: room for the category and one text channel of two.
  standin_.post("/_standin/fill", {{"channels", 498}});
  const auto planned = plan();
  EXPECT_EQ(notice_subject(planned, "discord_notice_limit_channels"), "paper-reading");
  for (const auto& summary : summaries(planned))
    EXPECT_EQ(summary.find("channel 'paper-reading'"), std::string::npos) << summary;
  apply(planned);
  auto worker = make_worker();
  deliver_all(*worker);
  auto reader = database().read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM outbox WHERE state = 'dead'").value()->int64(0),
            0);
}

TEST_P(DiscordPlanTest, TheRoleLimitIsSaidBeforeApplying) {
  // @everyone, the bot's role and 247 more: room for one project role.
  standin_.post("/_standin/fill", {{"roles", 247}});
  const auto planned = plan();
  EXPECT_EQ(notice_subject(planned, "discord_notice_limit_roles"), "10기 · Paper Reading");
  for (const auto& summary : summaries(planned))
    EXPECT_EQ(summary.find("Paper Reading"), std::string::npos) << summary;
}

TEST_P(DiscordPlanTest, AnExpiredInviteIsSentAgainToWhoeverHasNotJoined) {
  auto worker = make_worker();
  apply(plan());
  deliver_all(*worker);
  const std::string first_key =
      "discord.invite:" + std::to_string(cohort_id_) + ":" + std::to_string(away_);
  EXPECT_EQ(state_of(first_key), "done");
  // Within the week: the invite still works, nothing to send.
  clock_.advance(6 * 24 * 3600);
  EXPECT_TRUE(plan().actions.empty()) << ::testing::PrintToString(summaries(plan()));
  // A week after: it expired on Discord too, and "away" has not joined.
  clock_.advance(24 * 3600);
  standin_.post("/_standin/clock", {{"advance", 7 * 24 * 3600}});
  const auto again = plan();
  ASSERT_EQ(summaries(again), (std::vector<std::string>{"create: invite away to the server"}));
  EXPECT_EQ(again.actions[0].message.idempotency_key, first_key + ":1");
  apply(again);
  deliver_all(*worker);
  EXPECT_EQ(standin_.count("create_invite"), 2);  // a fresh link
  auto reader = database().read();
  EXPECT_EQ(reader->query_one("SELECT COUNT(*) FROM outbox WHERE kind = 'email'").value()->int64(0),
            2);
  // Once they joined, no more invites: their role instead.
  standin_.add_member("500000000000000003", "away");
  clock_.advance(8 * 24 * 3600);
  EXPECT_EQ(summaries(plan()),
            (std::vector<std::string>{"create: give the role '10기 · Paper Reading' to away"}));
}

TEST_P(DiscordPlanTest, WithoutTheServerMembersIntentThePlanSaysHowToTurnItOn) {
  standin_.post("/_standin/intent", {{"members", false}});
  const auto planned = plan();
  EXPECT_FALSE(notice_subject(planned, "discord_notice_members_unread").empty());
  for (const auto& summary : summaries(planned))
    EXPECT_EQ(summary.find("invite"), std::string::npos) << summary;
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordPlanTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::discord
