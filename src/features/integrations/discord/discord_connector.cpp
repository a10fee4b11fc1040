#include "features/integrations/discord/discord_connector.hpp"

#include <boost/json/parse.hpp>

#include <cmath>
#include <cstdlib>

#include "features/integrations/discord/discord_names.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::discord {

using automation::Delivery;

namespace {

std::string text_field(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string id_of(const boost::json::value& value) {
  if (!value.is_object()) return {};
  return text_field(value.as_object(), "id");
}

}  // namespace

Delivery classify_failure(const ApiAnswer& answer, const std::string& doing, Operation operation) {
  const std::string what = doing + ": " + answer.describe();
  if (answer.status == 0) return Delivery::retry(what);
  if (answer.status == 429) {
    std::optional<std::int64_t> after;
    if (answer.retry_after_seconds)
      after = static_cast<std::int64_t>(std::ceil(*answer.retry_after_seconds));
    return Delivery::retry(what, after);
  }
  if (answer.status >= 500) return Delivery::retry(what);
  return Delivery::permanent(what + hint_marker(hint_key(answer, operation)));
}

bool has_bot_overwrite(const boost::json::value& channel, const std::string& bot_user_id) {
  if (!channel.is_object()) return false;
  const auto* overwrites = channel.as_object().if_contains("permission_overwrites");
  if (!overwrites || !overwrites->is_array()) return false;
  for (const auto& item : overwrites->as_array()) {
    if (!item.is_object()) continue;
    const auto& overwrite = item.as_object();
    const auto* type = overwrite.if_contains("type");
    if (text_field(overwrite, "id") != bot_user_id || !type || !type->is_int64() ||
        type->as_int64() != 1)
      continue;
    const std::string allow = text_field(overwrite, "allow");
    const std::int64_t bits = allow.empty() ? 0 : std::strtoll(allow.c_str(), nullptr, 10);
    return (bits & kBotChannelAllow) == kBotChannelAllow;
  }
  return false;
}

DiscordConnector::DiscordConnector(db::Database& database, const Clock& clock,
                                   const crypto::SecretBox* secrets, ApiOptions options)
    : database_(database), clock_(clock), secrets_(secrets), api_(std::move(options)) {}

DiscordConnector::Ensured DiscordConnector::ensure(const Connection& connection,
                                                   const std::string& key, const std::string& name,
                                                   int channel_type,
                                                   const boost::json::object& create_body,
                                                   const std::string& parent_id) {
  const bool is_role = channel_type < 0;
  const std::string list_path =
      "/guilds/" + connection.guild_id + (is_role ? "/roles" : "/channels");
  std::lock_guard lock(create_mutex_);

  std::optional<Resource> recorded;
  {
    auto reader = database_.read();
    if (!reader) return {{}, Delivery::retry(reader.error().message)};
    auto found = find_resource(*reader, connection.community_id, key);
    if (!found) return {{}, Delivery::retry(found.error().message)};
    recorded = std::move(found.value());
  }
  const Operation operation = is_role ? Operation::kRole : Operation::kChannel;
  if (recorded && !is_role) {
    // The listing omits channels the bot cannot view: ask for ours by id.
    Ensured ours = recorded_channel(connection, recorded->remote_id);
    if (ours.failure || !ours.id.empty()) return ours;
    // Gone (deleted by hand): look for it by name, then make it again.
  }
  ApiAnswer listed = api_.call("GET", list_path, nullptr, Auth::kBot, connection.bot_token);
  if (!listed.ok()) return {{}, classify_failure(listed, "reading " + list_path, operation), {}};
  if (!listed.body.is_array())
    return {{}, Delivery::retry("reading " + list_path + ": not a list"), {}};

  std::string found_id;
  boost::json::value found;
  for (const auto& item : listed.body.as_array()) {
    if (!item.is_object()) continue;
    const auto& object = item.as_object();
    const std::string id = text_field(object, "id");
    if (recorded && id == recorded->remote_id) {
      found_id = id;  // the one we made, whatever it is called now
      found = item;
      break;
    }
    if (!found_id.empty() || text_field(object, "name") != name) continue;
    if (!is_role) {
      const auto* type = object.if_contains("type");
      if (!type || !type->is_int64() || type->as_int64() != channel_type) continue;
      if (text_field(object, "parent_id") != parent_id) continue;
    }
    found_id = id;  // made before the crash that kept us from recording it, or by hand
    found = item;
  }
  if (found_id.empty()) {
    ApiAnswer created = api_.call("POST", list_path, create_body, Auth::kBot, connection.bot_token);
    if (!created.ok()) return {{}, classify_failure(created, "creating " + name, operation), {}};
    found_id = id_of(created.body);
    if (found_id.empty())
      return {{}, Delivery::retry("creating " + name + ": no id in answer"), {}};
    found = created.body;
  }
  if (!recorded || recorded->remote_id != found_id) {
    if (auto failure = record(connection, {key, found_id, name})) return {{}, failure, {}};
  }
  return {found_id, std::nullopt, std::move(found)};
}

std::optional<Delivery> DiscordConnector::record(const Connection& connection,
                                                 const Resource& resource) {
  auto writer = database_.write();
  if (!writer) return Delivery::retry(writer.error().message);
  if (auto status =
          record_resource(*writer, connection.community_id, resource, clock_.now_seconds());
      !status)
    return Delivery::retry(status.error().message);
  if (auto status = writer->commit(); !status) return Delivery::retry(status.error().message);
  return std::nullopt;
}

DiscordConnector::Ensured DiscordConnector::recorded_channel(const Connection& connection,
                                                             const std::string& remote_id) {
  ApiAnswer answer =
      api_.call("GET", "/channels/" + remote_id, nullptr, Auth::kBot, connection.bot_token);
  if (answer.ok() && answer.body.is_object()) return {remote_id, std::nullopt, answer.body};
  if (answer.status == 404 && answer.code == 10003) return {};
  if (answer.status == 403)
    // Ours, but hidden from the bot: making another would leave two.
    return {{},
            Delivery::permanent("reading channel " + remote_id + ": " + answer.describe() +
                                hint_marker("discord_error_channel_hidden")),
            {}};
  return {{}, classify_failure(answer, "reading channel " + remote_id, Operation::kChannel), {}};
}

DiscordConnector::Ensured DiscordConnector::bot_user(const Connection& connection) {
  {
    std::lock_guard lock(bot_mutex_);
    auto found = bot_ids_.find(connection.bot_token);
    if (found != bot_ids_.end()) return {found->second, std::nullopt, {}};
  }
  ApiAnswer me = api_.call("GET", "/users/@me", nullptr, Auth::kBot, connection.bot_token);
  if (!me.ok())
    return {{}, classify_failure(me, "reading the bot's user", Operation::kReadServer), {}};
  const std::string id = id_of(me.body);
  if (!is_snowflake(id)) return {{}, Delivery::retry("reading the bot's user: no id"), {}};
  std::lock_guard lock(bot_mutex_);
  bot_ids_[connection.bot_token] = id;
  return {id, std::nullopt, {}};
}

std::optional<Delivery> DiscordConnector::repair_channel(const Connection& connection,
                                                         const Ensured& channel) {
  Ensured bot = bot_user(connection);
  if (bot.failure) return bot.failure;
  if (has_bot_overwrite(channel.remote, bot.id)) return std::nullopt;
  ApiAnswer answer =
      api_.call("PUT", "/channels/" + channel.id + "/permissions/" + bot.id,
                boost::json::object{{"type", 1}, {"allow", kBotChannelAllow}, {"deny", 0}},
                Auth::kBot, connection.bot_token);
  if (answer.ok()) return std::nullopt;
  if (answer.status == 403 && answer.code == 50001)
    return Delivery::permanent("giving the bot its access to channel " + channel.id + ": " +
                               answer.describe() + hint_marker("discord_error_channel_hidden"));
  return classify_failure(answer, "giving the bot its access to channel " + channel.id,
                          Operation::kChannel);
}

DiscordConnector::Ensured DiscordConnector::ensure_role(const Connection& connection,
                                                        const std::string& key,
                                                        const std::string& name) {
  // No permissions of its own: the role only opens its project's channels.
  return ensure(connection, key, name, -1,
                {{"name", name}, {"permissions", 0}, {"mentionable", true}}, "");
}

DiscordConnector::Ensured DiscordConnector::ensure_category(const Connection& connection,
                                                            const std::string& key,
                                                            const std::string& name) {
  return ensure(connection, key, name, kCategory, {{"name", name}, {"type", kCategory}}, "");
}

Delivery DiscordConnector::ensure_channel(const Connection& connection,
                                          const boost::json::object& payload) {
  const std::string key = text_field(payload, "key");
  const std::string name = text_field(payload, "name");
  const auto* type_value = payload.if_contains("type");
  const int type = type_value && type_value->is_int64() ? static_cast<int>(type_value->as_int64())
                                                        : kTextChannel;
  if (key.empty() || name.empty() || (type != kTextChannel && type != kVoiceChannel) ||
      text_field(payload, "category_key").empty() || text_field(payload, "category_name").empty() ||
      text_field(payload, "role_key").empty() || text_field(payload, "role_name").empty())
    return Delivery::permanent("ensure_channel: payload lacks key, name, type, category or role");
  Ensured category = ensure_category(connection, text_field(payload, "category_key"),
                                     text_field(payload, "category_name"));
  if (category.failure) return *category.failure;
  Ensured role =
      ensure_role(connection, text_field(payload, "role_key"), text_field(payload, "role_name"));
  if (role.failure) return *role.failure;
  Ensured bot = bot_user(connection);
  if (bot.failure) return *bot.failure;
  // Private to the role: @everyone (whose id is the guild's) may not see it;
  // the bot keeps its own way in (a member overwrite, type 1).
  // Bit sets go as integers, as Discord's API description types them.
  boost::json::array overwrites{
      {{"id", connection.guild_id}, {"type", 0}, {"allow", 0}, {"deny", kViewChannel}},
      {{"id", role.id}, {"type", 0}, {"allow", kViewChannel}, {"deny", 0}},
      {{"id", bot.id}, {"type", 1}, {"allow", kBotChannelAllow}, {"deny", 0}}};
  Ensured channel = ensure(connection, key, name, type,
                           {{"name", name},
                            {"type", type},
                            {"parent_id", category.id},
                            {"permission_overwrites", std::move(overwrites)}},
                           category.id);
  if (channel.failure) return *channel.failure;
  // Made before the bot had its own overwrite: add it while the bot can.
  if (auto failure = repair_channel(connection, channel)) return *failure;
  return Delivery::done("channel " + channel.id);
}

Delivery DiscordConnector::member_role(const Connection& connection,
                                       const boost::json::object& payload, bool give) {
  const std::string member = text_field(payload, "discord_user_id");
  if (!is_snowflake(member)) return Delivery::permanent("payload lacks discord_user_id");
  std::string role_id;
  {
    auto reader = database_.read();
    if (!reader) return Delivery::retry(reader.error().message);
    auto found = find_resource(*reader, connection.community_id, text_field(payload, "role_key"));
    if (!found) return Delivery::retry(found.error().message);
    if (found->has_value()) role_id = (*found)->remote_id;
  }
  if (role_id.empty() && !give) return Delivery::done("no such role: nothing to take");
  if (role_id.empty()) {
    // The role's own row has not run yet (rows run in any order): make it here.
    Ensured role =
        ensure_role(connection, text_field(payload, "role_key"), text_field(payload, "role_name"));
    if (role.failure) return *role.failure;
    role_id = role.id;
  }
  const auto member_path = [&] {
    return "/guilds/" + connection.guild_id + "/members/" + member + "/roles/" + role_id;
  };
  ApiAnswer answer =
      api_.call(give ? "PUT" : "DELETE", member_path(), nullptr, Auth::kBot, connection.bot_token);
  if (answer.code == 10011 && give) {
    // 10011 Unknown Role: deleted by hand since we recorded it. Make it again.
    Ensured role =
        ensure_role(connection, text_field(payload, "role_key"), text_field(payload, "role_name"));
    if (role.failure) return *role.failure;
    role_id = role.id;
    answer = api_.call("PUT", member_path(), nullptr, Auth::kBot, connection.bot_token);
  }
  if (answer.ok()) return Delivery::done(answer.describe());
  if (answer.code == 10011) return Delivery::done("the role is gone: nothing to take");
  // 10007 Unknown Member: they left the server; taking a role is then done,
  // giving one waits for them (the next plan invites them).
  if (answer.code == 10007 && !give) return Delivery::done("not on the server: nothing to take");
  if (answer.code == 10007)
    return Delivery::permanent(answer.describe() +
                               hint_marker(hint_key(answer, Operation::kMemberRole)));
  return classify_failure(answer, give ? "giving a role" : "taking a role", Operation::kMemberRole);
}

Delivery DiscordConnector::invite(const Connection& connection, const automation::OutboxRow& row,
                                  const boost::json::object& payload) {
  const auto* user_value = payload.if_contains("user_id");
  if (!user_value || !user_value->is_int64()) return Delivery::permanent("payload lacks user_id");
  const std::int64_t user_id = user_value->as_int64();
  std::string channel_id = connection.announcements_channel_id;
  if (channel_id.empty()) {
    auto reader = database_.read();
    if (!reader) return Delivery::retry(reader.error().message);
    auto found =
        find_resource(*reader, connection.community_id, text_field(payload, "channel_key"));
    if (!found) return Delivery::retry(found.error().message);
    // The channel comes first in the same plan; wait for it.
    if (!found->has_value()) return Delivery::retry("the project channel does not exist yet");
    channel_id = (*found)->remote_id;
  }
  // unique=false: Discord hands back the same invite while one like it is
  // alive; once it expired, a later plan asks again (a new row) and gets a
  // fresh one.
  ApiAnswer answer =
      api_.call("POST", "/channels/" + channel_id + "/invites",
                boost::json::object{{"max_age", kInviteMaxAgeSeconds}, {"unique", false}},
                Auth::kBot, connection.bot_token);
  if (!answer.ok()) return classify_failure(answer, "creating an invite", Operation::kInvite);
  const std::string code =
      answer.body.is_object() ? text_field(answer.body.as_object(), "code") : std::string();
  if (code.empty()) return Delivery::retry("creating an invite: no code in answer");

  auto writer = database_.write();
  if (!writer) return Delivery::retry(writer.error().message);
  auto who = writer->query_one(
      "SELECT u.email, u.display_name, COALESCE(u.locale, 'ko'), c.name FROM users u, "
      "communities c WHERE u.id = ? AND c.id = ?",
      {user_id, connection.community_id});
  if (!who) return Delivery::retry(who.error().message);
  if (!who->has_value()) return Delivery::cancelled("skipped: the member or community is gone");
  // The mail's own key: a repeat of this row enqueues nothing new.
  if (auto status = automation::enqueue(*writer,
                                        {.kind = "email",
                                         .target = (*who)->text(0),
                                         .payload = {{"template", "discord.invite"},
                                                     {"language", (*who)->text(2)},
                                                     {"to_name", (*who)->text(1)},
                                                     {"community", (*who)->text(3)},
                                                     {"server", connection.guild_name},
                                                     {"link", "https://discord.gg/" + code}},
                                         .idempotency_key = "mail:" + row.idempotency_key,
                                         .community_id = connection.community_id},
                                        clock_.now_seconds());
      !status)
    return Delivery::retry(status.error().message);
  if (auto status = writer->commit(); !status) return Delivery::retry(status.error().message);
  return Delivery::done("invite " + code + " mailed");
}

Delivery DiscordConnector::announce(const Connection& connection, const automation::OutboxRow& row,
                                    const boost::json::object& payload) {
  const std::string content = cut_utf8(text_field(payload, "content"), 2000);
  if (content.empty()) return Delivery::permanent("announce: no content");
  if (connection.mode == "webhook") {
    // A webhook cannot list what it posted: a retry after a lost answer may
    // post twice (docs/integrations.md says so).
    ApiAnswer answer =
        api_.call_url("POST", connection.webhook_url + "?wait=true",
                      boost::json::object{{"content", content},
                                          {"allowed_mentions", {{"parse", boost::json::array{}}}}});
    if (answer.ok()) return Delivery::done("webhook message " + id_of(answer.body));
    return classify_failure(answer, "posting to the webhook", Operation::kWebhook);
  }
  if (connection.announcements_channel_id.empty())
    return Delivery::cancelled("skipped: no announcements channel is set");
  const std::string nonce = cut_utf8(text_field(payload, "nonce"), 25);
  const std::string channel_path = "/channels/" + connection.announcements_channel_id + "/messages";
  const std::string record_key = "announce:" + (nonce.empty() ? row.idempotency_key : nonce);
  {
    auto reader = database_.read();
    if (!reader) return Delivery::retry(reader.error().message);
    auto found = find_resource(*reader, connection.community_id, record_key);
    if (!found) return Delivery::retry(found.error().message);
    if (found->has_value()) return Delivery::done("message " + (*found)->remote_id + " (recorded)");
  }
  if (row.attempts > 1 || row.interrupted > 0) {
    // An earlier attempt may have posted and lost the answer; Discord's
    // nonce check has likely expired by now. Look before posting again.
    Ensured bot = bot_user(connection);
    if (bot.failure) return *bot.failure;
    ApiAnswer recent =
        api_.call("GET", channel_path + "?limit=50", nullptr, Auth::kBot, connection.bot_token);
    if (!recent.ok())
      return classify_failure(recent, "reading the announcements channel", Operation::kMessage);
    if (recent.body.is_array()) {
      for (const auto& item : recent.body.as_array()) {
        if (!item.is_object()) continue;
        const auto* author = item.as_object().if_contains("author");
        if (text_field(item.as_object(), "content") != content || !author ||
            id_of(*author) != bot.id)
          continue;
        const std::string id = id_of(item);
        if (auto failure = record(connection, {record_key, id, "message"})) return *failure;
        return Delivery::done("message " + id + " (found, not posted again)");
      }
    }
  }
  // The nonce still drops a quick repeat (Discord checks it for a few minutes).
  ApiAnswer answer =
      api_.call("POST", channel_path,
                boost::json::object{{"content", content},
                                    {"nonce", nonce},
                                    {"enforce_nonce", true},
                                    {"allowed_mentions", {{"parse", boost::json::array{}}}}},
                Auth::kBot, connection.bot_token);
  if (!answer.ok())
    return classify_failure(answer, "posting the announcement", Operation::kMessage);
  const std::string id = id_of(answer.body);
  if (auto failure = record(connection, {record_key, id, "message"})) return *failure;
  return Delivery::done("message " + id);
}

Delivery DiscordConnector::deliver(const automation::OutboxRow& row) {
  boost::json::object payload;
  try {
    payload = boost::json::parse(row.payload).as_object();
  } catch (const std::exception&) {
    return Delivery::permanent("payload is not a JSON object");
  }
  if (!row.community_id) return Delivery::permanent("a discord row needs its community");
  if (secrets_ == nullptr)
    return Delivery::retry("no secret key is configured (--secret-key-file): tokens cannot open");
  std::optional<Connection> connection;
  {
    auto reader = database_.read();
    if (!reader) return Delivery::retry(reader.error().message);
    auto loaded = load_connection(*reader, *secrets_, *row.community_id);
    if (!loaded && loaded.error().field == "secret")
      return Delivery::permanent("the stored token does not open: connect again");
    if (!loaded) return Delivery::retry(loaded.error().message);
    connection = std::move(loaded.value());
  }
  if (!connection) return Delivery::cancelled("skipped: Discord is not connected");
  const std::string op = text_field(payload, "op");
  if (op == "announce") return announce(*connection, row, payload);
  if (connection->mode != "bot")
    return Delivery::cancelled("skipped: webhook-only mode posts announcements only");
  if (op == "ensure_category") {
    Ensured category =
        ensure_category(*connection, text_field(payload, "key"), text_field(payload, "name"));
    return category.failure ? *category.failure : Delivery::done("category " + category.id);
  }
  if (op == "ensure_role") {
    Ensured role =
        ensure_role(*connection, text_field(payload, "key"), text_field(payload, "name"));
    return role.failure ? *role.failure : Delivery::done("role " + role.id);
  }
  if (op == "ensure_channel") return ensure_channel(*connection, payload);
  if (op == "ensure_member_channel") return ensure_member_channel(*connection, payload);
  if (op == "allow_member") return allow_member(*connection, payload);
  if (op == "give_role") return member_role(*connection, payload, true);
  if (op == "take_role") return member_role(*connection, payload, false);
  if (op == "invite") return invite(*connection, row, payload);
  return Delivery::permanent("unknown discord op '" + op + "'");
}

}  // namespace moim::discord
