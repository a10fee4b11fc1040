#include "features/coffee/round_forming.hpp"

#include <gtest/gtest.h>

#include <set>

namespace moim::coffee {
namespace {

std::vector<Candidate> people(int count) {
  std::vector<Candidate> result;
  for (int idx = 0; idx < count; ++idx) {
    Candidate candidate;
    candidate.user_id = 100 + idx;
    candidate.stage = idx % 2 == 0 ? "runner" : "builder";
    result.push_back(candidate);
  }
  return result;
}

TEST(RoundForming, EveryoneOnceWithAHostFromTheGroup) {
  const auto candidates = people(10);
  auto formed = form_groups(candidates, {}, {}, {.min_size = 3, .target_size = 4, .max_size = 4});
  ASSERT_TRUE(formed.ok()) << formed.error().message;
  std::multiset<std::int64_t> seen;
  for (const auto& group : formed->groups) {
    EXPECT_GE(group.members.size(), 3u);
    EXPECT_LE(group.members.size(), 4u);
    EXPECT_NE(std::find(group.members.begin(), group.members.end(), group.host),
              group.members.end());
    seen.insert(group.members.begin(), group.members.end());
    // Nobody gave hours: no list of all 168 hours to mail around.
    EXPECT_TRUE(group.common_slots.empty());
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 10u);
}

TEST(RoundForming, HistoryAndAvoidOfPeopleNotInTheRoundAreIgnored) {
  const auto candidates = people(4);
  // Pairs with outsiders (other programs' people) must not disturb this round.
  const std::vector<PairHistory> history{{100, 999, 3, 5}, {998, 999, 1, 5}};
  const std::vector<std::pair<std::int64_t, std::int64_t>> avoid{{100, 997}, {101, 101}};
  auto formed =
      form_groups(candidates, history, avoid, {.min_size = 2, .target_size = 2, .max_size = 2});
  ASSERT_TRUE(formed.ok()) << formed.error().message;
  EXPECT_EQ(formed->groups.size(), 2u);
  EXPECT_EQ(formed->repeated_pairs, 0);
  EXPECT_EQ(formed->hard_violations, 0);
}

TEST(RoundForming, RepeatsAndAvoidedPairsAreKeptApartWhenPossible) {
  const auto candidates = people(4);
  // Three ways to pair four people: {100,101} repeats a meeting, {100,102}
  // and {102,103} are avoided, so {100,103},{101,102} is the one clean answer.
  const std::vector<PairHistory> history{{100, 101, 1, 1'800'000'000}};
  const std::vector<std::pair<std::int64_t, std::int64_t>> avoid{{102, 103}, {100, 102}};
  auto formed = form_groups(candidates, history, avoid,
                            {.min_size = 2, .target_size = 2, .max_size = 2, .now = 1'800'100'000});
  ASSERT_TRUE(formed.ok());
  EXPECT_EQ(formed->repeated_pairs, 0);
  EXPECT_EQ(formed->hard_violations, 0);
  std::set<std::set<std::int64_t>> groups;
  for (const auto& group : formed->groups)
    groups.insert(std::set<std::int64_t>(group.members.begin(), group.members.end()));
  EXPECT_EQ(groups, (std::set<std::set<std::int64_t>>{{100, 103}, {101, 102}}));
}

TEST(RoundForming, CommonSlotsAreTheOverlap) {
  auto candidates = people(3);
  candidates[0].slots = {10, 11, 12};
  candidates[1].slots = {11, 12, 13};
  candidates[2].slots = {};  // any time
  auto formed = form_groups(candidates, {}, {}, {.min_size = 3, .target_size = 3, .max_size = 3});
  ASSERT_TRUE(formed.ok());
  ASSERT_EQ(formed->groups.size(), 1u);
  EXPECT_EQ(formed->groups[0].common_slots, (std::vector<int>{11, 12}));
}

TEST(RoundForming, CirclesFollowTheChosenPreferences) {
  Candidate candidate;
  candidate.stage = "runner";
  candidate.projects = {7, 9};
  candidate.cohorts = {3, 3};
  EXPECT_EQ(circles_of(candidate, {.mix_circles = false}), std::vector<std::string>{});
  EXPECT_EQ(circles_of(candidate, {.mix_circles = true}),
            (std::vector<std::string>{"stage:runner"}));
  EXPECT_EQ(circles_of(candidate, {.mix_circles = false, .mix_projects = true}),
            (std::vector<std::string>{"project:7", "project:9"}));
  EXPECT_EQ(circles_of(candidate, {.mix_circles = false, .mix_cohorts = true}),
            (std::vector<std::string>{"cohort:3"}));
}

// Four projects of four people each: mixing projects puts one person of each
// project in every group, where the history allows it.
TEST(RoundForming, MixingProjectsSpreadsEachProjectOverTheGroups) {
  std::vector<Candidate> candidates;
  for (int idx = 0; idx < 16; ++idx) {
    Candidate candidate;
    candidate.user_id = 200 + idx;
    candidate.projects = {idx / 4};
    candidate.cohorts = {1};
    candidates.push_back(candidate);
  }
  auto formed = form_groups(candidates, {}, {},
                            {.min_size = 4,
                             .target_size = 4,
                             .max_size = 4,
                             .mix_circles = false,
                             .mix_projects = true,
                             .seed = 11});
  ASSERT_TRUE(formed.ok()) << formed.error().message;
  ASSERT_EQ(formed->groups.size(), 4u);
  for (const auto& group : formed->groups) {
    std::set<std::int64_t> projects;
    for (std::int64_t user_id : group.members) projects.insert((user_id - 200) / 4);
    EXPECT_EQ(projects.size(), group.members.size()) << "a group repeats a project";
  }
}

TEST(RoundForming, MixingCohortsSpreadsEachCohortOverTheGroups) {
  std::vector<Candidate> candidates;
  for (int idx = 0; idx < 9; ++idx) {
    Candidate candidate;
    candidate.user_id = 300 + idx;
    candidate.cohorts = {10 + idx % 3};  // three cohorts of three
    candidates.push_back(candidate);
  }
  auto formed = form_groups(candidates, {}, {},
                            {.min_size = 3,
                             .target_size = 3,
                             .max_size = 3,
                             .mix_circles = false,
                             .mix_cohorts = true,
                             .seed = 5});
  ASSERT_TRUE(formed.ok()) << formed.error().message;
  for (const auto& group : formed->groups) {
    std::set<std::int64_t> cohorts;
    for (std::int64_t user_id : group.members) cohorts.insert((user_id - 300) % 3);
    EXPECT_EQ(cohorts.size(), 3u) << "a group repeats a cohort";
  }
}

TEST(RoundForming, TooFewPeopleNamesParticipants) {
  auto formed = form_groups(people(2), {}, {}, {.min_size = 3, .target_size = 4, .max_size = 4});
  ASSERT_FALSE(formed.ok());
  EXPECT_EQ(formed.error().field, "participants");
  EXPECT_EQ(formed.error().http_status, 409);
}

}  // namespace
}  // namespace moim::coffee
