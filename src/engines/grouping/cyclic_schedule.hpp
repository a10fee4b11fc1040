// Repeat-free schedules by cyclic development (a construction from design
// theory, as in 1-rotational resolvable designs): people are the points of
// Z_m × {levels} plus a few fixed points ∞; round b·m + t is base round b
// shifted by t in Z_m. A pair then meets at most once across all shifts
// exactly when the base rounds use every "difference" at most once, so the
// search is over B rounds of a few dozen points instead of w rounds — small
// enough for tabu search to finish in milliseconds.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/verify.hpp"

namespace moim::grouping::detail {

struct CyclicShape {
  int modulus;      // m: rounds per base round, by shifting
  int levels;       // L: copies of Z_m
  int fixed;        // F: points every shift leaves in place (each in its own group)
  int base_rounds;  // B: base rounds developed one after another (B·m rounds)
};

// Shapes that could give `rounds` repeat-free rounds of `groups` groups of
// `size`, most promising first (fewest spare rounds, fewest fixed points).
std::vector<CyclicShape> cyclic_shapes(int groups, int size, int rounds);

// Searches base rounds for one shape for at most `max_iterations` tabu steps
// (counted, so the result does not depend on the machine's load) or until
// `deadline`; the developed schedule (first `rounds` rounds) when found.
std::optional<std::vector<Groups>> develop_cyclic(const CyclicShape& shape, int groups, int size,
                                                  int rounds, Rng& rng,
                                                  std::chrono::steady_clock::time_point deadline,
                                                  long max_iterations);

}  // namespace moim::grouping::detail
