#include "engines/allocation/mentoring_prepared.hpp"

#include <algorithm>
#include <bit>
#include <string_view>
#include <unordered_map>

namespace moim::allocation::mentoring::detail {

namespace {

// A person's hours sorted, with overlapping or touching stretches joined.
std::vector<Interval> merged(std::vector<Interval> hours) {
  std::sort(hours.begin(), hours.end(),
            [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> out;
  for (const auto& stretch : hours) {
    if (!out.empty() && stretch.begin <= out.back().end)
      out.back().end = std::max(out.back().end, stretch.end);
    else
      out.push_back(stretch);
  }
  return out;
}

struct Overlap {
  int longest = 0, total = 0;
};

// The common hours of two merged weeks. A stretch that runs to Sunday 24:00
// and one that starts Monday 00:00 are one stretch: the week wraps.
Overlap overlap(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  Overlap out;
  int first = 0, last = 0, pieces = 0;
  bool starts_at_zero = false, ends_at_week = false;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int begin = std::max(a[i].begin, b[j].begin);
    const int end = std::min(a[i].end, b[j].end);
    if (begin < end) {
      const int length = end - begin;
      if (pieces == 0) {
        first = length;
        starts_at_zero = begin == 0;
      }
      last = length;
      ends_at_week = end == kMinutesPerWeek;
      ++pieces;
      out.total += length;
      out.longest = std::max(out.longest, length);
    }
    if (a[i].end < b[j].end)
      ++i;
    else
      ++j;
  }
  if (pieces > 1 && starts_at_zero && ends_at_week)
    out.longest = std::max(out.longest, first + last);
  return out;
}

std::array<std::uint64_t, 3> week_hours(const std::vector<Interval>& hours) {
  std::array<std::uint64_t, 3> bits{};
  for (const auto& stretch : hours)
    for (int hour = stretch.begin / 60; hour * 60 < stretch.end && hour < 168; ++hour)
      bits[static_cast<std::size_t>(hour / 64)] |= std::uint64_t{1} << (hour % 64);
  return bits;
}

class Index {
 public:
  int of(const std::string& name) {
    return ids_.try_emplace(name, static_cast<int>(ids_.size())).first->second;
  }
  int size() const { return static_cast<int>(ids_.size()); }

 private:
  std::unordered_map<std::string, int> ids_;
};

}  // namespace

std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  // splitmix64 over the three words: cheap and well spread.
  std::uint64_t x = seed ^ (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full);
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

Prepared::Prepared(const Instance& in)
    : instance(in),
      mentees(static_cast<int>(in.mentees.size())),
      mentors(static_cast<int>(in.mentors.size())) {
  Index languages, topics, mentor_ids, mentee_ids;
  for (const auto& mentor : in.mentors) {
    mentor_ids.of(mentor.id);
    for (const auto& topic : mentor.topics) topics.of(topic);
  }
  for (const auto& mentee : in.mentees) {
    mentee_ids.of(mentee.id);
    for (const auto& topic : mentee.topics) topics.of(topic);
  }
  topic_words_ = std::max(1, (topics.size() + 63) / 64);

  auto language_mask = [&](const std::vector<std::string>& names) {
    std::uint64_t mask = 0;
    for (const auto& name : names) mask |= std::uint64_t{1} << (languages.of(name) & 63);
    return mask;
  };
  auto topic_bits = [&](const std::vector<std::string>& names, std::vector<std::uint64_t>& out) {
    const std::size_t base = out.size();
    out.resize(base + static_cast<std::size_t>(topic_words_), 0);
    for (const auto& name : names) {
      const int bit = topics.of(name);
      out[base + static_cast<std::size_t>(bit / 64)] |= std::uint64_t{1} << (bit % 64);
    }
  };
  int max_topics = 0, max_experience = 0;
  for (const auto& mentor : in.mentors) {
    mentor_languages_.push_back(language_mask(mentor.languages));
    topic_bits(mentor.topics, mentor_topics_);
    mentor_hours_.push_back(merged(mentor.availability));
    mentor_week_.push_back(week_hours(mentor_hours_.back()));
    free_capacity.push_back(mentor.capacity);
    max_experience = std::max(max_experience, std::min(mentor.experience, 3));
  }
  for (const auto& mentee : in.mentees) {
    mentee_languages_.push_back(language_mask(mentee.languages));
    topic_bits(mentee.topics, mentee_topics_);
    mentee_hours_.push_back(merged(mentee.availability));
    mentee_week_.push_back(week_hours(mentee_hours_.back()));
    max_topics = std::max(max_topics, static_cast<int>(mentee.topics.size()));
    std::vector<int> ranked;
    for (const auto& id : mentee.ranking) ranked.push_back(mentor_ids.of(id));
    ranked_.push_back(std::move(ranked));
  }
  max_score = 10 * max_topics + 25 + 5 + max_experience;

  pinned_to.assign(static_cast<std::size_t>(mentees), kNone);
  for (const auto& pin : in.pins) {
    const int mentor = mentor_ids.of(pin.mentor);
    pinned_to[static_cast<std::size_t>(mentee_ids.of(pin.mentee))] = mentor;
    --free_capacity[static_cast<std::size_t>(mentor)];
  }
  for (const auto& rule : in.exclusions)
    forbidden_.insert(key(mentee_ids.of(rule.mentee), mentor_ids.of(rule.mentor)));
  if (!in.allow_repeat_pairs)
    for (const auto& past : in.past_pairs) {
      // History may name people outside this program: nothing to forbid.
      const int before_mentors = mentor_ids.size(), before_mentees = mentee_ids.size();
      const int mentor = mentor_ids.of(past.mentor), mentee = mentee_ids.of(past.mentee);
      if (mentor < before_mentors && mentee < before_mentees)
        forbidden_.insert(key(mentee, mentor));
    }

  for (int i = 0; i < mentees; ++i)
    mentee_order.push_back(mix(in.seed, 1, static_cast<unsigned>(i)));
  for (int j = 0; j < mentors; ++j)
    mentor_order.push_back(mix(in.seed, 2, static_cast<unsigned>(j)));
}

Fit Prepared::fit(int mentee, int mentor) const {
  Fit out;
  const auto i = static_cast<std::size_t>(mentee), j = static_cast<std::size_t>(mentor);
  out.shares_language = (mentee_languages_[i] & mentor_languages_[j]) != 0;
  if (!out.shares_language) return out;
  const auto& a = mentee_week_[i];
  const auto& b = mentor_week_[j];
  if (((a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2])) == 0) return out;  // no hour in common
  const Overlap hours = overlap(mentee_hours_[i], mentor_hours_[j]);
  out.longest_overlap = hours.longest;
  out.total_overlap = hours.total;
  if (!compatible(out)) return out;
  const auto words = static_cast<std::size_t>(topic_words_);
  for (std::size_t w = 0; w < words; ++w)
    out.shared_topics +=
        std::popcount(mentee_topics_[i * words + w] & mentor_topics_[j * words + w]);
  const auto& ranked = ranked_[i];
  for (std::size_t r = 0; r < ranked.size(); ++r)
    if (ranked[r] == mentor) out.rank = static_cast<int>(r) + 1;
  out.score = 10 * out.shared_topics + (out.rank ? 5 * (6 - out.rank) : 0) +
              std::min(5, out.longest_overlap / instance.session_minutes) +
              std::min(3, instance.mentors[j].experience);
  return out;
}

}  // namespace moim::allocation::mentoring::detail
