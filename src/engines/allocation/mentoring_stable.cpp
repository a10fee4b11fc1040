// Stable pairs: mentee-proposing deferred acceptance with capacities (the
// mentee-optimal stable matching). A mentee's list: the mentors they ranked,
// in their order, then every other compatible mentor by score; a mentor
// prefers mentees by score. Ties in both by the seed's lottery. Pinned
// mentees are placed first and take part in nothing else.
//
// Each list is a heap popped one proposal at a time, not a sorted array: a
// mentee who is placed early never pays for sorting the rest. The score
// travels in the list's words, so a proposal never scores a pair again.
#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

#include "engines/allocation/mentoring_prepared.hpp"

namespace moim::allocation::mentoring::detail {

namespace {

// A mentee's wish for a mentor in one word, larger first: ranked choices
// above all (3 bits), then score (11 bits), then the seed's lottery (28
// bits), with the mentor's index in the low 22 bits (validate() allows at
// most a million mentors). The 39 million pairs of 50k × 5k take 312 MB.
constexpr int kMentorBits = 22;

std::uint64_t wish(const Fit& fit, std::uint64_t lottery, int mentor) {
  const std::uint64_t ranked =
      fit.rank ? static_cast<std::uint64_t>(kMaxRanking + 1 - fit.rank) : 0;
  return (ranked << 61) | (static_cast<std::uint64_t>(fit.score) << 50) |
         ((lottery >> 36) << kMentorBits) | static_cast<std::uint64_t>(mentor);
}

struct Offer {
  std::uint64_t key;  // the mentor's preference for this mentee
  int mentee;
  bool operator>(const Offer& other) const { return key > other.key; }
};

}  // namespace

std::vector<int> match_stable(const Prepared& p, std::vector<Reach>& reach) {
  std::vector<int> result = p.pinned_to;
  // Each mentee's wishes, a max-heap.
  std::vector<std::vector<std::uint64_t>> lists(static_cast<std::size_t>(p.mentees));
  for (int i = 0; i < p.mentees; ++i) {
    if (p.pinned_to[static_cast<std::size_t>(i)] != kNone) continue;
    auto& list = lists[static_cast<std::size_t>(i)];
    p.for_each_allowed(i, reach[static_cast<std::size_t>(i)], [&](int j, const Fit& fit) {
      const auto lottery =
          mix(p.instance.seed, 3 + static_cast<unsigned>(i), static_cast<unsigned>(j));
      list.push_back(wish(fit, lottery, j));
    });
    std::make_heap(list.begin(), list.end());
  }
  // Each mentor holds its tentative mentees in a min-heap: the least wanted on top.
  std::vector<std::priority_queue<Offer, std::vector<Offer>, std::greater<>>> held(
      static_cast<std::size_t>(p.mentors));
  std::vector<int> free;
  for (int i = p.mentees - 1; i >= 0; --i)
    if (p.pinned_to[static_cast<std::size_t>(i)] == kNone) free.push_back(i);
  while (!free.empty()) {
    const int i = free.back();
    free.pop_back();
    auto& list = lists[static_cast<std::size_t>(i)];
    if (list.empty()) continue;  // no one left to ask: unmatched
    std::pop_heap(list.begin(), list.end());
    const std::uint64_t wanted = list.back();
    const int j = static_cast<int>(wanted & ((std::uint64_t{1} << kMentorBits) - 1));
    const auto score = (wanted >> 50) & ((std::uint64_t{1} << 11) - 1);
    list.pop_back();
    const Offer offer{(score << 40) | (p.mentee_order[static_cast<std::size_t>(i)] >> 24), i};
    auto& seats = held[static_cast<std::size_t>(j)];
    const int capacity = std::max(0, p.free_capacity[static_cast<std::size_t>(j)]);
    if (static_cast<int>(seats.size()) < capacity) {
      seats.push(offer);
      continue;
    }
    if (capacity > 0 && seats.top().key < offer.key) {
      free.push_back(seats.top().mentee);
      seats.pop();
      seats.push(offer);
      continue;
    }
    free.push_back(i);  // refused: ask the next one
  }
  for (int j = 0; j < p.mentors; ++j)
    for (auto seats = held[static_cast<std::size_t>(j)]; !seats.empty(); seats.pop())
      result[static_cast<std::size_t>(seats.top().mentee)] = j;
  return result;
}

}  // namespace moim::allocation::mentoring::detail
