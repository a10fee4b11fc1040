#include "platform/base/time_zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

namespace moim {

namespace {
const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}
}  // namespace

bool is_valid_time_zone(std::string_view name) {
  return !name.empty() && find_zone(name) != nullptr;
}

std::string format_local(std::int64_t utc_seconds, std::string_view zone, const char* format) {
  const date::time_zone* found = find_zone(zone);
  if (found == nullptr) found = date::locate_zone("UTC");
  const date::sys_seconds instant{std::chrono::seconds{utc_seconds}};
  return date::format(format, date::make_zoned(found, instant));
}

std::string format_utc_iso(std::int64_t utc_seconds) {
  const date::sys_seconds instant{std::chrono::seconds{utc_seconds}};
  return date::format("%Y-%m-%dT%H:%M:%SZ", instant);
}

std::optional<std::int64_t> parse_local(std::string_view text, std::string_view zone) {
  const date::time_zone* found = find_zone(zone);
  if (found == nullptr) return std::nullopt;
  std::istringstream input{std::string(text)};
  date::local_seconds local;
  input >> date::parse("%Y-%m-%dT%H:%M", local);
  if (input.fail()) return std::nullopt;
  const auto instant = found->to_sys(local, date::choose::earliest);
  return instant.time_since_epoch().count();
}

}  // namespace moim
