// Random instances for the property tests and the benchmark. Deterministic
// for a given seed (our own generator, not std:: distributions).
#pragma once

#include <cstdint>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation::testing {

// Cohort-shaped instances: popularity skewed like real cohorts (a few
// projects get most 1st choices: Zipf weights 1/(i+1)^skew), total seats
// about `seat_ratio` × applicants, builders ranking and declining some.
struct CohortShape {
  int applicants = 1000;
  int projects = 50;
  int choices = 5;
  double skew = 0.8;
  double seat_ratio = 1.1;
  double ranked_fraction = 0.3;    // of a project's applicants its builders rank
  double declined_fraction = 0.02;
  std::uint64_t seed = 1;
};
Instance generate_cohort(const CohortShape& shape);

// Tiny instances with every feature (pins, declines, priorities, minimums,
// empty choice lists, zero-seat projects) for exhaustive checking.
Instance generate_small(std::uint64_t seed, int max_applicants = 7, int max_projects = 4,
                        int max_choices = 3);

}  // namespace moim::allocation::testing
