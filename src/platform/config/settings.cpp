#include "platform/config/settings.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <variant>
#include <vector>

namespace moim::config {

namespace {

using Member = std::variant<std::string Settings::*, int Settings::*, std::size_t Settings::*,
                            bool Settings::*>;

struct Descriptor {
  const char* name;  // flag without "--", TOML key, and (upper-cased, MOIM_ prefix) env variable
  const char* help;
  Member member;
  bool server_only;
  long long min = 0;
  long long max = 0;  // 0: no range check
};

// The one list of settings. Keep in step with the Settings struct.
const std::vector<Descriptor>& descriptors() {
  static const std::vector<Descriptor> all{
      {"database", "sqlite:PATH or postgresql://user@host:port/db", &Settings::database, false},
      {"db-pool-size", "database connections (readers for SQLite)", &Settings::db_pool_size, false,
       1, 256},
      {"log-level", "debug, info, warn or error", &Settings::log_level, false},
      {"listen", "HOST:PORT to listen on (port 0: any free port)", &Settings::listen, true},
      {"web-root", "folder with templates/, static/ and i18n/", &Settings::web_root, true},
      {"base-url", "public URL used in mailed links (default http://LISTEN)", &Settings::base_url,
       true},
      {"threads", "worker threads (0: one per core)", &Settings::threads, true, 0, 256},
      {"max-body-bytes", "largest request body accepted", &Settings::max_body_bytes, true, 1024,
       1LL << 30},
      {"max-header-bytes", "largest request header block accepted", &Settings::max_header_bytes,
       true, 1024, 1LL << 20},
      {"read-timeout-ms", "time to receive a request once started", &Settings::read_timeout_ms,
       true, 100, 3'600'000},
      {"idle-timeout-ms", "keep-alive wait for the next request", &Settings::idle_timeout_ms, true,
       100, 3'600'000},
      {"header-timeout-ms", "time a new connection gets to send its first request's headers",
       &Settings::header_timeout_ms, true, 100, 3'600'000},
      {"max-connections", "open connections before answering 503", &Settings::max_connections, true,
       1, 1'000'000},
      {"max-connections-per-client",
       "open connections one client address may hold (the forwarded address with --trust-proxy)",
       &Settings::max_connections_per_client, true, 1, 1'000'000},
      {"max-streams",
       "open live-update streams (Server-Sent Events) before answering 503; they do not count "
       "against max-connections",
       &Settings::max_streams, true, 1, 1'000'000},
      {"shutdown-grace-ms", "time in-flight requests get on shutdown", &Settings::shutdown_grace_ms,
       true, 0, 600'000},
      {"trust-proxy", "honour X-Forwarded-For and X-Forwarded-Proto", &Settings::trust_proxy, true},
      {"trusted-proxy-hops",
       "with --trust-proxy: how many proxies append to X-Forwarded-For (the client is that many "
       "addresses from the right)",
       &Settings::trusted_proxy_hops, true, 1, 16},
      {"secure-cookies", "mark cookies Secure (serving over https)", &Settings::secure_cookies,
       true},
      {"signups-per-address-per-hour", "sign-ups one client address may make in an hour",
       &Settings::signups_per_address_per_hour, true, 1, 1'000'000},
      {"event-registrations-per-address-per-minute",
       "event registrations per client address and minute (0: no limit)",
       &Settings::event_registrations_per_address_per_minute, true, 0, 1'000'000},
      {"mail-links-per-address-per-hour",
       "password-reset and login links one client address may ask for in an hour",
       &Settings::mail_links_per_address_per_hour, true, 1, 1'000'000},
      {"deletion-grace-days",
       "days between asking to delete an account and its erasure (signing in cancels)",
       &Settings::deletion_grace_days, true, 1, 365},
      {"dev", "development mode: log links that would be mailed", &Settings::dev, true},
      {"demo", "seed the demo community on first start", &Settings::demo, true},
      {"access-log", "log one line per request (--no-access-log to turn off)",
       &Settings::access_log, true},
      {"port-file", "write the bound port to this file", &Settings::port_file, true},
      {"outbox-worker", "deliver the outbox inside serve (--no-outbox-worker to turn off)",
       &Settings::outbox_worker, true},
      {"outbox-concurrency", "outbox deliveries in flight per connector",
       &Settings::outbox_concurrency, false, 1, 64},
      {"outbox-max-attempts", "attempts before an outbox row is dead",
       &Settings::outbox_max_attempts, false, 1, 100},
      {"outbox-backoff-base-ms", "first retry delay (doubles per attempt, with jitter)",
       &Settings::outbox_backoff_base_ms, false, 1, 86'400'000},
      {"outbox-backoff-max-ms", "longest retry delay", &Settings::outbox_backoff_max_ms, false, 1,
       604'800'000},
      {"outbox-poll-ms", "outbox idle wait and standby takeover interval",
       &Settings::outbox_poll_ms, false, 10, 60'000},
      {"outbox-lock-file", "SQLite: the file lock that lets one worker deliver",
       &Settings::outbox_lock_file, false},
      {"smtp-url", "smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT; empty: no mail server",
       &Settings::smtp_url, false},
      {"smtp-user", "SMTP login", &Settings::smtp_user, false},
      {"smtp-password", "SMTP password", &Settings::smtp_password, false},
      {"smtp-tls", "starttls (required) or none (local test servers only)", &Settings::smtp_tls,
       false},
      {"smtp-timeout-ms", "time one SMTP delivery may take", &Settings::smtp_timeout_ms, false, 100,
       600'000},
      {"mail-from", "sender of every mail, e.g. 'Pseudo-Lab <noreply@pseudolab.org>'",
       &Settings::mail_from, false},
      {"mail-reply-to", "Reply-To of every mail (empty: none)", &Settings::mail_reply_to, false},
      {"webhook-allow-http",
       "tests and local stand-ins only: webhooks to plain http:// URLs and to loopback, private "
       "and link-local addresses",
       &Settings::webhook_allow_http, false},
      {"webhook-timeout-ms", "time one webhook delivery may take", &Settings::webhook_timeout_ms,
       false, 100, 600'000},
      {"secret-key-file",
       "key that seals integration tokens (created on first start; default DATABASE.key for "
       "SQLite, required with PostgreSQL)",
       &Settings::secret_key_file, false},
      {"discord-api-url", "Discord's REST API base (tests and the demo: the local stand-in)",
       &Settings::discord_api_url, false},
      {"discord-oauth-url", "Discord's OAuth2 authorize page (member linking)",
       &Settings::discord_oauth_url, false},
      {"discord-client-id", "this deployment's Discord application id (member linking)",
       &Settings::discord_client_id, false},
      {"discord-client-secret", "the Discord application's client secret",
       &Settings::discord_client_secret, false},
      {"discord-timeout-ms", "time one Discord API request may take", &Settings::discord_timeout_ms,
       false, 100, 600'000},
      {"notion-api-url", "Notion's API (tests and the demo: the local stand-in)",
       &Settings::notion_api_url, false},
      {"notion-timeout-ms", "time one Notion request may take", &Settings::notion_timeout_ms, false,
       100, 600'000},
  };
  return all;
}

std::string env_name(const char* name) {
  std::string env = "MOIM_";
  for (const char* ch = name; *ch; ++ch)
    env += *ch == '-' ? '_' : static_cast<char>(std::toupper(*ch));
  return env;
}

void add_options(CLI::App& command, Settings& settings, bool server) {
  command.add_option("--config", "TOML file with settings (keys are the flag names without --)")
      ->envname("MOIM_CONFIG");
  for (const Descriptor& setting : descriptors()) {
    if (setting.server_only && !server) continue;
    const std::string flag = std::string("--") + setting.name;
    CLI::Option* option = std::visit(
        [&](auto member) -> CLI::Option* {
          auto& field = settings.*member;
          using Field = std::decay_t<decltype(field)>;
          if constexpr (std::is_same_v<Field, bool>) {
            // On by default (not as the TOML file left it): the flag turns it off.
            if (Settings{}.*member) {
              return command.add_flag("!--no-" + std::string(setting.name), field, setting.help)
                  ->envname(env_name((std::string("no-") + setting.name).c_str()));
            }
            return command.add_flag(flag, field, setting.help);
          } else {
            CLI::Option* added =
                command.add_option(flag, field, setting.help)->capture_default_str();
            if constexpr (std::is_arithmetic_v<Field>) {
              if (setting.max != 0) {
                added->check(
                    CLI::Range(static_cast<Field>(setting.min), static_cast<Field>(setting.max)));
              }
            }
            return added;
          }
        },
        setting.member);
    if (option->get_envname().empty()) option->envname(env_name(setting.name));
  }
  command.get_option("--log-level")->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  command.get_option("--smtp-tls")->check(CLI::IsMember({"starttls", "none"}));
}

}  // namespace

void add_database_options(CLI::App& command, Settings& settings) {
  add_options(command, settings, false);
}

void add_server_options(CLI::App& command, Settings& settings) {
  add_options(command, settings, true);
}

std::string find_config_path(int argc, const char* const* argv) {
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    if (arg == "--config" && arg_idx + 1 < argc) return argv[arg_idx + 1];
    if (arg.starts_with("--config=")) return std::string(arg.substr(9));
  }
  const char* env = std::getenv("MOIM_CONFIG");
  return env ? env : "";
}

bool load_config_file(const std::string& path, Settings& settings, std::string& error) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& failure) {
    error = "config " + path + ": " + std::string(failure.description()) + " at line " +
            std::to_string(failure.source().begin.line);
    return false;
  }
  for (const auto& [raw_key, node] : table) {
    std::string key(raw_key.str());
    for (char& ch : key) ch = ch == '_' ? '-' : ch;
    const Descriptor* found = nullptr;
    for (const Descriptor& setting : descriptors()) {
      if (key == setting.name) found = &setting;
    }
    if (found == nullptr) {
      error = "config " + path + ": unknown setting '" + std::string(raw_key.str()) + "'";
      return false;
    }
    const bool applied = std::visit(
        [&](auto member) -> bool {
          auto& field = settings.*member;
          using Field = std::decay_t<decltype(field)>;
          if constexpr (std::is_same_v<Field, std::string>) {
            if (auto value = node.value<std::string>())
              field = *value;
            else
              return false;
          } else if constexpr (std::is_same_v<Field, bool>) {
            if (auto value = node.value<bool>())
              field = *value;
            else
              return false;
          } else {
            auto value = node.value<long long>();
            if (!value || (found->max != 0 && (*value < found->min || *value > found->max)))
              return false;
            field = static_cast<Field>(*value);
          }
          return true;
        },
        found->member);
    if (!applied) {
      error = "config " + path + ": '" + std::string(raw_key.str()) +
              "' has the wrong type or is out of range";
      return false;
    }
  }
  return true;
}

bool parse_listen(const std::string& listen, HostPort& out) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  out.host = listen.substr(0, colon);
  if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  return ec == std::errc{} && end == port.data() + port.size() && out.port >= 0 &&
         out.port <= 65535;
}

std::string secret_key_path(const Settings& settings) {
  if (!settings.secret_key_file.empty()) return settings.secret_key_file;
  if (settings.database.starts_with("sqlite:") && settings.database != "sqlite::memory:")
    return settings.database.substr(7) + ".key";
  return {};
}

}  // namespace moim::config
