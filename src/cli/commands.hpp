// Each subcommand registers itself on the moim command line.
#pragma once

#include <CLI/CLI.hpp>

#include "platform/config/settings.hpp"

namespace moim::cli {

// Settings are shared: main fills them from the config file before parsing.
void add_serve_command(CLI::App& app, config::Settings& settings);
// moim worker: the outbox worker alone, without the web server.
void add_worker_command(CLI::App& app, config::Settings& settings);
void add_admin_commands(CLI::App& app,
                        config::Settings& settings);  // migrate, demo, user create, backup
void add_coffee_commands(CLI::App& app, config::Settings& settings);  // coffee close-due
// moim copy --from sqlite:PATH --to postgresql://...
void add_copy_command(CLI::App& app);

// Sets the log level and initialises libsodium; every command calls it first.
void prepare(const std::string& log_level);

}  // namespace moim::cli
