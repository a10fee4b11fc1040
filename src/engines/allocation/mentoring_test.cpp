// The mentoring matcher: hard rules, the score, explanations, and both modes
// checked against what they promise — fit against a brute force over every
// assignment of small programs, stable against every possible blocking pair.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <tuple>

#include "engines/allocation/io/mentoring_io.hpp"
#include "engines/allocation/mentoring.hpp"
#include "engines/allocation/mentoring_prepared.hpp"
#include "engines/allocation/testing/mentoring_generate.hpp"

namespace moim::allocation::mentoring {
namespace {

// Monday 20:00–22:00 UTC and so on: minutes from Monday 00:00 UTC.
constexpr int kDay = 1440;

Mentor mentor(std::string id, int capacity, std::vector<std::string> languages,
              std::vector<std::string> topics, std::vector<Interval> hours) {
  return {std::move(id), capacity, std::move(languages), std::move(topics), std::move(hours), 0};
}

Mentee mentee(std::string id, std::vector<std::string> languages, std::vector<std::string> topics,
              std::vector<Interval> hours, std::vector<std::string> ranking = {}) {
  return {std::move(id), std::move(languages), std::move(topics), std::move(hours),
          std::move(ranking)};
}

std::map<std::string, std::string> pairs_of(const Outcome& outcome) {
  std::map<std::string, std::string> out;
  for (const auto& pair : outcome.pairs) out[pair.mentee] = pair.mentor;
  return out;
}

TEST(MentoringTest, APairNeedsASharedLanguageAndASessionOfCommonHours) {
  Instance in;
  in.session_minutes = 60;
  in.mentors = {mentor("ko-evening", 2, {"ko"}, {"LLM"}, {{20 * 60, 22 * 60}}),
                mentor("en-morning", 2, {"en"}, {"LLM"}, {{8 * 60, 10 * 60}})};
  in.mentees = {mentee("korean", {"ko"}, {"LLM"}, {{21 * 60, 23 * 60}}),
                mentee("english-evening", {"en"}, {"LLM"}, {{20 * 60, 22 * 60}}),
                mentee("swahili", {"sw"}, {"LLM"}, {{0, kMinutesPerWeek}}),
                mentee("short-overlap", {"ko"}, {"LLM"}, {{21 * 60 + 30, 23 * 60}})};
  ASSERT_TRUE(validate(in).empty());
  for (Mode mode : {Mode::fit, Mode::stable}) {
    const Outcome out = match(in, mode);
    EXPECT_EQ(pairs_of(out), (std::map<std::string, std::string>{{"korean", "ko-evening"}}));
    ASSERT_EQ(out.unmatched.size(), 3u);
    EXPECT_EQ(out.unmatched[0].mentee, "english-evening");
    EXPECT_EQ(out.unmatched[0].reason, UnmatchedReason::no_common_hours);
    EXPECT_EQ(out.unmatched[1].reason, UnmatchedReason::no_shared_language);
    // 30 minutes in common is not a 60-minute session.
    EXPECT_EQ(out.unmatched[2].reason, UnmatchedReason::no_common_hours);
    EXPECT_FALSE(io::explain(out.unmatched[1].reason, mode).empty());
  }
}

TEST(MentoringTest, HoursThatRunOverSundayMidnightAreOneStretch) {
  Instance in;
  in.session_minutes = 90;
  // Sunday 23:00 to Monday 00:30 UTC, given in two pieces by one side.
  in.mentors = {mentor("m", 1, {"en"}, {}, {{0, 30}, {kMinutesPerWeek - 60, kMinutesPerWeek}})};
  in.mentees = {mentee("e", {"en"}, {}, {{kMinutesPerWeek - 120, kMinutesPerWeek}, {0, 60}})};
  const Fit fit = fit_of(in, in.mentors[0], in.mentees[0]);
  EXPECT_EQ(fit.longest_overlap, 90);
  EXPECT_EQ(fit.total_overlap, 90);
  EXPECT_EQ(match(in, Mode::fit).summary.matched, 1);
}

TEST(MentoringTest, TheScoreCountsTopicsRankingHoursAndExperience) {
  Instance in;
  in.session_minutes = 60;
  in.mentors = {mentor("m1", 1, {"ko", "en"}, {"LLM", "CV", "RL"}, {{0, 3 * 60}})};
  in.mentors[0].experience = 7;  // counts up to 3
  in.mentees = {mentee("e", {"en"}, {"LLM", "CV", "NLP"}, {{0, 5 * 60}}, {"x", "m1"})};
  const Fit fit = fit_of(in, in.mentors[0], in.mentees[0]);
  EXPECT_TRUE(fit.shares_language);
  EXPECT_EQ(fit.shared_topics, 2);
  EXPECT_EQ(fit.rank, 2);
  EXPECT_EQ(fit.longest_overlap, 180);
  EXPECT_EQ(fit.score, 2 * 10 + 20 + 3 + 3);
}

TEST(MentoringTest, FitMatchesTheMostMenteesBeforeTheBestScores) {
  // m1 is everyone's favourite, but giving it to e1 leaves e2 with no one.
  Instance in;
  in.mentors = {mentor("m1", 1, {"ko"}, {"a", "b", "c"}, {{0, 600}}),
                mentor("m2", 1, {"ko", "en"}, {}, {{0, 600}})};
  in.mentees = {mentee("e1", {"ko"}, {"a", "b", "c"}, {{0, 600}}),
                mentee("e2", {"ko"}, {"a"}, {{0, 600}}, {"m1"}),
                mentee("e3", {"en"}, {}, {{0, 600}})};
  const Outcome out = match(in, Mode::fit);
  // Three mentees, two seats: two matched; e3 can only have m2.
  EXPECT_EQ(out.summary.matched, 2);
  EXPECT_EQ(pairs_of(out).at("e3"), "m2");
  EXPECT_EQ(out.unmatched.at(0).reason, UnmatchedReason::mentors_full);
  EXPECT_EQ(out.unmatched.at(0).compatible_mentors, 2);
}

TEST(MentoringTest, PinsHoldAndExclusionsAndPastPairsAreNeverMade) {
  Instance in;
  in.mentors = {mentor("m1", 2, {"ko"}, {"a"}, {{0, 600}}),
                mentor("m2", 1, {"ko"}, {"a"}, {{0, 600}}),
                mentor("m3", 1, {"en"}, {"a"}, {{0, 600}})};
  in.mentees = {mentee("e1", {"ko"}, {"a"}, {{0, 600}}, {"m1"}),
                mentee("e2", {"ko"}, {"a"}, {{0, 600}}, {"m1"}),
                mentee("e3", {"ko"}, {"a"}, {{0, 600}}, {"m1"}),
                mentee("e4", {"en"}, {"a"}, {{0, 600}})};
  in.pins = {{"m2", "e1", "asked for each other"}};
  in.exclusions = {{"m1", "e2", "conflict of interest"}, {"m3", "e4", "same team at work"}};
  in.past_pairs = {{"m1", "e3"}, {"someone-else", "e1"}};
  ASSERT_TRUE(validate(in).empty());
  for (Mode mode : {Mode::fit, Mode::stable}) {
    const Outcome out = match(in, mode);
    EXPECT_EQ(pairs_of(out), (std::map<std::string, std::string>{{"e1", "m2"}}));
    EXPECT_EQ(out.summary.pinned, 1);
    ASSERT_EQ(out.unmatched.size(), 3u);
    // e2 and e3 may only have m2, whose one seat the pin took; e4 only m3.
    EXPECT_EQ(out.unmatched[0].reason, UnmatchedReason::mentors_full);
    EXPECT_EQ(out.unmatched[0].compatible_mentors, 1);
    EXPECT_EQ(out.unmatched[1].reason, UnmatchedReason::mentors_full);
    EXPECT_EQ(out.unmatched[2].reason, UnmatchedReason::excluded);
  }
  in.allow_repeat_pairs = true;
  EXPECT_EQ(pairs_of(match(in, Mode::fit)).at("e3"), "m1");
}

TEST(MentoringTest, BadInputIsRefusedNamingThePlaceAndTheField) {
  Instance in;
  in.session_minutes = 5;
  in.mentors = {mentor("m1", -1, {}, {"a", "a"}, {{600, 500}}), mentor("m1", 1, {"ko"}, {}, {})};
  in.mentees = {mentee("e1", {"ko"}, {}, {{0, 99999}}, {"m1", "m1", "nobody"})};
  in.pins = {{"m1", "e9", ""}};
  const auto problems = validate(in);
  std::vector<std::string> named;
  for (const auto& problem : problems) named.push_back(problem.where + "." + problem.field);
  for (const char* expected :
       {"input.session_minutes", "mentors[0].capacity", "mentors[0].languages", "mentors[0].topics",
        "mentors[0].availability[0]", "mentors[1].id", "mentees[0].availability[0]",
        "mentees[0].ranking", "pins[0].mentee", "pins[0].reason"})
    EXPECT_NE(std::find(named.begin(), named.end(), expected), named.end()) << expected;
}

TEST(MentoringTest, ThePinOfAPairWithoutACommonLanguageIsRefused) {
  Instance in;
  in.mentors = {mentor("m1", 1, {"ko"}, {}, {{0, 600}})};
  in.mentees = {mentee("e1", {"en"}, {}, {{0, 600}})};
  in.pins = {{"m1", "e1", "friends"}};
  const auto problems = validate(in);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where, "pins[0]");
  EXPECT_EQ(problems[0].message, "the pair shares no language");
}

TEST(MentoringTest, TheJsonFileIsReadAndUnknownFieldsAreRefused) {
  const auto parsed = io::read_json(R"({"session_minutes": 60,
    "mentors": [{"id": "m1", "capacity": 2, "languages": ["ko", "en"], "topics": ["LLM"],
                 "availability": [[1200, 1320]]}],
    "mentees": [{"id": "e1", "languages": ["en"], "topics": ["LLM", "CV"],
                 "availability": [[1200, 1320]], "ranking": ["m1"]}]})");
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems[0].message;
  const Outcome out = match(parsed.instance, Mode::fit);
  const std::string text = io::write_json(parsed.instance, out, Mode::fit);
  EXPECT_NE(text.find(R"("pairs":[{"mentor":"m1","mentee":"e1","score":37,"overlap_minutes":120)"),
            std::string::npos)
      << text;
  const auto typo = io::read_json(R"({"mentors": [], "mentees": [{"id": "e1", "langauges": []}]})");
  ASSERT_FALSE(typo.problems.empty());
  EXPECT_EQ(typo.problems[0].where, "mentees[0]");
  EXPECT_EQ(typo.problems[0].field, "langauges");
  const auto broken = io::read_json("{\"mentors\": [\n}");
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_EQ(broken.problems[0].where, "line 2");
}

