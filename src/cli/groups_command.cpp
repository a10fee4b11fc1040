#include "cli/groups_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/groups_io.hpp"
#include "engines/grouping/round.hpp"
#include "engines/grouping/schedule.hpp"
#include "engines/grouping/verify.hpp"

namespace moim::cli {
namespace {

struct GroupsOptions {
  std::string people, history, forbidden, size = "3-4", golfers;
  int target = 0;  // 0 = the larger bound
  std::uint64_t seed = 1;
  double time_limit = -1;  // default: 1 s for a round, 10 s for a schedule
  std::int64_t now = 0;    // 0 = the current time
  bool require_common_slot = false;
  bool json = false;
};

[[noreturn]] void fail(const std::string& what, const std::string& message, int code = 2) {
  std::cerr << "moim groups: " << (what.empty() ? "" : what + ": ") << message << "\n";
  throw CLI::RuntimeError(code);
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) fail(path, "cannot be read");
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

template <typename T>
T value_or_fail(Result<T> result) {
  if (!result) fail(result.error().field, result.error().message);
  return std::move(result).value();
}

void run_golfers(const GroupsOptions& options) {
  const auto spec = value_or_fail(grouping_io::parse_golfers(options.golfers));
  const grouping::ScheduleProblem problem =
      grouping::golfer_problem(spec.groups, spec.size, spec.rounds);
  if (const auto problems = grouping::validate(problem); !problems.empty())
    fail("--golfers", problems.front());
  const auto result = grouping::plan_schedule(
      problem, {.time_limit_seconds = options.time_limit < 0 ? 10 : options.time_limit,
                .seed = options.seed});
  std::ostream& report = options.json ? std::cerr : std::cout;
  if (options.json) {
    std::cout << grouping_io::schedule_json(result.rounds) << "\n";
  } else {
    std::cout << options.golfers << ": " << problem.people << " people, " << spec.groups
              << " groups of " << spec.size << ", " << spec.rounds << " rounds\n"
              << grouping_io::schedule_text(result.rounds);
  }
  report << grouping_io::schedule_verification_text(result.check) << "method: " << result.method
         << ", " << result.seconds << " s\n";
  if (!result.check.repeat_free()) {
    report << "no repeat-free schedule found";
    if (spec.rounds > grouping::repeat_free_round_bound(problem))
      report << " (none exists: at most " << grouping::repeat_free_round_bound(problem)
             << " rounds can be repeat-free)";
    report << "; the best found has " << result.check.repeated_meetings << " repeated meetings\n";
    throw CLI::RuntimeError(1);
  }
}

void run_round(const GroupsOptions& options) {
  if (options.people.empty()) fail("", "give --people FILE, or --golfers g-s-w");
  grouping::RoundInput input;
  input.people = value_or_fail(grouping_io::read_people(read_file(options.people), options.people));
  if (!options.history.empty())
    input.history =
        value_or_fail(grouping_io::read_history(read_file(options.history), options.history));
  if (!options.forbidden.empty())
    input.forbidden =
        value_or_fail(grouping_io::read_forbidden(read_file(options.forbidden), options.forbidden));
  const auto [low, high] = value_or_fail(grouping_io::parse_size_range(options.size));
  input.min_size = low;
  input.max_size = high;
  input.target_size = options.target > 0 ? options.target : high;
  input.seed = options.seed;
  input.require_common_slot = options.require_common_slot;
  input.time_budget_seconds = options.time_limit < 0 ? 1 : options.time_limit;
  input.now = options.now > 0 ? options.now
                              : std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
  if (const auto problems = grouping::validate(input); !problems.empty()) {
    for (const auto& problem : problems)
      std::cerr << "moim groups: " << problem.where << " " << problem.field << ": "
                << problem.message << "\n";
    throw CLI::RuntimeError(2);
  }
  const auto result = grouping::form_round(input);
  const auto check = grouping::check_round(input, result.groups);
  if (options.json)
    std::cout << grouping_io::round_json(input, result) << "\n";
  else
    std::cout << grouping_io::round_text(input, result, check);
  if (!check.valid() || result.hard_violations > 0) {
    std::cerr << "moim groups: " << result.hard_violations
              << " hard constraint(s) could not be met\n";
    throw CLI::RuntimeError(1);
  }
}

}  // namespace

void add_groups_command(CLI::App& app) {
  auto options = std::make_shared<GroupsOptions>();
  CLI::App* groups = app.add_subcommand(
      "groups",
      "form one coffee-chat round from CSV files, or plan a repeat-free schedule (--golfers)");
  groups->footer(
      "people.csv: id,circles,topics,languages,slots,newcomer (lists split by ';', slots are "
      "hours of the week in UTC 0-167, ranges like 10-12)\n"
      "history.csv: a,b,count,last_met (unix seconds or YYYY-MM-DD)\n"
      "forbidden.csv: a,b\n"
      "Exit status: 0 done; 1 a repeat-free schedule or a hard constraint was not reached (the "
      "best is printed); 2 bad input.");
  auto* people = groups->add_option("--people", options->people, "people CSV file");
  groups->add_option("--history", options->history, "past meetings CSV file")->needs(people);
  groups->add_option("--forbidden", options->forbidden, "pairs never to group, CSV file")
      ->needs(people);
  groups->add_option("--size", options->size, "allowed group sizes, e.g. 3-4, or 2 for pairs")
      ->needs(people);
  groups->add_option("--target", options->target, "preferred group size (default: the largest)")
      ->needs(people);
  groups
      ->add_flag("--require-common-slot", options->require_common_slot,
                 "every group must share an hour of the week")
      ->needs(people);
  groups->add_option("--now", options->now, "unix time for recency weighting (default: now)")
      ->needs(people);
  auto* golfers = groups->add_option("--golfers", options->golfers,
                                     "plan groups-size-rounds, e.g. 8-4-10, with no pair twice");
  golfers->excludes(people);
  groups->add_option("--seed", options->seed, "random seed (same seed, same groups)");
  groups
      ->add_option("--time-limit", options->time_limit,
                   "seconds to search (default 1 for a round, 10 for a schedule)")
      ->check(CLI::Range(0.0, 86400.0));
  groups->add_flag("--json", options->json, "print JSON instead of text");
  groups->callback([options] {
    if (!options->golfers.empty())
      run_golfers(*options);
    else
      run_round(*options);
  });
}

}  // namespace moim::cli
