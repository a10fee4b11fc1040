// moim: the front door. Every subcommand registers itself here.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "moim: run volunteer learning communities end to end (cohorts, allocation, activity, "
      "events)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "moim 0.1.0");
  moim::cli::add_serve_command(app);
  moim::cli::add_admin_commands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
