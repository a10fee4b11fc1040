#include "features/discord/discord_plan.hpp"

#include <map>
#include <set>

#include "features/discord/discord_names.hpp"

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

struct RemoteChannel {
  std::string id;
  std::string name;
  int type = 0;
  std::string parent_id;
};

// What the server really holds (bot mode, when it could be read).
struct Remote {
  bool read = false;
  std::map<std::string, std::string> roles;  // id -> name
  std::vector<RemoteChannel> channels;
  std::map<std::string, std::set<std::string>> member_roles;  // user id -> role ids
};

std::string text_of(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

// Reads roles, channels and members; the error text when any read fails.
std::string read_remote(DiscordApi& api, const Connection& connection, Remote& remote) {
  const std::string guild = "/guilds/" + connection.guild_id;
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
    if (!item.is_object()) continue;
    const auto& object = item.as_object();
    const auto* type = object.if_contains("type");
    remote.channels.push_back({text_of(object, "id"), text_of(object, "name"),
                               type && type->is_int64() ? static_cast<int>(type->as_int64()) : -1,
                               text_of(object, "parent_id")});
  }
  // Listing members needs the bot's Server Members intent; pages of 1000.
  std::string after = "0";
  for (int page = 0; page < 1000; ++page) {
    ApiAnswer members = api.call("GET", guild + "/members?limit=1000&after=" + after, nullptr,
                                 Auth::kBot, connection.bot_token);
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
  remote.read = true;
  return {};
}

class Planner {
 public:
  Planner(const Connection& connection, const Remote& remote,
          std::map<std::string, Resource> recorded, std::map<std::string, int> finished,
          std::set<std::string> done_keys)
      : connection_(connection),
        remote_(remote),
        recorded_(std::move(recorded)),
        finished_(std::move(finished)),
        done_keys_(std::move(done_keys)) {
    plan_.service = "discord";
    plan_.connected = true;
  }

  // The remote id of a thing moim wants, or empty when it is missing.
  std::string resolve(const std::string& key, const std::string& name, int channel_type,
                      const std::string& parent_id) const {
    auto found = recorded_.find(key);
    if (!remote_.read) return found == recorded_.end() ? std::string() : found->second.remote_id;
    if (channel_type < 0) {
      if (found != recorded_.end() && remote_.roles.count(found->second.remote_id))
        return found->second.remote_id;
      for (const auto& [id, role_name] : remote_.roles)
        if (role_name == name) return id;
      return {};
    }
    for (const auto& channel : remote_.channels)
      if (found != recorded_.end() && channel.id == found->second.remote_id) return channel.id;
    for (const auto& channel : remote_.channels)
      if (channel.name == name && channel.type == channel_type && channel.parent_id == parent_id &&
          !parent_id.empty())
        return channel.id;
    if (channel_type == kCategory) {
      for (const auto& channel : remote_.channels)
        if (channel.name == name && channel.type == kCategory) return channel.id;
    }
    return {};
  }

  // "discord.give:12:34" -> "discord.give:12:34:<finished rows so far>".
  std::string next_key(const std::string& prefix) const {
    auto found = finished_.find(prefix);
    return prefix + ":" + std::to_string(found == finished_.end() ? 0 : found->second);
  }

  void add(std::string verb, std::string summary, const std::string& key,
           boost::json::object payload) {
    PlannedAction action;
    action.verb = std::move(verb);
    action.summary = std::move(summary);
    action.message.kind = "discord";
    action.message.target = connection_.mode == "webhook" ? "webhook" : connection_.guild_id;
    action.message.payload = std::move(payload);
    action.message.idempotency_key = key;
    action.message.community_id = connection_.community_id;
    plan_.actions.push_back(std::move(action));
  }

  bool done(const std::string& key) const { return done_keys_.count(key) > 0; }
  // Whether any row "<prefix>:N" is done.
  bool any_done(const std::string& prefix) const {
    auto found = done_keys_.lower_bound(prefix + ":");
    return found != done_keys_.end() && found->starts_with(prefix + ":");
  }

  ServicePlan& plan() { return plan_; }

 private:
  const Connection& connection_;
  const Remote& remote_;
  std::map<std::string, Resource> recorded_;
  std::map<std::string, int> finished_;
  std::set<std::string> done_keys_;
  ServicePlan plan_;
};

}  // namespace

DiscordPlanSource::DiscordPlanSource(db::Database& database, const crypto::SecretBox* secrets,
                                     ApiOptions options)
    : database_(database), secrets_(secrets), api_(std::move(options)) {}

