// Schedules: w rounds planned ahead for a fixed set of people so that no pair
// meets twice (the Social Golfer Problem, CSPLib 010), or, when that is
// impossible or not found in time, with repeats as few and as evenly spread
// as the search finds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engines/grouping/verify.hpp"

namespace moim::grouping {

struct ScheduleProblem {
  int people = 0;
  std::vector<int> group_sizes;  // one round's sizes (sum = people); the same every round
  int rounds = 0;
};

// g groups of s for w rounds: the classic g-s-w instance.
ScheduleProblem golfer_problem(int groups, int size, int rounds);

struct ScheduleOptions {
  double time_limit_seconds = 10;
  std::uint64_t seed = 1;
  bool constructions = true;  // false: tabu search alone (the benchmark's baseline)
};

struct ScheduleResult {
  std::vector<Groups> rounds;  // people numbered from 0
  ScheduleCheck check;         // the independent verification of `rounds`
  std::string method;          // e.g. "1-rotational construction", "tabu search"
  double seconds = 0;          // wall time spent
};

// Empty = a valid problem (sizes positive, summing to people, rounds ≥ 1).
std::vector<std::string> validate(const ScheduleProblem&);

// The most rounds any repeat-free schedule can have: everyone meets
// size − 1 new people per round among people − 1 others (a bound, not a
// promise that it is reached).
int repeat_free_round_bound(const ScheduleProblem&);

// Precondition: validate() is empty. Returns as soon as a repeat-free
// schedule is verified; otherwise the best found when the time is up.
ScheduleResult plan_schedule(const ScheduleProblem&, const ScheduleOptions&);

}  // namespace moim::grouping
