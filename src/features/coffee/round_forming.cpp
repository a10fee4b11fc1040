#include "features/coffee/round_forming.hpp"

#include <set>
#include <unordered_map>

#include "engines/grouping/round.hpp"

namespace moim::coffee {

std::vector<std::string> circles_of(const Candidate& candidate, const RoundRules& rules) {
  std::vector<std::string> circles;
  if (rules.mix_circles && !candidate.stage.empty()) circles.push_back("stage:" + candidate.stage);
  if (rules.mix_projects) {
    for (std::int64_t project_id : candidate.projects)
      circles.push_back("project:" + std::to_string(project_id));
  }
  if (rules.mix_cohorts) {
    for (std::int64_t cohort_id :
         std::set<std::int64_t>(candidate.cohorts.begin(), candidate.cohorts.end()))
      circles.push_back("cohort:" + std::to_string(cohort_id));
  }
  return circles;
}

Result<FormedRound> form_groups(const std::vector<Candidate>& candidates,
                                const std::vector<PairHistory>& history,
                                const std::vector<std::pair<std::int64_t, std::int64_t>>& avoid,
                                const RoundRules& rules) {
  grouping::RoundInput input;
  input.min_size = rules.min_size;
  input.target_size = rules.target_size;
  input.max_size = rules.max_size;
  input.require_common_slot = rules.require_common_slot;
  input.now = rules.now;
  input.seed = rules.seed;
  input.time_budget_seconds = rules.time_budget_seconds;
  std::set<std::int64_t> present;
  for (const Candidate& candidate : candidates) {
    grouping::Person person;
    person.id = std::to_string(candidate.user_id);
    person.circles = circles_of(candidate, rules);
    person.topics = candidate.topics;
    person.languages = candidate.languages;
    person.slots = candidate.slots;
    person.newcomer = rules.mix_newcomers && candidate.newcomer;
    input.people.push_back(std::move(person));
    present.insert(candidate.user_id);
  }
  // Only pairs among this round's people matter to the engine.
  for (const PairHistory& pair : history) {
    if (!present.contains(pair.a) || !present.contains(pair.b)) continue;
    input.history.push_back(
        {std::to_string(pair.a), std::to_string(pair.b), pair.count, pair.last_met});
  }
  for (const auto& [a, b] : avoid) {
    if (a == b || !present.contains(a) || !present.contains(b)) continue;
    input.forbidden.emplace_back(std::to_string(a), std::to_string(b));
  }
  if (auto problems = grouping::validate(input); !problems.empty()) {
    return Error::conflict("participants", problems.front().message);
  }
  const grouping::RoundResult result = grouping::form_round(input);
  FormedRound formed;
  formed.repeated_pairs = result.repeated_pairs;
  formed.hard_violations = result.hard_violations;
  for (std::size_t group_idx = 0; group_idx < result.groups.size(); ++group_idx) {
    FormedGroup group;
    for (std::size_t person_idx : result.groups[group_idx])
      group.members.push_back(candidates[person_idx].user_id);
    const std::size_t host_idx = group_idx < result.hosts.size() ? result.hosts[group_idx]
                                                                 : result.groups[group_idx].front();
    group.host = candidates[host_idx].user_id;
    group.common_slots = grouping::common_slots(input, result.groups[group_idx]);
    // Nobody gave hours: "any time" is no information worth mailing.
    if (static_cast<int>(group.common_slots.size()) == 168) group.common_slots.clear();
    formed.groups.push_back(std::move(group));
  }
  return formed;
}

}  // namespace moim::coffee
