#include "engines/grouping/round.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <tuple>
#include <unordered_set>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/round_model.hpp"
#include "engines/grouping/round_search.hpp"

namespace moim::grouping {

std::vector<int> plan_group_sizes(int people, int min_size, int max_size, int target_size) {
  if (people <= 0 || min_size < 1 || max_size < min_size) return {};
  // Among the group counts that fit the bounds, the one whose sizes stray
  // least from the target; ties go to fewer groups.
  int best_groups = 0;
  long best_deviation = 0;
  for (int groups = 1; groups <= people; ++groups) {
    if (static_cast<long>(groups) * min_size > people) break;
    if (static_cast<long>(groups) * max_size < people) continue;
    const int base = people / groups;
    const int larger = people % groups;  // groups of base + 1
    const long deviation = static_cast<long>(larger) * std::abs(base + 1 - target_size) +
                           static_cast<long>(groups - larger) * std::abs(base - target_size);
    if (best_groups == 0 || deviation < best_deviation) {
      best_groups = groups;
      best_deviation = deviation;
    }
  }
  if (best_groups == 0) return {};
  const int base = people / best_groups;
  const int larger = people % best_groups;
  std::vector<int> sizes(static_cast<std::size_t>(best_groups), base);
  for (int i = 0; i < larger; ++i) ++sizes[static_cast<std::size_t>(i)];
  return sizes;
}

std::vector<InputProblem> validate(const RoundInput& input) {
  std::vector<InputProblem> problems;
  const auto problem = [&](std::string where, std::string field, std::string message) {
    problems.push_back({std::move(where), std::move(field), std::move(message)});
  };
  if (input.min_size < 2) problem("size", "min_size", "groups need at least 2 people");
  if (input.max_size < input.min_size)
    problem("size", "max_size", "max_size must be at least min_size");
  if (input.target_size < input.min_size || input.target_size > input.max_size)
    problem("size", "target_size", "target_size must lie between min_size and max_size");
  if (!(input.time_budget_seconds >= 0))  // also rejects NaN
    problem("limits", "time_budget_seconds", "the time budget must be zero or more seconds");

  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < input.people.size(); ++i) {
    const Person& person = input.people[i];
    const std::string where = "people[" + std::to_string(i) + "]";
    if (person.id.empty())
      problem(where, "id", "every person needs an id");
    else if (!ids.insert(person.id).second)
      problem(where, "id", "the id '" + person.id + "' appears twice");
    for (int slot : person.slots)
      if (slot < 0 || slot > 167) {
        problem(where, "slots", "slots are hours of the week, 0 to 167 (UTC)");
        break;
      }
  }
  for (std::size_t i = 0; i < input.history.size(); ++i)
    if (input.history[i].count < 0)
      problem("history[" + std::to_string(i) + "]", "count", "a meeting count cannot be negative");

  if (problems.empty() && plan_group_sizes(static_cast<int>(input.people.size()), input.min_size,
                                           input.max_size, input.target_size)
                              .empty()) {
    problem("people", "people",
            std::to_string(input.people.size()) + " people cannot be split into groups of " +
                std::to_string(input.min_size) + " to " + std::to_string(input.max_size));
  }
  return problems;
}

std::vector<int> common_slots(const RoundInput& input, const std::vector<std::size_t>& group) {
  detail::SlotSet common;
  common.set();
  for (std::size_t member : group) {
    const Person& person = input.people.at(member);
    if (person.slots.empty()) continue;
    detail::SlotSet mine;
    for (int slot : person.slots)
      if (slot >= 0 && slot < 168) mine.set(static_cast<std::size_t>(slot));
    common &= mine;
  }
  std::vector<int> hours;
  for (int hour = 0; hour < 168; ++hour)
    if (common.test(static_cast<std::size_t>(hour))) hours.push_back(hour);
  return hours;
}

namespace {

std::uint64_t fnv1a(const std::string& text) {  // the same on every platform, unlike std::hash
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

// Hosts: someone who has been around (not a newcomer), then the one with the
// most free hours (easiest to schedule with), then a seeded tie-break so the
// role rotates between rounds instead of always falling on the same person.
std::size_t suggest_host(const detail::RoundModel& model, const RoundInput& input,
                         const std::vector<std::size_t>& group) {
  std::size_t best = group.front();
  auto key = [&](std::size_t p) {
    detail::Rng tie(input.seed ^ fnv1a(input.people[p].id));
    return std::make_tuple(!model.newcomer(p), model.slots(p).count(), tie.next());
  };
  auto best_key = key(best);
  for (std::size_t p : group) {
    auto k = key(p);
    if (k > best_key) {
      best_key = k;
      best = p;
    }
  }
  return best;
}

}  // namespace

RoundResult form_round(const RoundInput& input) {
  RoundResult result;
  const std::vector<int> sizes = plan_group_sizes(
      static_cast<int>(input.people.size()), input.min_size, input.max_size, input.target_size);
  if (sizes.empty()) return result;
  const auto start = std::chrono::steady_clock::now();
  const detail::RoundModel model(input);
  detail::Rng rng(input.seed);
  const double budget = std::min(std::max(input.time_budget_seconds, 0.0), 1e6);
  const detail::SearchLimits limits{start +
                                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(budget))};
  result.groups = detail::search_round(model, sizes, rng, limits);
  for (auto& group : result.groups) {
    std::sort(group.begin(), group.end());
    const detail::GroupScore score = model.score(group);
    result.hard_violations += score.hard;
    result.repeated_pairs += score.repeated_pairs;
    result.soft_cost += score.soft;
    result.hosts.push_back(suggest_host(model, input, group));
  }
  return result;
}

}  // namespace moim::grouping
