// The instance in indexed form, built once per allocate(): applicants and
// projects become integers and every (applicant, choice) pair an "edge" in
// one flat array, so both modes run over contiguous memory, linear in size.
#pragma once

#include <cstdint>
#include <vector>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation::detail {

constexpr int kNone = -1;

struct Market {
  int applicant_count = 0;
  int project_count = 0;

  // Per project. `seats` is what remains for the algorithm after pins.
  std::vector<int> seats;
  std::vector<int> min_seats;
  std::vector<int> pinned_count;
  std::vector<std::uint64_t> project_lottery;  // seed order among projects (cancellation ties)

  // Per applicant.
  std::vector<int> pinned_project;  // kNone when not pinned
  std::vector<int> edge_begin;      // edges of applicant a: [edge_begin[a], edge_begin[a + 1])
  std::vector<int> seed_order;      // applicants sorted by their lottery number

  // Per edge, in each applicant's choice order (rank = offset within the applicant + 1).
  std::vector<int> edge_project;
  std::vector<char> edge_declined;
  // The project's preference for this applicant, lower = preferred: the
  // builders' ranking position (unranked after ranked), then priority, then seed.
  std::vector<std::uint64_t> edge_key;

  int edge_count() const { return static_cast<int>(edge_project.size()); }
  int degree(int applicant) const { return edge_begin[applicant + 1] - edge_begin[applicant]; }
  int rank_of(int edge, int applicant) const { return edge - edge_begin[applicant] + 1; }
  int max_rank() const;
};

// Precondition: validate(instance) is empty.
Market build_market(const Instance& instance);

// Deterministic 64-bit mixing (splitmix64) of the seed with an id: the same
// on every platform and standard library, unlike std::shuffle.
std::uint64_t lottery_number(std::uint64_t seed, const std::string& id);

}  // namespace moim::allocation::detail
