// moim serve: the web server on the chosen database.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/app.hpp"
#include "app/demo.hpp"
#include "cli/commands.hpp"
#include "platform/http/server.hpp"
#include "platform/log/log.hpp"

namespace moim::cli {

namespace {

// Memory freed after a burst goes back to the system. glibc gives each
// thread that allocates an arena of its own (up to eight per core) and keeps
// freed blocks in their arena: after 1,000 clients' exchanges, a server with
// 10,000 bingo streams open held 126-141 MiB where one without the burst
// holds 99 (bench/http/bingo.sh). So: an arena per io thread, and every
// 10 s malloc_trim(0), which hands free pages inside the arenas back.
// MALLOC_ARENA_MAX in the environment still wins.
void limit_malloc_arenas(int threads) {
  if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return;
  const int io_threads =
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  mallopt(M_ARENA_MAX, std::max(2, io_threads));
}

class MemoryTrimmer {
 public:
  MemoryTrimmer()
      : thread_([this](std::stop_token stop) {
          std::unique_lock lock(mutex_);
          while (!stop.stop_requested()) {
            wake_.wait_for(lock, stop, std::chrono::seconds(10), [] { return false; });
            if (!stop.stop_requested()) malloc_trim(0);
          }
        }) {}

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the others go
};

int serve(const config::Settings& settings) {
  limit_malloc_arenas(settings.threads);
  prepare(settings.log_level);
  config::HostPort listen;
  if (!config::parse_listen(settings.listen, listen)) {
    std::cerr << "moim: --listen must be HOST:PORT, got '" << settings.listen << "'\n";
    return 2;
  }
  auto database = open_database(settings);
  if (!database) {
    std::cerr << "moim: " << database.error().message << "\n";
    return 1;
  }
  auto app = App::create(settings, *database.value());
  if (!app) {
    std::cerr << "moim: " << app.error().message << "\n";
    return 1;
  }
  std::optional<DemoSummary> demo;
  if (settings.demo) {
    auto seeded = seed_demo(*app.value());
    if (!seeded) {
      std::cerr << "moim: demo: " << seeded.error().message << "\n";
      return 1;
    }
    demo = seeded.value();
  }
  http::ServerOptions options;
  options.host = listen.host;
  options.port = static_cast<std::uint16_t>(listen.port);
  options.threads = settings.threads;
  options.max_body_bytes = settings.max_body_bytes;
  options.max_header_bytes = settings.max_header_bytes;
  options.read_timeout_ms = settings.read_timeout_ms;
  options.idle_timeout_ms = settings.idle_timeout_ms;
  options.header_timeout_ms = settings.header_timeout_ms;
  options.max_connections = settings.max_connections;
  options.max_connections_per_client = settings.max_connections_per_client;
  options.max_streams = settings.max_streams;
  options.shutdown_grace_ms = settings.shutdown_grace_ms;
  options.trust_proxy = settings.trust_proxy;
  options.trusted_proxy_hops = settings.trusted_proxy_hops;
  App& application = *app.value();
  http::Server server(
      options,
      [&application](http::Request& request) { return application.pipeline().handle(request); },
      &application.metrics());
  auto port = server.listen();
  if (!port) {
    std::cerr << "moim: " << port.error().message << "\n";
    return 1;
  }
  if (!settings.port_file.empty()) {
    std::ofstream(settings.port_file) << port.value() << "\n";
  }
  const std::string url = "http://" +
                          (listen.host == "0.0.0.0" ? std::string("127.0.0.1") : listen.host) +
                          ":" + std::to_string(port.value());
  log::info("listening", {{"url", url},
                          {"database", settings.database.starts_with("sqlite:") ? settings.database
                                                                                : "postgresql"}});
  std::cerr << "\nmoim is serving " << url << "\n";
  if (demo) {
    std::cerr << "demo community: " << url << "/c/" << kDemoSlug
              << (demo->created ? " (created now)" : "") << "\n"
              << "demo logins (password " << kDemoPassword << "):\n";
    for (const auto& login : demo->logins)
      std::cerr << "  " << login.role << ": " << login.email << "\n";
  }
  std::cerr << "stop with Ctrl-C\n\n";
  if (settings.outbox_worker) application.worker().start();
  MemoryTrimmer trimmer;
  server.run();
  // SIGTERM stopped the server; deliveries in flight finish and are recorded.
  application.worker().stop();
  log::info("stopped", {});
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, config::Settings& settings) {
  CLI::App* command = app.add_subcommand("serve", "serve the web pages and the API");
  config::add_server_options(*command, settings);
  command->callback([&settings] {
    const int code = serve(settings);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace moim::cli
