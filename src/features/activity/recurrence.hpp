// A project's weekly slot unrolled into dated sessions. Pure: no database.
// The slot is wall-clock time in the project's zone, so across a DST change
// the UTC instant moves and the local time stays (20:00 stays 20:00).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moim::activity {

struct WeeklySlot {
  int weekday = 0;         // 0 = Monday
  std::string start_time;  // "HH:MM"
  int duration_minutes = 0;
  std::string time_zone;  // IANA
  std::string starts_on;  // "YYYY-MM-DD", inclusive
  std::string ends_on;    // inclusive
};

struct Occurrence {
  std::string date;  // local date of the slot
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
};

// Every occurrence of the slot, oldest first; at most `limit`. Empty when a
// field does not parse (the academy validated them already).
std::vector<Occurrence> weekly_occurrences(const WeeklySlot& slot, std::size_t limit);

// "2027-02-03" → days since 1970-01-01, or nullopt.
std::optional<long> parse_day(const std::string& date);
std::string format_day(long days);

}  // namespace moim::activity
