// Complete repeat-free schedules (resolvable designs) by a 1-rotational
// construction: people are an abelian group of order N = people − 1 =
// w·(s − 1) plus one fixed point ∞. The base round is {∞} ∪ H (H the subgroup of order s − 1) and
// the H-orbits of k = (g − 1)/(s − 1) base blocks; round t is the base round
// shifted by t. It is repeat-free exactly when the blocks' differences are
// all distinct and avoid H, so the search is over k·s numbers — often
// microseconds where a search over whole schedules takes minutes.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/verify.hpp"

namespace moim::grouping::detail {

// Whether g groups of s admit this construction (then it gives up to
// (g·s − 1)/(s − 1) rounds).
bool rotational_applies(int groups, int size, int rounds);

struct RotationalOutcome {
  std::optional<std::vector<Groups>> schedule;
  bool exhausted = false;  // the search proved no such schedule exists
};

// The abelian group of order N on the people: which one has a solution
// depends on the sizes (e.g. 28 people in 4s: neither Z_27 nor Z_9 × Z_3,
// but Z_3 × Z_3 × Z_3, the additive group of GF(27)).
enum class RotationalGroup { kCyclic, kSplit, kElementary };
bool rotational_group_fits(RotationalGroup group, int groups, int size);

RotationalOutcome rotational_schedule(int groups, int size, int rounds, RotationalGroup group,
                                      Rng& rng, std::chrono::steady_clock::time_point deadline,
                                      long max_nodes);

}  // namespace moim::grouping::detail
