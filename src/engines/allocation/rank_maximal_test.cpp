// Rank-maximal mode on hand-checked instances.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engines/allocation/allocation.hpp"
#include "engines/allocation/testing/checkers.hpp"

namespace moim::allocation {
namespace {

TEST(RankMaximalMode, FirstChoicesBeforeSecondChoices) {
  // Three want p (2 seats). Whoever loses p drops to their 2nd; a has only
  // p's rival q as 2nd and q has one seat that d needs as a 1st choice.
  Instance instance;
  instance.projects = {{.id = "p", .max = 2}, {.id = "q", .max = 1}, {.id = "r", .max = 3}};
  instance.applicants = {{.id = "a", .choices = {"p", "q"}},
                         {.id = "b", .choices = {"p", "r"}},
                         {.id = "c", .choices = {"p", "r"}},
                         {.id = "d", .choices = {"q"}}};
  const Outcome outcome = allocate(instance, Mode::rank_maximal);
  EXPECT_THAT(outcome.summary.by_rank, ::testing::ElementsAre(3, 1));
  EXPECT_EQ(outcome.applicants[0].project, "p");
  EXPECT_EQ(outcome.applicants[3].project, "q");
}

TEST(RankMaximalMode, PrefersMoreSecondChoicesOverMoreThirdChoices) {
  Instance instance;
  instance.projects = {{.id = "p", .max = 1}, {.id = "q", .max = 1}, {.id = "r", .max = 1}};
  instance.applicants = {{.id = "a", .choices = {"p", "q", "r"}},
                         {.id = "b", .choices = {"p", "r", "q"}},
                         {.id = "c", .choices = {"p", "q", "r"}}};
  const Outcome outcome = allocate(instance, Mode::rank_maximal);
  EXPECT_THAT(outcome.summary.by_rank, ::testing::ElementsAre(1, 2, 0));
}

TEST(RankMaximalMode, AmongEquallyGoodAllocationsProjectsGetWhomTheyRankFirst) {
  Instance instance;
  instance.projects = {{.id = "p", .max = 2, .ranking = {"e", "d"}}};
  for (const char* id : {"a", "b", "c", "d", "e"})
    instance.applicants.push_back({.id = id, .choices = {"p"}});
  const Outcome outcome = allocate(instance, Mode::rank_maximal);
  EXPECT_EQ(outcome.applicants[3].project, "p");
  EXPECT_EQ(outcome.applicants[4].project, "p");
  EXPECT_EQ(outcome.applicants[0].choices[0].outcome, ChoiceOutcome::filled_by_higher_ranked);
}

TEST(RankMaximalMode, DoesNotOverflowOnLongChoiceLists) {
  // Ten ranks with lexicographic weights would need (n+1)^9: the phase
  // method needs no weights at all.
  Instance instance;
  for (int p = 0; p < 10; ++p) instance.projects.push_back({.id = "p" + std::to_string(p), .max = 1});
  for (int a = 0; a < 12; ++a) {
    Applicant applicant{.id = "a" + std::to_string(a)};
    for (int k = 0; k < 10; ++k) applicant.choices.push_back("p" + std::to_string((a + k) % 10));
    instance.applicants.push_back(applicant);
  }
  const Outcome outcome = allocate(instance, Mode::rank_maximal);
  EXPECT_EQ(outcome.summary.by_rank[0], 10);
  EXPECT_EQ(outcome.summary.unassigned, 2);
}

}  // namespace
}  // namespace moim::allocation
