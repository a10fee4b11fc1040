#include "features/integrations/discord/discord_service.hpp"

#include "features/accounts/consents.hpp"
#include "features/integrations/discord/discord_names.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/http/message.hpp"

namespace moim::discord {

namespace {

ConnectionView view_of(const std::optional<Connection>& connection) {
  ConnectionView view;
  if (!connection) return view;
  view.connected = true;
  view.mode = connection->mode;
  view.guild_id = connection->guild_id;
  view.guild_name = connection->guild_name;
  view.announcements_channel_id = connection->announcements_channel_id;
  view.voice_channels = connection->voice_channels;
  view.connected_at = connection->connected_at;
  return view;
}

Error no_secret_key() {
  return Error{409,
               "no_secret_key",
               "this server has no --secret-key-file, so tokens cannot be stored sealed",
               {}};
}

}  // namespace

DiscordService::DiscordService(db::Database& database, const Clock& clock,
                               communities::CommunitiesService& communities,
                               const crypto::SecretBox* secrets, ApiOptions api,
                               OAuthSettings oauth)
    : database_(database),
      clock_(clock),
      communities_(communities),
      secrets_(secrets),
      api_(std::move(api)),
      oauth_(std::move(oauth)) {}

Result<communities::Community> DiscordService::managed(const accounts::Viewer& viewer,
                                                       const std::string& slug) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage()) return Error::forbidden("only organizers manage Discord");
  return community.value();
}

Result<std::pair<communities::Community, ConnectionView>> DiscordService::connection(
    const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  if (secrets_ == nullptr) return std::pair{community.value(), ConnectionView{}};
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto loaded = load_connection(*reader, *secrets_, community->id);
  if (!loaded) return loaded.error();
  return std::pair{community.value(), view_of(loaded.value())};
}

Result<std::string> DiscordService::read_guild(const std::string& guild_id,
                                               const std::string& token) {
  ApiAnswer answer = api_.call("GET", "/guilds/" + guild_id, nullptr, Auth::kBot, token);
  if (answer.ok() && answer.body.is_object()) {
    const auto* name = answer.body.as_object().if_contains("name");
    return name && name->is_string() ? std::string(name->as_string()) : std::string();
  }
  if (answer.status == 401) return Error::invalid("bot_token", "Discord refused this bot token");
  if (answer.status == 403 || answer.status == 404)
    return Error::invalid("guild_id", "the bot cannot see this server (" + answer.describe() +
                                          "): invite the bot, or check the server id");
  return Error{502, "discord_unavailable", "Discord did not answer: " + answer.describe(), {}};
}

Status DiscordService::check_members_intent(const std::string& guild_id, const std::string& token) {
  // Without the Server Members intent Discord answers 403 (50001) here, and
  // the plan could neither invite anyone nor see who holds a role.
  ApiAnswer answer =
      api_.call("GET", "/guilds/" + guild_id + "/members?limit=1", nullptr, Auth::kBot, token);
  if (answer.ok()) return Ok{};
  if (answer.status == 403)
    return Error{409,
                 "discord_members_intent_off",
                 "the bot may not list the server's members (" + answer.describe() +
                     "): turn on the Server Members Intent in the Discord Developer Portal "
                     "(your application › Bot › Privileged Gateway Intents)",
                 {}};
  return Error{502, "discord_unavailable", "Discord did not answer: " + answer.describe(), {}};
}