// --- what the modes promise, on random programs ---------------------------

struct Best {
  int matched = -1;
  long long score = 0;
};

// Every assignment of mentees to allowed compatible mentors within capacity.
Best brute_force(const Instance& in) {
  const detail::Prepared p(in);
  std::vector<int> load(in.mentors.size(), 0);
  Best best;
  std::function<void(std::size_t, int, long long)> visit = [&](std::size_t i, int matched,
                                                               long long score) {
    if (i == in.mentees.size()) {
      if (matched > best.matched || (matched == best.matched && score > best.score))
        best = {matched, score};
      return;
    }
    visit(i + 1, matched, score);
    for (std::size_t j = 0; j < in.mentors.size(); ++j) {
      if (load[j] >= in.mentors[j].capacity ||
          p.forbidden(static_cast<int>(i), static_cast<int>(j)))
        continue;
      const Fit fit = p.fit(static_cast<int>(i), static_cast<int>(j));
      if (!p.compatible(fit)) continue;
      ++load[j];
      visit(i + 1, matched + 1, score + fit.score);
      --load[j];
    }
  };
  visit(0, 0, 0);
  return best;
}

Instance small_program(std::uint64_t seed) {
  testing::ProgramShape shape;
  shape.mentees = 3 + static_cast<int>(seed % 5);
  shape.mentors = 1 + static_cast<int>(seed % 4);
  shape.max_capacity = 2;
  shape.topics = 8;
  shape.ranking_share = 0.5;
  shape.seed = seed;
  Instance in = testing::generate_program(shape);
  in.seed = seed;
  if (seed % 3 == 0 && in.mentees.size() > 1)
    in.exclusions.push_back({in.mentors[0].id, in.mentees[1].id, "test"});
  return in;
}

