// Completion statistics from outcomes (the pure half of wrap_up.hpp, in its
// own small library so the benchmark links nothing else).
#include <algorithm>
#include <unordered_map>

#include "features/activity/wrap_up.hpp"

namespace moim::activity {

bool is_outcome(std::string_view outcome) {
  return outcome == kCompleted || outcome == kNotCompleted || outcome == kDropped;
}

int CompletionTally::rate_permille() const {
  // Everyone who held a seat counts: a member who stayed but missed the rules
  // is as much a non-completion as one who left.
  const int counted = seated();
  if (counted == 0) return -1;
  // Rounded half up: 150 / 160 = 937.5 -> 938.
  return (completed * 2000 + counted) / (2 * counted);
}

void CompletionTally::add(std::string_view outcome) {
  if (outcome == kCompleted)
    ++completed;
  else if (outcome == kDropped)
    ++dropped;
  else
    ++not_completed;
}

std::string format_rate(int permille) {
  if (permille < 0) return "-";
  return std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%";
}

namespace {

std::vector<GroupTally> sorted(const std::unordered_map<std::int64_t, CompletionTally>& groups) {
  std::vector<GroupTally> list;
  list.reserve(groups.size());
  for (const auto& [id, tally] : groups) list.push_back({id, tally});
  std::sort(list.begin(), list.end(),
            [](const GroupTally& left, const GroupTally& right) { return left.id < right.id; });
  return list;
}

}  // namespace

CompletionStatistics tally_outcomes(const std::vector<OutcomeRow>& rows) {
  CompletionStatistics statistics;
  std::unordered_map<std::int64_t, CompletionTally> cohorts;
  std::unordered_map<std::int64_t, CompletionTally> projects;
  for (const auto& row : rows) {
    statistics.total.add(row.outcome);
    cohorts[row.cohort_id].add(row.outcome);
    projects[row.project_id].add(row.outcome);
  }
  statistics.cohorts = sorted(cohorts);
  statistics.projects = sorted(projects);
  return statistics;
}

}  // namespace moim::activity
