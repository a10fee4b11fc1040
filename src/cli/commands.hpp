// Each subcommand registers itself on the moim command line.
#pragma once

#include <CLI/CLI.hpp>

namespace moim::cli {

void add_serve_command(CLI::App& app);
void add_admin_commands(CLI::App& app);  // migrate, demo, user create, backup

// Sets the log level and initialises libsodium; every command calls it first.
void prepare(const std::string& log_level);

}  // namespace moim::cli
