// What moim calls things on a Discord server, computed the same way by the
// plan (to compare with what is there) and by the connector (to look a thing
// up by name before creating it).
#pragma once

#include <cstdint>
#include <string>

namespace moim::discord {

// Discord's limit for role and channel names.
inline constexpr std::size_t kMaxNameBytes = 100;

// Channel types (https://discord.com/developers/docs/resources/channel).
inline constexpr int kTextChannel = 0;
inline constexpr int kVoiceChannel = 2;
inline constexpr int kCategory = 4;
// Permission bits (https://discord.com/developers/docs/topics/permissions).
inline constexpr std::int64_t kCreateInstantInvite = 1 << 0;
inline constexpr std::int64_t kManageChannels = 1 << 4;
inline constexpr std::int64_t kViewChannel = 1 << 10;
// The bot's own member overwrite on every channel it creates: without it a
// bot that is not Administrator cannot see the private channel it just made
// (so the listing omits it, and invites to it fail). Manage Channels lets it
// rename or repair the channel later. Manage Permissions (MANAGE_ROLES) is
// not in it: a bot may only grant what it holds, and its role already holds
// Manage Roles for the whole server.
inline constexpr std::int64_t kBotChannelAllow =
    kViewChannel | kCreateInstantInvite | kManageChannels;

// Server limits Discord enforces.
inline constexpr int kMaxChannelsPerCategory = 50;  // 400, code 50035
inline constexpr int kMaxGuildChannels = 500;       // 400, code 30013 (categories count)
inline constexpr int kMaxGuildRoles = 250;          // 400, code 30005 (@everyone counts)
// Invites moim makes live this long (Discord's maximum max_age).
inline constexpr std::int64_t kInviteMaxAgeSeconds = 7 * 24 * 60 * 60;

std::string category_key(std::int64_t cohort_id);
// A cohort with more projects than one category holds is split: part 0 keeps
// category_key() (so a cohort that grows keeps its first category), part n
// is "cohort:7:category:<n+1>".
std::string category_part_key(std::int64_t cohort_id, int part);
// "7기" when the cohort fits in one category, else "7기 (1)", "7기 (2)", ...
std::string category_part_name(const std::string& cohort_name, int part, int parts);
// How many projects share a category: 50 channels, one or two per project.
int projects_per_category(bool voice_channels);
std::string role_key(std::int64_t project_id);
std::string text_channel_key(std::int64_t project_id);
std::string voice_channel_key(std::int64_t project_id);

// "10기 · LLM 스터디" (cut to 100 bytes on a character boundary).
std::string role_name(const std::string& cohort_name, const std::string& project_title);
std::string category_name(const std::string& cohort_name);
// Text channels as Discord stores them: lower case, spaces as '-', no
// punctuation but '-' and '_' ("LLM 스터디!" -> "llm-스터디").
std::string text_channel_name(const std::string& project_title);
std::string voice_channel_name(const std::string& project_title);

// Mentoring programs (pair_channels_plan.hpp): a category per program, split
// into parts of 50 channels like a cohort's ("mentoring:3:category",
// "mentoring:3:category:2", ...), and a private text channel per pair.
std::string program_category_key(std::int64_t program_id, int part);
std::string pair_channel_key(std::int64_t pair_id);  // "mentoring-pair:12:text"
// Both display names as a text channel name: "Kim Minjun", "이서연" ->
// "kim-minjun-이서연"; "pair" when neither has a letter Discord keeps.
std::string pair_channel_name(const std::string& mentor_name, const std::string& mentee_name);

// A webhook URL as Discord hands it out: discord.com (or discordapp.com,
// ptb.discord.com, canary.discord.com) /api[/vN]/webhooks/..., or one on
// the configured API base URL (the stand-in).
bool is_discord_webhook_url(const std::string& url, const std::string& api_base_url);

// Cuts UTF-8 text to at most `bytes` without splitting a character.
std::string cut_utf8(const std::string& text, std::size_t bytes);

}  // namespace moim::discord
