// kill -9 the outbox worker in the middle of onboarding a cohort onto the
// stand-in Discord, twice, restart it, and count on the stand-in: every
// category, role and channel exists exactly once (the connector looks up
// before it creates, so an effect whose answer was lost to the kill is found
// by name, not made again), and every member holds every role they should.

#include <filesystem>
#include <map>

#include "environment.hpp"
#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "features/integrations/testing/helper_process.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/crypto/secret_box.hpp"
#include "platform/outbox/outbox.hpp"
#include "worker_process.hpp"

namespace moim::integration {
namespace {

using automation::testing::HelperProcess;

class DiscordCrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DiscordCrashTest, KilledWorkersCreateEveryRoleAndChannelExactlyOnce) {
  crypto::initialise();
  constexpr int kProjects = 24;
  constexpr int kMembers = 3;
  const std::string guild = "900000000000000001";
  testing::TestDatabase database(GetParam());
  const std::string key_file =
      (std::filesystem::temp_directory_path() / ("moim_discord_key_" + testing::unique_suffix()))
          .string();
  auto secrets = crypto::SecretBox::load_or_create(key_file);
  ASSERT_TRUE(secrets) << secrets.error().message;
  // Each answer comes 30 ms after its effect: kills land in that window.
  HelperProcess standin(MOIM_SOURCE_DIR "/tests/standins/discord_standin.py",
                        {"--answer-delay-ms", "30", "--bucket-limit", "100000"});
  discord::DiscordApi control({.base_url = "http://127.0.0.1:" + std::to_string(standin.port())});
  for (int member = 0; member < kMembers; ++member)
    ASSERT_TRUE(control
                    .call("POST", "/_standin/members",
                          boost::json::object{{"id", "50000000000000000" + std::to_string(member)},
                                              {"username", "m" + std::to_string(member)}},
                          discord::Auth::kNone, "")
                    .ok());
  {
    auto writer = database.database().write();
    const std::int64_t now = static_cast<std::int64_t>(time(nullptr));
    const std::int64_t community =
        writer
            ->query_one(
                "INSERT INTO communities (slug, name, created_at, updated_at) VALUES "
                "('crash', '크래시 연구소', 1, 1) RETURNING id")
            .value()
            ->int64(0);
    ASSERT_TRUE(discord::save_connection(*writer, secrets.value(), community,
                                         {.mode = "bot",
                                          .bot_token = "standin-bot-token.moim-demo",
                                          .guild_id = guild,
                                          .guild_name = "Stand-in Guild"},
                                         std::nullopt, now)
                    .ok());
    for (int project = 1; project <= kProjects; ++project) {
      const std::string title = "프로젝트 " + std::to_string(project);
      const std::string role = discord::role_name("10기", title);
      ASSERT_TRUE(outbox::enqueue(*writer,
                                  {.kind = "discord",
                                   .target = guild,
                                   .payload = {{"op", "ensure_channel"},
                                               {"key", discord::text_channel_key(project)},
                                               {"name", discord::text_channel_name(title)},
                                               {"type", discord::kTextChannel},
                                               {"category_key", discord::category_key(10)},
                                               {"category_name", "10기"},
                                               {"role_key", discord::role_key(project)},
                                               {"role_name", role}},
                                   .idempotency_key = "channel:" + std::to_string(project),
                                   .community_id = community},
                                  now)
                      .ok());
      for (int member = 0; member < kMembers; ++member)
        ASSERT_TRUE(outbox::enqueue(*writer,
                                    {.kind = "discord",
                                     .target = guild,
                                     .payload = {{"op", "give_role"},
                                                 {"role_key", discord::role_key(project)},
                                                 {"role_name", role},
                                                 {"discord_user_id",
                                                  "50000000000000000" + std::to_string(member)}},
                                     .idempotency_key = "give:" + std::to_string(project) + ":" +
                                                        std::to_string(member),
                                     .community_id = community},
                                    now)
                        .ok());
    }
    ASSERT_TRUE(writer->commit().ok());
  }
  const int rows = kProjects * (1 + kMembers);
  const std::vector<std::string> flags{"--database",
                                       database.url(),
                                       "--web-root",
                                       MOIM_WEB_ROOT,
                                       "--secret-key-file",
                                       key_file,
                                       "--discord-api-url",
                                       "http://127.0.0.1:" + std::to_string(standin.port()),
                                       "--outbox-poll-ms",
                                       "100",
                                       "--outbox-concurrency",
                                       "4",
                                       "--outbox-backoff-base-ms",
                                       "200",
                                       "--outbox-backoff-max-ms",
                                       "1000"};
  auto state = [&] {
    return control.call("GET", "/_standin/state", nullptr, discord::Auth::kNone, "")
        .body.as_object();
  };
  auto effects = [&] {
    const auto all = state();
    const auto& counts = all.at("counts").as_object();
    std::int64_t total = 0;
    for (const auto& [name, count] : counts)
      if (name != "rate_limited") total += count.as_int64();
    return total;
  };
  auto done_rows = [&] {
    auto reader = database.database().read();
    return reader->query_one("SELECT COUNT(*) FROM outbox WHERE state = 'done'").value()->int64(0);
  };

