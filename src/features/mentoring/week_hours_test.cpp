// Weekly hours typed in a person's zone, kept as UTC minutes of the week
// that hold all program long (daylight saving time included).
#include "features/mentoring/week_hours.hpp"

#include <gtest/gtest.h>

#include "platform/base/time_zone.hpp"

namespace moim::allocation::mentoring {
// Compared by ADL in the expectations below.
inline bool operator==(const Interval& a, const Interval& b) {
  return a.begin == b.begin && a.end == b.end;
}
}  // namespace moim::allocation::mentoring

namespace moim::mentoring {
namespace {

std::vector<Interval> hours(const std::string& text, const std::string& zone,
                            std::int64_t from = 1'800'000'000, std::int64_t to = 1'800'000'000) {
  auto parsed = utc_week_hours(text, zone, from, to);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed ? parsed.value() : std::vector<Interval>{};
}

TEST(WeekHoursTest, SeoulEveningsAreUtcMornings) {
  // Monday 19:00-21:00 in Seoul (UTC+9) is Monday 10:00-12:00 UTC.
  EXPECT_EQ(hours("mon 19:00-21:00", "Asia/Seoul"), (std::vector<Interval>{{600, 720}}));
  // Korean day names and "~" read alike; lines are sorted and joined.
  EXPECT_EQ(hours("화 20:00~22:00\nmon 19:00-21:00\n\nmonday 20:30-22:00", "Asia/Seoul"),
            (std::vector<Interval>{{600, 780}, {2100, 2220}}));
}

TEST(WeekHoursTest, AStretchOverSundayMidnightIsTwoPieces) {
  EXPECT_EQ(hours("sun 23:00-01:00", "UTC"), (std::vector<Interval>{{0, 60}, {10020, 10080}}));
  // Seoul's Monday 08:00 is Sunday 23:00 UTC.
  EXPECT_EQ(hours("mon 08:00-09:30", "Asia/Seoul"),
            (std::vector<Interval>{{0, 30}, {10020, 10080}}));
  EXPECT_EQ(hours("fri 22:00-24:00", "UTC"), (std::vector<Interval>{{7080, 7200}}));
}

TEST(WeekHoursTest, KeepsOnlyTheHoursDaylightSavingTimeDoesNotMove) {
  // New York moves from UTC-5 to UTC-4 on 2027-03-14: Monday 19:00-21:00
  // is Tuesday 00:00-02:00 UTC before, Monday 23:00-Tuesday 01:00 after.
  const auto from = parse_local("2027-03-01T00:00", "America/New_York");
  const auto to = parse_local("2027-04-30T00:00", "America/New_York");
  ASSERT_TRUE(from && to);
  EXPECT_EQ(hours("mon 19:00-21:00", "America/New_York", *from, *to),
            (std::vector<Interval>{{1440, 1500}}));
  // Before the change only: all of it.
  const auto early = parse_local("2027-03-10T00:00", "America/New_York");
  EXPECT_EQ(hours("mon 19:00-21:00", "America/New_York", *from, *early),
            (std::vector<Interval>{{1440, 1560}}));
  // An hour that moves by an hour keeps nothing: refused, named.
  auto none = utc_week_hours("mon 19:00-20:00", "America/New_York", *from, *to);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "availability");
  EXPECT_NE(none.error().message.find("daylight saving"), std::string::npos);
}

TEST(WeekHoursTest, RefusesWhatItCannotReadNamingTheLine) {
  for (const char* bad : {"xyz 19:00-21:00", "mon 19:00", "mon 25:00-26:00", "mon 19:00-19:00",
                          "mon 7pm-9pm", "mon 19:60-21:00", "", "   \n  "}) {
    auto parsed = utc_week_hours(std::string("\n") + bad, "Asia/Seoul", 0, 0, "availability");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field, "availability") << bad;
    if (std::string(bad).find_first_not_of(" \n") != std::string::npos) {
      EXPECT_NE(parsed.error().message.find("line 2"), std::string::npos) << parsed.error().message;
    }
  }
  std::string many;
  for (int index = 0; index <= static_cast<int>(kMaxStretches); ++index)
    many += "mon 10:00-11:00\n";
  EXPECT_FALSE(utc_week_hours(many, "UTC", 0, 0).ok());
}

TEST(WeekHoursTest, ShowsUtcHoursInAnyZone) {
  const std::vector<Interval> utc{{600, 720}};
  EXPECT_EQ(describe_hours(utc, "Asia/Seoul", 1'800'000'000, "en"),
            (std::vector<std::string>{"Mon 19:00–21:00"}));
  EXPECT_EQ(describe_hours(utc, "Asia/Seoul", 1'800'000'000, "ko"),
            (std::vector<std::string>{"월 19:00–21:00"}));
  // Los Angeles (UTC-8 in winter): Monday 02:00-04:00.
  EXPECT_EQ(describe_hours(utc, "America/Los_Angeles", 1'800'000'000, "en"),
            (std::vector<std::string>{"Mon 02:00–04:00"}));
  // Crossing midnight shows both days.
  EXPECT_EQ(describe_hours({{1380, 1500}}, "UTC", 0, "en"),
            (std::vector<std::string>{"Mon 23:00–Tue 01:00"}));
}

TEST(WeekHoursTest, CommonHoursAndJsonRoundTrip) {
  const std::vector<Interval> a{{0, 100}, {200, 400}}, b{{50, 250}, {390, 500}};
  EXPECT_EQ(common_hours(a, b), (std::vector<Interval>{{50, 100}, {200, 250}, {390, 400}}));
  EXPECT_TRUE(common_hours(a, {}).empty());
  EXPECT_EQ(intervals_from_json(intervals_json(a)), a);
  EXPECT_TRUE(intervals_from_json("not json").empty());
}

}  // namespace
}  // namespace moim::mentoring
