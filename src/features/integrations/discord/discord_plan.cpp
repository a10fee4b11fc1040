#include "features/integrations/discord/discord_plan.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "features/integrations/discord/discord_connector.hpp"
#include "features/integrations/discord/discord_names.hpp"
#include "features/integrations/discord/discord_remote.hpp"

namespace moim::discord {

using automation::PlannedAction;
using automation::ServicePlan;

namespace {

struct MemberWant {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string discord_user_id;  // empty: not linked
};

struct ProjectWant {
  std::int64_t id = 0;
  std::string title;
  std::vector<MemberWant> members;
};

class Planner {
 public:
  Planner(const Connection& connection, const Remote& remote, PlanRecords records)
      : connection_(connection), remote_(remote), records_(std::move(records)) {
    plan_.service = "discord";
    plan_.connected = true;
  }

  // The remote id of a thing moim wants, or empty when it is missing.
  std::string resolve(const std::string& key, const std::string& name, int channel_type,
                      const std::string& parent_id) const {
    auto found = records_.recorded.find(key);
    if (!remote_.read)
      return found == records_.recorded.end() ? std::string() : found->second.remote_id;
    if (channel_type < 0) {
      if (found != records_.recorded.end() && remote_.roles.count(found->second.remote_id))
        return found->second.remote_id;
      for (const auto& [id, role_name] : remote_.roles)
        if (role_name == name) return id;
      return {};
    }
    return resolve_channel(records_, remote_, key, name, channel_type, parent_id);
  }

  // Whether the channel moim recorded is there but hidden from the bot.
  bool hidden(const std::string& remote_id) const { return remote_.hidden.count(remote_id) > 0; }
  // Whether a channel the bot can see lacks the bot's own overwrite.
  bool lacks_bot_overwrite(const std::string& remote_id) const {
    if (!remote_.read || remote_.bot_id.empty()) return false;
    for (const auto& channel : remote_.channels)
      if (channel.id == remote_id) return !channel.bot_overwrite;
    return false;
  }

  // "discord.give:12:34" -> "discord.give:12:34:<finished rows so far>".
  std::string next_key(const std::string& prefix) const { return records_.next_key(prefix); }

  void add(std::string verb, std::string summary, const std::string& key,
           boost::json::object payload, std::string summary_key,
           std::vector<std::pair<std::string, std::string>> summary_args) {
    PlannedAction action;
    action.verb = std::move(verb);
    action.summary = std::move(summary);
    action.summary_key = std::move(summary_key);
    action.summary_args = std::move(summary_args);
    action.message.kind = "discord";
    action.message.target = connection_.mode == "webhook" ? "webhook" : connection_.guild_id;
    action.message.payload = std::move(payload);
    action.message.idempotency_key = key;
    action.message.community_id = connection_.community_id;
    // What the organizer's count calls it: a role given, a channel made.
    const auto* op = action.message.payload.if_contains("op");
    const std::string_view op_name =
        op != nullptr && op->is_string() ? std::string_view(op->as_string()) : std::string_view();
    if (op_name == "give_role") action.message.purpose = outbox::kPurposeRole;
    if (op_name == "ensure_channel" || op_name == "ensure_category")
      action.message.purpose = outbox::kPurposeChannel;
    plan_.actions.push_back(std::move(action));
  }

  bool done(const std::string& key) const { return records_.done(key); }
  // Whether any row "<prefix>:N" is done.
  bool any_done(const std::string& prefix) const { return records_.any_done(prefix); }

  ServicePlan& plan() { return plan_; }

  // The key of the invite to plan for a member not on the server, or none
  // while their last invite still works: "discord.invite:<cohort>:<user>",
  // then "...:<n>" once it expired (PlanRecords::invite_key).
  std::optional<std::string> invite_key(std::int64_t cohort_id, std::int64_t user_id,
                                        std::int64_t now) const {
    return records_.invite_key(
        "discord.invite:" + std::to_string(cohort_id) + ":" + std::to_string(user_id), now);
  }

