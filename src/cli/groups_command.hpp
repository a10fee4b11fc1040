// moim groups: one coffee-chat round from CSV files, or a repeat-free
// schedule for g groups of s over w rounds (the social golfer problem).
#pragma once

#include <CLI/CLI.hpp>

namespace moim::cli {

void add_groups_command(CLI::App& app);

}  // namespace moim::cli
