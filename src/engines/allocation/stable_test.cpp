// Stable mode: deferred acceptance on hand-checked instances.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engines/allocation/allocation.hpp"
#include "engines/allocation/testing/checkers.hpp"

namespace moim::allocation {
namespace {

std::vector<std::optional<std::string>> placements(const Outcome& outcome) {
  std::vector<std::optional<std::string>> out;
  for (const auto& applicant : outcome.applicants) out.push_back(applicant.project);
  return out;
}

TEST(StableMode, ProjectsKeepTheApplicantsTheyPrefer) {
  // Rank-maximal would give both their 1st choice by swapping; stability
  // instead lets each project keep the applicant its builders ranked first.
  Instance instance;
  instance.projects = {{.id = "p", .max = 1, .ranking = {"b", "a"}},
                       {.id = "q", .max = 1, .ranking = {"a", "b"}}};
  instance.applicants = {{.id = "a", .choices = {"p", "q"}}, {.id = "b", .choices = {"q", "p"}}};
  const Outcome stable = allocate(instance, Mode::stable);
  EXPECT_EQ(placements(stable), (std::vector<std::optional<std::string>>{"p", "q"}))
      << "applicant-optimal: both get their 1st choice, and it is stable";
  instance.applicants[1].choices = {"p", "q"};  // now both want p; p prefers b
  const Outcome contested = allocate(instance, Mode::stable);
  EXPECT_EQ(placements(contested), (std::vector<std::optional<std::string>>{"q", "p"}));
  EXPECT_EQ(contested.applicants[0].choices[0].outcome, ChoiceOutcome::filled_by_higher_ranked);
  EXPECT_THAT(testing::blocking_pairs(instance, contested), ::testing::IsEmpty());
}

TEST(StableMode, DiffersFromRankMaximalWhenStabilityCostsFirstChoices) {
  // p prefers a, who would also take q; b wants only p. Stability keeps a
  // in p and leaves b out; rank-maximal moves a to its 2nd choice to seat b.
  Instance instance;
  instance.projects = {{.id = "p", .max = 1, .ranking = {"a", "b"}},
                       {.id = "q", .max = 1, .ranking = {"a"}}};
  instance.applicants = {{.id = "a", .choices = {"p", "q"}}, {.id = "b", .choices = {"p"}}};
  const Outcome stable = allocate(instance, Mode::stable);
  EXPECT_EQ(placements(stable), (std::vector<std::optional<std::string>>{"p", std::nullopt}));
  const Outcome rank_maximal = allocate(instance, Mode::rank_maximal);
  EXPECT_EQ(placements(rank_maximal), (std::vector<std::optional<std::string>>{"q", "p"}));
  EXPECT_EQ(rank_maximal.applicants[0].choices[0].outcome,
            ChoiceOutcome::filled_to_maximise_ranks);
  EXPECT_THAT(rank_maximal.summary.by_rank, ::testing::ElementsAre(1, 1));
}

TEST(StableMode, DisplacedApplicantsMoveDownTheirList) {
  Instance instance;
  instance.projects = {{.id = "p", .max = 2, .ranking = {"c", "b", "a"}},
                       {.id = "q", .max = 1},
                       {.id = "r", .max = 5}};
  instance.applicants = {{.id = "a", .choices = {"p", "q", "r"}},
                         {.id = "b", .choices = {"p", "q"}},
                         {.id = "c", .choices = {"q", "p"}},
                         {.id = "d", .choices = {"q", "r"}, .priority = 1}};
  const Outcome outcome = allocate(instance, Mode::stable);
  // d (priority) takes q; c falls to p and pushes a out; a: q full, so r.
  EXPECT_EQ(placements(outcome), (std::vector<std::optional<std::string>>{"r", "p", "p", "q"}));
  EXPECT_EQ(outcome.projects[0].waitlist, std::vector<std::string>{"a"});
  EXPECT_THAT(outcome.projects[1].waitlist, ::testing::UnorderedElementsAre("c", "a"));
  EXPECT_THAT(testing::blocking_pairs(instance, outcome), ::testing::IsEmpty());
  EXPECT_THAT(outcome.summary.by_rank, ::testing::ElementsAre(2, 1, 1));
}

}  // namespace
}  // namespace moim::allocation