void expect_hard_rules_hold(const Instance& in, const Outcome& out) {
  const detail::Prepared p(in);
  std::map<std::string, int> load;
  std::map<std::string, int> mentor_index, mentee_index;
  for (std::size_t j = 0; j < in.mentors.size(); ++j)
    mentor_index[in.mentors[j].id] = static_cast<int>(j);
  for (std::size_t i = 0; i < in.mentees.size(); ++i)
    mentee_index[in.mentees[i].id] = static_cast<int>(i);
  for (const auto& pair : out.pairs) {
    const int i = mentee_index.at(pair.mentee), j = mentor_index.at(pair.mentor);
    EXPECT_TRUE(p.compatible(p.fit(i, j))) << pair.mentor << "-" << pair.mentee;
    EXPECT_FALSE(p.forbidden(i, j));
    EXPECT_LE(++load[pair.mentor], in.mentors[static_cast<std::size_t>(j)].capacity);
  }
  EXPECT_EQ(out.pairs.size() + out.unmatched.size(), in.mentees.size());
}

TEST(MentoringPropertyTest, FitIsOptimalAgainstABruteForce) {
  int matched = 0, left_out = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Instance in = small_program(seed);
    ASSERT_TRUE(validate(in).empty()) << seed;
    const Best best = brute_force(in);
    const Outcome out = match(in, Mode::fit);
    matched += out.summary.matched;
    left_out += out.summary.unmatched;
    expect_hard_rules_hold(in, out);
    EXPECT_EQ(out.summary.matched, best.matched) << "seed " << seed;
    EXPECT_EQ(out.summary.total_score, best.score) << "seed " << seed;
  }
  // The programs are neither empty nor trivial.
  std::printf("brute force: %d mentees matched, %d left out\n", matched, left_out);
  EXPECT_GT(matched, 300);
  EXPECT_GT(left_out, 300);
}

