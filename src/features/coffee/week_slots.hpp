// Weekly availability: people pick slots in their own time zone ("Tuesday
// 20:00 in Asia/Seoul"); we store UTC hours of the week so that slots of
// people in different zones compare directly. Hour 0 is Monday 00:00 UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace moim::coffee {

inline constexpr int kHoursPerWeek = 168;

struct LocalSlot {
  int day = 0;   // 0 = Monday ... 6 = Sunday, in the person's zone
  int hour = 0;  // 0..23 local
  bool operator==(const LocalSlot&) const = default;
};

// The zone's UTC offset in whole minutes at that instant (DST-aware).
// An unknown zone counts as UTC.
int utc_offset_minutes(std::string_view zone, std::int64_t at_utc_seconds);

// Converts with the offset in force at `at` (the week the person fills the
// form). Zones with half-hour offsets round down to the hour.
int to_utc_hour_of_week(LocalSlot slot, std::string_view zone, std::int64_t at);
LocalSlot to_local_slot(int utc_hour_of_week, std::string_view zone, std::int64_t at);

// "화 20:00" / "Tue 20:00": a UTC hour of the week shown in a zone.
std::string describe_slot(int utc_hour_of_week, std::string_view zone, std::int64_t at,
                          std::string_view language);

// "1,5,9" <-> {1,5,9}; out-of-range or malformed items are skipped.
std::string join_hours(const std::vector<int>& hours);
std::vector<int> split_hours(std::string_view text);

}  // namespace moim::coffee
