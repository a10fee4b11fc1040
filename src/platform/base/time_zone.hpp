// Times are stored as UTC seconds and shown in a community's time zone
// (Asia/Seoul by default), with the IANA database that Debian's tzdata ships.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace moim {

bool is_valid_time_zone(std::string_view name);

// "2026-11-23 21:05" in the given zone; format follows strftime-like %-codes
// of Howard Hinnant's date library.
std::string format_local(std::int64_t utc_seconds, std::string_view zone,
                         const char* format = "%Y-%m-%d %H:%M");

// ISO 8601 UTC, e.g. "2026-11-23T12:05:00Z" (the API's time format).
std::string format_utc_iso(std::int64_t utc_seconds);

// Parses "YYYY-MM-DDTHH:MM" (an HTML datetime-local value) in the zone.
// Ambiguous or skipped local times (DST changes) resolve to the earlier
// instant, as calendars do.
std::optional<std::int64_t> parse_local(std::string_view text, std::string_view zone);

}  // namespace moim
