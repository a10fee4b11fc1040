// Independent checks of an Outcome, written from the definitions rather
// than from the algorithms, for the tests.
#pragma once

#include <string>
#include <vector>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation::testing {

// Capacity, declines, one seat each (a listed choice or the pin), pins,
// cancelled projects empty, counts/summary/explanations/waitlists consistent.
// Each string describes one violation; empty = all rules hold.
std::vector<std::string> hard_rule_violations(const Instance& instance, const Outcome& outcome,
                                              Mode mode);

// Pairs (applicant, project) that would both rather be together: the
// applicant ranks the project above their seat (or has none), was not
// declined, and the project has a free seat or holds someone it likes less.
// Pins and cancelled projects are outside the market.
std::vector<std::string> blocking_pairs(const Instance& instance, const Outcome& outcome);

// Placed counts per rank: [0] = 1st choices, ...
std::vector<int> signature(const Instance& instance, const Outcome& outcome);

// Exhaustive search over every feasible allocation of the non-pinned
// applicants to the projects the outcome kept (tiny instances only).
struct BruteForce {
  std::vector<int> best_signature;         // lexicographically largest
  std::vector<int> best_stable_rank;       // per applicant, best rank in any stable allocation (0 = none)
  int stable_allocations = 0;
};
BruteForce brute_force(const Instance& instance, const Outcome& outcome);

// The project's order of preference as written in the docs: builders'
// ranking, then priority (higher first), then the seed's lottery.
bool project_prefers(const Instance& instance, const Project& project, const std::string& x,
                     const std::string& y);

}  // namespace moim::allocation::testing
