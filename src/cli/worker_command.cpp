// moim worker: delivers the outbox without serving pages, e.g. on a second
// machine, or beside `moim serve --no-outbox-worker`. Several may run: one
// leads (see src/features/integrations/leadership.hpp), the others stand by.
// Stops gracefully on SIGTERM or SIGINT: deliveries in flight are recorded.
#include <csignal>
#include <iostream>

#include "app/app.hpp"
#include "cli/commands.hpp"
#include "platform/log/log.hpp"

namespace moim::cli {

namespace {

int run_worker(const config::Settings& settings) {
  prepare(settings.log_level);
  // Block the stop signals before any thread starts, so every thread
  // inherits the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
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
  app.value()->worker().start();
  int received = 0;
  sigwait(&stop_signals, &received);
  log::info("worker_stopping", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  app.value()->worker().stop();
  return 0;
}

}  // namespace

void add_worker_command(CLI::App& app, config::Settings& settings) {
  CLI::App* command =
      app.add_subcommand("worker", "deliver the outbox (mail, webhooks) without the web server");
  // The same settings as serve, so one config file serves both.
  config::add_server_options(*command, settings);
  command->callback([&settings] {
    const int code = run_worker(settings);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace moim::cli
