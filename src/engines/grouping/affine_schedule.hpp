// Repeat-free schedules from finite geometry: when there are 2^d people in
// groups of 2^k, people are the vectors of GF(2)^d and a round is the set of
// cosets (parallel translates) of one k-dimensional subspace. Two rounds
// share no pair exactly when their subspaces meet only in 0, so w rounds
// need a partial spread of w subspaces — found by a small seeded search.
// (E.g. 8-4-9: 9 planes of GF(2)^5, the most that exist; it also shows why
// 8-4-10 needs something non-linear.)
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/verify.hpp"

namespace moim::grouping::detail {

bool affine_applies(int groups, int size, int rounds);

std::optional<std::vector<Groups>> affine_schedule(int groups, int size, int rounds, Rng& rng,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   long max_nodes);

}  // namespace moim::grouping::detail
