// General schedule search for any sizes (Dotú & Van Hentenryck's tabu search
// over swaps within a round, from a greedy start in the spirit of Triska &
// Musliu). The cost Σ over pairs of meetings·(meetings − 1)/2 is zero exactly
// when no pair repeats, and otherwise prefers repeats spread over many pairs
// to one pair meeting many times.
#pragma once

#include <chrono>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/schedule.hpp"

namespace moim::grouping::detail {

// Best schedule found before `deadline` (stops early at zero repeats).
std::vector<Groups> tabu_schedule(const ScheduleProblem& problem, Rng& rng,
                                  std::chrono::steady_clock::time_point deadline);

}  // namespace moim::grouping::detail
