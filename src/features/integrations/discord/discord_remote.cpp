#include "features/integrations/discord/discord_remote.hpp"

#include <algorithm>
#include <cstdlib>

#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/discord_names.hpp"

namespace moim::discord {

namespace {

std::string text_of(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

RemoteChannel channel_from(const boost::json::value& item, const std::string& bot_id) {
  const auto& object = item.as_object();
  const auto* type = object.if_contains("type");
  RemoteChannel channel{text_of(object, "id"),
                        text_of(object, "name"),
                        type && type->is_int64() ? static_cast<int>(type->as_int64()) : -1,
                        text_of(object, "parent_id"),
                        !bot_id.empty() && has_bot_overwrite(item, bot_id),
                        {}};
  const auto* overwrites = object.if_contains("permission_overwrites");
  if (overwrites && overwrites->is_array()) {
    for (const auto& entry : overwrites->as_array()) {
      if (!entry.is_object()) continue;
      const auto& overwrite = entry.as_object();
      const auto* kind = overwrite.if_contains("type");
      if (!kind || !kind->is_int64() || kind->as_int64() != 1) continue;  // 1: a member
      const std::string allow = text_of(overwrite, "allow");
      const std::int64_t bits = allow.empty() ? 0 : std::strtoll(allow.c_str(), nullptr, 10);
      if ((bits & kViewChannel) != 0) channel.member_views.insert(text_of(overwrite, "id"));
    }
  }
  return channel;
}

}  // namespace

std::string read_remote(DiscordApi& api, const Connection& connection, Remote& remote) {
  const std::string guild = "/guilds/" + connection.guild_id;
  ApiAnswer me = api.call("GET", "/users/@me", nullptr, Auth::kBot, connection.bot_token);
  if (!me.ok() || !me.body.is_object()) return "reading the bot's user: " + me.describe();
  remote.bot_id = text_of(me.body.as_object(), "id");
  ApiAnswer roles = api.call("GET", guild + "/roles", nullptr, Auth::kBot, connection.bot_token);
  if (!roles.ok() || !roles.body.is_array()) return "reading roles: " + roles.describe();
  for (const auto& role : roles.body.as_array()) {
    if (role.is_object())
      remote.roles[text_of(role.as_object(), "id")] = text_of(role.as_object(), "name");
  }
  ApiAnswer channels =
      api.call("GET", guild + "/channels", nullptr, Auth::kBot, connection.bot_token);
  if (!channels.ok() || !channels.body.is_array())
    return "reading channels: " + channels.describe();
  for (const auto& item : channels.body.as_array()) {
    if (item.is_object()) remote.channels.push_back(channel_from(item, remote.bot_id));
  }
  remote.read = true;
  // Listing members needs the bot's Server Members intent; pages of 1000.
  std::string after = "0";
  for (int page = 0; page < 1000; ++page) {
    ApiAnswer members = api.call("GET", guild + "/members?limit=1000&after=" + after, nullptr,
                                 Auth::kBot, connection.bot_token);
    if (members.status == 403) {
      // No Server Members intent: roles and channels still plan; members not.
      remote.members_intent_off = true;
      return {};
    }
    if (!members.ok() || !members.body.is_array()) return "reading members: " + members.describe();
    const auto& list = members.body.as_array();
    for (const auto& item : list) {
      if (!item.is_object()) continue;
      const auto* user = item.as_object().if_contains("user");
      if (!user || !user->is_object()) continue;
      const std::string id = text_of(user->as_object(), "id");
      auto& held = remote.member_roles[id];
      if (const auto* roles_held = item.as_object().if_contains("roles");
          roles_held && roles_held->is_array()) {
        for (const auto& role : roles_held->as_array())
          if (role.is_string()) held.insert(std::string(role.as_string()));
      }
      after = id;
    }
    if (list.size() < 1000) break;
  }
  remote.members_read = true;
  return {};
}

std::string probe_recorded(DiscordApi& api, const Connection& connection,
                           const std::vector<std::string>& remote_ids, Remote& remote) {
  for (const auto& id : remote_ids) {
    if (remote.listed(id)) continue;
    ApiAnswer answer =
        api.call("GET", "/channels/" + id, nullptr, Auth::kBot, connection.bot_token);
    if (answer.ok() && answer.body.is_object()) {
      remote.channels.push_back(channel_from(answer.body, remote.bot_id));
    } else if (answer.status == 403) {
      remote.hidden.insert(id);
    } else if (answer.status == 404) {
      remote.gone.insert(id);
    } else {
      return "reading channel " + id + ": " + answer.describe();
    }
  }
  return {};
}

std::string PlanRecords::next_key(const std::string& prefix) const {
  auto found = finished.find(prefix);
  return prefix + ":" + std::to_string(found == finished.end() ? 0 : found->second);
}

bool PlanRecords::any_done(const std::string& prefix) const {
  // The keys "<prefix>:..." sort together, from the first one not below it.
  auto found = done_keys.lower_bound(prefix + ":");
  return found != done_keys.end() && found->starts_with(prefix + ":");
}

std::optional<std::string> PlanRecords::invite_key(const std::string& base,
                                                   std::int64_t now) const {
  int finished_count = 0;
  std::int64_t last_delivered = -1;
  // Another member's keys may sort between ours ("...:1", "...:12",
  // "...:1:1"): walk every key starting with `base` and skip theirs.
  for (auto found = invites.lower_bound(base);
       found != invites.end() && found->first.starts_with(base); ++found) {
    const std::string& key = found->first;
    if (key != base &&
        (!key.starts_with(base + ":") || key.find(':', base.size() + 1) != std::string::npos))
      continue;
    const auto& [state, delivered_at] = found->second;
    if (state != "done" && state != "dead" && state != "cancelled") return key;  // under way
    ++finished_count;
    if (state == "done") last_delivered = std::max(last_delivered, delivered_at);
  }
  if (finished_count == 0) return base;
  if (last_delivered < 0) return base;  // never delivered: applying it again is a no-op
  if (now - last_delivered < kInviteMaxAgeSeconds) return std::nullopt;
  return base + ":" + std::to_string(finished_count);
}

std::string resolve_channel(const PlanRecords& records, const Remote& remote,
                            const std::string& key, const std::string& name, int channel_type,
                            const std::string& parent_id) {
  auto found = records.recorded.find(key);
  if (!remote.read)
    return found == records.recorded.end() ? std::string() : found->second.remote_id;
  if (found != records.recorded.end() && !remote.gone.count(found->second.remote_id))
    return found->second.remote_id;
  for (const auto& channel : remote.channels)
    if (channel.name == name && channel.type == channel_type && channel.parent_id == parent_id &&
        !parent_id.empty())
      return channel.id;
  if (channel_type == kCategory) {
    for (const auto& channel : remote.channels)
      if (channel.name == name && channel.type == kCategory) return channel.id;
  }
  return {};
}

Result<PlanRecords> load_plan_records(db::Transaction& reader, std::int64_t community_id) {
  PlanRecords records;
  auto resources = reader.query(
      "SELECT resource_key, remote_id, name FROM discord_resources WHERE community_id = ?",
      {community_id});
  if (!resources) return resources.error();
  for (const auto& row : resources.value())
    records.recorded[row.text(0)] = {row.text(0), row.text(1), row.text(2)};
  auto outbox_rows = reader.query(
      "SELECT idempotency_key, state, COALESCE(delivered_at, 0) FROM outbox WHERE kind = "
      "'discord' AND community_id = ?",
      {community_id});
  if (!outbox_rows) return outbox_rows.error();
  for (const auto& row : outbox_rows.value()) {
    const std::string key = row.text(0);
    const std::string state = row.text(1);
    if (key.starts_with("discord.invite:")) records.invites[key] = {state, row.int64(2)};
    if (state == "done") records.done_keys.insert(key);
    if (state != "done" && state != "dead" && state != "cancelled") continue;
    const auto colon = key.rfind(':');
    if (colon != std::string::npos) ++records.finished[key.substr(0, colon)];
  }
  return records;
}

}  // namespace moim::discord
