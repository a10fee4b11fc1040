// validate(), the shared rules of both modes, explanations and waitlists.
#include "engines/allocation/allocation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "engines/allocation/testing/checkers.hpp"

namespace moim::allocation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Instance two_projects() {
  Instance instance;
  instance.projects = {{.id = "p1", .min = 0, .max = 1}, {.id = "p2", .min = 0, .max = 2}};
  instance.applicants = {{.id = "a1", .choices = {"p1", "p2"}},
                         {.id = "a2", .choices = {"p1", "p2"}},
                         {.id = "a3", .choices = {"p1"}}};
  return instance;
}

std::vector<std::string> fields(const std::vector<InputProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& problem : problems) out.push_back(problem.where + " " + problem.field);
  return out;
}

TEST(AllocationValidate, AcceptsAWellFormedInstance) {
  EXPECT_THAT(validate(two_projects()), IsEmpty());
}

TEST(AllocationValidate, NamesEveryProblemWithItsPlaceAndField) {
  Instance instance = two_projects();
  instance.projects.push_back({.id = "p1", .min = 3, .max = 2});  // duplicate, max < min
  instance.projects[0].ranking = {"a1", "ghost", "a1"};           // unknown, twice
  instance.projects[1].declined = {"a2"};
  instance.applicants[0].choices = {"p2", "p9", "p2"};         // unknown, twice
  instance.applicants.push_back({.id = "a2", .choices = {}});  // duplicate
  instance.applicants[1].pinned = "p2";                        // declined there
  EXPECT_THAT(fields(validate(instance)),
              ElementsAre("projects[2] id", "projects[2] max", "applicants[3] id",
                          "projects[0] ranking", "projects[0] ranking", "applicants[0] choices",
                          "applicants[0] choices", "applicants[1] pinned"));
}

TEST(AllocationValidate, RefusesMorePinsThanSeatsAndNegativeMinimum) {
  Instance instance = two_projects();
  instance.projects[0].min = -1;
  instance.applicants[0].pinned = "p1";
  instance.applicants[1].pinned = "p1";
  EXPECT_THAT(fields(validate(instance)), ElementsAre("projects[0] min", "projects[0] max"));
}

TEST(AllocationValidate, RefusesAnApplicantBothRankedAndDeclined) {
  Instance instance = two_projects();
  instance.projects[0].ranking = {"a1"};
  instance.projects[0].declined = {"a1"};
  const auto problems = validate(instance);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "declined");
  EXPECT_EQ(problems[0].message, "\"a1\" is both ranked and declined");
}

TEST(Allocation, RefusesAnInvalidInstanceInsteadOfGuessing) {
  Instance instance = two_projects();
  instance.applicants[0].choices = {"nope"};
  EXPECT_THROW(allocate(instance, Mode::stable), std::invalid_argument);
}

class BothModes : public ::testing::TestWithParam<Mode> {};

TEST_P(BothModes, BuildersRankingDecidesWhoGetsTheLastSeat) {
  Instance instance = two_projects();
  instance.projects[0].ranking = {"a3", "a1"};
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[2].project, "p1");
  EXPECT_EQ(outcome.applicants[0].project, "p2");
  EXPECT_EQ(outcome.applicants[1].project, "p2");
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, ExplainsEachChoice) {
  Instance instance = two_projects();
  instance.projects[0].ranking = {"a3", "a1"};
  instance.projects[1].declined = {"a3"};
  const Outcome outcome = allocate(instance, GetParam());
  const ApplicantResult& a1 = outcome.applicants[0];
  EXPECT_EQ(a1.rank, 2);
  ASSERT_EQ(a1.choices.size(), 2u);
  EXPECT_EQ(a1.choices[0].project, "p1");
  EXPECT_EQ(a1.choices[0].outcome, ChoiceOutcome::filled_by_higher_ranked);
  EXPECT_EQ(a1.choices[1].outcome, ChoiceOutcome::placed);
  EXPECT_EQ(outcome.applicants[2].choices[0].outcome, ChoiceOutcome::placed);
  EXPECT_THAT(outcome.summary.by_rank, ElementsAre(1, 2));
  EXPECT_EQ(outcome.summary.unassigned, 0);
}

