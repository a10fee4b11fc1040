// Local search over one round: swaps between groups keep every size fixed.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/round_model.hpp"

namespace moim::grouping::detail {

struct SearchLimits {
  std::chrono::steady_clock::time_point deadline;
};

// Starts from a seeded shuffle cut into the given sizes, repairs conflicts
// (hard violations, then repeats), then improves the soft preferences.
std::vector<std::vector<std::size_t>> search_round(const RoundModel& model,
                                                   const std::vector<int>& sizes, Rng& rng,
                                                   const SearchLimits& limits);

}  // namespace moim::grouping::detail
