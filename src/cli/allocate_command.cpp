// moim allocate --input FILE --mode stable|rank-maximal --seed N [--json]
// Reads JSON or CSV (docs/allocation.md), prints the table or the --json
// document. Exit 2 with every problem named when the input is bad.
#include "cli/allocate_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "engines/allocation/io/allocation_io.hpp"

namespace moim::cli {

namespace {

struct AllocateOptions {
  std::string input;
  std::string mode;
  std::uint64_t seed = 0;
  bool json = false;
  bool cancel_under_minimum = false;
};

// Problems beyond this many are counted, not listed: a broken export can
// have one per row.
constexpr std::size_t kProblemsShown = 50;

[[noreturn]] void refuse(const std::string& message) {
  std::cerr << "moim allocate: " << message << "\n";
  throw CLI::RuntimeError(2);
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) refuse(path + ": cannot open the file");
  file.seekg(0, std::ios::end);
  const auto size = file.tellg();
  if (size < 0) refuse(path + ": cannot read the file");
  if (static_cast<std::size_t>(size) > allocation::io::kMaxInputBytes)
    refuse(path + ": larger than the 256 MB limit");
  std::string text(static_cast<std::size_t>(size), '\0');
  file.seekg(0);
  file.read(text.data(), size);
  if (!file) refuse(path + ": cannot read the file");
  return text;
}

void run(const AllocateOptions& options) {
  const auto mode = allocation::io::parse_mode(options.mode);
  if (!mode) refuse("--mode must be stable or rank-maximal, not '" + options.mode + "'");
  auto parsed = allocation::io::read_input(read_file(options.input), options.input);
  if (!parsed.problems.empty()) {
    std::ostringstream message;
    message << options.input << ": " << parsed.problems.size() << " problem(s) in the input";
    for (std::size_t i = 0; i < parsed.problems.size() && i < kProblemsShown; ++i) {
      const auto& problem = parsed.problems[i];
      message << "\n  " << problem.where << (problem.field.empty() ? "" : ", " + problem.field)
              << ": " << problem.message;
    }
    if (parsed.problems.size() > kProblemsShown)
      message << "\n  ... and " << parsed.problems.size() - kProblemsShown << " more";
    refuse(message.str());
  }
  parsed.instance.seed = options.seed;
  parsed.instance.cancel_under_minimum = options.cancel_under_minimum;
  allocation::Outcome outcome;
  try {
    outcome = allocation::allocate(parsed.instance, *mode);
  } catch (const std::exception& error) {  // a broken invariant: a bug, never bad input
    std::cerr << "moim allocate: internal error: " << error.what() << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << (options.json ? allocation::io::write_json(parsed.instance, outcome, *mode)
                             : allocation::io::write_table(parsed.instance, outcome, *mode));
}

}  // namespace

void add_allocate_command(CLI::App& app) {
  auto options = std::make_shared<AllocateOptions>();
  CLI::App* command = app.add_subcommand(
      "allocate", "allocate applicants to projects from a JSON or CSV file (no database)");
  command->add_option("--input", options->input, "the JSON or CSV file (docs/allocation.md)")
      ->required();
  command->add_option("--mode", options->mode, "stable | rank-maximal")->required();
  command->add_option("--seed", options->seed, "breaks ties; the same seed gives the same result")
      ->required();
  command->add_flag("--json", options->json, "print the JSON document instead of the table");
  command->add_flag("--cancel-under-minimum", options->cancel_under_minimum,
                    "cancel projects below their minimum and move their applicants on");
  command->callback([options] { run(*options); });
}

}  // namespace moim::cli