TEST_P(BothModes, ExplanationsNameTheTieBreakThatDecided) {
  // One seat, three who want only it: no trade-off for rank-maximal mode.
  Instance instance;
  instance.projects = {{.id = "p1", .min = 0, .max = 1}};
  instance.applicants = {{.id = "a1", .choices = {"p1"}},
                         {.id = "a2", .choices = {"p1"}},
                         {.id = "a3", .choices = {"p1"}}};
  // Nobody ranked: the seed's lottery decided.
  Outcome outcome = allocate(instance, GetParam());
  for (const auto& applicant : outcome.applicants) {
    if (applicant.project != "p1") {
      EXPECT_EQ(applicant.choices[0].outcome, ChoiceOutcome::filled_by_seed_order) << applicant.id;
    }
  }
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
  // Priority decided it.
  instance.applicants[2].priority = 1;
  outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[2].project, "p1");
  EXPECT_EQ(outcome.applicants[0].choices[0].outcome, ChoiceOutcome::filled_by_priority);
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
  // The builders accepted a1, but an organizer pinned a4 to p1: the pin
  // displaced a1, and the others are told the same.
  instance.applicants[2].priority = 0;
  instance.projects[0].ranking = {"a1"};
  instance.applicants.push_back({.id = "a4", .choices = {"p1"}, .pinned = "p1"});
  outcome = allocate(instance, GetParam());
  for (int idx = 0; idx < 3; ++idx) {
    EXPECT_EQ(outcome.applicants[idx].choices[0].outcome, ChoiceOutcome::filled_by_pins) << idx;
  }
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
  // Two seats, one pinned: the accepted a1 keeps the other. Of a2 and a3
  // (unranked), the one first in p1's line lost the pinned seat; the other
  // would not have had it either way and lost to the builders' ranking.
  instance.projects[0].max = 2;
  outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[0].project, "p1");
  std::multiset<ChoiceOutcome> reasons{outcome.applicants[1].choices[0].outcome,
                                       outcome.applicants[2].choices[0].outcome};
  EXPECT_EQ(reasons, (std::multiset<ChoiceOutcome>{ChoiceOutcome::filled_by_higher_ranked,
                                                   ChoiceOutcome::filled_by_pins}));
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
  // No seats at all: said so, not blamed on anyone.
  instance.projects[0].max = 0;
  instance.applicants.pop_back();
  outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[0].choices[0].outcome, ChoiceOutcome::no_seats);
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, NeverPlacesADeclinedApplicantEvenWithFreeSeats) {
  Instance instance = two_projects();
  instance.projects[1].declined = {"a1", "a2"};
  const Outcome outcome = allocate(instance, GetParam());
  int in_p1 = 0, in_p2 = 0;
  for (const auto& applicant : outcome.applicants) {
    in_p1 += applicant.project == "p1";
    in_p2 += applicant.project == "p2";
  }
  EXPECT_EQ(in_p1, 1);
  EXPECT_EQ(in_p2, 0);
  for (const auto& applicant : outcome.applicants) {
    if (applicant.project) continue;
    for (const auto& choice : applicant.choices) {
      if (choice.project == "p2") {
        EXPECT_EQ(choice.outcome, ChoiceOutcome::declined_by_builders) << applicant.id;
      }
    }
  }
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, PinsHoldAndTakeASeat) {
  Instance instance = two_projects();
  instance.applicants.push_back({.id = "a4", .choices = {"p2"}, .pinned = "p1"});
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[3].project, "p1");
  EXPECT_EQ(outcome.applicants[3].rank, 0);  // pinned outside their choices
  EXPECT_EQ(outcome.applicants[3].choices[0].outcome, ChoiceOutcome::not_reached);
  EXPECT_EQ(outcome.summary.pinned_outside_choices, 1);
  EXPECT_EQ(outcome.projects[0].filled, 1);  // the pin used p1's only seat
  EXPECT_EQ(outcome.applicants[2].project, std::nullopt);
  // The pin, not a ranking, took p1's only seat (issue #12: this said
  // filled_by_higher_ranked although no builder ranked anyone).
  EXPECT_EQ(outcome.applicants[2].choices[0].outcome, ChoiceOutcome::filled_by_pins);
  EXPECT_THAT(outcome.projects[0].waitlist.size(), 3u);  // a1, a2 (placed lower), a3
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, WaitlistFollowsRankingThenPriorityThenSeed) {
  Instance instance;
  instance.projects = {{.id = "p", .max = 1, .ranking = {"r2", "r1"}}};
  for (const char* id : {"x", "y", "r1", "z", "r2", "vip"})
    instance.applicants.push_back({.id = id, .choices = {"p"}});
  instance.applicants[5].priority = 5;
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_EQ(outcome.applicants[4].project, "p");
  const auto& waitlist = outcome.projects[0].waitlist;
  ASSERT_EQ(waitlist.size(), 5u);
  EXPECT_EQ(waitlist[0], "r1");
  EXPECT_EQ(waitlist[1], "vip");
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, TheSeedBreaksTiesReproducibly) {
  Instance instance;
  instance.projects = {{.id = "p", .max = 3}};
  for (int a = 0; a < 20; ++a)
    instance.applicants.push_back({.id = "a" + std::to_string(a), .choices = {"p"}});
  std::set<std::vector<std::string>> winners;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    instance.seed = seed;
    const Outcome first = allocate(instance, GetParam());
    const Outcome again = allocate(instance, GetParam());
    std::vector<std::string> placed, placed_again;
    for (const auto& a : first.applicants)
      if (a.project) placed.push_back(a.id);
    for (const auto& a : again.applicants)
      if (a.project) placed_again.push_back(a.id);
    EXPECT_EQ(placed, placed_again);
    EXPECT_EQ(first.projects[0].waitlist, again.projects[0].waitlist);
    winners.insert(placed);
  }
  EXPECT_GT(winners.size(), 1u) << "different seeds should pick different winners";
}