  auto first = std::make_unique<WorkerProcess>("a", flags);
  ASSERT_TRUE(wait_until([&] { return effects() >= 20; }, 60'000)) << first->log();
  first->kill_hard();  // mid-onboarding: up to four requests in flight
  auto second = std::make_unique<WorkerProcess>("b", flags);
  ASSERT_TRUE(wait_until([&] { return effects() >= 60; }, 60'000)) << second->log();
  second->kill_hard();
  WorkerProcess third("c", flags);
  ASSERT_TRUE(wait_until([&] { return done_rows() == rows; }, 120'000)) << third.log();
  EXPECT_EQ(third.stop(), 0);

  const auto final_state = state();
  std::map<std::string, int> roles, channels;
  for (const auto& role : final_state.at("roles").as_array())
    ++roles[std::string(role.as_object().at("name").as_string())];
  for (const auto& channel : final_state.at("channels").as_array())
    ++channels[std::string(channel.as_object().at("name").as_string())];
  EXPECT_EQ(channels["10기"], 1);
  for (int project = 1; project <= kProjects; ++project) {
    const std::string title = "프로젝트 " + std::to_string(project);
    EXPECT_EQ(roles[discord::role_name("10기", title)], 1) << title;
    EXPECT_EQ(channels[discord::text_channel_name(title)], 1) << title;
  }
  // and @everyone and the bot's own role
  EXPECT_EQ(roles.size(), static_cast<std::size_t>(kProjects + 2));
  EXPECT_EQ(channels.size(), static_cast<std::size_t>(kProjects + 1));
  for (const auto& member : final_state.at("members").as_array())
    EXPECT_EQ(member.as_object().at("roles").as_array().size(),
              static_cast<std::size_t>(kProjects));
  const auto& counts = final_state.at("counts").as_object();
  EXPECT_EQ(counts.at("create_role").as_int64(), kProjects);
  EXPECT_EQ(counts.at("create_channel").as_int64(), kProjects + 1);
  auto reader = database.database().read();
  const auto interrupted =
      reader->query_one("SELECT COALESCE(SUM(interrupted), 0) FROM outbox").value()->int64(0);
  std::fprintf(stderr,
               "discord crash test: %d rows, %lld interrupted deliveries, every role and channel "
               "created once\n",
               rows, static_cast<long long>(interrupted));
  std::filesystem::remove(key_file);
}

INSTANTIATE_TEST_SUITE_P(Drivers, DiscordCrashTest, testing::AllDatabases(), testing::DatabaseName);

}  // namespace
}  // namespace moim::integration
