#include "engines/grouping/round_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace moim::grouping::detail {
namespace {

constexpr double kRecencyHalfLifeDays = 90;

using IdIndex = std::unordered_map<std::string, std::uint32_t>;

std::vector<std::uint32_t> intern(const std::vector<std::string>& labels, IdIndex& dictionary) {
  std::vector<std::uint32_t> ids;
  ids.reserve(labels.size());
  for (const auto& label : labels) {
    const auto [it, inserted] =
        dictionary.try_emplace(label, static_cast<std::uint32_t>(dictionary.size()));
    ids.push_back(it->second);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool intersects(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    if (*i < *j)
      ++i;
    else
      ++j;
  }
  return false;
}

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: spreads keys over the table
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A recent meeting counts up to twice as much as an old one.
double recency_factor(std::int64_t now, std::int64_t last_met) {
  if (now <= 0 || last_met <= 0) return 1.0;
  const double age_days = std::max<double>(0, static_cast<double>(now - last_met) / 86400.0);
  return 1.0 + std::exp2(-age_days / kRecencyHalfLifeDays);
}

}  // namespace

RoundModel::RoundModel(const RoundInput& input) : require_common_slot_(input.require_common_slot) {
  const std::size_t n = input.people.size();
  IdIndex person_index;
  person_index.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i)
    person_index.emplace(input.people[i].id, static_cast<std::uint32_t>(i));

  IdIndex circle_ids, topic_ids, language_ids;
  circles_.resize(n);
  topics_.resize(n);
  languages_.resize(n);
  slots_.resize(n);
  newcomer_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Person& person = input.people[i];
    circles_[i] = intern(person.circles, circle_ids);
    topics_[i] = intern(person.topics, topic_ids);
    languages_[i] = intern(person.languages, language_ids);
    if (person.slots.empty()) slots_[i].set();
    for (int slot : person.slots)
      if (slot >= 0 && slot < 168) slots_[i].set(static_cast<std::size_t>(slot));
    newcomer_[i] = person.newcomer ? 1 : 0;
  }

  // History and forbidden pairs become one sorted adjacency list per person;
  // several history rows for the same pair add up.
  struct RawEdge {
    std::uint32_t a, b;
    bool forbidden;
    int count;
    double weight;
  };
  std::vector<RawEdge> raw;
  raw.reserve(2 * (input.history.size() + input.forbidden.size()));
  const auto add = [&](const std::string& x, const std::string& y, bool forbidden, int count,
                       double weight) {
    const auto ix = person_index.find(x);
    const auto iy = person_index.find(y);
    if (ix == person_index.end() || iy == person_index.end() || ix->second == iy->second) return;
    raw.push_back({ix->second, iy->second, forbidden, count, weight});
    raw.push_back({iy->second, ix->second, forbidden, count, weight});
  };
  for (const auto& meeting : input.history)
    if (meeting.count > 0)
      add(meeting.a, meeting.b, false, meeting.count,
          meeting.count * recency_factor(input.now, meeting.last_met));
  for (const auto& [x, y] : input.forbidden) add(x, y, true, 0, 0);
  std::size_t capacity = 16;
  while (capacity < raw.size()) capacity *= 2;  // raw holds each pair twice: load ≤ 1/2
  edge_keys_.assign(capacity, kEmptyKey);
  edge_values_.assign(capacity, Edge{});
  edge_mask_ = capacity - 1;
  for (const RawEdge& e : raw) {
    if (e.a > e.b) continue;  // each pair once, as (smaller, larger)
    const std::uint64_t key = (std::uint64_t{e.a} << 32) | e.b;
    std::size_t slot = mix(key) & edge_mask_;
    while (edge_keys_[slot] != kEmptyKey && edge_keys_[slot] != key) slot = (slot + 1) & edge_mask_;
    Edge& edge = edge_values_[slot];
    if (edge_keys_[slot] == kEmptyKey) {
      edge_keys_[slot] = key;
      edge = {e.b, e.forbidden, e.count, static_cast<float>(e.weight)};
    } else {
      edge.forbidden = edge.forbidden || e.forbidden;
      edge.count += e.count;
      edge.weight += static_cast<float>(e.weight);
    }
  }
  circle_masks_.resize(n);
  topic_masks_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::uint32_t c : circles_[i]) circle_masks_[i] |= std::uint64_t{1} << (c % 64);
    for (std::uint32_t t : topics_[i]) topic_masks_[i] |= std::uint64_t{1} << (t % 64);
  }
}