 private:
  const Connection& connection_;
  const Remote& remote_;
  PlanRecords records_;
  ServicePlan plan_;
};

}  // namespace

DiscordPlanSource::DiscordPlanSource(db::Database& database, const Clock& clock,
                                     const crypto::SecretBox* secrets, ApiOptions options)
    : database_(database), clock_(clock), secrets_(secrets), api_(std::move(options)) {}

Result<ServicePlan> DiscordPlanSource::plan(std::int64_t cohort_id) {
  std::optional<Connection> connection;
  std::string cohort_name;
  bool closed = false;
  std::vector<ProjectWant> projects;
  PlanRecords records;
  std::map<std::string, std::string> linked_names;                 // discord id -> display name
  std::optional<std::pair<std::int64_t, std::int64_t>> published;  // run id, placed count
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto cohort =
        reader->query_one("SELECT community_id, name FROM cohorts WHERE id = ?", {cohort_id});
    if (!cohort) return cohort.error();
    if (!cohort->has_value()) return Error::not_found("no such cohort");
    const std::int64_t community_id = (*cohort)->int64(0);
    cohort_name = (*cohort)->text(1);
    if (secrets_ != nullptr) {
      auto loaded = load_connection(*reader, *secrets_, community_id);
      if (!loaded) return loaded.error();
      connection = std::move(loaded.value());
    }
    if (!connection) {
      ServicePlan plan;
      plan.service = "discord";
      return plan;
    }
    auto closure =
        reader->query_one("SELECT 1 FROM cohort_closures WHERE cohort_id = ?", {cohort_id});
    if (!closure) return closure.error();
    closed = closure->has_value();
    auto project_rows = reader->query(
        "SELECT id, title FROM academy_projects WHERE cohort_id = ? AND status = 'approved' "
        "ORDER BY id",
        {cohort_id});
    if (!project_rows) return project_rows.error();
    for (const auto& row : project_rows.value())
      projects.push_back({row.int64(0), row.text(1), {}});
    // Placed runners and accepted builders, minus those who dropped out.
    auto member_rows = reader->query(
        "SELECT m.project_id, m.user_id, u.display_name, l.discord_user_id FROM "
        "(SELECT project_id, user_id FROM project_runners UNION "
        " SELECT project_id, user_id FROM project_builders WHERE accepted_at IS NOT NULL) m "
        "JOIN academy_projects p ON p.id = m.project_id JOIN users u ON u.id = m.user_id "
        "LEFT JOIN discord_links l ON l.user_id = m.user_id "
        "WHERE p.cohort_id = ? AND p.status = 'approved' AND NOT EXISTS (SELECT 1 FROM "
        "completion_results r WHERE r.project_id = m.project_id AND r.user_id = m.user_id AND "
        "r.outcome = 'dropped') ORDER BY m.project_id, m.user_id",
        {cohort_id});
    if (!member_rows) return member_rows.error();
    for (const auto& row : member_rows.value()) {
      for (auto& project : projects) {
        if (project.id == row.int64(0))
          project.members.push_back({row.int64(1), row.text(2), row.opt_text(3).value_or("")});
      }
    }
    auto loaded_records = load_plan_records(*reader, community_id);
    if (!loaded_records) return loaded_records.error();
    records = std::move(loaded_records.value());
    auto links = reader->query(
        "SELECT l.discord_user_id, u.display_name FROM discord_links l JOIN users u ON "
        "u.id = l.user_id JOIN memberships m ON m.user_id = l.user_id AND m.community_id = ?",
        {community_id});
    if (!links) return links.error();
    for (const auto& row : links.value()) linked_names[row.text(0)] = row.text(1);
    auto run = reader->query_one(
        "SELECT r.id, (SELECT COUNT(*) FROM allocation_results a WHERE a.run_id = r.id AND "
        "a.project_id IS NOT NULL) FROM allocation_runs r WHERE r.cohort_id = ? AND "
        "r.published_at IS NOT NULL ORDER BY r.published_at DESC, r.id DESC",
        {cohort_id});
    if (!run) return run.error();
    if (run->has_value()) published = std::pair{(*run)->int64(0), (*run)->int64(1)};
  }

  const std::int64_t now = clock_.now_seconds();
  // This cohort's categories: one, or numbered parts of 50 channels each.
  const int per_category = projects_per_category(connection->voice_channels);
  const int parts =
      std::max<int>(1, static_cast<int>((projects.size() + per_category - 1) / per_category));

  Remote remote;
  std::string remote_error;
  if (connection->mode == "bot") {
    remote_error = read_remote(api_, *connection, remote);
    if (remote_error.empty() && remote.read) {
      std::vector<std::string> recorded_channels;
      auto add_recorded = [&](const std::string& key) {
        auto found = records.recorded.find(key);
        if (found != records.recorded.end()) recorded_channels.push_back(found->second.remote_id);
      };
      for (int part = 0; part < parts; ++part) add_recorded(category_part_key(cohort_id, part));
      for (const auto& project : projects) {
        add_recorded(text_channel_key(project.id));
        add_recorded(voice_channel_key(project.id));
      }
      remote_error = probe_recorded(api_, *connection, recorded_channels, remote);
    }
  }
  const bool members_known = remote.read && remote.members_read;
  Planner planner(*connection, remote, std::move(records));
  ServicePlan& plan = planner.plan();
  plan.remote_error = remote_error;
  if (remote.members_intent_off)
    plan.notices.push_back({"discord_notice_members_unread", connection->guild_name});
  int& in_sync = plan.in_sync;