// The proof that completes the flow's first candidates: started from one
// pair a mentee, it must still reach the optimum over every pair.
TEST(MentoringPropertyTest, FitFromOneCandidateEachStillReachesTheOptimum) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const Instance in = small_program(seed);
    const Best best = brute_force(in);
    const detail::Prepared p(in);
    for (const std::size_t max_kept : {std::size_t{0}, std::size_t{1} << 20}) {
      std::vector<detail::Reach> reach(in.mentees.size());
      const auto mentor_of = detail::match_fit(p, reach, 1, max_kept);
      int matched = 0;
      long long score = 0;
      for (int i = 0; i < p.mentees; ++i)
        if (const int j = mentor_of[static_cast<std::size_t>(i)]; j != detail::kNone) {
          ++matched;
          score += p.fit(i, j).score;
        }
      EXPECT_EQ(matched, best.matched) << "seed " << seed << ", kept " << max_kept;
      EXPECT_EQ(score, best.score) << "seed " << seed << ", kept " << max_kept;
    }
  }
  // And on a larger program, against the default start.
  testing::ProgramShape shape{.mentees = 600, .mentors = 60, .seed = 7};
  const Instance in = testing::generate_program(shape);
  const detail::Prepared p(in);
  std::vector<detail::Reach> reach(in.mentees.size());
  long long one = 0, one_scored_again = 0, many = 0;
  for (const auto& [first, kept, total] :
       {std::tuple{std::size_t{1}, std::size_t{1} << 20, &one},
        std::tuple{std::size_t{1}, std::size_t{0}, &one_scored_again},
        std::tuple{std::size_t{60}, std::size_t{1} << 20, &many}}) {
    const auto mentor_of = detail::match_fit(p, reach, first, kept);
    for (int i = 0; i < p.mentees; ++i)
      if (const int j = mentor_of[static_cast<std::size_t>(i)]; j != detail::kNone)
        *total += 1'000'000 + p.fit(i, j).score;
  }
  EXPECT_EQ(one, many);
  EXPECT_EQ(one_scored_again, many);
}

