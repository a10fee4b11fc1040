// The matcher's front: checking an instance, running a mode, and saying why
// each unmatched mentee is unmatched.
#include "engines/allocation/mentoring.hpp"

#include <set>
#include <unordered_map>
#include <unordered_set>

#include "engines/allocation/mentoring_prepared.hpp"

namespace moim::allocation::mentoring {

namespace {

constexpr std::size_t kMaxIdChars = 200;
constexpr std::size_t kMaxLanguages = 16, kMaxTopics = 32, kMaxIntervals = 64;
constexpr int kMaxDistinctLanguages = 64;

class Checker {
 public:
  explicit Checker(const Instance& in) : in_(in) {}

  std::vector<InputProblem> run() {
    if (in_.session_minutes < 15 || in_.session_minutes > 600)
      fail("input", "session_minutes", "must be between 15 and 600 minutes");
    for (std::size_t j = 0; j < in_.mentors.size(); ++j) mentor(j);
    for (std::size_t i = 0; i < in_.mentees.size(); ++i) mentee(i);
    if (languages_.size() > static_cast<std::size_t>(kMaxDistinctLanguages))
      fail("input", "languages", "more than 64 different languages in one program");
    rules();
    return std::move(problems_);
  }

 private:
  void mentor(std::size_t j) {
    const auto& m = in_.mentors[j];
    const std::string where = "mentors[" + std::to_string(j) + "]";
    id(where, m.id, mentor_ids_, "mentor");
    if (m.capacity < 0 || m.capacity > 1000) fail(where, "capacity", "must be between 0 and 1000");
    if (m.experience < 0 || m.experience > 1000)
      fail(where, "experience", "must be between 0 and 1000");
    person(where, m.languages, m.topics, m.availability);
  }

  void mentee(std::size_t i) {
    const auto& e = in_.mentees[i];
    const std::string where = "mentees[" + std::to_string(i) + "]";
    id(where, e.id, mentee_ids_, "mentee");
    person(where, e.languages, e.topics, e.availability);
    if (e.ranking.size() > kMaxRanking) fail(where, "ranking", "ranks at most five mentors");
    std::set<std::string> seen;
    for (const auto& choice : e.ranking) {
      if (!mentor_ids_.contains(choice))
        fail(where, "ranking", "'" + choice + "' is not a mentor of this program");
      else if (!seen.insert(choice).second)
        fail(where, "ranking", "'" + choice + "' is ranked twice");
    }
  }

  void person(const std::string& where, const std::vector<std::string>& languages,
              const std::vector<std::string>& topics, const std::vector<Interval>& hours) {
    if (languages.empty()) fail(where, "languages", "needs at least one language");
    if (languages.size() > kMaxLanguages) fail(where, "languages", "at most 16 languages");
    for (const auto& language : languages) {
      if (language.empty()) fail(where, "languages", "a language is empty");
      languages_.insert(language);
    }
    if (topics.size() > kMaxTopics) fail(where, "topics", "at most 32 topics");
    if (std::set<std::string>(topics.begin(), topics.end()).size() != topics.size())
      fail(where, "topics", "a topic is listed twice");
    for (const auto& topic : topics)
      if (topic.empty()) fail(where, "topics", "a topic is empty");
    if (hours.size() > kMaxIntervals) fail(where, "availability", "at most 64 stretches a week");
    for (std::size_t k = 0; k < hours.size(); ++k)
      if (hours[k].begin < 0 || hours[k].end > kMinutesPerWeek || hours[k].begin >= hours[k].end)
        fail(where, "availability[" + std::to_string(k) + "]",
             "must be [begin, end] minutes from Monday 00:00 UTC with 0 <= begin < end <= 10080");
  }

  void id(const std::string& where, const std::string& id, std::unordered_set<std::string>& ids,
          const char* what) {
    if (id.empty())
      fail(where, "id", "is required");
    else if (id.size() > kMaxIdChars)
      fail(where, "id", "is longer than 200 characters");
    else if (!ids.insert(id).second)
      fail(where, "id", std::string("another ") + what + " has the id '" + id + "'");
  }

