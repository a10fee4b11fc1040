// moim: the front door. Every subcommand registers itself here.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"moim: run volunteer learning communities end to end"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
