#include "features/activity/recurrence.hpp"

#include <chrono>
#include <cstdio>

#include "platform/base/time_zone.hpp"

namespace moim::activity {

std::optional<long> parse_day(const std::string& date) {
  int year = 0;
  unsigned month = 0, day = 0;
  char tail = 0;
  if (date.size() != 10 ||
      std::sscanf(date.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string format_day(long days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::vector<Occurrence> weekly_occurrences(const WeeklySlot& slot, std::size_t limit) {
  std::vector<Occurrence> occurrences;
  const auto first = parse_day(slot.starts_on);
  const auto last = parse_day(slot.ends_on);
  if (!first || !last || slot.weekday < 0 || slot.weekday > 6 || slot.duration_minutes <= 0)
    return occurrences;
  // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
  const long first_weekday = ((*first % 7) + 7 + 3) % 7;
  long day = *first + (slot.weekday - first_weekday + 7) % 7;
  for (; day <= *last && occurrences.size() < limit; day += 7) {
    const std::string date = format_day(day);
    const auto starts_at = parse_local(date + "T" + slot.start_time, slot.time_zone);
    if (!starts_at) return {};
    occurrences.push_back({date, *starts_at, *starts_at + slot.duration_minutes * 60LL});
  }
  return occurrences;
}

}  // namespace moim::activity
