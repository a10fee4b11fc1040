#include "features/mentoring/week_hours.hpp"

#include <date/tz.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

namespace moim::mentoring {

namespace {

constexpr int kWeek = allocation::mentoring::kMinutesPerWeek;
constexpr int kDay = 24 * 60;

constexpr std::string_view kEnglishDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kKoreanDays[] = {"월", "화", "수", "목", "금", "토", "일"};
constexpr const char* kEnglishShown[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

int positive_mod(int value, int modulus) { return ((value % modulus) + modulus) % modulus; }

// The zone's offset from UTC in minutes at `at` (DST-aware). The caller
// has checked the zone.
int offset_minutes(std::string_view zone, std::int64_t at) {
  try {
    const date::time_zone* found = date::locate_zone(std::string(zone));
    return static_cast<int>(
        found->get_info(date::sys_seconds{std::chrono::seconds{at}}).offset.count() / 60);
  } catch (const std::exception&) {
    return 0;
  }
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

std::optional<int> day_of(std::string_view word) {
  std::string lower(word);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (int day = 0; day < 7; ++day) {
    if (lower.starts_with(kEnglishDays[day]) && lower.size() <= 9) return day;  // "monday"
    if (word == kKoreanDays[day] || word == std::string(kKoreanDays[day]) + "요일") return day;
  }
  return std::nullopt;
}

// "19:00", "9:30", "24:00" → minutes of the day.
std::optional<int> time_of(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3)
    return std::nullopt;
  int hour = 0, minute = 0;
  for (char ch : text.substr(0, colon)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    hour = hour * 10 + (ch - '0');
  }
  for (char ch : text.substr(colon + 1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    minute = minute * 10 + (ch - '0');
  }
  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
  return hour * 60 + minute;
}

// Sorted, joined, within [0, kWeek): a stretch over Sunday midnight is two.
std::vector<Interval> normalized(std::vector<Interval> pieces) {
  std::vector<Interval> split;
  for (const auto& piece : pieces) {
    const int begin = positive_mod(piece.begin, kWeek);
    const int length = piece.end - piece.begin;
    if (length <= 0) continue;
    if (length >= kWeek) return {{0, kWeek}};
    if (begin + length <= kWeek) {
      split.push_back({begin, begin + length});
    } else {
      split.push_back({begin, kWeek});
      split.push_back({0, begin + length - kWeek});
    }
  }
  std::sort(split.begin(), split.end(),
            [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> joined;
  for (const auto& piece : split) {
    if (!joined.empty() && piece.begin <= joined.back().end)
      joined.back().end = std::max(joined.back().end, piece.end);
    else
      joined.push_back(piece);
  }
  return joined;
}

std::string day_name(int day, std::string_view language) {
  return std::string(language == "en" ? std::string_view(kEnglishShown[day]) : kKoreanDays[day]);
}

std::string two_digits(int value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string clock_text(int minute_of_day) {
  return two_digits(minute_of_day / 60) + ":" + two_digits(minute_of_day % 60);
}

}  // namespace

Result<std::vector<Interval>> utc_week_hours(std::string_view text, std::string_view zone,
                                             std::int64_t from, std::int64_t to,
                                             std::string_view field) {
  std::vector<Interval> local;  // minutes of the local week
  int line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (line.empty()) continue;
    const std::string where = std::string(field) + ": line " + std::to_string(line_number);
    const auto space = line.find(' ');
    const auto day = space == std::string_view::npos ? std::nullopt : day_of(line.substr(0, space));
    if (!day) {
      return Error::invalid(
          std::string(field),
          where + ": start with a day (mon..sun or 월..일), e.g. mon 19:00-21:00");
    }
    std::string_view times = trimmed(line.substr(space + 1));
    auto dash = times.find('-');
    if (dash == std::string_view::npos) dash = times.find('~');
    const auto begin =
        dash == std::string_view::npos ? std::nullopt : time_of(trimmed(times.substr(0, dash)));
    const auto finish =
        dash == std::string_view::npos ? std::nullopt : time_of(trimmed(times.substr(dash + 1)));
    if (!begin || !finish || *begin == *finish || *begin == kDay) {
      return Error::invalid(std::string(field),
                            where + ": write the hours as HH:MM-HH:MM, e.g. mon 19:00-21:00");
    }
    const int start = *day * kDay + *begin;
    const int length = *finish > *begin ? *finish - *begin : kDay - *begin + *finish;
    local.push_back({start, start + length});
    if (local.size() > kMaxStretches) {
      return Error::invalid(std::string(field), std::string(field) + ": at most " +
                                                    std::to_string(kMaxStretches) + " lines");
    }
  }
  if (local.empty())
    return Error::invalid(std::string(field), std::string(field) + ": give at least one stretch");
  std::vector<Interval> result;
  for (const std::int64_t at : {from, to}) {
    const int offset = offset_minutes(zone, at);
    std::vector<Interval> shifted;
    for (const auto& piece : local) shifted.push_back({piece.begin - offset, piece.end - offset});
    std::vector<Interval> utc = normalized(std::move(shifted));
    result = at == from ? std::move(utc) : common_hours(result, utc);
  }
  if (result.empty()) {
    return Error::invalid(std::string(field),
                          std::string(field) +
                              ": daylight saving time moves these hours during the program and "
                              "none stay the same; give longer stretches");
  }
  return result;
}

std::vector<Interval> common_hours(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  std::vector<Interval> common;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int begin = std::max(a[i].begin, b[j].begin);
    const int end = std::min(a[i].end, b[j].end);
    if (begin < end) common.push_back({begin, end});
    if (a[i].end < b[j].end)
      ++i;
    else
      ++j;
  }
  return common;
}

std::vector<std::string> describe_hours(const std::vector<Interval>& utc, std::string_view zone,
                                        std::int64_t at, std::string_view language) {
  const int offset = offset_minutes(zone, at);
  std::vector<Interval> shifted;
  for (const auto& piece : utc) shifted.push_back({piece.begin + offset, piece.end + offset});
  std::vector<std::string> texts;
  for (const auto& piece : normalized(std::move(shifted))) {
    const int day = piece.begin / kDay;
    const int end_day = (piece.end - 1) / kDay;
    std::string text = day_name(day, language) + " " + clock_text(piece.begin % kDay) + "–";
    if (end_day != day) text += day_name(end_day, language) + " ";
    text += piece.end % kDay == 0 ? "24:00" : clock_text(piece.end % kDay);
    texts.push_back(std::move(text));
  }
  return texts;
}

std::string intervals_json(const std::vector<Interval>& intervals) {
  boost::json::array array;
  for (const auto& piece : intervals) array.push_back(boost::json::array{piece.begin, piece.end});
  return boost::json::serialize(array);
}

std::vector<Interval> intervals_from_json(std::string_view text) {
  std::vector<Interval> intervals;
  boost::system::error_code error;
  const auto value = boost::json::parse(text, error);
  if (error || !value.is_array()) return intervals;
  for (const auto& item : value.as_array()) {
    if (!item.is_array() || item.as_array().size() != 2) continue;
    const auto& pair = item.as_array();
    if (!pair[0].is_int64() || !pair[1].is_int64()) continue;
    intervals.push_back(
        {static_cast<int>(pair[0].as_int64()), static_cast<int>(pair[1].as_int64())});
  }
  return intervals;
}

}  // namespace moim::mentoring
