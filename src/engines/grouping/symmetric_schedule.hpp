// Repeat-free schedules fixed by a symmetry group. People are L copies
// ("levels") of a finite group G of order m, and G acts on every level by
// multiplication from the left. Only schedules in which each element of G
// maps every round onto itself are searched: such a round is a union of
// G-orbits of groups, its pairs are a union of G-orbits of pairs, and two
// rounds share no pair exactly when they share no pair orbit. So the search
// lists the few thousand G-invariant rounds once and then packs w of them
// with disjoint pair orbits — an exact search (most-constrained pair orbit
// first, leaving an orbit unmet only while the count of pairs that must stay
// unmet allows it) in a space where a search over all partitions is hopeless.
//
// This is what reaches 8-4-10 (32 people, 8 groups of 4, 10 rounds): the
// linear construction stops at 9 rounds and the cyclic shapes tried have no
// solution, but G = Z_2^3 acting on 4 levels of 8 people has invariant
// schedules, found after a few thousand nodes.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/grouping/rng.hpp"
#include "engines/grouping/verify.hpp"

namespace moim::grouping::detail {

struct SymmetryGroup {
  std::string name;                       // e.g. "Z_2^3", "D_4"
  std::vector<std::vector<int>> product;  // Cayley table: product[a][b] = a·b; 0 is the identity
  int order() const { return static_cast<int>(product.size()); }
};

// The groups to try for g groups of s over w rounds, smallest order first
// (a smaller group leaves a larger space, so a solution is likelier) and,
// within an order, the elementary abelian group first. Empty when the
// method does not apply: unequal sizes are not handled, and beyond 64 people
// or 100,000 possible groups the lists get too large for "within seconds".
std::vector<SymmetryGroup> symmetry_groups(int groups, int size, int rounds);

struct SymmetricOutcome {
  std::optional<std::vector<Groups>> schedule;
  bool finished = false;  // nothing more to find: the search space was exhausted (no
                          // G-invariant schedule exists) or is too large to list
};

// Lists the invariant rounds on the first call (kept for later calls), then
// searches with seeded restarts for up to max_nodes nodes or the deadline;
// the next call goes on where this one stopped.
class SymmetricSearch {
 public:
  SymmetricSearch(int groups, int size, int rounds, SymmetryGroup group);
  ~SymmetricSearch();
  SymmetricSearch(const SymmetricSearch&) = delete;
  SymmetricSearch& operator=(const SymmetricSearch&) = delete;

  SymmetricOutcome run(Rng& rng, std::chrono::steady_clock::time_point deadline, long max_nodes);

  struct Model;  // the invariant rounds (defined in the .cpp)

 private:
  int groups_, size_, rounds_;
  SymmetryGroup group_;
  std::unique_ptr<Model> model_;  // built on the first run
  bool finished_ = false;
  long restarts_ = 0;  // restarts so far, across calls (they follow the Luby sequence)
};

}  // namespace moim::grouping::detail
