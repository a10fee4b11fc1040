// The connector against the stand-in Discord: each thing is created once
// whatever goes wrong (429 with retry_after, 500s, answers lost to a timeout
// after the effect, partial success), channels are private to their role,
// and refusals (50013 Missing Permissions) end the row with a clear error.
#include "features/integrations/discord/discord_connector.hpp"

#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/testing/discord_fixture.hpp"

namespace moim::discord {
namespace {

class DiscordConnectorTest : public testing::DiscordFixture {
 protected:
  boost::json::object channel_payload(std::int64_t project_id, const std::string& title) {
    return {{"op", "ensure_channel"},           {"key", text_channel_key(project_id)},
            {"name", text_channel_name(title)}, {"type", kTextChannel},
            {"category_key", category_key(7)},  {"category_name", "10기"},
            {"role_key", role_key(project_id)}, {"role_name", role_name("10기", title)}};
  }
  int named(const boost::json::object& state, const char* list, const std::string& name) {
    int found = 0;
    for (const auto& item : state.at(list).as_array())
      if (item.as_object().at("name").as_string() == name) ++found;
    return found;
  }
};

TEST_P(DiscordConnectorTest, OnboardingCreatesEachThingOnceAndChannelsArePrivate) {
  standin_.add_member("500000000000000001", "minjun");
  auto worker = make_worker();
  // Two projects: both channels need the same category, and each the role
  // the member rows need too, whatever order the rows run in.
  enqueue("c1", channel_payload(11, "LLM 스터디"));
  enqueue("c2", channel_payload(12, "Paper Reading!"));
  enqueue("g1", {{"op", "give_role"},
                 {"role_key", role_key(11)},
                 {"role_name", role_name("10기", "LLM 스터디")},
                 {"discord_user_id", "500000000000000001"}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("c1"), "done");
  EXPECT_EQ(state_of("c2"), "done");
  EXPECT_EQ(state_of("g1"), "done");

  auto state = standin_.state();
  EXPECT_EQ(standin_.count("create_channel"), 3);  // one category, two channels
  EXPECT_EQ(standin_.count("create_role"), 2);
  EXPECT_EQ(named(state, "channels", "10기"), 1);
  EXPECT_EQ(named(state, "channels", "llm-스터디"), 1);
  EXPECT_EQ(named(state, "channels", "paper-reading"), 1);
  std::string role_id;
  for (const auto& role : state.at("roles").as_array())
    if (role.as_object().at("name").as_string() == "10기 · LLM 스터디")
      role_id = std::string(role.as_object().at("id").as_string());
  ASSERT_FALSE(role_id.empty());
  for (const auto& item : state.at("channels").as_array()) {
    const auto& channel = item.as_object();
    if (channel.at("name").as_string() != "llm-스터디") continue;
    const auto& overwrites = channel.at("permission_overwrites").as_array();
    ASSERT_EQ(overwrites.size(), 3u);
    EXPECT_EQ(overwrites[0].as_object().at("id").as_string(), testing::kGuildId);  // @everyone
    EXPECT_EQ(overwrites[0].as_object().at("deny").as_string(), "1024");           // VIEW_CHANNEL
    EXPECT_EQ(overwrites[1].as_object().at("id").as_string(), role_id);
    EXPECT_EQ(overwrites[1].as_object().at("allow").as_string(), "1024");
    // The bot's own member overwrite: view, invite, manage.
    EXPECT_EQ(overwrites[2].as_object().at("id").as_string(),
              state.at("bot").as_object().at("id").as_string());
    EXPECT_EQ(overwrites[2].as_object().at("type").as_int64(), 1);
    EXPECT_EQ(overwrites[2].as_object().at("allow").as_string(), std::to_string(kBotChannelAllow));
  }
  // So the bot, which is not Administrator, still sees its channels.
  auto listed =
      standin_.api().call("GET", std::string("/guilds/") + testing::kGuildId + "/channels", nullptr,
                          Auth::kBot, testing::kBotToken);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.body.as_array().size(), 3u);
  const auto& member = state.at("members").as_array()[0].as_object();
  ASSERT_EQ(member.at("roles").as_array().size(), 1u);
  EXPECT_EQ(member.at("roles").as_array()[0].as_string(), role_id);

  // Applying the same things again under new keys creates nothing more.
  enqueue("c1-again", channel_payload(11, "LLM 스터디"));
  deliver_all(*worker);
  EXPECT_EQ(state_of("c1-again"), "done");
  EXPECT_EQ(standin_.count("create_channel"), 3);
  EXPECT_EQ(standin_.count("create_role"), 2);
}

TEST_P(DiscordConnectorTest, RateLimitsServerErrorsTimeoutsAndPartialSuccessCreateOnce) {
  auto worker = make_worker(/*timeout_ms=*/700);
  // Every kind of trouble on the creating routes: a 429 (retry_after 1.5 s),
  // two 500s, an answer lost to our timeout after the channel was made, and
  // a 500 after the role was made.
  standin_.fault("rate_limit", 1, "/roles", "POST");
  standin_.fault("server_error", 2, "/channels", "POST");
  standin_.fault("partial", 1, "/roles", "POST");
  standin_.fault("slow", 1, "/channels", "POST", 1.5);
  enqueue("c1", channel_payload(11, "LLM 스터디"));
  deliver_all(*worker);
  EXPECT_EQ(state_of("c1"), "done");
  auto state = standin_.state();
  EXPECT_EQ(named(state, "channels", "10기"), 1);
  EXPECT_EQ(named(state, "channels", "llm-스터디"), 1);
  EXPECT_EQ(named(state, "roles", "10기 · LLM 스터디"), 1);
  EXPECT_GE(standin_.count("rate_limited"), 1);
  auto reader = database().read();
  auto attempts =
      reader->query_one("SELECT attempts FROM outbox WHERE idempotency_key = 'c1'").value();
  EXPECT_GT(attempts->int64(0), 1) << "the faults made it retry";
}

TEST_P(DiscordConnectorTest, RateLimitedRowWaitsForRetryAfter) {
  auto worker = make_worker();
  standin_.fault("rate_limit", 1, "/roles");
  enqueue("r1", {{"op", "ensure_role"}, {"key", role_key(11)}, {"name", "10기 · LLM"}});
  worker->drain_once();
  auto reader = database().read();
  auto row = reader
                 ->query_one(
                     "SELECT state, not_before, last_error FROM outbox WHERE "
                     "idempotency_key = 'r1'")
                 .value();
  EXPECT_EQ(row->text(0), "failed");
  // retry_after 1.5 s rounds up to 2 s at least; our backoff may be longer.
  EXPECT_GE(row->int64(1), clock_.now_seconds() + 2);
  EXPECT_NE(row->text(2).find("429"), std::string::npos) << row->text(2);
}

TEST_P(DiscordConnectorTest, MissingPermissionsIsPermanentAndSaysWhatToFix) {
  auto worker = make_worker();
  standin_.fault("forbidden", 1, "/roles");
  enqueue("r1", {{"op", "ensure_role"}, {"key", role_key(11)}, {"name", "10기 · LLM"}});
  worker->drain_once();
  const std::string state = state_of("r1");
  EXPECT_TRUE(state.starts_with("dead")) << state;
  EXPECT_NE(state.find("50013"), std::string::npos) << state;
  // The organizer's fix ("give the bot Manage Roles ...") comes from the
  // catalog (discord_errors_test checks its text).
  EXPECT_NE(state.find("[hint:discord_error_50013]"), std::string::npos) << state;
}

TEST_P(DiscordConnectorTest, ARecordedChannelTheBotCannotSeeFailsWithTheFixNotASecondChannel) {
  auto legacy = standin_.api().call(
      "POST", "/_standin/legacy_channel",
      boost::json::object{{"name", "llm-스터디"}, {"role_id", "123456789012345678"}}, Auth::kNone,
      "");
  ASSERT_TRUE(legacy.ok());
  {
    auto writer = database().write();
    ASSERT_TRUE(
        record_resource(
            *writer, community_id_,
            {text_channel_key(11), std::string(legacy.body.at("id").as_string()), "llm-스터디"}, 1)
            .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  enqueue("c1", channel_payload(11, "LLM 스터디"));
  deliver_all(*worker);
  const std::string state = state_of("c1");
  EXPECT_TRUE(state.starts_with("dead")) << state;
  EXPECT_NE(state.find("50001"), std::string::npos) << state;
  EXPECT_NE(state.find("[hint:discord_error_channel_hidden]"), std::string::npos) << state;
  EXPECT_EQ(named(standin_.state(), "channels", "llm-스터디"), 1);
}

TEST_P(DiscordConnectorTest, AnInviteToAPrivateChannelWorks) {
  std::int64_t user = 0;
  {
    auto writer = database().write();
    user = add_user(*writer, "away");
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  enqueue("c1", channel_payload(11, "LLM 스터디"));
  enqueue("i1", {{"op", "invite"}, {"user_id", user}, {"channel_key", text_channel_key(11)}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("i1"), "done");
  const auto state = standin_.state();
  ASSERT_EQ(state.at("invites").as_array().size(), 1u);
  EXPECT_EQ(state.at("invites").as_array()[0].as_object().at("max_age").as_int64(),
            kInviteMaxAgeSeconds);
}

TEST_P(DiscordConnectorTest, AnAnnouncementWhoseAnswerWasLostIsNotPostedAgainLater) {
  auto channel =
      standin_.api().call("POST", std::string("/guilds/") + testing::kGuildId + "/channels",
                          boost::json::object{{"name", "announcements"}, {"type", kTextChannel}},
                          Auth::kBot, testing::kBotToken);
  ASSERT_TRUE(channel.ok());
  {
    auto writer = database().write();
    ASSERT_TRUE(save_connection(*writer, *secrets_, community_id_,
                                {.mode = "bot",
                                 .bot_token = testing::kBotToken,
                                 .guild_id = testing::kGuildId,
                                 .announcements_channel_id =
                                     std::string(channel.body.as_object().at("id").as_string())},
                                organizer_, clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  // Posted, but the answer is lost (a 500 after the effect); the retry comes
  // after Discord stopped checking the nonce.
  standin_.fault("partial", 1, "/messages", "POST");
  enqueue("a1", {{"op", "announce"}, {"content", "10기 배정 발표"}, {"nonce", "moim-alloc-9"}});
  worker->drain_once();
  EXPECT_TRUE(state_of("a1").starts_with("failed")) << state_of("a1");
  standin_.post("/_standin/clock", {{"advance", 3600}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("a1"), "done");
  EXPECT_EQ(standin_.state().at("messages").as_array().size(), 1u);
  // The message id is recorded: the same announcement under another key is
  // not posted again either.
  {
    auto reader = database().read();
    auto recorded = find_resource(*reader, community_id_, "announce:moim-alloc-9");
    ASSERT_TRUE(recorded && recorded->has_value());
  }
  enqueue("a2", {{"op", "announce"}, {"content", "10기 배정 발표"}, {"nonce", "moim-alloc-9"}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("a2"), "done");
  EXPECT_EQ(standin_.state().at("messages").as_array().size(), 1u);
}

TEST_P(DiscordConnectorTest, TakingARoleFromSomeoneWhoLeftIsDone) {
  standin_.add_member("500000000000000001", "minjun");
  auto worker = make_worker();
  enqueue("g1", {{"op", "give_role"},
                 {"role_key", role_key(11)},
                 {"role_name", "10기 · LLM"},
                 {"discord_user_id", "500000000000000001"}});
  enqueue(
      "t1",
      {{"op", "take_role"}, {"role_key", role_key(11)}, {"discord_user_id", "500000000000000009"}});
  enqueue("g2", {{"op", "give_role"},
                 {"role_key", role_key(11)},
                 {"role_name", "10기 · LLM"},
                 {"discord_user_id", "500000000000000009"}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("g1"), "done");
  EXPECT_EQ(state_of("t1"), "done");
  EXPECT_TRUE(state_of("g2").starts_with("dead")) << "not on the server: " << state_of("g2");
  EXPECT_NE(state_of("g2").find("10007"), std::string::npos);
}

TEST_P(DiscordConnectorTest, ARoleDeletedByHandIsMadeAgainOnce) {
  standin_.add_member("500000000000000001", "minjun");
  standin_.add_member("500000000000000002", "jiho");
  auto worker = make_worker();
  const boost::json::object give{{"op", "give_role"},
                                 {"role_key", role_key(11)},
                                 {"role_name", "10기 · LLM"},
                                 {"discord_user_id", "500000000000000001"}};
  enqueue("g1", give);
  deliver_all(*worker);
  std::string role_id;
  {
    const auto state = standin_.state();
    for (const auto& role : state.at("roles").as_array())
      if (role.as_object().at("name").as_string() == "10기 · LLM")
        role_id = std::string(role.as_object().at("id").as_string());
  }
  ASSERT_FALSE(role_id.empty());
  ASSERT_TRUE(standin_.api()
                  .call("DELETE", std::string("/guilds/") + testing::kGuildId + "/roles/" + role_id,
                        nullptr, Auth::kBot, testing::kBotToken)
                  .ok());
  auto again = give;
  again["discord_user_id"] = "500000000000000002";
  enqueue("g2", again);
  deliver_all(*worker);
  EXPECT_EQ(state_of("g2"), "done");
  EXPECT_EQ(standin_.count("create_role"), 2);
  const auto state = standin_.state();
  EXPECT_EQ(named(state, "roles", "10기 · LLM"), 1);
}

TEST_P(DiscordConnectorTest, AnnouncementsGoToTheChannelOnceByNonce) {
  auto channel =
      standin_.api().call("POST", std::string("/guilds/") + testing::kGuildId + "/channels",
                          boost::json::object{{"name", "announcements"}, {"type", kTextChannel}},
                          Auth::kBot, testing::kBotToken);
  ASSERT_TRUE(channel.ok());
  const std::string channel_id(channel.body.as_object().at("id").as_string());
  {
    auto writer = database().write();
    ASSERT_TRUE(save_connection(*writer, *secrets_, community_id_,
                                {.mode = "bot",
                                 .bot_token = testing::kBotToken,
                                 .guild_id = testing::kGuildId,
                                 .announcements_channel_id = channel_id},
                                organizer_, clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  // The same announcement twice (as after a crash between Discord's answer
  // and our record): Discord keeps one message per nonce.
  enqueue("a1", {{"op", "announce"}, {"content", "10기 배정 발표"}, {"nonce", "moim-alloc-3"}});
  enqueue("a2", {{"op", "announce"}, {"content", "10기 배정 발표"}, {"nonce", "moim-alloc-3"}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("a1"), "done");
  EXPECT_EQ(state_of("a2"), "done");
  const auto state = standin_.state();
  ASSERT_EQ(state.at("messages").as_array().size(), 1u);
  EXPECT_EQ(state.at("messages").as_array()[0].as_object().at("channel_id").as_string(),
            channel_id);
}

TEST_P(DiscordConnectorTest, WebhookOnlyModeAnnouncesAndDoesNothingElse) {
  {
    auto writer = database().write();
    ASSERT_TRUE(save_connection(*writer, *secrets_, community_id_,
                                {.mode = "webhook",
                                 .webhook_url = standin_.base_url() + "/webhooks/123/abc-token"},
                                organizer_, clock_.now_seconds())
                    .ok());
    ASSERT_TRUE(writer->commit().ok());
  }
  auto worker = make_worker();
  enqueue("a1", {{"op", "announce"}, {"content", "10기 배정 결과 발표"}, {"nonce", "n1"}});
  enqueue("r1", {{"op", "ensure_role"}, {"key", role_key(11)}, {"name", "10기 · LLM"}});
  deliver_all(*worker);
  EXPECT_EQ(state_of("a1"), "done");
  EXPECT_TRUE(state_of("r1").starts_with("cancelled")) << state_of("r1");
  auto state = standin_.state();
  ASSERT_EQ(state.at("webhook_messages").as_array().size(), 1u);
  EXPECT_EQ(state.at("webhook_messages").as_array()[0].as_object().at("content").as_string(),
            "10기 배정 결과 발표");
  EXPECT_EQ(standin_.count("create_role"), 0);
}

TEST_P(DiscordConnectorTest, TokensAreSealedAtRest) {
  auto reader = database().read();
  auto row = reader->query_one("SELECT bot_token_sealed FROM discord_connections").value();
  EXPECT_EQ(row->text(0).find(testing::kBotToken), std::string::npos);
  EXPECT_TRUE(row->text(0).starts_with("v1."));
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordConnectorTest, moim::testing::AllDatabases(),
                         moim::testing::DatabaseName);

}  // namespace
}  // namespace moim::discord