// Strict preferences only: ties are never blocking.
TEST(MentoringPropertyTest, StableLeavesNoBlockingPair) {
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    Instance in = small_program(seed);
    if (seed > 150) {  // larger programs too
      testing::ProgramShape shape{.mentees = 200, .mentors = 25, .seed = seed};
      in = testing::generate_program(shape);
    }
    const Outcome out = match(in, Mode::stable);
    expect_hard_rules_hold(in, out);
    const detail::Prepared p(in);
    std::vector<int> mentor_of(in.mentees.size(), detail::kNone);
    std::map<std::string, int> mentor_index;
    for (std::size_t j = 0; j < in.mentors.size(); ++j)
      mentor_index[in.mentors[j].id] = static_cast<int>(j);
    std::vector<std::vector<int>> held(in.mentors.size());
    for (std::size_t i = 0; i < in.mentees.size(); ++i)
      for (const auto& pair : out.pairs)
        if (pair.mentee == in.mentees[i].id) {
          mentor_of[i] = mentor_index.at(pair.mentor);
          held[static_cast<std::size_t>(mentor_of[i])].push_back(static_cast<int>(i));
        }
    const auto mentee_wants = [](const Fit& fit) {
      return std::pair{fit.rank ? kMaxRanking + 1 - fit.rank : 0, fit.score};
    };
    for (int i = 0; i < p.mentees; ++i) {
      const int current = mentor_of[static_cast<std::size_t>(i)];
      for (int j = 0; j < p.mentors; ++j) {
        if (j == current || p.forbidden(i, j)) continue;
        const Fit fit = p.fit(i, j);
        if (!p.compatible(fit)) continue;
        if (current != detail::kNone && mentee_wants(fit) <= mentee_wants(p.fit(i, current)))
          continue;
        const auto& seats = held[static_cast<std::size_t>(j)];
        const bool has_room =
            static_cast<int>(seats.size()) < in.mentors[static_cast<std::size_t>(j)].capacity;
        bool prefers = has_room;
        for (const int other : seats) prefers = prefers || fit.score > p.fit(other, j).score;
        EXPECT_FALSE(prefers) << "seed " << seed << ": "
                              << in.mentees[static_cast<std::size_t>(i)].id << " and "
                              << in.mentors[static_cast<std::size_t>(j)].id << " block";
      }
    }
  }
}

TEST(MentoringPropertyTest, TheSameSeedGivesTheSamePairs) {
  testing::ProgramShape shape{.mentees = 300, .mentors = 40, .seed = 11};
  Instance in = testing::generate_program(shape);
  in.seed = 5;
  for (Mode mode : {Mode::fit, Mode::stable})
    EXPECT_EQ(io::write_json(in, match(in, mode), mode), io::write_json(in, match(in, mode), mode));
}

}  // namespace
}  // namespace moim::allocation::mentoring
