// moim coffee close-due: forms the groups of every coffee-chat round whose
// cut-off has passed. Until the background worker does it on a timer, an
// operator runs this from cron (e.g. every 10 minutes); running it twice is
// harmless, a round closes once.
#include <iostream>

#include "app/app.hpp"
#include "cli/commands.hpp"

namespace moim::cli {

void add_coffee_commands(CLI::App& app, config::Settings& shared_settings) {
  config::Settings* settings = &shared_settings;
  CLI::App* coffee = app.add_subcommand("coffee", "coffee-chat rounds");
  coffee->require_subcommand(1);
  CLI::App* close_due =
      coffee->add_subcommand("close-due", "form the groups of every round past its cut-off");
  config::add_database_options(*close_due, *settings);
  close_due->callback([settings] {
    prepare(settings->log_level);
    auto database = open_database(*settings);
    if (!database) {
      std::cerr << "moim: " << database.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    auto application = App::create(*settings, *database.value());
    if (!application) {
      std::cerr << "moim: " << application.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    auto closed = application.value()->coffee().close_due_rounds();
    if (!closed) {
      std::cerr << "moim: " << closed.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "closed " << closed.value() << " coffee-chat round(s)\n";
  });
}

}  // namespace moim::cli
