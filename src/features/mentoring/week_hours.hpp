// Weekly hours for mentoring: people type them in their own time zone, one
// stretch a line ("mon 19:00-21:00", "화 20:00-22:30"); the matcher compares
// minutes of the week from Monday 00:00 UTC (engines/allocation/mentoring).
//
// A program runs for weeks, and a zone may change its offset in between
// (daylight saving time). The hours kept are those that are the same in
// UTC at the program's start and at its end: a stretch that moves with the
// clocks is kept where both positions overlap, so a pair's common hours
// hold all program long. Hours that overlap nowhere are refused, named.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engines/allocation/mentoring.hpp"
#include "platform/base/error.hpp"

namespace moim::mentoring {

using Interval = allocation::mentoring::Interval;

inline constexpr std::size_t kMaxStretches = 28;

// Parses the typed stretches (blank lines skipped; "-" or "~" between the
// times; "24:00" ends a day; an end before the start runs past midnight) of
// `zone` into sorted, joined UTC intervals valid all of [from, to]. An error
// names `field` and the line ("availability: line 2: ...").
Result<std::vector<Interval>> utc_week_hours(std::string_view text, std::string_view zone,
                                             std::int64_t from, std::int64_t to,
                                             std::string_view field = "availability");

// The parts of `a` and `b` both cover (sorted, joined inputs).
std::vector<Interval> common_hours(const std::vector<Interval>& a, const std::vector<Interval>& b);

// "Tue 19:00–21:00" / "화 19:00–21:00": UTC intervals shown in `zone` at
// the instant `at`, in the week's order there.
std::vector<std::string> describe_hours(const std::vector<Interval>& utc, std::string_view zone,
                                        std::int64_t at, std::string_view language);

// JSON "[[b,e],...]" and back (a stored column).
std::string intervals_json(const std::vector<Interval>& intervals);
std::vector<Interval> intervals_from_json(std::string_view text);

}  // namespace moim::mentoring
