// moim allocate: the allocation engine on a file, for organizers who only
// want the engine (no server, no database).
#pragma once

#include <CLI/CLI.hpp>

namespace moim::cli {

void add_allocate_command(CLI::App& app);
// moim mentoring match: the mentoring matcher on a file, the same way.
void add_mentoring_command(CLI::App& app);

}  // namespace moim::cli
