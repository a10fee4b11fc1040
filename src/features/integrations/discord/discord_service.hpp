// What people do with Discord in moim: organizers connect their community's
// server (a bot token and guild id, or a webhook URL for announcements only)
// and test it; members link their Discord account through OAuth2
// (authorization code, `identify` scope) and unlink it. Authorization lives
// here: only a community's organizers (and admins) touch its connection;
// only the member themself touches their link.
#pragma once

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/integrations/discord/discord_api.hpp"
#include "features/integrations/discord/discord_store.hpp"
#include "platform/web/input.hpp"

namespace moim::discord {

struct OAuthSettings {
  std::string authorize_url;  // https://discord.com/oauth2/authorize
  std::string client_id;
  std::string client_secret;
  std::string redirect_url;  // <base_url>/me/discord/callback
};

// What an organizer sees: never a token.
struct ConnectionView {
  bool connected = false;
  std::string mode;
  std::string guild_id;
  std::string guild_name;
  std::string announcements_channel_id;
  bool voice_channels = false;
  std::int64_t connected_at = 0;
};

class DiscordService {
 public:
  // `secrets` may be null (PostgreSQL without --secret-key-file): connecting
  // then answers that the key is missing.
  DiscordService(db::Database& database, const Clock& clock,
                 communities::CommunitiesService& communities, const crypto::SecretBox* secrets,
                 ApiOptions api, OAuthSettings oauth);

  Result<std::pair<communities::Community, ConnectionView>> connection(
      const accounts::Viewer& viewer, const std::string& slug);
  // Reads the guild with the token first (bot mode): a wrong token or guild
  // id is a 400 naming the field, and nothing is saved.
  Result<ConnectionView> connect(const accounts::Viewer& viewer, const std::string& slug,
                                 const web::Fields& fields);
  // Reads the guild again and checks the Server Members intent; the error
  // says what Discord answered and what to do.
  Result<ConnectionView> test(const accounts::Viewer& viewer, const std::string& slug);
  Status disconnect(const accounts::Viewer& viewer, const std::string& slug);

  bool linking_enabled() const { return !oauth_.client_id.empty(); }
  // "https://discord.com": where "Link Discord" sends the browser, which the
  // page's form-action must allow; empty when the URL is not plain http(s).
  std::string oauth_origin() const;
  bool can_seal() const { return secrets_ != nullptr; }
  Result<std::optional<Link>> my_link(const accounts::Viewer& viewer);
  // The authorize URL to send the member to; its state is bound to their
  // browser session and used once within 10 minutes.
  Result<std::string> start_link(const accounts::Viewer& viewer);
  Result<Link> finish_link(const accounts::Viewer& viewer, const std::string& code,
                           const std::string& state);
  Status unlink(const accounts::Viewer& viewer);

 private:
  Result<communities::Community> managed(const accounts::Viewer& viewer, const std::string& slug);
  // GET /guilds/{id}/members?limit=1: an Error saying how to turn on the
  // Server Members intent when Discord refuses.
  Status check_members_intent(const std::string& guild_id, const std::string& token);
  // GET /guilds/{id}: the guild's name, or an Error naming the field at fault.
  Result<std::string> read_guild(const std::string& guild_id, const std::string& token);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  const crypto::SecretBox* secrets_;
  DiscordApi api_;
  OAuthSettings oauth_;
};

inline constexpr std::int64_t kOAuthStateSeconds = 10 * 60;

}  // namespace moim::discord
