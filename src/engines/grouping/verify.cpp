#include "engines/grouping/verify.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace moim::grouping {
namespace {

std::vector<std::string> partition_errors(const Groups& groups, std::size_t people, int min_size,
                                          int max_size, const std::string& prefix) {
  std::vector<std::string> errors;
  std::vector<int> seen(people, 0);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto size = static_cast<int>(groups[g].size());
    if (size < min_size || size > max_size)
      errors.push_back(prefix + "group " + std::to_string(g) + " has " + std::to_string(size) +
                       " people, outside " + std::to_string(min_size) + ".." +
                       std::to_string(max_size));
    for (std::size_t p : groups[g]) {
      if (p >= people)
        errors.push_back(prefix + "person " + std::to_string(p) + " does not exist");
      else
        ++seen[p];
    }
  }
  for (std::size_t p = 0; p < people; ++p)
    if (seen[p] != 1)
      errors.push_back(prefix + "person " + std::to_string(p) + " appears " +
                       std::to_string(seen[p]) + " times");
  return errors;
}

using NamePair = std::pair<std::string, std::string>;
NamePair ordered(const std::string& a, const std::string& b) {
  return a < b ? NamePair{a, b} : NamePair{b, a};
}

}  // namespace

RoundCheck check_round(const RoundInput& input, const Groups& groups) {
  RoundCheck check;
  check.errors = partition_errors(groups, input.people.size(), input.min_size, input.max_size, "");
  if (!check.valid()) return check;
  std::set<NamePair> forbidden, met;
  for (const auto& [a, b] : input.forbidden)
    if (a != b) forbidden.insert(ordered(a, b));
  for (const auto& meeting : input.history)
    if (meeting.count > 0 && meeting.a != meeting.b) met.insert(ordered(meeting.a, meeting.b));
  for (const auto& group : groups) {
    for (std::size_t i = 0; i < group.size(); ++i)
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        const NamePair pair = ordered(input.people[group[i]].id, input.people[group[j]].id);
        check.forbidden_pairs += static_cast<int>(forbidden.count(pair));
        check.repeated_pairs += static_cast<int>(met.count(pair));
      }
    if (input.require_common_slot) {
      bool any_common = false;
      for (int hour = 0; hour < 168 && !any_common; ++hour)
        any_common = std::all_of(group.begin(), group.end(), [&](std::size_t p) {
          const auto& slots = input.people[p].slots;
          return slots.empty() || std::find(slots.begin(), slots.end(), hour) != slots.end();
        });
      if (!any_common) ++check.groups_without_common_slot;
    }
  }
  return check;
}

ScheduleCheck check_schedule(const std::vector<Groups>& rounds, std::size_t people, int min_size,
                             int max_size) {
  ScheduleCheck check;
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    auto errors = partition_errors(rounds[r], people, min_size, max_size,
                                   "round " + std::to_string(r) + ": ");
    check.errors.insert(check.errors.end(), errors.begin(), errors.end());
  }
  if (!check.valid()) return check;
  std::map<std::pair<std::size_t, std::size_t>, int> meetings;
  for (const auto& round : rounds)
    for (const auto& group : round)
      for (std::size_t i = 0; i < group.size(); ++i)
        for (std::size_t j = i + 1; j < group.size(); ++j)
          ++meetings[{std::min(group[i], group[j]), std::max(group[i], group[j])}];
  for (const auto& [pair, count] : meetings) {
    check.repeated_meetings += count - 1;
    check.max_meetings = std::max(check.max_meetings, count);
  }
  const std::size_t all_pairs = people * (people - (people > 0 ? 1 : 0)) / 2;
  if (meetings.size() == all_pairs && !meetings.empty()) {
    check.min_meetings = check.max_meetings;
    for (const auto& [pair, count] : meetings)
      check.min_meetings = std::min(check.min_meetings, count);
  }
  return check;
}

}  // namespace moim::grouping