  if (published) {
    const std::string key = "discord.announce:allocation:" + std::to_string(published->first);
    const bool can_post =
        connection->mode == "webhook" || !connection->announcements_channel_id.empty();
    if (planner.done(key)) {
      ++in_sync;
    } else if (can_post) {
      planner.add(
          "create", "announce the published allocation of " + cohort_name, key,
          {{"op", "announce"},
           {"nonce", "moim-alloc-" + std::to_string(published->first)},
           {"content", "📢 " + cohort_name + " 배정 결과가 발표되었습니다 · allocation published: " +
                           std::to_string(projects.size()) + " projects, " +
                           std::to_string(published->second) + " members placed."}},
          "plan_discord_announce", {{"cohort", cohort_name}});
    }
  }
  if (connection->mode != "bot") return std::move(plan);

  // Discord's server limits, counted before applying: what would pass them
  // is not planned (no pile of dead rows) and the plan says so. Channels
  // hidden from the bot count too; others hidden from it cannot be counted.
  int channel_count = static_cast<int>(remote.channels.size() + remote.hidden.size());
  int role_count = static_cast<int>(remote.roles.size());
  std::vector<std::string> over_channels, over_roles;
  auto room_for_channel = [&](const std::string& name) {
    if (remote.read && channel_count >= kMaxGuildChannels) {
      over_channels.push_back(name);
      return false;
    }
    ++channel_count;
    return true;
  };