TEST_P(BothModes, TheSeedDependsOnIdsNotOnFileOrder) {
  Instance instance;
  instance.seed = 42;
  instance.projects = {{.id = "p", .max = 2}};
  for (int a = 0; a < 10; ++a)
    instance.applicants.push_back({.id = "a" + std::to_string(a), .choices = {"p"}});
  Instance reversed = instance;
  std::reverse(reversed.applicants.begin(), reversed.applicants.end());
  const auto placed = [&](const Instance& in) {
    std::set<std::string> ids;
    for (const auto& a : allocate(in, GetParam()).applicants)
      if (a.project) ids.insert(a.id);
    return ids;
  };
  EXPECT_EQ(placed(instance), placed(reversed));
}

TEST_P(BothModes, CancelsUnderMinimumAndMovesPeopleOn) {
  Instance instance;
  instance.cancel_under_minimum = true;
  instance.projects = {{.id = "small", .min = 3, .max = 5}, {.id = "big", .min = 2, .max = 5}};
  instance.applicants = {{.id = "a1", .choices = {"small", "big"}},
                         {.id = "a2", .choices = {"small", "big"}},
                         {.id = "a3", .choices = {"big"}}};
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_TRUE(outcome.projects[0].cancelled);
  EXPECT_FALSE(outcome.projects[1].cancelled);
  EXPECT_EQ(outcome.projects[1].filled, 3);
  EXPECT_EQ(outcome.applicants[0].project, "big");
  EXPECT_EQ(outcome.applicants[0].choices[0].outcome, ChoiceOutcome::project_cancelled);
  EXPECT_THAT(outcome.projects[0].waitlist, IsEmpty());
  EXPECT_EQ(outcome.summary.cancelled_projects, 1);
  EXPECT_THAT(testing::hard_rule_violations(instance, outcome, GetParam()), IsEmpty());
}

TEST_P(BothModes, CancellationCascadesOneProjectAtATime) {
  // Cancelling "c" (emptiest) releases people who lift "b" to its minimum;
  // cancelling all under-filled projects at once would have killed "b" too.
  Instance instance;
  instance.cancel_under_minimum = true;
  instance.projects = {{.id = "b", .min = 2, .max = 4}, {.id = "c", .min = 4, .max = 4}};
  instance.applicants = {{.id = "a1", .choices = {"b"}}, {.id = "a2", .choices = {"c", "b"}}};
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_FALSE(outcome.projects[0].cancelled);
  EXPECT_TRUE(outcome.projects[1].cancelled);
  EXPECT_EQ(outcome.projects[0].filled, 2);
}

TEST_P(BothModes, KeepsProjectsUnderMinimumUnlessAsked) {
  Instance instance = two_projects();
  instance.projects[1].min = 2;
  instance.applicants.pop_back();
  instance.projects[0].ranking = {"a1"};
  const Outcome outcome = allocate(instance, GetParam());
  EXPECT_FALSE(outcome.projects[1].cancelled);
  EXPECT_EQ(outcome.projects[1].filled, 1);
}

TEST_P(BothModes, HandlesEmptyInputs) {
  const Outcome none = allocate(Instance{}, GetParam());
  EXPECT_THAT(none.applicants, IsEmpty());
  EXPECT_THAT(none.summary.by_rank, IsEmpty());
  Instance no_choices;
  no_choices.projects = {{.id = "p", .max = 0}};
  no_choices.applicants = {{.id = "a"}, {.id = "b", .choices = {"p"}}};
  const Outcome outcome = allocate(no_choices, GetParam());
  EXPECT_EQ(outcome.summary.unassigned, 2);
  EXPECT_THAT(outcome.projects[0].waitlist, ElementsAre("b"));
}

std::string mode_name(const ::testing::TestParamInfo<Mode>& mode) {
  return mode.param == Mode::stable ? "stable" : "rank_maximal";
}

INSTANTIATE_TEST_SUITE_P(Modes, BothModes, ::testing::Values(Mode::stable, Mode::rank_maximal),
                         mode_name);

}  // namespace
}  // namespace moim::allocation
