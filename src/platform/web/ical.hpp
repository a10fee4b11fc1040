// iCalendar (RFC 5545) text: escaped values, lines folded at 75 octets
// without splitting a UTF-8 character, CRLF line ends, times in UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moim::web {

struct CalendarEvent {
  std::string uid;
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> ends_at;  // none: a moment (a deadline)
  std::string summary;
  std::string description;
  std::string url;
  bool cancelled = false;
  std::string location;  // a venue and address, or an online link
  // Set when the same UID is sent again (a re-sent ticket): a higher number
  // tells calendars to update the entry they hold.
  std::optional<std::int64_t> sequence;
};

std::string ical_escape(const std::string& text);
std::string ical_fold(const std::string& line);   // with the trailing CRLF
std::string ical_time(std::int64_t utc_seconds);  // 20270303T110000Z
std::string ical_calendar(const std::string& name, const std::vector<CalendarEvent>& events,
                          std::int64_t now);

}  // namespace moim::web
