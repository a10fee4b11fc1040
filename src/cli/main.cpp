// moim: the front door. Every subcommand registers itself here.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/allocate_command.hpp"
#include "cli/commands.hpp"
#include "cli/groups_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "moim: run volunteer learning communities end to end (cohorts, allocation, activity, "
      "events)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "moim 0.1.0");
  // The config file is read first; flags and MOIM_* variables then override it.
  moim::config::Settings settings;
  if (const std::string config_path = moim::config::find_config_path(argc, argv);
      !config_path.empty()) {
    std::string error;
    if (!moim::config::load_config_file(config_path, settings, error)) {
      std::cerr << "moim: " << error << "\n";
      return 2;
    }
  }
  moim::cli::add_serve_command(app, settings);
  moim::cli::add_worker_command(app, settings);
  moim::cli::add_admin_commands(app, settings);
  moim::cli::add_allocate_command(app);
  moim::cli::add_mentoring_command(app);
  moim::cli::add_coffee_commands(app, settings);
  moim::cli::add_copy_command(app);
  moim::cli::add_groups_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
