// Independent checks of a round or a schedule: written separately from the
// search (plain sets and counts, nothing shared with the optimiser) so a bug
// in the engine cannot hide itself.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engines/grouping/round.hpp"

namespace moim::grouping {

using Groups = std::vector<std::vector<std::size_t>>;  // one round: groups of person indexes

struct RoundCheck {
  std::vector<std::string> errors;  // partition or size errors; empty = a valid partition
  int forbidden_pairs = 0;          // forbidden pairs placed together
  int groups_without_common_slot = 0;
  int repeated_pairs = 0;  // pairs together that appear in the history
  bool valid() const { return errors.empty(); }
};

// Every person exactly once, every group within min_size..max_size, and the
// counts form_round reports, recomputed from the input's strings.
RoundCheck check_round(const RoundInput& input, const Groups& groups);

struct ScheduleCheck {
  std::vector<std::string> errors;  // partition or size errors in any round
  long repeated_meetings = 0;  // Σ over pairs of (meetings − 1) where a pair met more than once
  int max_meetings = 0;        // most meetings of one pair
  int min_meetings = 0;        // fewest meetings of one pair (0 when some pair never meets)
  bool valid() const { return errors.empty(); }
  bool repeat_free() const { return valid() && repeated_meetings == 0; }
};

// Each round must place people 0..people-1 exactly once, in groups of
// min_size..max_size.
ScheduleCheck check_schedule(const std::vector<Groups>& rounds, std::size_t people, int min_size,
                             int max_size);

}  // namespace moim::grouping
