#include "platform/web/typed_json.hpp"

#include <charconv>
#include <chrono>

#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::web {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t index = at; index < at + count; ++index) {
    if (text[index] < '0' || text[index] > '9') return false;
    out = out * 10 + (text[index] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || !digits(text, 0, 4, year) || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start || at - start > 9) return std::nullopt;
  }
  int offset_seconds = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int offset_hours = 0, offset_minutes = 0;
    if (!digits(text, at + 1, 2, offset_hours) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !digits(text, at + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59)
      return std::nullopt;
    offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size() || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                            std::chrono::day{unsigned(day)}};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = sys_days{date}.time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + std::min(second, 59) - offset_seconds;
}

namespace typed_detail {

std::string member_path(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return std::string(parent) + "." + std::string(name);
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

Error wrong(const std::string& path, std::string message) {
  return Error::invalid(path, std::move(message));
}

Result<std::string> read_text(const boost::json::value& value, const std::string& path,
                              std::size_t min_chars, std::size_t max_chars) {
  if (!value.is_string()) return wrong(path, path + " must be text");
  const std::string_view raw(value.as_string().data(), value.as_string().size());
  if (!is_valid_utf8(raw)) return wrong(path, path + " is not valid UTF-8");
  for (const char ch : raw) {
    const auto byte = static_cast<unsigned char>(ch);
    if ((byte < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || byte == 0x7f)
      return wrong(path, path + " must not contain control characters");
  }
  std::string text = trim(raw);
  const std::size_t length = utf8_length(text);
  if (length < min_chars) {
    return wrong(path, min_chars <= 1 ? path + " is required"
                                      : path + " must be at least " + std::to_string(min_chars) +
                                            " characters");
  }
  if (length > max_chars)
    return wrong(path, path + " must be at most " + std::to_string(max_chars) + " characters");
  return text;
}

Result<std::int64_t> read_integer(const boost::json::value& value, const std::string& path,
                                  std::int64_t min, std::int64_t max) {
  std::int64_t number = 0;
  if (value.is_int64()) {
    number = value.as_int64();
  } else if (value.is_uint64() && value.as_uint64() <= INT64_MAX) {
    number = static_cast<std::int64_t>(value.as_uint64());
  } else if (value.is_double() &&
             value.as_double() ==
                 static_cast<double>(static_cast<std::int64_t>(value.as_double()))) {
    number = static_cast<std::int64_t>(value.as_double());  // 3.0 is a whole number
  } else {
    return wrong(path, path + " must be a whole number");
  }
  if (number < min || number > max) {
    return wrong(path,
                 path + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return number;
}

Result<double> read_number(const boost::json::value& value, const std::string& path) {
  if (value.is_double()) return value.as_double();
  if (value.is_int64()) return static_cast<double>(value.as_int64());
  if (value.is_uint64()) return static_cast<double>(value.as_uint64());
  return wrong(path, path + " must be a number");
}

Result<bool> read_boolean(const boost::json::value& value, const std::string& path) {
  if (!value.is_bool()) return wrong(path, path + " must be true or false");
  return value.as_bool();
}

Result<std::int64_t> read_instant(const boost::json::value& value, const std::string& path) {
  if (value.is_string()) {
    if (auto seconds = parse_rfc3339(std::string_view(value.as_string()))) return *seconds;
  }
  return wrong(path, path + " must be a date and time like 2027-05-01T10:00:00+09:00");
}

boost::json::value param_value(const std::string& text, bool wants_number, bool wants_boolean) {
  if (wants_number) {
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc{} && end == text.data() + text.size()) return number;
  }
  if (wants_boolean) {
    if (text == "true" || text == "1" || text == "on") return true;
    if (text == "false" || text == "0") return false;
  }
  return boost::json::value(text);
}

std::string write_instant(std::int64_t seconds) { return format_utc_iso(seconds); }

boost::json::object nullable(boost::json::object schema) {
  auto found = schema.find("type");
  if (found != schema.end() && found->value().is_string()) {
    boost::json::array types{found->value(), "null"};
    schema["type"] = types;
    if (auto values = schema.find("enum"); values != schema.end())
      values->value().as_array().emplace_back(nullptr);
  }
  return schema;
}

}  // namespace typed_detail

}  // namespace moim::web
