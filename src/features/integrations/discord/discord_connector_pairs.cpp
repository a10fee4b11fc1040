// The connector's two operations for mentoring pairs (pair_channels_plan.hpp):
// a text channel private to named members rather than to a role — a pair
// is two people, and a role per pair would spend the server's 250 roles on
// a program of a hundred pairs — and one more member let into it later.
//
// Member overwrites go only to people already on the server (the plan sees
// to that): an overwrite written for someone who has not joined is accepted
// by Discord but may not take effect when they join
// (discord/discord-api-docs#2856), so they are invited first and let in by
// a later plan, once they are there.
#include <boost/json/array.hpp>

#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/discord_names.hpp"

namespace moim::discord {

using automation::Delivery;

namespace {

std::string text_field(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

Delivery DiscordConnector::ensure_member_channel(const Connection& connection,
                                                 const boost::json::object& payload) {
  const std::string key = text_field(payload, "key");
  const std::string name = text_field(payload, "name");
  const auto* members = payload.if_contains("members");
  if (key.empty() || name.empty() || text_field(payload, "category_key").empty() ||
      text_field(payload, "category_name").empty() || !members || !members->is_array())
    return Delivery::permanent(
        "ensure_member_channel: payload lacks key, name, category or members");
  Ensured category = ensure_category(connection, text_field(payload, "category_key"),
                                     text_field(payload, "category_name"));
  if (category.failure) return *category.failure;
  Ensured bot = bot_user(connection);
  if (bot.failure) return *bot.failure;
  // @everyone (the guild's id) may not see it; each member and the bot may,
  // through their own member overwrites (type 1).
  boost::json::array overwrites{
      {{"id", connection.guild_id}, {"type", 0}, {"allow", 0}, {"deny", kViewChannel}}};
  for (const auto& member : members->as_array()) {
    if (!member.is_string() || !is_snowflake(std::string(member.as_string())))
      return Delivery::permanent("ensure_member_channel: a member is not a Discord user id");
    if (member.as_string() == bot.id) continue;
    overwrites.push_back(
        {{"id", member.as_string()}, {"type", 1}, {"allow", kViewChannel}, {"deny", 0}});
  }
  overwrites.push_back({{"id", bot.id}, {"type", 1}, {"allow", kBotChannelAllow}, {"deny", 0}});
  Ensured channel = ensure(connection, key, name, kTextChannel,
                           {{"name", name},
                            {"type", kTextChannel},
                            {"parent_id", category.id},
                            {"permission_overwrites", std::move(overwrites)}},
                           category.id);
  if (channel.failure) return *channel.failure;
  // Found rather than made (after a crash, or made by hand): the bot's own
  // way in first; members missing from it are the next plan's allow_member.
  if (auto failure = repair_channel(connection, channel)) return *failure;
  return Delivery::done("channel " + channel.id);
}

Delivery DiscordConnector::allow_member(const Connection& connection,
                                        const boost::json::object& payload) {
  const std::string member = text_field(payload, "discord_user_id");
  if (!is_snowflake(member))
    return Delivery::permanent("allow_member: payload lacks discord_user_id");
  std::string channel_id;
  {
    auto reader = database_.read();
    if (!reader) return Delivery::retry(reader.error().message);
    auto found =
        find_resource(*reader, connection.community_id, text_field(payload, "channel_key"));
    if (!found) return Delivery::retry(found.error().message);
    // The channel's own row comes first in the same plan; wait for it.
    if (!found->has_value()) return Delivery::retry("the pair's channel does not exist yet");
    channel_id = (*found)->remote_id;
  }
  // PUT replaces this member's overwrite only: repeating it is harmless.
  ApiAnswer answer =
      api_.call("PUT", "/channels/" + channel_id + "/permissions/" + member,
                boost::json::object{{"type", 1}, {"allow", kViewChannel}, {"deny", 0}}, Auth::kBot,
                connection.bot_token);
  if (answer.ok()) return Delivery::done("member " + member + " sees channel " + channel_id);
  if (answer.status == 403 && answer.code == 50001)
    return Delivery::permanent("letting a member into channel " + channel_id + ": " +
                               answer.describe() + hint_marker("discord_error_channel_hidden"));
  return classify_failure(answer, "letting a member into channel " + channel_id,
                          Operation::kChannel);
}

}  // namespace moim::discord
