#include "platform/base/time_zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <optional>
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

// Zero-padded to width; value is never negative here.
void append_number(std::string& out, long long value, int width) {
  char digits[20];
  int length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && length < static_cast<int>(sizeof digits));
  for (int pad = length; pad < width; ++pad) out += '0';
  while (length > 0) out += digits[--length];
}

// Pages format dates on every request, and date::format goes through an
// ostringstream and the locale each time. The common codes (%Y %m %d %H %M %S
// %%) are written here directly, with the same output; a format with any other
// code returns nullopt and is left to date::format.
std::optional<std::string> format_plain(date::local_seconds local, const char* format) {
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{local - day};
  std::string out;
  for (const char* pos = format; *pos != '\0'; ++pos) {
    if (*pos != '%') {
      out += *pos;
      continue;
    }
    switch (*++pos) {
      case 'Y': {
        const int year = static_cast<int>(ymd.year());
        if (year < 0 || year > 9999) return std::nullopt;
        append_number(out, year, 4);
        break;
      }
      case 'm':
        append_number(out, static_cast<unsigned>(ymd.month()), 2);
        break;
      case 'd':
        append_number(out, static_cast<unsigned>(ymd.day()), 2);
        break;
      case 'H':
        append_number(out, time.hours().count(), 2);
        break;
      case 'M':
        append_number(out, time.minutes().count(), 2);
        break;
      case 'S':
        append_number(out, time.seconds().count(), 2);
        break;
      case '%':
        out += '%';
        break;
      default:  // another code, or a lone % at the end
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace

bool is_valid_time_zone(std::string_view name) {
  return !name.empty() && find_zone(name) != nullptr;
}

std::string format_local(std::int64_t utc_seconds, std::string_view zone, const char* format) {
  const date::time_zone* found = find_zone(zone);
  if (found == nullptr) found = date::locate_zone("UTC");
  const date::sys_seconds instant{std::chrono::seconds{utc_seconds}};
  if (auto fast = format_plain(found->to_local(instant), format)) return *fast;
  return date::format(format, date::make_zoned(found, instant));
}

std::string format_utc_iso(std::int64_t utc_seconds) {
  const date::sys_seconds instant{std::chrono::seconds{utc_seconds}};
  constexpr const char* kIso = "%Y-%m-%dT%H:%M:%SZ";
  if (auto fast = format_plain(date::local_seconds{instant.time_since_epoch()}, kIso)) return *fast;
  return date::format(kIso, instant);
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