Result<ServicePlan> DiscordPlanSource::plan(std::int64_t cohort_id) {
  std::optional<Connection> connection;
  std::string cohort_name;
  bool closed = false;
  std::vector<ProjectWant> projects;
  std::map<std::string, Resource> recorded;
  std::map<std::string, int> finished;
  std::set<std::string> done_keys;
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
    auto resources = reader->query(
        "SELECT resource_key, remote_id, name FROM discord_resources WHERE community_id = ?",
        {community_id});
    if (!resources) return resources.error();
    for (const auto& row : resources.value())
      recorded[row.text(0)] = {row.text(0), row.text(1), row.text(2)};
    auto outbox_rows = reader->query(
        "SELECT idempotency_key, state FROM outbox WHERE kind = 'discord' AND community_id = ?",
        {community_id});
    if (!outbox_rows) return outbox_rows.error();
    for (const auto& row : outbox_rows.value()) {
      const std::string key = row.text(0);
      const std::string state = row.text(1);
      if (state == "done") done_keys.insert(key);
      if (state != "done" && state != "dead" && state != "cancelled") continue;
      const auto colon = key.rfind(':');
      if (colon != std::string::npos) ++finished[key.substr(0, colon)];
    }
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

  Remote remote;
  std::string remote_error;
  if (connection->mode == "bot") remote_error = read_remote(api_, *connection, remote);
  Planner planner(*connection, remote, std::move(recorded), std::move(finished),
                  std::move(done_keys));
  planner.plan().remote_error = remote_error;
  int& in_sync = planner.plan().in_sync;

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
                           std::to_string(published->second) + " members placed."}});
    }
  }
  if (connection->mode != "bot") return std::move(planner.plan());

  const std::string category = category_name(cohort_name);
  const std::string category_res = category_key(cohort_id);
  std::string category_id;
  if (!closed) {
    category_id = planner.resolve(category_res, category, kCategory, "");
    if (!category_id.empty()) {
      ++in_sync;
    } else {
      planner.add("create", "create the category '" + category + "'",
                  planner.next_key("discord.ensure:" + category_res),
                  {{"op", "ensure_category"}, {"key", category_res}, {"name", category}});
    }
  }
  for (const auto& project : projects) {
    const std::string role = role_name(cohort_name, project.title);
    const std::string role_res = role_key(project.id);
    const std::string role_id = planner.resolve(role_res, role, -1, "");
    std::set<std::string> wanted;  // discord ids that should hold the role
    if (!closed) {
      if (!role_id.empty()) {
        ++in_sync;
      } else {
        planner.add("create", "create the role '" + role + "'",
                    planner.next_key("discord.ensure:" + role_res),
                    {{"op", "ensure_role"}, {"key", role_res}, {"name", role}});
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
      for (const auto& channel : channels) {
        if (!category_id.empty() &&
            !planner.resolve(channel.key, channel.name, channel.type, category_id).empty()) {
          ++in_sync;
          continue;
        }
        planner.add("create",
                    std::string("create the private ") +
                        (channel.type == kVoiceChannel ? "voice" : "text") + " channel '" +
                        channel.name + "' for '" + role + "'",
                    planner.next_key("discord.ensure:" + channel.key),
                    {{"op", "ensure_channel"},
                     {"key", channel.key},
                     {"name", channel.name},
                     {"type", channel.type},
                     {"category_key", category_res},
                     {"category_name", category},
                     {"role_key", role_res},
                     {"role_name", role}});
      }
      for (const auto& member : project.members) {
        if (member.discord_user_id.empty()) continue;  // not linked: nothing we can do on Discord
        wanted.insert(member.discord_user_id);
        const std::string subject =
            std::to_string(project.id) + ":" + std::to_string(member.user_id);
        if (remote.read && !remote.member_roles.count(member.discord_user_id)) {
          // Not on the server: invite once per cohort; the role follows on
          // a later plan, once they joined.
          const std::string key =
              "discord.invite:" + std::to_string(cohort_id) + ":" + std::to_string(member.user_id);
          if (planner.done(key)) continue;
          planner.add("create", "invite " + member.display_name + " to the server", key,
                      {{"op", "invite"},
                       {"user_id", member.user_id},
                       {"channel_key", text_channel_key(project.id)}});
          continue;
        }
        const bool has_role =
            remote.read ? !role_id.empty() &&
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
                     {"discord_user_id", member.discord_user_id}});
      }
    }
    // Whoever holds the role but should not: dropped, no longer placed, or
    // the cohort is closed. Only visible when the server could be read.
    if (!remote.read || role_id.empty()) continue;
    for (const auto& [discord_id, held] : remote.member_roles) {
      if (!held.count(role_id) || wanted.count(discord_id)) continue;
      auto name = linked_names.find(discord_id);
      const std::string who =
          name == linked_names.end() ? "Discord user " + discord_id : name->second;
      planner.add("remove", "take the role '" + role + "' from " + who,
                  planner.next_key("discord.take:" + std::to_string(project.id) + ":" + discord_id),
                  {{"op", "take_role"}, {"role_key", role_res}, {"discord_user_id", discord_id}});
    }
  }
  return std::move(planner.plan());
}

}  // namespace moim::discord
