// One coffee-chat round: partition people into small groups.
//
// The engine minimises, in this order: hard violations (forbidden pairs
// together, groups without a common weekly slot when one is required),
// repeated pairs (weighted by how often and how recently they met), then soft
// preferences (mixed circles, shared topics, a common language, newcomers
// with alumni). Pure: no I/O, standard library only, deterministic for a
// given seed as long as the time budget does not cut the search short.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace moim::grouping {

struct Person {
  std::string id;
  std::vector<std::string> circles;  // labels to mix (project, cohort); prefer groups that mix them
  std::vector<std::string> topics;   // shared topics are a plus
  std::vector<std::string> languages;  // a group should share at least one language (soft)
  std::vector<int> slots;  // weekly availability, hour-of-week 0..167 in UTC; empty = any time
  bool newcomer = false;   // prefer mixing newcomers with alumni
};

struct PastMeeting {
  std::string a, b;
  int count = 1;
  std::int64_t last_met = 0;  // unix seconds; 0 = unknown (no recency bonus)
};

struct RoundInput {
  std::vector<Person> people;
  int min_size = 3, max_size = 4, target_size = 4;  // pairs: 2,2,2
  std::vector<PastMeeting> history;
  std::vector<std::pair<std::string, std::string>> forbidden;  // "don't group me with"
  bool require_common_slot = false;  // hard: every group has one slot all members share
  std::int64_t now = 0;              // for recency weighting of repeats
  std::uint64_t seed = 1;
  double time_budget_seconds = 1.0;
};

struct InputProblem {
  std::string where;    // e.g. "people[3]", "size"
  std::string field;    // e.g. "id", "min_size"
  std::string message;  // English, for logs and API errors
};

// Empty = valid. Unknown ids in history or forbidden are ignored (history is
// shared across programs), so they are not problems.
std::vector<InputProblem> validate(const RoundInput&);

struct RoundResult {
  std::vector<std::vector<std::size_t>> groups;  // indexes into people; every person exactly once
  int hard_violations =
      0;  // forbidden pairs together + groups without a common slot (when required)
  int repeated_pairs = 0;  // pairs in this round that met before
  double soft_cost = 0;
  std::vector<std::size_t> hosts;  // per group, the suggested host (index into people)
};

// Precondition: validate() is empty. Deterministic per seed.
RoundResult form_round(const RoundInput&);

// Hours of the week every member of the group can make, ascending. Members
// without slots ("any time") do not restrict it; if nobody restricts, all 168.
std::vector<int> common_slots(const RoundInput&, const std::vector<std::size_t>& group);

// The group sizes form_round uses for n people (empty if none fit the bounds):
// as many groups of target size as possible, the rest as close to it as the
// bounds allow (e.g. 10 people, 3-4 → 4, 3, 3).
std::vector<int> plan_group_sizes(int people, int min_size, int max_size, int target_size);

}  // namespace moim::grouping
