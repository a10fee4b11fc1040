#include "engines/grouping/round.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "engines/grouping/verify.hpp"

namespace moim::grouping {
namespace {

RoundInput people(int n, int min_size = 3, int max_size = 4, int target = 4) {
  RoundInput input;
  input.min_size = min_size;
  input.max_size = max_size;
  input.target_size = target;
  for (int i = 0; i < n; ++i) input.people.push_back({.id = "p" + std::to_string(i)});
  return input;
}

// The history of one round: every pair inside each group met once.
void add_round_to_history(RoundInput& input, const Groups& groups, std::int64_t when) {
  for (const auto& group : groups)
    for (std::size_t i = 0; i < group.size(); ++i)
      for (std::size_t j = i + 1; j < group.size(); ++j)
        input.history.push_back({input.people[group[i]].id, input.people[group[j]].id, 1, when});
}

TEST(PlanGroupSizes, MixesSizesWhenNotDivisible) {
  EXPECT_EQ(plan_group_sizes(10, 3, 4, 4), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(plan_group_sizes(12, 3, 4, 4), (std::vector<int>{4, 4, 4}));
  EXPECT_EQ(plan_group_sizes(10, 3, 4, 3), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(plan_group_sizes(8, 2, 2, 2), (std::vector<int>{2, 2, 2, 2}));
  EXPECT_TRUE(plan_group_sizes(7, 2, 2, 2).empty());
  EXPECT_TRUE(plan_group_sizes(5, 3, 4, 4).empty());
  EXPECT_EQ(plan_group_sizes(7, 2, 3, 2), (std::vector<int>{3, 2, 2}));
}

TEST(Validate, NamesTheFieldOfEachProblem) {
  RoundInput input = people(2);
  ASSERT_EQ(validate(input).size(), 1u);
  EXPECT_EQ(validate(input)[0].field, "people");

  input = people(6);
  input.people[1].id = "p0";
  input.people[2].slots = {168};
  input.history.push_back({"p0", "p3", -1, 0});
  const auto problems = validate(input);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].where, "people[1]");
  EXPECT_EQ(problems[0].field, "id");
  EXPECT_EQ(problems[1].field, "slots");
  EXPECT_EQ(problems[2].where, "history[0]");

  input = people(6, 4, 3, 3);
  EXPECT_FALSE(validate(input).empty());
  EXPECT_TRUE(validate(people(6)).empty());
}

TEST(FormRound, EveryoneExactlyOnceInGroupsWithinBounds) {
  for (int n : {3, 4, 5, 7, 10, 11, 23, 64, 101}) {
    for (auto [lo, hi, target] : {std::tuple{3, 4, 4}, {3, 4, 3}, {2, 3, 3}, {4, 6, 5}}) {
      RoundInput input = people(n, lo, hi, target);
      if (!validate(input).empty()) continue;
      for (std::uint64_t seed : {1u, 2u, 3u}) {
        input.seed = seed;
        const RoundResult result = form_round(input);
        const RoundCheck check = check_round(input, result.groups);
        ASSERT_TRUE(check.valid()) << n << " people: " << check.errors.front();
        ASSERT_EQ(result.hosts.size(), result.groups.size());
        for (std::size_t g = 0; g < result.groups.size(); ++g)
          EXPECT_NE(std::find(result.groups[g].begin(), result.groups[g].end(), result.hosts[g]),
                    result.groups[g].end());
      }
    }
  }
}

TEST(FormRound, PairsWhenAsked) {
  RoundInput input = people(10, 2, 2, 2);
  const RoundResult result = form_round(input);
  ASSERT_EQ(result.groups.size(), 5u);
  for (const auto& group : result.groups) EXPECT_EQ(group.size(), 2u);
}

TEST(FormRound, SameSeedSameGroups) {
  RoundInput input = people(40);
  input.seed = 7;
  const auto first = form_round(input).groups;
  EXPECT_EQ(form_round(input).groups, first);
  input.seed = 8;
  EXPECT_NE(form_round(input).groups, first);
}

TEST(FormRound, NeverRepeatsAPairWhileThatIsPossible) {
  // 16 people in groups of 4 can meet for 5 rounds with no pair twice (an
  // affine plane exists); the engine should manage at least 3 greedily.
  RoundInput input = people(16, 4, 4, 4);
  for (int round = 0; round < 3; ++round) {
    input.seed = static_cast<std::uint64_t>(round + 1);
    const RoundResult result = form_round(input);
    const RoundCheck check = check_round(input, result.groups);
    ASSERT_TRUE(check.valid());
    EXPECT_EQ(result.repeated_pairs, 0) << "round " << round;
    EXPECT_EQ(check.repeated_pairs, result.repeated_pairs);
    add_round_to_history(input, result.groups, 1000 + round);
  }
}

TEST(FormRound, ReportsRepeatsExactlyWhenTheyCannotBeAvoided) {
  // Four people, groups of 4, who have all met: every pair repeats.
  RoundInput input = people(4, 4, 4, 4);
  add_round_to_history(input, {{0, 1, 2, 3}}, 0);
  input.history.push_back({"p0", "p1", 2, 0});  // a second row for the same pair still counts once
  input.history.push_back({"p0", "stranger", 1, 0});  // unknown ids are ignored
  const RoundResult result = form_round(input);
  EXPECT_EQ(result.repeated_pairs, 6);
  EXPECT_EQ(check_round(input, result.groups).repeated_pairs, 6);
}

TEST(FormRound, RepeatCountsMatchTheIndependentCheckUnderPressure) {
  // A long history on few people forces repeats; counts must still agree.
  RoundInput input = people(13);
  for (int round = 0; round < 6; ++round) {
    input.seed = static_cast<std::uint64_t>(round + 11);
    const RoundResult result = form_round(input);
    const RoundCheck check = check_round(input, result.groups);
    ASSERT_TRUE(check.valid());
    EXPECT_EQ(check.repeated_pairs, result.repeated_pairs) << "round " << round;
    EXPECT_EQ(check.forbidden_pairs + check.groups_without_common_slot, result.hard_violations);
    add_round_to_history(input, result.groups, 1000 + round);
  }
}

TEST(FormRound, ForbiddenPairsNeverTogether) {
  RoundInput input = people(12);
  // p0 refuses everyone but p1..p3; the only feasible group for p0 is with them.
  for (int i = 4; i < 12; ++i) input.forbidden.emplace_back("p0", "p" + std::to_string(i));
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    input.seed = seed;
    const RoundResult result = form_round(input);
    EXPECT_EQ(result.hard_violations, 0);
    EXPECT_EQ(check_round(input, result.groups).forbidden_pairs, 0);
  }
}

TEST(FormRound, HardConstraintsBeatRepeats) {
  RoundInput input = people(8, 4, 4, 4);
  input.forbidden.emplace_back("p0", "p1");
  // Everyone met p0 except p1 — avoiding repeats would force the forbidden pair.
  for (int i = 2; i < 8; ++i) input.history.push_back({"p0", "p" + std::to_string(i), 1, 0});
  const RoundResult result = form_round(input);
  EXPECT_EQ(result.hard_violations, 0);
  EXPECT_EQ(result.repeated_pairs, 3);
}

TEST(FormRound, GroupsShareASlotWhenRequired) {
  // Two time zones: Seoul evenings and Berlin evenings never overlap; a few
  // people are free any time.
  RoundInput input = people(16);
  input.require_common_slot = true;
  for (int i = 0; i < 16; ++i) {
    auto& slots = input.people[static_cast<std::size_t>(i)].slots;
    if (i % 4 == 3) continue;  // any time
    slots = i % 2 == 0 ? std::vector<int>{10, 11, 34} : std::vector<int>{20, 21, 44};
  }
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    input.seed = seed;
    const RoundResult result = form_round(input);
    EXPECT_EQ(result.hard_violations, 0);
    EXPECT_EQ(check_round(input, result.groups).groups_without_common_slot, 0);
    for (const auto& group : result.groups) EXPECT_FALSE(common_slots(input, group).empty());
  }
}

