#include "features/discord/discord_connector.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

#include "features/automation/outbox.hpp"
#include "features/discord/discord_names.hpp"

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

Delivery classify_failure(const ApiAnswer& answer, const std::string& doing) {
  const std::string what = doing + ": " + answer.describe();
  if (answer.status == 0) return Delivery::retry(what);
  if (answer.status == 429) {
    std::optional<std::int64_t> after;
    if (answer.retry_after_seconds)
      after = static_cast<std::int64_t>(std::ceil(*answer.retry_after_seconds));
    return Delivery::retry(what, after);
  }
  if (answer.status >= 500) return Delivery::retry(what);
  if (answer.status == 401)
    return Delivery::permanent(what + " — Discord refused the bot token; connect again");
  if (answer.code == 50013)
    return Delivery::permanent(what +
                               " — give the bot Manage Roles and Manage Channels, and put its "
                               "role above the project roles");
  if (answer.code == 10004)
    return Delivery::permanent(what +
                               " — the bot is not on this server (or the guild id is wrong)");
  return Delivery::permanent(what);
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
  ApiAnswer listed = api_.call("GET", list_path, nullptr, Auth::kBot, connection.bot_token);
  if (!listed.ok()) return {{}, classify_failure(listed, "reading " + list_path)};
  if (!listed.body.is_array())
    return {{}, Delivery::retry("reading " + list_path + ": not a list")};

  std::string found_id;
  for (const auto& item : listed.body.as_array()) {
    if (!item.is_object()) continue;
    const auto& object = item.as_object();
    const std::string id = text_field(object, "id");
    if (recorded && id == recorded->remote_id) {
      found_id = id;  // the one we made, whatever it is called now
      break;
    }
    if (!found_id.empty() || text_field(object, "name") != name) continue;
    if (!is_role) {
      const auto* type = object.if_contains("type");
      if (!type || !type->is_int64() || type->as_int64() != channel_type) continue;
      if (text_field(object, "parent_id") != parent_id) continue;
    }
    found_id = id;  // made before the crash that kept us from recording it, or by hand
  }
  if (found_id.empty()) {
    ApiAnswer created = api_.call("POST", list_path, create_body, Auth::kBot, connection.bot_token);
    if (!created.ok()) return {{}, classify_failure(created, "creating " + name)};
    found_id = id_of(created.body);
    if (found_id.empty()) return {{}, Delivery::retry("creating " + name + ": no id in answer")};
  }
  if (!recorded || recorded->remote_id != found_id) {
    auto writer = database_.write();
    if (!writer) return {{}, Delivery::retry(writer.error().message)};
    if (auto status = record_resource(*writer, connection.community_id, {key, found_id, name},
                                      clock_.now_seconds());
        !status)
      return {{}, Delivery::retry(status.error().message)};
    if (auto status = writer->commit(); !status)
      return {{}, Delivery::retry(status.error().message)};
  }
  return {found_id, std::nullopt};
}

DiscordConnector::Ensured DiscordConnector::ensure_role(const Connection& connection,
                                                        const std::string& key,
                                                        const std::string& name) {
  // No permissions of its own: the role only opens its project's channels.
  return ensure(connection, key, name, -1,
                {{"name", name}, {"permissions", "0"}, {"mentionable", true}}, "");
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
  // Private to the role: @everyone (whose id is the guild's) may not see it.
  boost::json::array overwrites{
      {{"id", connection.guild_id},
       {"type", 0},
       {"allow", "0"},
       {"deny", std::to_string(kViewChannel)}},
      {{"id", role.id}, {"type", 0}, {"allow", std::to_string(kViewChannel)}, {"deny", "0"}}};
  Ensured channel = ensure(connection, key, name, type,
                           {{"name", name},
                            {"type", type},
                            {"parent_id", category.id},
                            {"permission_overwrites", std::move(overwrites)}},
                           category.id);
  if (channel.failure) return *channel.failure;
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
    return Delivery::permanent(answer.describe() + " — the member is not on the server");
  return classify_failure(answer, give ? "giving a role" : "taking a role");
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
  // unique=false: Discord hands back the same invite when one like it exists.
  ApiAnswer answer = api_.call("POST", "/channels/" + channel_id + "/invites",
                               boost::json::object{{"max_age", 604800}, {"unique", false}},
                               Auth::kBot, connection.bot_token);
  if (!answer.ok()) return classify_failure(answer, "creating an invite");
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

Delivery DiscordConnector::announce(const Connection& connection,
                                    const boost::json::object& payload) {
  const std::string content = cut_utf8(text_field(payload, "content"), 2000);
  if (content.empty()) return Delivery::permanent("announce: no content");
  if (connection.mode == "webhook") {
    ApiAnswer answer =
        api_.call_url("POST", connection.webhook_url + "?wait=true",
                      boost::json::object{{"content", content},
                                          {"allowed_mentions", {{"parse", boost::json::array{}}}}});
    if (answer.ok()) return Delivery::done("webhook message " + id_of(answer.body));
    return classify_failure(answer, "posting to the webhook");
  }
  if (connection.announcements_channel_id.empty())
    return Delivery::cancelled("skipped: no announcements channel is set");
  // Discord drops a second message with the same nonce (enforce_nonce).
  ApiAnswer answer =
      api_.call("POST", "/channels/" + connection.announcements_channel_id + "/messages",
                boost::json::object{{"content", content},
                                    {"nonce", cut_utf8(text_field(payload, "nonce"), 25)},
                                    {"enforce_nonce", true},
                                    {"allowed_mentions", {{"parse", boost::json::array{}}}}},
                Auth::kBot, connection.bot_token);
  if (answer.ok()) return Delivery::done("message " + id_of(answer.body));
  return classify_failure(answer, "posting the announcement");
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
  if (op == "announce") return announce(*connection, payload);
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
  if (op == "give_role") return member_role(*connection, payload, true);
  if (op == "take_role") return member_role(*connection, payload, false);
  if (op == "invite") return invite(*connection, row, payload);
  return Delivery::permanent("unknown discord op '" + op + "'");
}

}  // namespace moim::discord
