// Thousands of random instances: the hard rules in both modes, stability
// and applicant-optimality of stable mode, and rank-maximality against an
// exhaustive search.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engines/allocation/allocation.hpp"
#include "engines/allocation/testing/checkers.hpp"
#include "engines/allocation/testing/generate.hpp"

namespace moim::allocation {
namespace {

using ::testing::IsEmpty;

std::string describe(const Instance& instance) {
  std::string text = "seed " + std::to_string(instance.seed) +
                     (instance.cancel_under_minimum ? " cancel\n" : "\n");
  for (const auto& p : instance.projects) {
    text += p.id + " min " + std::to_string(p.min) + " max " + std::to_string(p.max) + " rank:";
    for (const auto& id : p.ranking) text += " " + id;
    text += " declined:";
    for (const auto& id : p.declined) text += " " + id;
    text += "\n";
  }
  for (const auto& a : instance.applicants) {
    text += a.id + " prio " + std::to_string(a.priority) + (a.pinned ? " pin " + *a.pinned : "") + ":";
    for (const auto& id : a.choices) text += " " + id;
    text += "\n";
  }
  return text;
}

constexpr int kSmallInstances = 3000;

TEST(AllocationProperties, StableModeOnSmallInstances) {
  int with_cancellation = 0;
  for (int i = 0; i < kSmallInstances; ++i) {
    const Instance instance = testing::generate_small(i);
    ASSERT_THAT(validate(instance), IsEmpty()) << describe(instance);
    const Outcome outcome = allocate(instance, Mode::stable);
    ASSERT_THAT(testing::hard_rule_violations(instance, outcome, Mode::stable), IsEmpty())
        << describe(instance);
    ASSERT_THAT(testing::blocking_pairs(instance, outcome), IsEmpty()) << describe(instance);
    // Applicant-optimal: nobody does better in any stable allocation.
    const auto exhaustive = testing::brute_force(instance, outcome);
    for (std::size_t a = 0; a < instance.applicants.size(); ++a) {
      if (instance.applicants[a].pinned) continue;
      ASSERT_EQ(outcome.applicants[a].rank, exhaustive.best_stable_rank[a])
          << instance.applicants[a].id << "\n" << describe(instance);
    }
    with_cancellation += outcome.summary.cancelled_projects > 0;
  }
  EXPECT_GT(with_cancellation, 50) << "the generator should exercise cancellation";
}

TEST(AllocationProperties, RankMaximalModeOnSmallInstances) {
  for (int i = 0; i < kSmallInstances; ++i) {
    const Instance instance = testing::generate_small(i);
    const Outcome outcome = allocate(instance, Mode::rank_maximal);
    ASSERT_THAT(testing::hard_rule_violations(instance, outcome, Mode::rank_maximal), IsEmpty())
        << describe(instance);
    ASSERT_EQ(testing::signature(instance, outcome),
              testing::brute_force(instance, outcome).best_signature)
        << describe(instance);
  }
}

TEST(AllocationProperties, RankMaximalWithLongerListsAgainstExhaustiveSearch) {
  for (int i = 0; i < 400; ++i) {
    Instance instance = testing::generate_small(100000 + i, 6, 5, 5);
    instance.cancel_under_minimum = false;
    const Outcome outcome = allocate(instance, Mode::rank_maximal);
    ASSERT_EQ(testing::signature(instance, outcome),
              testing::brute_force(instance, outcome).best_signature)
        << describe(instance);
  }
}

TEST(AllocationProperties, HardRulesOnCohortSizedInstances) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    testing::CohortShape shape{.applicants = 300, .projects = 12, .seed = seed};
    Instance instance = testing::generate_cohort(shape);
    instance.cancel_under_minimum = seed % 2 == 0;
    instance.applicants[seed].pinned = instance.projects[seed % 12].id;
    if (!validate(instance).empty()) instance.applicants[seed].pinned.reset();  // pinned where declined
    for (Mode mode : {Mode::stable, Mode::rank_maximal}) {
      const Outcome outcome = allocate(instance, mode);
      ASSERT_THAT(testing::hard_rule_violations(instance, outcome, mode), IsEmpty()) << seed;
      if (mode == Mode::stable) {
        ASSERT_THAT(testing::blocking_pairs(instance, outcome), IsEmpty());
      }
    }
    // Rank-maximal never places fewer at their 1st choice than stable does.
    const auto stable = allocate(instance, Mode::stable);
    const auto rank_maximal = allocate(instance, Mode::rank_maximal);
    if (!instance.cancel_under_minimum) {
      EXPECT_GE(rank_maximal.summary.by_rank, stable.summary.by_rank) << seed;
    }
  }
}

}  // namespace
}  // namespace moim::allocation
