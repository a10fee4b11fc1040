#include "features/coffee/week_slots.hpp"

#include <date/tz.h>

#include <algorithm>
#include <charconv>

namespace moim::coffee {

namespace {

int positive_mod(int value, int modulus) { return ((value % modulus) + modulus) % modulus; }

// Floor division, so that -30 minutes is hour -1, not hour 0.
int floor_div(int value, int divisor) {
  return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}

}  // namespace

int utc_offset_minutes(std::string_view zone, std::int64_t at_utc_seconds) {
  try {
    const date::time_zone* found = date::locate_zone(std::string(zone));
    const auto info = found->get_info(date::sys_seconds{std::chrono::seconds{at_utc_seconds}});
    return static_cast<int>(info.offset.count() / 60);
  } catch (const std::exception&) {
    return 0;
  }
}

int to_utc_hour_of_week(LocalSlot slot, std::string_view zone, std::int64_t at) {
  const int local_minutes = (slot.day * 24 + slot.hour) * 60;
  const int utc_minutes = local_minutes - utc_offset_minutes(zone, at);
  return positive_mod(floor_div(utc_minutes, 60), kHoursPerWeek);
}

LocalSlot to_local_slot(int utc_hour_of_week, std::string_view zone, std::int64_t at) {
  const int local_minutes = utc_hour_of_week * 60 + utc_offset_minutes(zone, at);
  const int local_hour = positive_mod(floor_div(local_minutes, 60), kHoursPerWeek);
  return {local_hour / 24, local_hour % 24};
}

std::string describe_slot(int utc_hour_of_week, std::string_view zone, std::int64_t at,
                          std::string_view language) {
  static constexpr const char* kKorean[] = {"월", "화", "수", "목", "금", "토", "일"};
  static constexpr const char* kEnglish[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const LocalSlot local = to_local_slot(utc_hour_of_week, zone, at);
  std::string hour = std::to_string(local.hour);
  if (hour.size() == 1) hour = "0" + hour;
  return std::string(language == "en" ? kEnglish[local.day] : kKorean[local.day]) + " " + hour +
         ":00";
}

std::string join_hours(const std::vector<int>& hours) {
  std::string text;
  for (int hour : hours) text += (text.empty() ? "" : ",") + std::to_string(hour);
  return text;
}

std::vector<int> split_hours(std::string_view text) {
  std::vector<int> hours;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    int value = -1;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error == std::errc() && end == item.data() + item.size() && value >= 0 &&
        value < kHoursPerWeek) {
      hours.push_back(value);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  std::sort(hours.begin(), hours.end());
  hours.erase(std::unique(hours.begin(), hours.end()), hours.end());
  return hours;
}

}  // namespace moim::coffee
