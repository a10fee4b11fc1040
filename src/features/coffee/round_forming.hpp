// The one place that speaks to the grouping engine: turns the people of a
// round (as the database knows them) into the engine's input and its
// answer back into groups of user ids. Pure, so it is tested without a
// database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/error.hpp"

namespace moim::coffee {

struct Candidate {
  std::int64_t user_id = 0;
  std::string stage;                   // growth stage, e.g. "runner"
  std::vector<std::int64_t> projects;  // current projects (academy ids)
  std::vector<std::int64_t> cohorts;   // the cohorts of those projects
  std::vector<std::string> topics;
  std::vector<std::string> languages;
  std::vector<int> slots;  // UTC hours of the week; empty = any time
  bool newcomer = false;   // never grouped in this community before
};

struct PairHistory {
  std::int64_t a = 0, b = 0;
  int count = 1;
  std::int64_t last_met = 0;
};

// What to mix becomes the engine's "circles": two people sharing a label
// (the same stage, a common project, a common cohort) cost a little when
// grouped together, so groups mix them where the history allows.
struct RoundRules {
  int min_size = 3, target_size = 4, max_size = 4;
  bool mix_circles = true;  // growth stages
  bool mix_projects = false;
  bool mix_cohorts = false;
  bool mix_newcomers = true;
  bool require_common_slot = false;
  std::int64_t now = 0;
  std::uint64_t seed = 1;
  double time_budget_seconds = 1.0;
};

struct FormedGroup {
  std::vector<std::int64_t> members;
  std::int64_t host = 0;
  std::vector<int> common_slots;
};

struct FormedRound {
  std::vector<FormedGroup> groups;
  int repeated_pairs = 0;
  int hard_violations = 0;
};

// The engine's circle labels for one candidate under these rules.
std::vector<std::string> circles_of(const Candidate& candidate, const RoundRules& rules);

// An invalid input (too few people for the sizes, ...) is an Error naming
// the field "participants".
Result<FormedRound> form_groups(const std::vector<Candidate>& candidates,
                                const std::vector<PairHistory>& history,
                                const std::vector<std::pair<std::int64_t, std::int64_t>>& avoid,
                                const RoundRules& rules);

}  // namespace moim::coffee
