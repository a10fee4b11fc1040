// Files in and out of the mentoring matcher: the JSON input, the --json
// output and the human-readable table. Formats: docs/mentoring.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/allocation/mentoring.hpp"

namespace moim::allocation::mentoring::io {

// An instance, or every problem found; reading also runs validate().
struct ParsedInput {
  Instance instance;
  std::vector<InputProblem> problems;
};

ParsedInput read_json(std::string_view text);

std::string_view to_string(Mode mode);  // "fit", "stable"
std::optional<Mode> parse_mode(std::string_view text);
std::string_view to_string(UnmatchedReason reason);  // "no_shared_language", ...
// A sentence for people: why this mentee has no mentor.
std::string_view explain(UnmatchedReason reason, Mode mode);

std::string write_json(const Instance& instance, const Outcome& outcome, Mode mode);
std::string write_table(const Instance& instance, const Outcome& outcome, Mode mode);

}  // namespace moim::allocation::mentoring::io
