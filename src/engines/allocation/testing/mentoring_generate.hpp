// Random mentoring programs for the tests and the benchmark: people spread
// over time zones from UTC−8 to UTC+9, one or two of five languages, five
// of forty topics, evening and weekend hours in their own zone.
#pragma once

#include <cstdint>

#include "engines/allocation/mentoring.hpp"

namespace moim::allocation::testing {

struct ProgramShape {
  int mentees = 100, mentors = 10;
  int max_capacity = 3;
  int topics = 40;
  double ranking_share = 0.3;  // mentees who rank up to three mentors
  std::uint64_t seed = 1;
};

mentoring::Instance generate_program(const ProgramShape& shape);

}  // namespace moim::allocation::testing
