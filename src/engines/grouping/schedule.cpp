#include "engines/grouping/schedule.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <numeric>
#include <optional>
#include <utility>

#include "engines/grouping/cyclic_schedule.hpp"
#include "engines/grouping/rng.hpp"
#include "engines/grouping/rotational_schedule.hpp"
#include "engines/grouping/schedule_tabu.hpp"

namespace moim::grouping {
namespace {

using Clock = std::chrono::steady_clock;

// The meeting counts take people² memory; beyond this a schedule is not the
// right tool (form rounds one at a time instead).
constexpr int kMaxSchedulePeople = 2000;
constexpr int kMaxScheduleRounds = 1000;

Clock::time_point after(Clock::time_point start, double seconds) {
  return start + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(std::clamp(seconds, 0.0, 1e6)));
}

}  // namespace

ScheduleProblem golfer_problem(int groups, int size, int rounds) {
  const int people = groups > 0 && size > 0 && groups <= kMaxSchedulePeople / size ? groups * size : 0;
  return {people, std::vector<int>(static_cast<std::size_t>(std::max(groups, 0)), size), rounds};
}

std::vector<std::string> validate(const ScheduleProblem& problem) {
  std::vector<std::string> problems;
  if (problem.people < 1 || problem.people > kMaxSchedulePeople)
    problems.push_back("people must be between 1 and " + std::to_string(kMaxSchedulePeople));
  if (problem.group_sizes.empty()) problems.push_back("at least one group is needed");
  if (std::any_of(problem.group_sizes.begin(), problem.group_sizes.end(),
                  [](int s) { return s < 1; }))
    problems.push_back("group sizes must be positive");
  else if (std::accumulate(problem.group_sizes.begin(), problem.group_sizes.end(), 0L) !=
           problem.people)
    problems.push_back("group sizes must add up to the number of people");
  if (problem.rounds < 1 || problem.rounds > kMaxScheduleRounds)
    problems.push_back("rounds must be between 1 and " + std::to_string(kMaxScheduleRounds));
  return problems;
}

int repeat_free_round_bound(const ScheduleProblem& problem) {
  // Someone in the smallest group meets the fewest new people per round.
  if (problem.group_sizes.empty()) return 0;
  const int smallest = *std::min_element(problem.group_sizes.begin(), problem.group_sizes.end());
  if (problem.group_sizes.size() == 1) return 1;
  if (smallest <= 1) return kMaxScheduleRounds;
  return (problem.people - 1) / (smallest - 1);
}

ScheduleResult plan_schedule(const ScheduleProblem& problem, const ScheduleOptions& options) {
  const auto start = Clock::now();
  const auto deadline = after(start, options.time_limit_seconds);
  detail::Rng rng(options.seed);
  ScheduleResult result;
  const auto finish = [&](std::vector<Groups> rounds, std::string method) {
    const int smallest = *std::min_element(problem.group_sizes.begin(), problem.group_sizes.end());
    const int largest = *std::max_element(problem.group_sizes.begin(), problem.group_sizes.end());
    result.rounds = std::move(rounds);
    result.check = check_schedule(result.rounds, static_cast<std::size_t>(problem.people),
                                  smallest, largest);
    result.method = std::move(method);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  };

  // 1. Constructions, for equal sizes: each candidate (the 1-rotational
  // one, then every cyclic shape) gets a time slice; the slices double, for
  // up to half of the time.
  const bool equal_sizes =
      std::adjacent_find(problem.group_sizes.begin(), problem.group_sizes.end(),
                         std::not_equal_to<>()) == problem.group_sizes.end();
  if (options.constructions && equal_sizes && problem.group_sizes.size() > 1 &&
      problem.rounds <= repeat_free_round_bound(problem)) {
    const int groups = static_cast<int>(problem.group_sizes.size());
    const int size = problem.group_sizes.front();
    using Attempt = std::function<std::optional<std::vector<Groups>>(Clock::time_point)>;
    std::vector<std::pair<Attempt, std::string>> attempts;
    // A rotational attempt that proved itself impossible is skipped after.
    bool cyclic_group_exhausted = false, split_group_exhausted = false;
    if (detail::rotational_applies(groups, size, problem.rounds)) {
      const int w = (problem.people - 1) / (size - 1);
      const int h = size - 1;
      for (const bool split : {false, true}) {
        if (split && std::gcd(w, h) == 1) continue;  // Z_w × Z_h ≅ Z_wh then
        bool& exhausted = split ? split_group_exhausted : cyclic_group_exhausted;
        attempts.emplace_back(
            [&, split](Clock::time_point until) -> std::optional<std::vector<Groups>> {
              if (exhausted) return std::nullopt;
              auto outcome =
                  detail::rotational_schedule(groups, size, problem.rounds, split, rng, until);
              exhausted = outcome.exhausted;
              return std::move(outcome.schedule);
            },
            split ? "1-rotational construction (Z_" + std::to_string(w) + " x Z_" +
                        std::to_string(h) + " + 1 fixed)"
                  : "1-rotational construction (Z_" + std::to_string(w * h) + " + 1 fixed)");
      }
    }
    for (const auto& shape : detail::cyclic_shapes(groups, size, problem.rounds))
      attempts.emplace_back(
          [&, shape](Clock::time_point until) {
            return detail::develop_cyclic(shape, groups, size, problem.rounds, rng, until);
          },
          "cyclic construction (Z_" + std::to_string(shape.modulus) + " x " +
              std::to_string(shape.levels) + " + " + std::to_string(shape.fixed) + " fixed, " +
              std::to_string(shape.base_rounds) + " base round" +
              (shape.base_rounds > 1 ? "s)" : ")"));
    const auto construction_deadline = after(start, options.time_limit_seconds / 2);
    for (double slice = 0.01; !attempts.empty() && Clock::now() < construction_deadline;
         slice *= 2)
      for (const auto& [attempt, name] : attempts) {
        if (auto rounds = attempt(std::min(construction_deadline, after(Clock::now(), slice)))) {
          finish(std::move(*rounds), name);
          if (result.check.repeat_free()) return result;  // the verifier has the last word
        }
        if (Clock::now() >= construction_deadline) break;
      }
  }
  // 2. Tabu search over the whole schedule, for any sizes, with the rest.
  return finish(detail::tabu_schedule(problem, rng, deadline), "tabu search");
}

}  // namespace moim::grouping
