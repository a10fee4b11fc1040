// Files in and out of the allocation engine: the JSON and CSV inputs, the
// --json output and the human-readable table. Formats: docs/allocation.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation::io {

// Limits on what a file may hold, so a hostile file cannot exhaust memory.
inline constexpr std::size_t kMaxInputBytes = 256u << 20;
inline constexpr int kMaxSeats = 1'000'000;

// An instance, or every problem found (where = JSON path or "line N").
// Reading also runs validate(), so an empty `problems` means allocate-ready.
struct ParsedInput {
  Instance instance;
  std::vector<InputProblem> problems;
};

ParsedInput read_json(std::string_view text);
ParsedInput read_csv(std::string_view text);
// JSON when the name ends in .json or the text starts with '{', else CSV.
ParsedInput read_input(std::string_view text, std::string_view file_name);

std::string_view to_string(Mode mode);                      // "stable", "rank-maximal"
std::optional<Mode> parse_mode(std::string_view text);
std::string_view to_string(ChoiceOutcome outcome);          // "placed", "declined_by_builders", ...

std::string write_json(const Instance& instance, const Outcome& outcome, Mode mode);
std::string write_table(const Instance& instance, const Outcome& outcome, Mode mode);

}  // namespace moim::allocation::io
