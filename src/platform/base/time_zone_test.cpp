#include "platform/base/time_zone.hpp"

#include <gtest/gtest.h>

namespace moim {
namespace {

TEST(TimeZone, ShowsUtcInSeoulAndAcrossEuropeanDst) {
  // 2026-03-29 00:30 UTC: Berlin has just moved to summer time; Seoul has none.
  const std::int64_t instant = 1774744200;
  EXPECT_EQ(format_local(instant, "Asia/Seoul"), "2026-03-29 09:30");
  EXPECT_EQ(format_local(instant, "Europe/Berlin"), "2026-03-29 01:30");
  EXPECT_EQ(format_local(instant + 3600, "Europe/Berlin"), "2026-03-29 03:30");
}

TEST(TimeZone, FormatsEveryCodeTheSameWayOnTheFastPathAndTheFallback) {
  const std::int64_t instant = 1774744200;  // 2026-03-29 00:30 UTC
  EXPECT_EQ(format_local(instant, "Asia/Seoul", "%Y-%m-%d"), "2026-03-29");
  EXPECT_EQ(format_local(instant + 5, "UTC", "%H:%M:%S 100%%"), "00:30:05 100%");
  EXPECT_EQ(format_local(-86400 * 365, "UTC", "%Y-%m-%d %H:%M"), "1969-01-01 00:00");
  // Codes outside %Y %m %d %H %M %S %% go to the date library.
  EXPECT_EQ(format_local(instant, "Asia/Seoul", "%a %d %b"), "Sun 29 Mar");
  EXPECT_EQ(format_local(instant, "Nowhere/Atlantis", "%Y-%m-%d"), "2026-03-29");
}

TEST(TimeZone, ParsesLocalTimesAndRejectsNonsense) {
  EXPECT_EQ(parse_local("2026-03-29T09:30", "Asia/Seoul"), 1774744200);
  EXPECT_FALSE(parse_local("tomorrow", "Asia/Seoul").has_value());
  EXPECT_FALSE(parse_local("2026-03-29T09:30", "Mars/Olympus").has_value());
}

TEST(TimeZone, ValidatesIanaNames) {
  EXPECT_TRUE(is_valid_time_zone("Asia/Seoul"));
  EXPECT_FALSE(is_valid_time_zone("Asia/Nowhere"));
  EXPECT_FALSE(is_valid_time_zone(""));
}

TEST(TimeZone, FormatsIsoUtc) {
  EXPECT_EQ(format_utc_iso(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc_iso(1774744205), "2026-03-29T00:30:05Z");
  EXPECT_EQ(format_utc_iso(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace moim
