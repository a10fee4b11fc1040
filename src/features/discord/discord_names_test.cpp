#include "features/discord/discord_names.hpp"

#include <gtest/gtest.h>

#include "features/discord/discord_api.hpp"

namespace moim::discord {
namespace {

TEST(DiscordNames, TextChannelsAreNamedAsDiscordStoresThem) {
  EXPECT_EQ(text_channel_name("LLM 스터디"), "llm-스터디");
  EXPECT_EQ(text_channel_name("Paper  Reading!"), "paper-reading");
  EXPECT_EQ(text_channel_name("  --  "), "project");
  EXPECT_EQ(role_name("10기", "LLM 스터디"), "10기 · LLM 스터디");
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