TEST(FormRound, MixesCirclesAndNewcomersWhenFree) {
  RoundInput input = people(16, 4, 4, 4);
  for (int i = 0; i < 16; ++i) {
    auto& person = input.people[static_cast<std::size_t>(i)];
    person.circles = {"project-" + std::to_string(i / 4)};
    person.newcomer = i % 4 == 0;
  }
  const RoundResult result = form_round(input);
  EXPECT_EQ(result.soft_cost, 0);  // one person per project, one newcomer per group
  for (std::size_t g = 0; g < result.groups.size(); ++g)
    EXPECT_FALSE(input.people[result.hosts[g]].newcomer);
}

TEST(FormRound, PrefersACommonLanguage) {
  RoundInput input = people(8, 4, 4, 4);
  for (int i = 0; i < 8; ++i)
    input.people[static_cast<std::size_t>(i)].languages = {i < 4 ? "ko" : "en"};
  const RoundResult result = form_round(input);
  for (const auto& group : result.groups) {
    const auto& language = input.people[group[0]].languages;
    for (std::size_t p : group) EXPECT_EQ(input.people[p].languages, language);
  }
}

TEST(CommonSlots, OverlapIgnoringAnyTime) {
  RoundInput input = people(3);
  input.people[0].slots = {1, 2, 3};
  input.people[1].slots = {2, 3, 4};
  EXPECT_EQ(common_slots(input, {0, 1, 2}), (std::vector<int>{2, 3}));
  EXPECT_EQ(common_slots(input, {2}).size(), 168u);
}

}  // namespace
}  // namespace moim::grouping