Result<ConnectionView> DiscordService::connect(const accounts::Viewer& viewer,
                                               const std::string& slug, const web::Fields& fields) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  if (secrets_ == nullptr) return no_secret_key();
  auto mode = fields.text("mode", 1, 10);
  if (!mode) return mode.error();
  NewConnection input;
  input.mode = mode.value();
  if (input.mode == "bot") {
    auto token = fields.text("bot_token", 20, 200);
    if (!token) return token.error();
    input.bot_token = token.value();
    auto guild = fields.text("guild_id", 1, 20);
    if (!guild) return guild.error();
    if (!is_snowflake(guild.value()))
      return Error::invalid("guild_id",
                            "a Discord server id is a number (Developer Mode → Copy ID)");
    input.guild_id = guild.value();
    auto channel = fields.optional_text("announcements_channel_id", 20);
    if (!channel) return channel.error();
    input.announcements_channel_id = channel->value_or("");
    if (!input.announcements_channel_id.empty() && !is_snowflake(input.announcements_channel_id))
      return Error::invalid("announcements_channel_id", "a Discord channel id is a number");
    auto voice = fields.optional_boolean("voice_channels");
    if (!voice) return voice.error();
    input.voice_channels = voice->value_or(false);
    // Outside any transaction: the remote may be slow.
    auto guild_name = read_guild(input.guild_id, input.bot_token);
    if (!guild_name) return guild_name.error();
    input.guild_name = guild_name.value();
  } else if (input.mode == "webhook") {
    auto url = fields.text("webhook_url", 30, 300);
    if (!url) return url.error();
    if (!is_discord_webhook_url(url.value(), api_.options().base_url))
      return Error::invalid("webhook_url",
                            "a Discord webhook URL starts with https://discord.com/api/webhooks/");
    input.webhook_url = url.value();
  } else {
    return Error::invalid("mode", "mode is 'bot' or 'webhook'");
  }
  auto writer = database_.write();
  if (!writer) return writer.error();
  if (auto saved = save_connection(*writer, *secrets_, community->id, input, viewer.user_id(),
                                   clock_.now_seconds());
      !saved)
    return saved.error();
  auto loaded = load_connection(*writer, *secrets_, community->id);
  if (!loaded) return loaded.error();
  // Never the token: only how and to what the community is connected.
  if (auto logged = communities::write_audit(*writer, community->id, viewer.user_id(),
                                             "community.discord_connected", community->slug,
                                             {{"mode", input.mode}}, clock_.now_seconds());
      !logged)
    return logged.error();
  if (auto committed = writer->commit(); !committed) return committed.error();
  return view_of(loaded.value());
}

Result<ConnectionView> DiscordService::test(const accounts::Viewer& viewer,
                                            const std::string& slug) {
  auto current = connection(viewer, slug);
  if (!current) return current.error();
  if (!current->second.connected) return Error::not_found("Discord is not connected");
  if (current->second.mode != "bot") return current->second;  // a webhook cannot be read back
  std::string token;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto loaded = load_connection(*reader, *secrets_, current->first.id);
    if (!loaded) return loaded.error();
    token = (*loaded)->bot_token;
  }
  auto name = read_guild(current->second.guild_id, token);
  if (!name) return name.error();
  if (auto intent = check_members_intent(current->second.guild_id, token); !intent)
    return intent.error();
  auto writer = database_.write();
  if (!writer) return writer.error();
  auto updated = writer->execute(
      "UPDATE discord_connections SET guild_name = ?, updated_at = ? WHERE community_id = ?",
      {name.value(), clock_.now_seconds(), current->first.id});
  if (!updated) return updated.error();
  if (auto committed = writer->commit(); !committed) return committed.error();
  ConnectionView view = current->second;
  view.guild_name = name.value();
  return view;
}

Status DiscordService::disconnect(const accounts::Viewer& viewer, const std::string& slug) {
  auto community = managed(viewer, slug);
  if (!community) return community.error();
  auto writer = database_.write();
  if (!writer) return writer.error();
  if (auto removed = delete_connection(*writer, community->id); !removed) return removed;
  if (auto logged = communities::write_audit(*writer, community->id, viewer.user_id(),
                                             "community.discord_disconnected", community->slug, {},
                                             clock_.now_seconds());
      !logged)
    return logged;
  return writer->commit();
}

Result<std::optional<Link>> DiscordService::my_link(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  return find_link(*reader, viewer.user_id());
}

std::string DiscordService::oauth_origin() const {
  const std::string& url = oauth_.authorize_url;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "https" && scheme != "http") return {};
  const std::size_t host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  // Goes into a header: a host has no spaces, quotes, commas or semicolons.
  if (origin.size() == scheme_end + 3 ||
      origin.find_first_of(" \t;,'\"\r\n", scheme_end + 3) != std::string::npos)
    return {};
  return origin;
}

Result<std::string> DiscordService::start_link(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (!linking_enabled())
    return Error{409, "discord_linking_off", "this server has no Discord application set", {}};
  if (viewer.session_id == 0)
    return Error::invalid("session", "link Discord from the website, signed in with a browser");
  const std::string state = crypto::random_token(24);
  const std::int64_t now = clock_.now_seconds();
  auto writer = database_.write();
  if (!writer) return writer.error();
  // Old, unused states of anyone go; so does this user's earlier attempt.
  auto cleared =
      writer->execute("DELETE FROM discord_oauth_states WHERE created_at < ? OR user_id = ?",
                      {now - kOAuthStateSeconds, viewer.user_id()});
  if (!cleared) return cleared.error();
  auto inserted = writer->execute(
      "INSERT INTO discord_oauth_states (state, user_id, session_id, created_at) VALUES "
      "(?, ?, ?, ?)",
      {state, viewer.user_id(), viewer.session_id, now});
  if (!inserted) return inserted.error();
  if (auto committed = writer->commit(); !committed) return committed.error();
  return oauth_.authorize_url +
         "?response_type=code&client_id=" + http::percent_encode(oauth_.client_id) +
         "&scope=identify&prompt=consent&redirect_uri=" +
         http::percent_encode(oauth_.redirect_url) + "&state=" + http::percent_encode(state);
}

