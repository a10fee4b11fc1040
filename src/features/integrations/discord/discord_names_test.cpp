#include "features/integrations/discord/discord_names.hpp"

#include <gtest/gtest.h>

#include "features/integrations/discord/discord_api.hpp"

namespace moim::discord {
namespace {

TEST(DiscordNames, TextChannelsAreNamedAsDiscordStoresThem) {
  EXPECT_EQ(text_channel_name("LLM 스터디"), "llm-스터디");
  EXPECT_EQ(text_channel_name("Paper  Reading!"), "paper-reading");
  EXPECT_EQ(text_channel_name("  --  "), "project");
  EXPECT_EQ(role_name("10기", "LLM 스터디"), "10기 · LLM 스터디");
}

TEST(DiscordNames, ACohortTooBigForOneCategoryIsSplitInNumberedParts) {
  EXPECT_EQ(projects_per_category(false), 50);
  EXPECT_EQ(projects_per_category(true), 25);  // a text and a voice channel each
  EXPECT_EQ(category_part_name("7기", 0, 1), "7기");
  EXPECT_EQ(category_part_name("7기", 0, 2), "7기 (1)");
  EXPECT_EQ(category_part_name("7기", 1, 2), "7기 (2)");
  // The first part keeps the key a cohort had before it grew.
  EXPECT_EQ(category_part_key(7, 0), category_key(7));
  EXPECT_EQ(category_part_key(7, 1), "cohort:7:category:2");
  EXPECT_LE(category_part_name(std::string(120, 'x'), 1, 2).size(), kMaxNameBytes);
}

TEST(DiscordNames, WebhookUrlsOfEveryDiscordClientAreAccepted) {
  EXPECT_TRUE(is_discord_webhook_url("https://discord.com/api/webhooks/1/abc", ""));
  EXPECT_TRUE(is_discord_webhook_url("https://discordapp.com/api/webhooks/1/abc", ""));
  EXPECT_TRUE(is_discord_webhook_url("https://ptb.discord.com/api/webhooks/1/abc", ""));
  EXPECT_TRUE(is_discord_webhook_url("https://canary.discord.com/api/webhooks/1/abc", ""));
  EXPECT_TRUE(is_discord_webhook_url("https://discord.com/api/v10/webhooks/1/abc", ""));
  EXPECT_TRUE(is_discord_webhook_url("http://127.0.0.1:9/webhooks/1/abc", "http://127.0.0.1:9"));
  EXPECT_FALSE(is_discord_webhook_url("https://example.org/api/webhooks/1/abc", ""));
  EXPECT_FALSE(is_discord_webhook_url("https://evil.discord.com.example/api/webhooks/1", ""));
  EXPECT_FALSE(is_discord_webhook_url("https://discord.com/api/webhooks/", ""));
  EXPECT_FALSE(is_discord_webhook_url("https://discord.com/api/users/@me", ""));
  EXPECT_FALSE(is_discord_webhook_url("http://discord.com/api/webhooks/1/abc", ""));
}

TEST(DiscordNames, LongNamesAreCutOnACharacterBoundary) {
  std::string title;
  for (int idx = 0; idx < 60; ++idx) title += "가";  // 3 bytes each
  const std::string role = role_name("10기", title);
  EXPECT_LE(role.size(), kMaxNameBytes);
  EXPECT_EQ(cut_utf8("가나다", 4), "가");
  EXPECT_EQ(cut_utf8("abc", 10), "abc");
}

TEST(DiscordNames, BucketsKeepTheMajorParameter) {
  EXPECT_EQ(bucket_route("PUT", "/guilds/1/members/22/roles/33"),
            "PUT /guilds/1/members/:id/roles/:id");
  EXPECT_EQ(bucket_route("POST", "/channels/9/messages"), "POST /channels/9/messages");
  EXPECT_EQ(bucket_route("GET", "/guilds/1/members?limit=1000&after=5"), "GET /guilds/1/members");
}

}  // namespace
}  // namespace moim::discord
