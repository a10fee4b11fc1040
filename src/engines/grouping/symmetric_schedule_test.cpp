#include "engines/grouping/symmetric_schedule.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace moim::grouping::detail {
namespace {

const auto kFarDeadline = std::chrono::steady_clock::now() + std::chrono::hours(1);

const SymmetryGroup* find_group(const std::vector<SymmetryGroup>& groups, const std::string& name) {
  for (const auto& group : groups)
    if (group.name == name) return &group;
  return nullptr;
}

// The search is only sound if every table is a group acting semiregularly:
// identity 0, associative, every element invertible (so no person is fixed).
TEST(SymmetryGroups, EveryCatalogueEntryIsAGroup) {
  const auto groups = symmetry_groups(8, 4, 10);
  ASSERT_FALSE(groups.empty());
  for (const auto& group : groups) {
    const int m = group.order();
    EXPECT_EQ(32 % m, 0) << group.name;
    const auto at = [&](int a, int b) {
      return group.product[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
    };
    for (int a = 0; a < m; ++a) {
      EXPECT_EQ(at(0, a), a) << group.name;
      EXPECT_EQ(at(a, 0), a) << group.name;
      int inverses = 0;
      for (int b = 0; b < m; ++b) {
        inverses += at(a, b) == 0 ? 1 : 0;
        for (int c = 0; c < m; ++c) ASSERT_EQ(at(at(a, b), c), at(a, at(b, c))) << group.name;
      }
      EXPECT_EQ(inverses, 1) << group.name << " element " << a;
    }
  }
  // Same order, different groups: Z_8, Z_4 x Z_2, Z_2^3, D_4, Q_8 are all listed.
  for (const char* name : {"Z_2^3", "Z_8", "Z_4 x Z_2", "D_4", "Q_8"})
    EXPECT_NE(find_group(groups, name), nullptr) << name;
}

TEST(SymmetryGroups, NotForUnequalOrLargeProblems) {
  EXPECT_TRUE(symmetry_groups(100, 4, 5).empty());  // 400 people: far too many groups to list
  EXPECT_TRUE(symmetry_groups(1, 4, 1).empty());
}

TEST(SymmetricSearch, FindsEightFourTenWithZ2Cubed) {
  const auto groups = symmetry_groups(8, 4, 10);
  SymmetricSearch search(8, 4, 10, *find_group(groups, "Z_2^3"));
  Rng rng(7);
  SymmetricOutcome outcome;
  for (long scale = 1; !outcome.schedule && !outcome.finished && scale < 1024; scale *= 2)
    outcome = search.run(rng, kFarDeadline, 20000 * scale);
  ASSERT_TRUE(outcome.schedule.has_value());
  const ScheduleCheck check = check_schedule(*outcome.schedule, 32, 4, 4);
  EXPECT_TRUE(check.repeat_free()) << check.repeated_meetings;
  EXPECT_EQ(outcome.schedule->size(), 10u);
}

// An exhausted search is a proof: no 8-4-10 schedule has every round fixed
// by the cyclic group Z_8 acting on 4 levels of 8 (docs/grouping.md).
TEST(SymmetricSearch, ProvesWhenAGroupHasNoInvariantSchedule) {
  const auto groups = symmetry_groups(8, 4, 10);
  SymmetricSearch search(8, 4, 10, *find_group(groups, "Z_8"));
  Rng rng(1);
  const SymmetricOutcome outcome = search.run(rng, kFarDeadline, 1000000);
  EXPECT_TRUE(outcome.finished);
  EXPECT_FALSE(outcome.schedule.has_value());
  EXPECT_TRUE(search.run(rng, kFarDeadline, 1000000).finished);  // and stays finished
}

TEST(SymmetricSearch, OtherInstancesToo) {
  // 9-3-13 (a resolvable design on 27 points) with Z_3^2 on 3 levels of 9.
  const auto groups = symmetry_groups(9, 3, 13);
  SymmetricSearch search(9, 3, 13, *find_group(groups, "Z_3^2"));
  Rng rng(1);
  const SymmetricOutcome outcome = search.run(rng, kFarDeadline, 1000000);
  ASSERT_TRUE(outcome.schedule.has_value());
  EXPECT_TRUE(check_schedule(*outcome.schedule, 27, 3, 3).repeat_free());
}

}  // namespace
}  // namespace moim::grouping::detail
