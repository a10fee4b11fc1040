#include "features/coffee/week_slots.hpp"

#include <gtest/gtest.h>

namespace moim::coffee {
namespace {

constexpr std::int64_t kWinter = 1'800'000'000;  // 2027-01-15, no DST in Europe
constexpr std::int64_t kSummer = 1'815'000'000;  // 2027-07-08, DST in Europe

TEST(WeekSlots, SeoulEveningIsUtcMorningOfTheSameDay) {
  // Tuesday 20:00 KST = Tuesday 11:00 UTC.
  EXPECT_EQ(to_utc_hour_of_week({1, 20}, "Asia/Seoul", kWinter), 24 + 11);
  EXPECT_EQ(to_local_slot(35, "Asia/Seoul", kWinter), (LocalSlot{1, 20}));
}

TEST(WeekSlots, WrapsAroundTheWeekBothWays) {
  // Monday 03:00 in Seoul is Sunday 18:00 UTC.
  EXPECT_EQ(to_utc_hour_of_week({0, 3}, "Asia/Seoul", kWinter), 6 * 24 + 18);
  // Sunday 22:00 in Los Angeles (UTC-8 in winter) is Monday 06:00 UTC.
  EXPECT_EQ(to_utc_hour_of_week({6, 22}, "America/Los_Angeles", kWinter), 6);
  EXPECT_EQ(to_local_slot(6, "America/Los_Angeles", kWinter), (LocalSlot{6, 22}));
}

TEST(WeekSlots, FollowsDaylightSavingAtTheTimeOfEntry) {
  EXPECT_EQ(to_utc_hour_of_week({2, 19}, "Europe/Berlin", kWinter), 2 * 24 + 18);
  EXPECT_EQ(to_utc_hour_of_week({2, 19}, "Europe/Berlin", kSummer), 2 * 24 + 17);
}

TEST(WeekSlots, HalfHourZonesRoundDownAndRoundTrip) {
  // India is UTC+5:30: local 10:00 is 04:30 UTC, stored as hour 4.
  EXPECT_EQ(to_utc_hour_of_week({0, 10}, "Asia/Kolkata", kWinter), 4);
  EXPECT_EQ(to_utc_hour_of_week({0, 0}, "Asia/Kolkata", kWinter), 6 * 24 + 18);
}

TEST(WeekSlots, DescribesInTheReadersZoneAndLanguage) {
  EXPECT_EQ(describe_slot(35, "Asia/Seoul", kWinter, "ko"), "화 20:00");
  EXPECT_EQ(describe_slot(35, "Europe/Berlin", kWinter, "en"), "Tue 12:00");
  EXPECT_EQ(describe_slot(35, "Mars/Base", kWinter, "en"), "Tue 11:00");  // unknown: UTC
}

TEST(WeekSlots, HourListsSkipGarbageAndDuplicates) {
  EXPECT_EQ(split_hours("5,1,x,1,200,-3,167"), (std::vector<int>{1, 5, 167}));
  EXPECT_EQ(split_hours(""), std::vector<int>{});
  EXPECT_EQ(join_hours({1, 5, 167}), "1,5,167");
}

}  // namespace
}  // namespace moim::coffee
