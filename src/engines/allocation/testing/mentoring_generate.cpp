#include "engines/allocation/testing/mentoring_generate.hpp"

#include <algorithm>
#include <random>
#include <string>

namespace moim::allocation::testing {

namespace {

using mentoring::Interval;
using mentoring::kMinutesPerWeek;

// A local stretch [begin, end) of one day, moved to UTC; split in two where
// it wraps over the week's end.
void add_local(std::vector<Interval>& hours, int day, int begin, int end, int offset_minutes) {
  const int from =
      ((day * 1440 + begin - offset_minutes) % kMinutesPerWeek + kMinutesPerWeek) % kMinutesPerWeek;
  const int length = end - begin;
  if (from + length <= kMinutesPerWeek) {
    hours.push_back({from, from + length});
  } else {
    hours.push_back({from, kMinutesPerWeek});
    hours.push_back({0, from + length - kMinutesPerWeek});
  }
}

class Person {
 public:
  Person(std::mt19937_64& random, const ProgramShape& shape) : random_(random), shape_(shape) {}

  std::vector<std::string> languages() {
    static const char* kLanguages[] = {"ko", "en", "ja", "hi", "sw"};
    // Korean and English most, the others less.
    std::discrete_distribution<int> pick({40, 35, 10, 10, 5});
    std::vector<std::string> out{kLanguages[pick(random_)]};
    if (std::bernoulli_distribution(0.5)(random_)) {
      const std::string second = kLanguages[pick(random_)];
      if (second != out[0]) out.push_back(second);
    }
    return out;
  }

  std::vector<std::string> topics() {
    std::vector<std::string> out;
    std::uniform_int_distribution<int> pick(0, shape_.topics - 1);
    while (out.size() < 5) {
      const std::string topic = "t" + std::to_string(pick(random_));
      if (std::find(out.begin(), out.end(), topic) == out.end()) out.push_back(topic);
    }
    return out;
  }

  std::vector<Interval> hours() {
    const int offset = std::uniform_int_distribution<int>(-8, 9)(random_) * 60;
    std::vector<Interval> out;
    const int evening = std::uniform_int_distribution<int>(18, 20)(random_) * 60;
    for (int day = 0; day < 5; ++day)
      if (std::bernoulli_distribution(0.6)(random_))
        add_local(out, day, evening, evening + 180, offset);
    if (std::bernoulli_distribution(0.7)(random_)) add_local(out, 5, 600, 780, offset);
    if (std::bernoulli_distribution(0.5)(random_)) add_local(out, 6, 840, 1020, offset);
    return out;
  }

 private:
  std::mt19937_64& random_;
  const ProgramShape& shape_;
};

}  // namespace

mentoring::Instance generate_program(const ProgramShape& shape) {
  std::mt19937_64 random(shape.seed);
  Person person(random, shape);
  mentoring::Instance instance;
  instance.session_minutes = 60;
  for (int j = 0; j < shape.mentors; ++j) {
    mentoring::Mentor mentor;
    mentor.id = "m" + std::to_string(j);
    mentor.capacity = std::uniform_int_distribution<int>(1, shape.max_capacity)(random);
    mentor.languages = person.languages();
    mentor.topics = person.topics();
    mentor.availability = person.hours();
    mentor.experience = std::uniform_int_distribution<int>(0, 4)(random);
    instance.mentors.push_back(std::move(mentor));
  }
  std::uniform_int_distribution<int> any_mentor(0, std::max(0, shape.mentors - 1));
  for (int i = 0; i < shape.mentees; ++i) {
    mentoring::Mentee mentee;
    mentee.id = "e" + std::to_string(i);
    mentee.languages = person.languages();
    mentee.topics = person.topics();
    mentee.availability = person.hours();
    if (shape.mentors > 0 && std::bernoulli_distribution(shape.ranking_share)(random))
      for (int r = 0; r < 3; ++r) {
        const std::string id = "m" + std::to_string(any_mentor(random));
        if (std::find(mentee.ranking.begin(), mentee.ranking.end(), id) == mentee.ranking.end())
          mentee.ranking.push_back(id);
      }
    instance.mentees.push_back(std::move(mentee));
  }
  return instance;
}

}  // namespace moim::allocation::testing