  std::vector<std::string> category_ids(parts);
  std::vector<std::string> category_names(parts);
  if (!closed) {
    for (int part = 0; part < parts; ++part) {
      const std::string key = category_part_key(cohort_id, part);
      category_names[part] = category_part_name(cohort_name, part, parts);
      category_ids[part] = planner.resolve(key, category_names[part], kCategory, "");
      if (!category_ids[part].empty() && planner.hidden(category_ids[part])) {
        plan.notices.push_back({"discord_notice_channel_hidden", category_names[part]});
      } else if (!category_ids[part].empty()) {
        ++in_sync;
      } else if (room_for_channel(category_names[part])) {
        planner.add("create",
                    "create the category '" + category_names[part] + "'" +
                        (parts > 1 ? " (" + std::to_string(part + 1) + " of " +
                                         std::to_string(parts) + ": 50 channels per category)"
                                   : std::string()),
                    planner.next_key("discord.ensure:" + key),
                    {{"op", "ensure_category"}, {"key", key}, {"name", category_names[part]}},
                    "plan_discord_create_category", {{"category", category_names[part]}});
      }
    }
    if (parts > 1) {
      std::string names;
      for (const auto& name : category_names) names += (names.empty() ? "" : ", ") + name;
      plan.notices.push_back({"discord_notice_category_split", names});
    }
  }
  for (std::size_t index = 0; index < projects.size(); ++index) {
    const auto& project = projects[index];
    const int part = static_cast<int>(index) / per_category;
    const std::string& category_id = category_ids[part];
    const std::string role = role_name(cohort_name, project.title);
    const std::string role_res = role_key(project.id);
    const std::string role_id = planner.resolve(role_res, role, -1, "");
    std::set<std::string> wanted;  // discord ids that should hold the role
    if (!closed) {
      if (!role_id.empty()) {
        ++in_sync;
      } else if (remote.read && role_count >= kMaxGuildRoles) {
        over_roles.push_back(role);
        continue;  // no role: no channel for it, no one to give it to
      } else {
        ++role_count;
        planner.add("create", "create the role '" + role + "'",
                    planner.next_key("discord.ensure:" + role_res),
                    {{"op", "ensure_role"}, {"key", role_res}, {"name", role}},
                    "plan_discord_create_role", {{"role", role}});
      }
      struct Wanted {
        std::string key, name;
        int type;
      };
      std::vector<Wanted> channels{
          {text_channel_key(project.id), text_channel_name(project.title), kTextChannel}};
      if (connection->voice_channels)
        channels.push_back(
            {voice_channel_key(project.id), voice_channel_name(project.title), kVoiceChannel});
      // Invites go to the project's text channel (without an announcements
      // channel): none when that channel is hidden or past the limit.
      bool text_channel_usable = !connection->announcements_channel_id.empty();
      for (const auto& channel : channels) {
        const std::string kind = channel.type == kVoiceChannel ? "voice" : "text";
        const boost::json::object payload{{"op", "ensure_channel"},
                                          {"key", channel.key},
                                          {"name", channel.name},
                                          {"type", channel.type},
                                          {"category_key", category_part_key(cohort_id, part)},
                                          {"category_name", category_names[part]},
                                          {"role_key", role_res},
                                          {"role_name", role}};
        // A recorded channel is looked up by id, so it resolves even before
        // its category does; a new one needs its category first.
        const std::string channel_id =
            planner.resolve(channel.key, channel.name, channel.type, category_id);
        if (!channel_id.empty() && planner.hidden(channel_id)) {
          // Ours, but the bot cannot see it: never a second one; the
          // organizer fixes it by hand.
          plan.notices.push_back({"discord_notice_channel_hidden", channel.name});
          continue;
        }
        if (channel.type == kTextChannel) text_channel_usable = true;  // unless skipped below
        if (!channel_id.empty() && planner.lacks_bot_overwrite(channel_id)) {
          planner.add(
              "update",
              "give the bot its own access to the " + kind + " channel '" + channel.name + "'",
              planner.next_key("discord.ensure:" + channel.key), payload, "plan_discord_bot_access",
              {{"kind", "catalog:discord_channel_" + kind}, {"channel", channel.name}});
          continue;
        }
        if (!channel_id.empty()) {
          ++in_sync;
          continue;
        }
        if (!room_for_channel(channel.name)) {
          if (channel.type == kTextChannel)
            text_channel_usable = !connection->announcements_channel_id.empty();
          continue;
        }
        planner.add("create",
                    "create the private " + kind + " channel '" + channel.name + "' for '" + role +
                        "'" + (parts > 1 ? " in '" + category_names[part] + "'" : std::string()),
                    planner.next_key("discord.ensure:" + channel.key), payload,
                    "plan_discord_create_channel",
                    {{"kind", "catalog:discord_channel_" + kind},
                     {"channel", channel.name},
                     {"role", role}});
      }
      for (const auto& member : project.members) {
        if (member.discord_user_id.empty()) continue;  // not linked: nothing we can do on Discord
        wanted.insert(member.discord_user_id);
        const std::string subject =
            std::to_string(project.id) + ":" + std::to_string(member.user_id);
        if (members_known && !remote.member_roles.count(member.discord_user_id)) {
          if (!text_channel_usable) continue;  // the notice says why
          // Not on the server: invite; again when the last invite expired
          // and they still have not joined. The role follows on a later
          // plan, once they joined.
          if (auto key = planner.invite_key(cohort_id, member.user_id, now))
            planner.add("create", "invite " + member.display_name + " to the server", *key,
                        {{"op", "invite"},
                         {"user_id", member.user_id},
                         {"channel_key", text_channel_key(project.id)}},
                        "plan_discord_invite", {{"person", member.display_name}});
          continue;
        }
        const bool has_role =
            members_known ? !role_id.empty() &&
                                remote.member_roles.at(member.discord_user_id).count(role_id) > 0
                          : planner.any_done("discord.give:" + subject);
        if (has_role) {
          ++in_sync;
          continue;
        }
        planner.add("create", "give the role '" + role + "' to " + member.display_name,
                    planner.next_key("discord.give:" + subject),
                    {{"op", "give_role"},
                     {"role_key", role_res},
                     {"role_name", role},
                     {"user_id", member.user_id},
                     {"discord_user_id", member.discord_user_id}},
                    "plan_discord_give_role", {{"role", role}, {"person", member.display_name}});
      }
    }
    // Whoever holds the role but should not: dropped, no longer placed, or
    // the cohort is closed. Only visible when the server could be read.
    if (!members_known || role_id.empty()) continue;
    for (const auto& [discord_id, held] : remote.member_roles) {
      if (!held.count(role_id) || wanted.count(discord_id)) continue;
      auto name = linked_names.find(discord_id);
      const std::string who =
          name == linked_names.end() ? "Discord user " + discord_id : name->second;
      planner.add("remove", "take the role '" + role + "' from " + who,
                  planner.next_key("discord.take:" + std::to_string(project.id) + ":" + discord_id),
                  {{"op", "take_role"}, {"role_key", role_res}, {"discord_user_id", discord_id}},
                  "plan_discord_take_role", {{"role", role}, {"person", who}});
    }
  }
  auto list_of = [](const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
  };
  if (!over_channels.empty())
    plan.notices.push_back({"discord_notice_limit_channels", list_of(over_channels)});
  if (!over_roles.empty())
    plan.notices.push_back({"discord_notice_limit_roles", list_of(over_roles)});
  return std::move(plan);
}

}  // namespace moim::discord