Result<Link> DiscordService::finish_link(const accounts::Viewer& viewer, const std::string& code,
                                         const std::string& state) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (code.empty() || code.size() > 200) return Error::invalid("code", "no authorization code");
  if (state.empty() || state.size() > 200) return Error::invalid("state", "no state");
  const std::int64_t now = clock_.now_seconds();
  {
    // The state is used up whatever happens next.
    auto writer = database_.write();
    if (!writer) return writer.error();
    auto found = writer->query_one(
        "SELECT user_id, session_id, created_at FROM discord_oauth_states WHERE state = ?",
        {state});
    if (!found) return found.error();
    if (!found->has_value() || (*found)->int64(0) != viewer.user_id() ||
        (*found)->int64(1) != viewer.session_id || (*found)->int64(2) < now - kOAuthStateSeconds)
      return Error::invalid("state", "this link attempt expired or was not started here");
    auto removed = writer->execute("DELETE FROM discord_oauth_states WHERE state = ?", {state});
    if (!removed) return removed.error();
    if (auto committed = writer->commit(); !committed) return committed.error();
  }
  ApiAnswer token = api_.post_form(
      "/oauth2/token", "grant_type=authorization_code&code=" + http::percent_encode(code) +
                           "&redirect_uri=" + http::percent_encode(oauth_.redirect_url) +
                           "&client_id=" + http::percent_encode(oauth_.client_id) +
                           "&client_secret=" + http::percent_encode(oauth_.client_secret));
  if (!token.ok() || !token.body.is_object() || !token.body.as_object().contains("access_token") ||
      !token.body.as_object().at("access_token").is_string())
    return Error::invalid("code",
                          "Discord did not accept the authorization (" + token.describe() + ")");
  const std::string access(token.body.as_object().at("access_token").as_string());
  // We keep no token: the identity is all we need (invites go by mail).
  ApiAnswer me = api_.call("GET", "/users/@me", nullptr, Auth::kBearer, access);
  if (!me.ok() || !me.body.is_object())
    return Error{
        502, "discord_unavailable", "Discord did not say who you are: " + me.describe(), {}};
  const auto& user = me.body.as_object();
  Link link;
  link.user_id = viewer.user_id();
  if (const auto* id = user.if_contains("id"); id && id->is_string())
    link.discord_user_id = std::string(id->as_string());
  if (const auto* name = user.if_contains("username"); name && name->is_string())
    link.discord_username = std::string(name->as_string());
  if (!is_snowflake(link.discord_user_id))
    return Error{502, "discord_unavailable", "Discord answered without a user id", {}};
  link.linked_at = now;
  auto memberships = communities_.communities_of(viewer.user_id());
  if (!memberships) return memberships.error();
  auto writer = database_.write();
  if (!writer) return writer.error();
  if (auto saved = save_link(*writer, link); !saved) return saved.error();
  // Linking is agreeing to the discord_link purpose (issue #16): recorded
  // with the link; withdrawing it on /me/consents unlinks.
  if (auto agreed = accounts::set_consent(*writer, viewer.user_id(), "discord_link", true, now);
      !agreed)
    return agreed.error();
  // A linked Discord account is taking part (눈팅 → 소통) in each of the
  // member's communities that run on Discord, in the same transaction.
  auto connected = writer->query("SELECT community_id FROM discord_connections");
  if (!connected) return connected.error();
  for (const auto& row : *connected) {
    for (const auto& [community, stage] : memberships.value()) {
      if (community.id != row.int64(0)) continue;
      if (auto raised = communities_.record_milestone(*writer, community.id, viewer.user_id(),
                                                      communities::Milestone::kDiscordLinked, now);
          !raised)
        return raised.error();
    }
  }
  if (auto committed = writer->commit(); !committed) return committed.error();
  return link;
}

Status DiscordService::unlink(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto writer = database_.write();
  if (!writer) return writer.error();
  if (auto removed = delete_link(*writer, viewer.user_id()); !removed) return removed;
  // Unlinking withdraws the discord_link consent too (issue #16).
  if (auto withdrawn = accounts::set_consent(*writer, viewer.user_id(), "discord_link", false,
                                             clock_.now_seconds());
      !withdrawn)
    return withdrawn.error();
  return writer->commit();
}

}  // namespace moim::discord
