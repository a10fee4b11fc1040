#include "platform/config/settings.hpp"

#include <charconv>

namespace moim::config {

void add_database_options(CLI::App& command, Settings& settings) {
  command
      .set_config("--config", "", "TOML file with settings (keys are the flag names without --)")
      ->envname("MOIM_CONFIG");
  command.allow_config_extras(CLI::config_extras_mode::ignore);
  command
      .add_option("--database", settings.database, "sqlite:PATH or postgresql://user@host:port/db")
      ->envname("MOIM_DATABASE")
      ->capture_default_str();
  command
      .add_option("--db-pool-size", settings.db_pool_size,
                  "database connections (readers for SQLite)")
      ->envname("MOIM_DB_POOL_SIZE")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command.add_option("--log-level", settings.log_level, "debug, info, warn or error")
      ->envname("MOIM_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
}

void add_server_options(CLI::App& command, Settings& settings) {
  add_database_options(command, settings);
  command.add_option("--listen", settings.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("MOIM_LISTEN")
      ->capture_default_str();
  command.add_option("--web-root", settings.web_root, "folder with templates/, static/ and i18n/")
      ->envname("MOIM_WEB_ROOT")
      ->capture_default_str();
  command
      .add_option("--base-url", settings.base_url,
                  "public URL used in mailed links (default http://LISTEN)")
      ->envname("MOIM_BASE_URL");
  command.add_option("--threads", settings.threads, "worker threads (0: one per core)")
      ->envname("MOIM_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  command.add_option("--max-body-bytes", settings.max_body_bytes, "largest request body accepted")
      ->envname("MOIM_MAX_BODY_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
      ->capture_default_str();
  command
      .add_option("--max-header-bytes", settings.max_header_bytes,
                  "largest request header block accepted")
      ->envname("MOIM_MAX_HEADER_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20))
      ->capture_default_str();
  command
      .add_option("--read-timeout-ms", settings.read_timeout_ms,
                  "time to receive a request once started")
      ->envname("MOIM_READ_TIMEOUT_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  command
      .add_option("--idle-timeout-ms", settings.idle_timeout_ms,
                  "keep-alive wait for the next request")
      ->envname("MOIM_IDLE_TIMEOUT_MS")
      ->check(CLI::Range(100, 3'600'000))
      ->capture_default_str();
  command
      .add_option("--max-connections", settings.max_connections,
                  "open connections before answering 503")
      ->envname("MOIM_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  command
      .add_option("--shutdown-grace-ms", settings.shutdown_grace_ms,
                  "time in-flight requests get on shutdown")
      ->envname("MOIM_SHUTDOWN_GRACE_MS")
      ->check(CLI::Range(0, 600'000))
      ->capture_default_str();
  command
      .add_flag("--trust-proxy", settings.trust_proxy,
                "honour X-Forwarded-For and X-Forwarded-Proto")
      ->envname("MOIM_TRUST_PROXY");
  command
      .add_flag("--secure-cookies", settings.secure_cookies,
                "mark cookies Secure (serving over https)")
      ->envname("MOIM_SECURE_COOKIES");
  command.add_flag("--dev", settings.dev, "development mode: log links that would be mailed")
      ->envname("MOIM_DEV");
  command.add_flag("--demo", settings.demo, "seed the demo community on first start")
      ->envname("MOIM_DEMO");
  command.add_flag("!--no-access-log", settings.access_log, "do not log one line per request")
      ->envname("MOIM_NO_ACCESS_LOG");
  command.add_option("--port-file", settings.port_file, "write the bound port to this file")
      ->envname("MOIM_PORT_FILE");
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

}  // namespace moim::config
