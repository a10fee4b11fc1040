// What both matching modes share: the instance turned into indexes and bit
// masks once, so that a pair's hard rules and score take a few instructions
// (10k mentees × 1k mentors is ten million pairs).
#pragma once

#include <array>
#include <cstdint>
#include <unordered_set>
#include <vector>

#include "engines/allocation/mentoring.hpp"

namespace moim::allocation::mentoring::detail {

inline constexpr int kNone = -1;

// A mentee's view of the mentors: how many pass each hard rule in turn.
struct Reach {
  int share_language = 0;  // share a language
  int have_hours = 0;      // ... and have the hours
  int allowed = 0;         // ... and are neither excluded nor a past pair
};

class Prepared {
 public:
  explicit Prepared(const Instance& instance);

  const Instance& instance;
  int mentees = 0, mentors = 0;
  std::vector<int> pinned_to;                             // per mentee: the pinned mentor, or kNone
  std::vector<int> free_capacity;                         // per mentor: capacity less the pins
  std::vector<std::uint64_t> mentee_order, mentor_order;  // the seed's lottery
  int max_score = 0;                                      // no pair scores more

  // The pair's fit; score and topics are left 0 when a hard rule fails
  // (shares_language false or longest_overlap below the session's length).
  Fit fit(int mentee, int mentor) const;
  bool compatible(const Fit& fit) const {
    return fit.shares_language && fit.longest_overlap >= instance.session_minutes;
  }
  bool forbidden(int mentee, int mentor) const {
    return !forbidden_.empty() && forbidden_.contains(key(mentee, mentor));
  }
  // Every allowed compatible mentor of `mentee`, scores filled in; counts
  // what each hard rule left in `reach`.
  template <typename Visit>
  void for_each_allowed(int mentee, Reach& reach, Visit&& visit) const {
    for (int mentor = 0; mentor < mentors; ++mentor) {
      const Fit pair = fit(mentee, mentor);
      if (!pair.shares_language) continue;
      ++reach.share_language;
      if (!compatible(pair)) continue;
      ++reach.have_hours;
      if (forbidden(mentee, mentor)) continue;
      ++reach.allowed;
      visit(mentor, pair);
    }
  }

 private:
  std::uint64_t key(int mentee, int mentor) const {
    return static_cast<std::uint64_t>(mentee) * static_cast<std::uint64_t>(mentors) +
           static_cast<std::uint64_t>(mentor);
  }

  int topic_words_ = 1;
  std::vector<std::uint64_t> mentor_languages_, mentee_languages_;
  std::vector<std::uint64_t> mentor_topics_, mentee_topics_;        // topic_words_ per person
  std::vector<std::vector<Interval>> mentor_hours_, mentee_hours_;  // sorted, merged
  // The 168 hours of the week a person touches, a bit each: most pairs in
  // far time zones share none, and three ANDs say so before the stretches
  // are compared (a third less time to score every pair).
  using WeekHours = std::array<std::uint64_t, 3>;
  std::vector<WeekHours> mentor_week_, mentee_week_;
  std::vector<std::vector<int>> ranked_;  // per mentee: mentor indexes, 1st first
  std::unordered_set<std::uint64_t> forbidden_;
};

// 64 bits from (seed, a, b), for ties that must be arbitrary but repeatable.
std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0);

// The modes. Each returns the mentor of every mentee (kNone = unmatched);
// pinned mentees come back with their pins. `reach` (one a mentee) gets what
// the hard rules left each unpinned mentee, from the same pass over the pairs.
// `first_candidates`: each mentee's best pairs the flow starts from before
// the proof adds what it needs; `max_kept`: how many scored pairs the proof
// may keep instead of scoring them again (the tests make them 1 and 0 to
// exercise both ways of the proof).
std::vector<int> match_fit(const Prepared&, std::vector<Reach>& reach,
                           std::size_t first_candidates = 12,
                           std::size_t max_kept = std::size_t{64} << 20);
std::vector<int> match_stable(const Prepared&, std::vector<Reach>& reach);

}  // namespace moim::allocation::mentoring::detail
