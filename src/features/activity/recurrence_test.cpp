#include "features/activity/recurrence.hpp"

#include <gtest/gtest.h>

#include "platform/base/time_zone.hpp"

namespace moim::activity {
namespace {

TEST(WeeklyOccurrences, StartsOnTheFirstMatchingWeekdayAndStopsAtTheEnd) {
  // 2027-02-01 is a Monday; Wednesday slots from the 3rd to the 24th.
  const auto list =
      weekly_occurrences({2, "20:00", 90, "Asia/Seoul", "2027-02-01", "2027-02-24"}, 50);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].date, "2027-02-03");
  EXPECT_EQ(list[3].date, "2027-02-24");  // the end date is inclusive
  EXPECT_EQ(format_local(list[0].starts_at, "Asia/Seoul"), "2027-02-03 20:00");
  EXPECT_EQ(list[0].ends_at - list[0].starts_at, 90 * 60);
  // Seoul has no DST: always 11:00 UTC.
  EXPECT_EQ(format_local(list[3].starts_at, "UTC"), "2027-02-24 11:00");
}

TEST(WeeklyOccurrences, KeepsTheLocalTimeAcrossADstChange) {
  // Berlin moves to summer time on Sunday 2027-03-28: 20:00 local is 19:00
  // UTC before and 18:00 UTC after; a member in Seoul sees 04:00 then 03:00.
  const auto list =
      weekly_occurrences({2, "20:00", 60, "Europe/Berlin", "2027-03-15", "2027-04-05"}, 50);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].date, "2027-03-17");
  EXPECT_EQ(format_local(list[1].starts_at, "UTC"), "2027-03-24 19:00");
  EXPECT_EQ(format_local(list[2].starts_at, "UTC"), "2027-03-31 18:00");
  EXPECT_EQ(format_local(list[2].starts_at, "Europe/Berlin"), "2027-03-31 20:00");
  EXPECT_EQ(format_local(list[1].starts_at, "Asia/Seoul"), "2027-03-25 04:00");
  EXPECT_EQ(format_local(list[2].starts_at, "Asia/Seoul"), "2027-04-01 03:00");
  EXPECT_EQ(list[2].starts_at - list[1].starts_at, 7 * 24 * 3600 - 3600);
}

TEST(WeeklyOccurrences, RespectsTheLimitAndRejectsBrokenSlots) {
  EXPECT_EQ(weekly_occurrences({0, "09:00", 60, "UTC", "2027-01-01", "2028-12-31"}, 10).size(),
            10u);
  EXPECT_TRUE(weekly_occurrences({0, "09:00", 60, "UTC", "2027-02-30", "2027-03-31"}, 10).empty());
  EXPECT_TRUE(weekly_occurrences({0, "09:00", 60, "UTC", "2027-03-31", "2027-03-01"}, 10).empty());
  EXPECT_TRUE(weekly_occurrences({7, "09:00", 60, "UTC", "2027-03-01", "2027-03-31"}, 10).empty());
}

TEST(Days, RoundTrip) {
  EXPECT_EQ(parse_day("1970-01-01"), 0);
  EXPECT_EQ(format_day(*parse_day("2027-03-28")), "2027-03-28");
  EXPECT_FALSE(parse_day("2027-13-01").has_value());
  EXPECT_FALSE(parse_day("2027-1-01x").has_value());
}

}  // namespace
}  // namespace moim::activity
