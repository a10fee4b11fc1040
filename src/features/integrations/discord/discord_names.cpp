#include "features/integrations/discord/discord_names.hpp"

namespace moim::discord {

std::string category_key(std::int64_t cohort_id) {
  return "cohort:" + std::to_string(cohort_id) + ":category";
}
std::string category_part_key(std::int64_t cohort_id, int part) {
  if (part == 0) return category_key(cohort_id);
  return category_key(cohort_id) + ":" + std::to_string(part + 1);
}
std::string category_part_name(const std::string& cohort_name, int part, int parts) {
  if (parts <= 1) return category_name(cohort_name);
  const std::string suffix = " (" + std::to_string(part + 1) + ")";
  return cut_utf8(cohort_name, kMaxNameBytes - suffix.size()) + suffix;
}
int projects_per_category(bool voice_channels) {
  return kMaxChannelsPerCategory / (voice_channels ? 2 : 1);
}
std::string role_key(std::int64_t project_id) {
  return "project:" + std::to_string(project_id) + ":role";
}
std::string text_channel_key(std::int64_t project_id) {
  return "project:" + std::to_string(project_id) + ":text";
}
std::string voice_channel_key(std::int64_t project_id) {
  return "project:" + std::to_string(project_id) + ":voice";
}

std::string cut_utf8(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  // Step back over continuation bytes (10xxxxxx) to a character start.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string role_name(const std::string& cohort_name, const std::string& project_title) {
  return cut_utf8(cohort_name + " · " + project_title, kMaxNameBytes);
}

std::string category_name(const std::string& cohort_name) {
  return cut_utf8(cohort_name, kMaxNameBytes);
}

namespace {

// Lower case, spaces as '-', no punctuation but '-' and '_'; may be empty.
std::string channel_slug(const std::string& text) {
  std::string out;
  for (char raw : text) {
    const auto ch = static_cast<unsigned char>(raw);
    if (ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || ch == '_') {
      out += raw;
    } else if (ch >= 'A' && ch <= 'Z') {
      out += static_cast<char>(ch - 'A' + 'a');
    } else if ((ch == ' ' || ch == '-' || ch == '\t') && !out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

std::string text_channel_name(const std::string& project_title) {
  const std::string slug = channel_slug(project_title);
  return slug.empty() ? "project" : cut_utf8(slug, kMaxNameBytes);
}

std::string program_category_key(std::int64_t program_id, int part) {
  const std::string key = "mentoring:" + std::to_string(program_id) + ":category";
  return part == 0 ? key : key + ":" + std::to_string(part + 1);
}

std::string pair_channel_key(std::int64_t pair_id) {
  return "mentoring-pair:" + std::to_string(pair_id) + ":text";
}

std::string pair_channel_name(const std::string& mentor_name, const std::string& mentee_name) {
  const std::string mentor = channel_slug(mentor_name);
  const std::string mentee = channel_slug(mentee_name);
  std::string both = mentor.empty() || mentee.empty() ? mentor + mentee : mentor + "-" + mentee;
  if (both.empty()) both = "pair";
  // A cut may end on a '-': Discord would keep it, but it reads badly.
  both = cut_utf8(both, kMaxNameBytes);
  while (both.size() > 1 && both.back() == '-') both.pop_back();
  return both;
}

std::string voice_channel_name(const std::string& project_title) {
  return cut_utf8(project_title, kMaxNameBytes);
}

bool is_discord_webhook_url(const std::string& url, const std::string& api_base_url) {
  // discord.com and its PTB and Canary clients' hosts, with or without an
  // API version (Discord copies https://discord.com/api/webhooks/...).
  for (const char* host : {"https://discord.com/api/", "https://discordapp.com/api/",
                           "https://ptb.discord.com/api/", "https://canary.discord.com/api/"}) {
    if (!url.starts_with(host)) continue;
    std::string rest = url.substr(std::string(host).size());
    if (rest.starts_with("v") && rest.find('/') != std::string::npos) {
      const std::string version = rest.substr(1, rest.find('/') - 1);
      if (!version.empty() && version.find_first_not_of("0123456789") == std::string::npos)
        rest = rest.substr(rest.find('/') + 1);
    }
    return rest.starts_with("webhooks/") && rest.size() > 9;
  }
  return !api_base_url.empty() && url.starts_with(api_base_url + "/webhooks/");
}

}  // namespace moim::discord