const RoundModel::Edge* RoundModel::find_edge(std::size_t a, std::size_t b) const {
  if (a > b) std::swap(a, b);
  const std::uint64_t key = (std::uint64_t{a} << 32) | b;
  for (std::size_t slot = mix(key) & edge_mask_;; slot = (slot + 1) & edge_mask_) {
    if (edge_keys_[slot] == key) return &edge_values_[slot];
    if (edge_keys_[slot] == kEmptyKey) return nullptr;
  }
}

bool RoundModel::conflicting(std::size_t a, std::size_t b) const {
  const Edge* edge = find_edge(a, b);
  return edge != nullptr && (edge->forbidden || edge->count > 0);
}

double RoundModel::pair_soft(std::size_t a, std::size_t b) const {
  double cost = 0;
  if ((circle_masks_[a] & circle_masks_[b]) != 0 && intersects(circles_[a], circles_[b]))
    cost += kSharedCircleCost;
  if (!topics_[a].empty() && !topics_[b].empty() &&
      ((topic_masks_[a] & topic_masks_[b]) == 0 || !intersects(topics_[a], topics_[b])))
    cost += kNoSharedTopicCost;
  if (newcomer_[a] && newcomer_[b]) cost += kNewcomerPairCost;
  return cost;
}

double RoundModel::pair_cost(std::size_t a, std::size_t b) const {
  double cost = pair_soft(a, b);
  if (const Edge* edge = find_edge(a, b)) {
    if (edge->forbidden) cost += kHardWeight;
    if (edge->count > 0) cost += edge->weight * kRepeatWeight;
  }
  return cost;
}

double RoundModel::group_cost(std::span<const std::size_t> members) const {
  GroupScore score;
  add_group_terms(members, score);
  return score.total();
}

GroupScore RoundModel::score(std::span<const std::size_t> members) const {
  GroupScore score;
  for (std::size_t i = 0; i < members.size(); ++i)
    for (std::size_t j = i + 1; j < members.size(); ++j) {
      const std::size_t a = members[i];
      const std::size_t b = members[j];
      if (const Edge* edge = find_edge(a, b)) {
        if (edge->forbidden) ++score.hard;
        if (edge->count > 0) {
          ++score.repeated_pairs;
          score.repeat_weight += edge->weight;
        }
      }
      score.soft += pair_soft(a, b);
    }
  add_group_terms(members, score);
  return score;
}

void RoundModel::add_group_terms(std::span<const std::size_t> members, GroupScore& score) const {
  SlotSet common;
  common.set();
  int newcomers = 0;
  bool anyone_named_languages = false;
  for (const std::size_t a : members) {
    common &= slots_[a];
    newcomers += newcomer_[a];
    anyone_named_languages = anyone_named_languages || !languages_[a].empty();
  }
  if (common.none()) {
    if (require_common_slot_)
      ++score.hard;
    else
      score.soft += kNoCommonSlotCost;
  }
  if (newcomers > 0 && newcomers == static_cast<int>(members.size()) && members.size() > 1)
    score.soft += kNoAlumnusCost;
  // A common language, graded so the search can climb towards it: the cost
  // counts the members (of those who named languages) who do not speak the
  // group's best-shared language.
  if (anyone_named_languages) {
    int speakers = 0;
    int best_shared = 0;
    for (std::size_t m : members) speakers += languages_[m].empty() ? 0 : 1;
    for (std::size_t m : members)
      for (std::uint32_t language : languages_[m]) {
        const auto shared = std::count_if(members.begin(), members.end(), [&](std::size_t o) {
          return std::binary_search(languages_[o].begin(), languages_[o].end(), language);
        });
        best_shared = std::max(best_shared, static_cast<int>(shared));
      }
    score.soft += kNoCommonLanguageCost * (speakers - best_shared);
  }
}

}  // namespace moim::grouping::detail
