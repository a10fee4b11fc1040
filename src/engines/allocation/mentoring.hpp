// The mentoring matcher: mentees and mentors with languages, topics, weekly
// hours and capacities → pairs. Pure: no I/O, no database, no clock. The
// same input and seed give the same pairs. docs/mentoring.md explains it.
//
// Hard rules in both modes: a pair shares a language; their weekly hours
// overlap by one unbroken stretch of at least the session's length; a pair
// an organizer excluded, or who already did a program together (unless
// repeats are allowed), is never made; a mentor never gets more mentees than
// their capacity; organizers' pins hold.
//
// Two exact modes:
//   fit     the most mentees matched, then the highest total score (a
//           maximum-weight b-matching, solved as a min-cost flow).
//   stable  mentee-proposing deferred acceptance: no mentee and mentor would
//           both rather be together than with what they got (mentees prefer
//           the mentors they ranked, in order, then by score; mentors prefer
//           mentees by score). Ties in both by the seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engines/allocation/allocation.hpp"  // InputProblem

namespace moim::allocation::mentoring {

enum class Mode { fit, stable };

inline constexpr int kMinutesPerWeek = 7 * 24 * 60;  // 10080
inline constexpr int kMaxRanking = 5;

// Minutes from Monday 00:00 UTC: 0 <= begin < end <= 10080.
struct Interval {
  int begin = 0, end = 0;
};

struct Mentor {
  std::string id;
  int capacity = 1;
  std::vector<std::string> languages, topics;
  std::vector<Interval> availability;
  int experience = 0;  // programs mentored before (score bonus, capped)
};

struct Mentee {
  std::string id;
  std::vector<std::string> languages, topics;
  std::vector<Interval> availability;
  std::vector<std::string> ranking;  // up to five mentor ids, most wanted first
};

// An organizer's pin (this pair, whatever else) or exclusion (never this
// pair); both carry the organizer's reason.
struct PairRule {
  std::string mentor, mentee, reason;
};

struct PastPair {
  std::string mentor, mentee;
};

struct Instance {
  int session_minutes = 60;
  std::vector<Mentor> mentors;
  std::vector<Mentee> mentees;
  std::vector<PairRule> pins, exclusions;
  std::vector<PastPair> past_pairs;  // pairs from earlier programs
  bool allow_repeat_pairs = false;
  std::uint64_t seed = 0;
};

// Every problem found (not just the first), in input order; empty = valid.
std::vector<InputProblem> validate(const Instance&);

// What a pair has in common and what it is worth.
struct Fit {
  bool shares_language = false;
  int longest_overlap = 0;  // minutes, the longest unbroken stretch
  int total_overlap = 0;    // minutes a week
  int shared_topics = 0;
  int rank = 0;  // 1..5 where the mentee ranked the mentor, 0 if not
  int score = 0;
};

// The score (docs/mentoring.md): 10 a shared topic, 25/20/15/10/5 for the
// mentee's 1st..5th choice, 1 for each session's length of unbroken overlap
// (up to 5), the mentor's experience (up to 3).
Fit fit_of(const Instance&, const Mentor&, const Mentee&);

struct Pair {
  std::string mentor, mentee;
  Fit fit;
  bool pinned = false;
};

enum class UnmatchedReason {
  no_mentors,          // the program has no mentor with a free seat at all
  no_shared_language,  // no mentor speaks any of their languages
  no_common_hours,     // mentors share a language, none has the hours
  excluded,            // the only compatible mentors are excluded or past pairs
  mentors_full,        // compatible mentors are full (see the mode's promise)
};

struct Unmatched {
  std::string mentee;
  UnmatchedReason reason;
  int compatible_mentors = 0;  // mentors passing every hard rule
};

struct Summary {
  int mentees = 0, mentors = 0, capacity = 0;
  int matched = 0, unmatched = 0, pinned = 0;
  long long total_score = 0;
  long long compatible_pairs = 0;
};

struct Outcome {
  std::vector<Pair> pairs;  // in the mentees' input order
  std::vector<Unmatched> unmatched;
  Summary summary;
};

// Precondition: validate(instance) is empty.
Outcome match(const Instance&, Mode);

}  // namespace moim::allocation::mentoring
