// The round problem with strings interned to numbers, and the cost of a group.
// Internal to the engine; form_round builds one per call.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engines/grouping/round.hpp"

namespace moim::grouping::detail {

// Lexicographic order by weights: one hard violation outweighs any number of
// repeats a swap can touch, and one repeat outweighs any soft preference.
inline constexpr double kHardWeight = 1e9;
inline constexpr double kRepeatWeight = 1e4;

// Soft preference costs (per pair or per group); see docs/grouping.md.
inline constexpr double kSharedCircleCost = 1.0;   // per pair in the same circle
inline constexpr double kNoSharedTopicCost = 0.3;  // per pair with topics but none in common
inline constexpr double kNewcomerPairCost = 0.5;   // per pair of newcomers
inline constexpr double kNoAlumnusCost = 2.0;      // per group of newcomers only
inline constexpr double kNoCommonLanguageCost =
    1.5;                                          // per member outside the group's main language
inline constexpr double kNoCommonSlotCost = 1.0;  // per group, when slots are not required

using SlotSet = std::bitset<168>;

struct GroupScore {
  int hard = 0;              // forbidden pairs + missing common slot (when required)
  int repeated_pairs = 0;    // pairs that met before
  double repeat_weight = 0;  // count × recency over those pairs
  double soft = 0;
  double total() const { return hard * kHardWeight + repeat_weight * kRepeatWeight + soft; }
};

class RoundModel {
 public:
  explicit RoundModel(const RoundInput& input);

  std::size_t people() const { return slots_.size(); }
  GroupScore score(std::span<const std::size_t> members) const;
  // The same total split for fast search: score(g).total() is the sum of
  // pair_cost over the group's pairs plus group_cost(g).
  double pair_cost(std::size_t a, std::size_t b) const;
  double group_cost(std::span<const std::size_t> members) const;
  // Whether the pair is forbidden or met before (the things repair must fix).
  bool conflicting(std::size_t a, std::size_t b) const;
  bool require_common_slot() const { return require_common_slot_; }
  const SlotSet& slots(std::size_t person) const { return slots_[person]; }
  bool newcomer(std::size_t person) const { return newcomer_[person] != 0; }

 private:
  struct Edge {
    std::uint32_t other;
    bool forbidden;
    int count;
    float weight;
  };
  const Edge* find_edge(std::size_t a, std::size_t b) const;
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};
  double pair_soft(std::size_t a, std::size_t b) const;
  // Common slot, newcomers only, common language: adds to score.hard/soft.
  void add_group_terms(std::span<const std::size_t> members, GroupScore& score) const;

  // Pairs with history or a ban, in an open-addressing hash table keyed by
  // (smaller index << 32 | larger): one probe, usually one cache line, which
  // matters when 10,000 people's swaps are scored millions of times.
  std::vector<std::uint64_t> edge_keys_;  // kEmptyKey where unused
  std::vector<Edge> edge_values_;
  std::uint64_t edge_mask_ = 0;
  std::vector<std::vector<std::uint32_t>> circles_, topics_, languages_;  // sorted label ids
  // 64-bit summaries of circles and topics (bit = id mod 64): disjoint masks
  // prove "nothing shared" without walking the lists.
  std::vector<std::uint64_t> circle_masks_, topic_masks_;
  std::vector<SlotSet> slots_;  // "any time" is stored as all hours
  std::vector<char> newcomer_;
  bool require_common_slot_ = false;
};

}  // namespace moim::grouping::detail
