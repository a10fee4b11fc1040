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
// Permission bit VIEW_CHANNEL (1 << 10).
inline constexpr std::int64_t kViewChannel = 1 << 10;

std::string category_key(std::int64_t cohort_id);
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

// Cuts UTF-8 text to at most `bytes` without splitting a character.
std::string cut_utf8(const std::string& text, std::size_t bytes);

}  // namespace moim::discord
