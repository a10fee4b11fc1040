// The allocation engine's two commands, on files, without a server:
//   moim allocate --input FILE --mode stable|rank-maximal --seed N [--json]
//     reads JSON or CSV (docs/allocation.md);
//   moim mentoring match --input FILE --mode fit|stable [--seed N] [--json]
//     reads JSON (docs/mentoring.md).
// Each prints the table or the --json document, and exits 2 with every
// problem named when the input is bad.
#include "cli/allocate_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "engines/allocation/io/allocation_io.hpp"
#include "engines/allocation/io/mentoring_io.hpp"

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

[[noreturn]] void refuse(const std::string& command, const std::string& message) {
  std::cerr << "moim " << command << ": " << message << "\n";
  throw CLI::RuntimeError(2);
}

std::string read_file(const std::string& command, const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) refuse(command, path + ": cannot open the file");
  file.seekg(0, std::ios::end);
  const auto size = file.tellg();
  if (size < 0) refuse(command, path + ": cannot read the file");
  if (static_cast<std::size_t>(size) > allocation::io::kMaxInputBytes)
    refuse(command, path + ": larger than the 256 MB limit");
  std::string text(static_cast<std::size_t>(size), '\0');
  file.seekg(0);
  file.read(text.data(), size);
  if (!file) refuse(command, path + ": cannot read the file");
  return text;
}

void refuse_problems(const std::string& command, const std::string& path,
                     const std::vector<allocation::InputProblem>& problems) {
  if (problems.empty()) return;
  std::ostringstream message;
  message << path << ": " << problems.size() << " problem(s) in the input";
  for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) {
    const auto& problem = problems[i];
    message << "\n  " << problem.where << (problem.field.empty() ? "" : ", " + problem.field)
            << ": " << problem.message;
  }
  if (problems.size() > kProblemsShown)
    message << "\n  ... and " << problems.size() - kProblemsShown << " more";
  refuse(command, message.str());
}

// The engine's answer; an exception is a broken invariant (a bug, never bad
// input): exit 1.
template <typename Solve>
auto solve_or_fail(const std::string& command, Solve&& solve) {
  try {
    return solve();
  } catch (const std::exception& error) {
    std::cerr << "moim " << command << ": internal error: " << error.what() << "\n";
    throw CLI::RuntimeError(1);
  }
}

void run(const AllocateOptions& options) {
  const auto mode = allocation::io::parse_mode(options.mode);
  if (!mode)
    refuse("allocate", "--mode must be stable or rank-maximal, not '" + options.mode + "'");
  auto parsed = allocation::io::read_input(read_file("allocate", options.input), options.input);
  refuse_problems("allocate", options.input, parsed.problems);
  parsed.instance.seed = options.seed;
  parsed.instance.cancel_under_minimum = options.cancel_under_minimum;
  const auto outcome =
      solve_or_fail("allocate", [&] { return allocation::allocate(parsed.instance, *mode); });
  std::cout << (options.json ? allocation::io::write_json(parsed.instance, outcome, *mode)
                             : allocation::io::write_table(parsed.instance, outcome, *mode));
}

struct MentoringOptions {
  std::string input;
  std::string mode;
  std::uint64_t seed = 0;
  bool json = false;
};

void run_mentoring(const MentoringOptions& options) {
  namespace mentoring = allocation::mentoring;
  const auto mode = mentoring::io::parse_mode(options.mode);
  if (!mode) refuse("mentoring match", "--mode must be fit or stable, not '" + options.mode + "'");
  auto parsed = mentoring::io::read_json(read_file("mentoring match", options.input));
  refuse_problems("mentoring match", options.input, parsed.problems);
  parsed.instance.seed = options.seed;
  const auto outcome =
      solve_or_fail("mentoring match", [&] { return mentoring::match(parsed.instance, *mode); });
  std::cout << (options.json ? mentoring::io::write_json(parsed.instance, outcome, *mode)
                             : mentoring::io::write_table(parsed.instance, outcome, *mode));
}

}  // namespace

void add_mentoring_command(CLI::App& app) {
  auto options = std::make_shared<MentoringOptions>();
  CLI::App* mentoring = app.add_subcommand("mentoring", "mentoring programs without a server");
  mentoring->require_subcommand(1);
  CLI::App* command = mentoring->add_subcommand(
      "match", "pair mentees with mentors from a JSON file (no database; docs/mentoring.md)");
  command->add_option("--input", options->input, "the JSON file (docs/mentoring.md)")->required();
  command->add_option("--mode", options->mode, "fit | stable")->required();
  command->add_option("--seed", options->seed, "breaks ties; the same seed gives the same pairs");
  command->add_flag("--json", options->json, "print the JSON document instead of the table");
  command->callback([options] { run_mentoring(*options); });
}

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
