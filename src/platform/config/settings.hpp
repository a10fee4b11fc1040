// Every setting of moim in one place. Each comes, by precedence, from a
// command-line flag, a MOIM_* environment variable, a TOML file named by
// --config (or MOIM_CONFIG), or the default here. One table in settings.cpp
// declares each setting once for all three sources.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace moim::config {

struct Settings {
  // Where to listen and what to serve.
  std::string listen = "127.0.0.1:8080";
  std::string database = "sqlite:var/moim.db";
  std::string web_root = MOIM_DEFAULT_WEB_ROOT;
  std::string base_url;  // public URL for links in mail; default http://<listen>
  // The HTTP server's limits.
  int threads = 0;  // 0: one per core
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  int read_timeout_ms = 15'000;
  int idle_timeout_ms = 60'000;
  int header_timeout_ms = 10'000;
  int max_connections = 1024;
  int max_connections_per_client = 64;
  int max_streams = 20'000;  // Server-Sent Event streams (live updates), apart from max_connections
  int shutdown_grace_ms = 10'000;
  bool trust_proxy = false;
  int trusted_proxy_hops = 1;
  bool secure_cookies = false;
  // Per client address and hour (accounts): sign-ups, and mailed reset and
  // login links. Every client behind a proxy without --trust-proxy shares one.
  int signups_per_address_per_hour = 20;
  // Event registrations per client address and minute; 0 turns the limit off (load tests).
  int event_registrations_per_address_per_minute = 30;
  int mail_links_per_address_per_hour = 10;
  // "Delete my account": days until the erasure; signing in before cancels it.
  int deletion_grace_days = 14;
  // Database.
  int db_pool_size = 8;
  // Behaviour.
  bool dev = false;   // development mode: mailed links are logged
  bool demo = false;  // seed the demo community on first start
  std::string log_level = "info";
  bool access_log = true;
  std::string port_file;  // write the bound port here (tests listen on port 0)
  // The outbox worker (src/features/integrations).
  bool outbox_worker = true;              // run the worker inside `moim serve`
  int outbox_concurrency = 4;             // deliveries in flight per connector
  int outbox_max_attempts = 8;            // then the row is dead
  int outbox_backoff_base_ms = 30'000;    // first retry delay, doubled per attempt
  int outbox_backoff_max_ms = 3'600'000;  // longest retry delay
  int outbox_poll_ms = 1000;              // idle wait, and how often a standby tries to lead
  std::string outbox_lock_file;           // SQLite: the worker lock (default: DATABASE.worker-lock)
  // Mail.
  std::string smtp_url;  // smtp://host:587 (STARTTLS) or smtps://host:465; empty: no SMTP
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_tls = "starttls";  // starttls (required), or none (local test servers only)
  int smtp_timeout_ms = 30'000;
  std::string mail_from = "moim <noreply@localhost>";
  std::string mail_reply_to;
  // Webhooks.
  bool webhook_allow_http = false;  // tests/local stand-ins: http:// and loopback/private hosts
  int webhook_timeout_ms = 10'000;
  // Integrations: the key that seals stored tokens (platform/crypto/secret_box.hpp).
  std::string secret_key_file;  // default: DATABASE.key for SQLite; required for PostgreSQL
  // Discord (src/features/integrations/discord): the REST API and OAuth2 endpoints (tests
  // and the demo point them at the local stand-in) and this deployment's
  // Discord application, used to link members' accounts.
  std::string discord_api_url = "https://discord.com/api/v10";
  std::string discord_oauth_url = "https://discord.com/oauth2/authorize";
  std::string discord_client_id;
  std::string discord_client_secret;
  int discord_timeout_ms = 10'000;
  // Notion: its API (tests and the demo point this at the local stand-in).
  std::string notion_api_url = "https://api.notion.com";
  int notion_timeout_ms = 15'000;
};

// Where the secret key lives: the setting, else beside a SQLite database file;
// empty for PostgreSQL without the setting (and for an in-memory database).
std::string secret_key_path(const Settings& settings);

// The options every database command shares: --config, --database, ...
void add_database_options(CLI::App& command, Settings& settings);
// Everything `moim serve` takes.
void add_server_options(CLI::App& command, Settings& settings);

// The config file named on the command line (--config FILE or --config=FILE)
// or in MOIM_CONFIG; empty when none.
std::string find_config_path(int argc, const char* const* argv);
// Applies a TOML file's settings (keys are the flag names without "--";
// dashes or underscores). An unknown key or a wrong type is an error naming
// the key, so a typo never passes silently.
bool load_config_file(const std::string& path, Settings& settings, std::string& error);

// "127.0.0.1:8080" -> host, port; an Error names the setting.
struct HostPort {
  std::string host;
  int port = 0;
};
bool parse_listen(const std::string& listen, HostPort& out);

}  // namespace moim::config
