#include "cli/groups_io.hpp"

#include <gtest/gtest.h>

namespace moim::grouping_io {
namespace {

TEST(GroupsCsv, QuotedFieldsAndLists) {
  const auto people = read_people(
      "id,circles,slots,newcomer,languages\n"
      "kim,\"llm;cohort 9\",\"10-12;34\",yes,ko\n"
      "\"lee, j\",,,false,\n",
      "people.csv");
  ASSERT_TRUE(people.ok()) << people.error().message;
  ASSERT_EQ(people->size(), 2u);
  EXPECT_EQ(people.value()[0].circles, (std::vector<std::string>{"llm", "cohort 9"}));
  EXPECT_EQ(people.value()[0].slots, (std::vector<int>{10, 11, 12, 34}));
  EXPECT_TRUE(people.value()[0].newcomer);
  EXPECT_EQ(people.value()[1].id, "lee, j");
  EXPECT_TRUE(people.value()[1].slots.empty());
}

TEST(GroupsCsv, ErrorsNameTheFileLineAndColumn) {
  auto bad_slot = read_people("id,slots\nkim,170\n", "people.csv");
  ASSERT_FALSE(bad_slot.ok());
  EXPECT_EQ(bad_slot.error().field, "people.csv line 2, slots");
  auto unknown = read_people("id,email\nkim,k@example.com\n", "people.csv");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("email"), std::string::npos);
  auto missing = read_history("a,count\nkim,1\n", "past.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("'b'"), std::string::npos);
  EXPECT_FALSE(read_people("id\n\"open\n", "people.csv").ok());
  EXPECT_FALSE(read_people("id,slots\nkim\n", "people.csv").ok());  // short row
}

TEST(GroupsCsv, HistoryDatesAndCounts) {
  const auto history =
      read_history("a,b,count,last_met\nkim,lee,2,2026-01-01\nkim,park,,86400\n", "past.csv");
  ASSERT_TRUE(history.ok()) << history.error().message;
  EXPECT_EQ(history.value()[0].count, 2);
  EXPECT_EQ(history.value()[0].last_met, 1767225600);
  EXPECT_EQ(history.value()[1].count, 1);
  EXPECT_EQ(history.value()[1].last_met, 86400);
  EXPECT_FALSE(read_history("a,b,count\nkim,lee,-1\n", "past.csv").ok());
}

TEST(GroupsArguments, SizesAndGolfers) {
  EXPECT_EQ(parse_size_range("3-4").value(), (std::pair{3, 4}));
  EXPECT_EQ(parse_size_range("2").value(), (std::pair{2, 2}));
  EXPECT_FALSE(parse_size_range("4-3").ok());
  EXPECT_FALSE(parse_size_range("1").ok());
  const auto spec = parse_golfers("8-4-10");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->groups, 8);
  EXPECT_EQ(spec->size, 4);
  EXPECT_EQ(spec->rounds, 10);
  EXPECT_FALSE(parse_golfers("8-4").ok());
  EXPECT_FALSE(parse_golfers("8-x-10").ok());
}

TEST(GroupsJson, ScheduleShape) {
  EXPECT_EQ(schedule_json({{{0, 1}, {2, 3}}, {{0, 2}, {1, 3}}}),
            R"({"rounds":[[[0,1],[2,3]],[[0,2],[1,3]]]})");
}

}  // namespace
}  // namespace moim::grouping_io