  void rules() {
    std::unordered_map<std::string, int> pins_per_mentor;
    std::unordered_set<std::string> pinned_mentees;
    std::set<std::pair<std::string, std::string>> excluded;
    for (std::size_t k = 0; k < in_.exclusions.size(); ++k) {
      const auto& rule = in_.exclusions[k];
      const std::string where = "exclusions[" + std::to_string(k) + "]";
      if (pair_known(where, rule)) excluded.insert({rule.mentor, rule.mentee});
    }
    std::set<std::pair<std::string, std::string>> past;
    if (!in_.allow_repeat_pairs)
      for (const auto& pair : in_.past_pairs) past.insert({pair.mentor, pair.mentee});
    for (std::size_t k = 0; k < in_.pins.size(); ++k) {
      const auto& pin = in_.pins[k];
      const std::string where = "pins[" + std::to_string(k) + "]";
      if (!pair_known(where, pin)) continue;
      if (!pinned_mentees.insert(pin.mentee).second)
        fail(where, "mentee", "'" + pin.mentee + "' is pinned twice");
      if (excluded.contains({pin.mentor, pin.mentee}))
        fail(where, "mentee", "the pair is also excluded");
      if (past.contains({pin.mentor, pin.mentee}))
        fail(where, "mentee", "the pair did a program together before (allow_repeat_pairs)");
      const auto& mentor = *find(in_.mentors, pin.mentor);
      if (++pins_per_mentor[pin.mentor] > mentor.capacity)
        fail(where, "mentor", "more pins than '" + pin.mentor + "' has capacity");
      const Fit fit = fit_of(in_, mentor, *find(in_.mentees, pin.mentee));
      if (!fit.shares_language)
        fail(where, "mentee", "the pair shares no language");
      else if (fit.longest_overlap < in_.session_minutes)
        fail(where, "mentee", "the pair's weekly hours do not overlap by a session's length");
    }
  }

  // Both ids known and a reason given.
  bool pair_known(const std::string& where, const PairRule& rule) {
    bool ok = true;
    if (!mentor_ids_.contains(rule.mentor)) {
      fail(where, "mentor", "'" + rule.mentor + "' is not a mentor of this program");
      ok = false;
    }
    if (!mentee_ids_.contains(rule.mentee)) {
      fail(where, "mentee", "'" + rule.mentee + "' is not a mentee of this program");
      ok = false;
    }
    if (rule.reason.empty()) fail(where, "reason", "is required");
    return ok;
  }

  template <typename Person>
  static const Person* find(const std::vector<Person>& people, const std::string& id) {
    for (const auto& person : people)
      if (person.id == id) return &person;
    return nullptr;
  }

  void fail(const std::string& where, const std::string& field, std::string message) {
    problems_.push_back({where, field, std::move(message)});
  }

  const Instance& in_;
  std::unordered_set<std::string> mentor_ids_, mentee_ids_;
  std::set<std::string> languages_;
  std::vector<InputProblem> problems_;
};

}  // namespace

std::vector<InputProblem> validate(const Instance& instance) { return Checker(instance).run(); }

Fit fit_of(const Instance& instance, const Mentor& mentor, const Mentee& mentee) {
  Instance pair;
  pair.session_minutes = instance.session_minutes;
  pair.mentors = {mentor};
  pair.mentees = {mentee};
  return detail::Prepared(pair).fit(0, 0);
}

Outcome match(const Instance& instance, Mode mode) {
  const detail::Prepared prepared(instance);
  std::vector<detail::Reach> reach(static_cast<std::size_t>(prepared.mentees));
  const std::vector<int> mentor_of = mode == Mode::fit ? detail::match_fit(prepared, reach)
                                                       : detail::match_stable(prepared, reach);
  Outcome out;
  auto& summary = out.summary;
  summary.mentees = prepared.mentees;
  summary.mentors = prepared.mentors;
  for (const auto& mentor : instance.mentors) summary.capacity += mentor.capacity;
  for (int i = 0; i < prepared.mentees; ++i) {
    const auto& mentee = instance.mentees[static_cast<std::size_t>(i)];
    const detail::Reach& mine = reach[static_cast<std::size_t>(i)];
    summary.compatible_pairs += mine.allowed;
    const int j = mentor_of[static_cast<std::size_t>(i)];
    if (j != detail::kNone) {
      const bool pinned = prepared.pinned_to[static_cast<std::size_t>(i)] == j;
      Pair pair{instance.mentors[static_cast<std::size_t>(j)].id, mentee.id, prepared.fit(i, j),
                pinned};
      summary.total_score += pair.fit.score;
      summary.pinned += pinned ? 1 : 0;
      out.pairs.push_back(std::move(pair));
      continue;
    }
    UnmatchedReason reason = UnmatchedReason::mentors_full;
    if (summary.capacity == 0)
      reason = UnmatchedReason::no_mentors;
    else if (mine.share_language == 0)
      reason = UnmatchedReason::no_shared_language;
    else if (mine.have_hours == 0)
      reason = UnmatchedReason::no_common_hours;
    else if (mine.allowed == 0)
      reason = UnmatchedReason::excluded;
    out.unmatched.push_back({mentee.id, reason, mine.allowed});
  }
  summary.matched = static_cast<int>(out.pairs.size());
  summary.unmatched = static_cast<int>(out.unmatched.size());
  return out;
}

}  // namespace moim::allocation::mentoring
