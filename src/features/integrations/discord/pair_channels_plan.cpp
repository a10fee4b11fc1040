#include "features/integrations/discord/pair_channels_plan.hpp"

#include <map>
#include <optional>
#include <set>

#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/discord_remote.hpp"

namespace moim::discord {

using automation::PlannedAction;
using automation::ServicePlan;

namespace {

using Args = std::vector<std::pair<std::string, std::string>>;

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

void add(ServicePlan& plan, const Connection& connection, std::string verb, std::string summary,
         std::string key, boost::json::object payload, std::string summary_key, Args args) {
  PlannedAction action;
  action.verb = std::move(verb);
  action.summary = std::move(summary);
  action.summary_key = std::move(summary_key);
  action.summary_args = std::move(args);
  action.message.kind = "discord";
  action.message.target = connection.guild_id;
  action.message.payload = std::move(payload);
  action.message.idempotency_key = std::move(key);
  action.message.community_id = connection.community_id;
  plan.actions.push_back(std::move(action));
}

// Channel names of the program's pairs, in pair order: a second pair of the
// same two names gets "-2" (the connector finds a lost channel by its name,
// so two pairs must not share one).
std::vector<std::string> channel_names(const std::vector<PairWant>& pairs) {
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (const auto& pair : pairs) {
    std::string name = pair_channel_name(pair.mentor.display_name, pair.mentee.display_name);
    const int count = ++seen[name];
    if (count > 1) {
      const std::string suffix = "-" + std::to_string(count);
      name = cut_utf8(name, kMaxNameBytes - suffix.size()) + suffix;
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

PairChannelsPlanner::PairChannelsPlanner(db::Database& database, const Clock& clock,
                                         const crypto::SecretBox* secrets, ApiOptions options)
    : database_(database), clock_(clock), secrets_(secrets), api_(std::move(options)) {}

Result<ServicePlan> PairChannelsPlanner::plan(const ProgramWant& program) {
  ServicePlan plan;
  plan.service = "discord";
  std::optional<Connection> connection;
  PlanRecords records;
  std::map<std::int64_t, std::string> links;  // moim user -> Discord user id
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    if (secrets_ != nullptr) {
      auto loaded = load_connection(*reader, *secrets_, program.community_id);
      if (!loaded) return loaded.error();
      connection = std::move(loaded.value());
    }
    if (!connection) return plan;
    auto loaded_records = load_plan_records(*reader, program.community_id);
    if (!loaded_records) return loaded_records.error();
    records = std::move(loaded_records.value());
    std::vector<db::Value> user_ids;
    std::string marks;
    for (const auto& pair : program.pairs) {
      for (const auto* person : {&pair.mentor, &pair.mentee}) {
        user_ids.emplace_back(person->user_id);
        marks += marks.empty() ? "?" : ", ?";
      }
    }
    if (!user_ids.empty()) {
      auto rows = reader->query(
          "SELECT user_id, discord_user_id FROM discord_links WHERE user_id IN (" + marks + ")",
          user_ids);
      if (!rows) return rows.error();
      for (const auto& row : rows.value()) links[row.int64(0)] = row.text(1);
    }
  }
  plan.connected = true;
  if (connection->mode != "bot") {
    // A webhook posts messages only: it cannot make channels.
    plan.notices.push_back({"discord_notice_pairs_need_bot", program.name});
    return plan;
  }

  const int parts = static_cast<int>((program.pairs.size() + kMaxChannelsPerCategory - 1) /
                                     kMaxChannelsPerCategory);
  Remote remote;
  plan.remote_error = read_remote(api_, *connection, remote);
  if (plan.remote_error.empty() && remote.read) {
    std::vector<std::string> recorded_channels;
    auto add_recorded = [&](const std::string& key) {
      auto found = records.recorded.find(key);
      if (found != records.recorded.end()) recorded_channels.push_back(found->second.remote_id);
    };
    for (int part = 0; part < parts; ++part) add_recorded(program_category_key(program.id, part));
    for (const auto& pair : program.pairs) add_recorded(pair_channel_key(pair.pair_id));
    plan.remote_error = probe_recorded(api_, *connection, recorded_channels, remote);
  }
  if (remote.members_intent_off)
    plan.notices.push_back({"discord_notice_members_unread", connection->guild_name});
  const bool members_known = remote.read && remote.members_read;
  // Whether a linked person is on the server; when that cannot be known,
  // they are taken to be (their overwrite is written; no invite).
  auto on_server = [&](const std::string& discord_id) {
    return !members_known || remote.member_roles.count(discord_id) > 0;
  };

  // Discord's limit of 500 channels, counted before applying (hidden ones
  // count too): what would pass it is not planned.
  int channel_count = static_cast<int>(remote.channels.size() + remote.hidden.size());
  std::vector<std::string> over_limit;
  auto room_for_channel = [&](const std::string& name) {
    if (remote.read && channel_count >= kMaxGuildChannels) {
      over_limit.push_back(name);
      return false;
    }
    ++channel_count;
    return true;
  };
  auto lacks_bot_overwrite = [&](const std::string& remote_id) {
    if (!remote.read || remote.bot_id.empty()) return false;
    const RemoteChannel* channel = remote.channel(remote_id);
    return channel != nullptr && !channel->bot_overwrite;
  };

  std::vector<std::string> category_ids(parts), category_names(parts);
  for (int part = 0; part < parts; ++part) {
    const std::string key = program_category_key(program.id, part);
    category_names[part] = category_part_name(program.name, part, parts);
    category_ids[part] = resolve_channel(records, remote, key, category_names[part], kCategory, "");
    if (!category_ids[part].empty() && remote.hidden.count(category_ids[part])) {
      plan.notices.push_back({"discord_notice_channel_hidden", category_names[part]});
    } else if (!category_ids[part].empty()) {
      ++plan.in_sync;
    } else if (room_for_channel(category_names[part])) {
      add(plan, *connection, "create", "create the category '" + category_names[part] + "'",
          records.next_key("discord.ensure:" + key),
          {{"op", "ensure_category"}, {"key", key}, {"name", category_names[part]}},
          "plan_discord_create_category", {{"category", category_names[part]}});
    }
  }
  if (parts > 1)
    plan.notices.push_back({"discord_notice_pair_category_split", joined(category_names)});

  const std::vector<std::string> names = channel_names(program.pairs);
  std::vector<std::string> not_linked;
  std::set<std::int64_t> noted;    // a mentor of two mentees is named once
  std::set<std::int64_t> invited;  // one invite per person and program
  const std::int64_t now = clock_.now_seconds();
  for (std::size_t index = 0; index < program.pairs.size(); ++index) {
    const PairWant& pair = program.pairs[index];
    const int part = static_cast<int>(index) / kMaxChannelsPerCategory;
    const std::string key = pair_channel_key(pair.pair_id);
    const std::string& name = names[index];
    // The pair's linked people (Discord id), who is on the server, who not.
    std::vector<std::pair<const PairPerson*, std::string>> present, away;
    for (const PairPerson* person : {&pair.mentor, &pair.mentee}) {
      auto link = links.find(person->user_id);
      if (link == links.end()) {
        if (noted.insert(person->user_id).second) not_linked.push_back(person->display_name);
      } else if (on_server(link->second)) {
        present.emplace_back(person, link->second);
      } else {
        away.emplace_back(person, link->second);
      }
    }
    boost::json::array members;
    for (const auto& [person, discord_id] : present) members.emplace_back(discord_id);
    const boost::json::object payload{{"op", "ensure_member_channel"},
                                      {"key", key},
                                      {"name", name},
                                      {"category_key", program_category_key(program.id, part)},
                                      {"category_name", category_names[part]},
                                      {"members", members}};
    const std::string channel_id =
        resolve_channel(records, remote, key, name, kTextChannel, category_ids[part]);
    if (!channel_id.empty() && remote.hidden.count(channel_id)) {
      // Ours, but the bot cannot see it: never a second one; fixed by hand.
      plan.notices.push_back({"discord_notice_channel_hidden", name});
      continue;
    }
    if (channel_id.empty()) {
      if (!room_for_channel(name)) continue;  // nowhere to invite to either
      add(plan, *connection, "create",
          "create the private text channel '" + name + "' for " + pair.mentor.display_name +
              " and " + pair.mentee.display_name,
          records.next_key("discord.ensure:" + key), payload, "plan_discord_create_pair_channel",
          {{"channel", name},
           {"mentor", pair.mentor.display_name},
           {"mentee", pair.mentee.display_name}});
    } else if (lacks_bot_overwrite(channel_id)) {
      add(plan, *connection, "update",
          "give the bot its own access to the text channel '" + name + "'",
          records.next_key("discord.ensure:" + key), payload, "plan_discord_bot_access",
          {{"kind", "catalog:discord_channel_text"}, {"channel", name}});
    } else {
      ++plan.in_sync;
    }
    if (!channel_id.empty()) {
      // Made already: whoever is on the server but cannot see it yet (they
      // joined or linked since, or their overwrite was removed by hand).
      const RemoteChannel* seen = remote.read ? remote.channel(channel_id) : nullptr;
      for (const auto& [person, discord_id] : present) {
        const std::string prefix =
            "discord.allow:" + std::to_string(pair.pair_id) + ":" + discord_id;
        const bool sees =
            seen != nullptr ? seen->member_views.count(discord_id) > 0 : records.any_done(prefix);
        if (sees) {
          ++plan.in_sync;
          continue;
        }
        add(plan, *connection, "update",
            "let " + person->display_name + " into the channel '" + name + "'",
            records.next_key(prefix),
            {{"op", "allow_member"}, {"channel_key", key}, {"discord_user_id", discord_id}},
            "plan_discord_allow_member", {{"person", person->display_name}, {"channel", name}});
      }
    }
    for (const auto& [person, discord_id] : away) {
      if (!invited.insert(person->user_id).second) continue;
      // Not on the server: invited (to their pair's channel, or the
      // announcements channel when there is one); let in once they joined.
      const std::string base = "discord.invite:mentoring:" + std::to_string(program.id) + ":" +
                               std::to_string(person->user_id);
      if (auto invite = records.invite_key(base, now))
        add(plan, *connection, "create", "invite " + person->display_name + " to the server",
            *invite, {{"op", "invite"}, {"user_id", person->user_id}, {"channel_key", key}},
            "plan_discord_invite", {{"person", person->display_name}});
    }
  }
  if (!not_linked.empty())
    plan.notices.push_back({"discord_notice_pair_not_linked", joined(not_linked)});
  if (!over_limit.empty())
    plan.notices.push_back({"discord_notice_limit_channels", joined(over_limit)});
  return plan;
}

}  // namespace moim::discord
