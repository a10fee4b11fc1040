#include "platform/web/input.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>

namespace moim::web {

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t extra = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      ++pos;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (pos + extra >= text.size()) return false;
    for (std::size_t offset = 1; offset <= extra; ++offset) {
      const auto next = static_cast<unsigned char>(text[pos + offset]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((extra == 1 && code_point < 0x80) || (extra == 2 && code_point < 0x800) ||
        (extra == 3 && (code_point < 0x10000 || code_point > 0x10FFFF)) ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    pos += extra + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char ch : text) count += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return count;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

Result<boost::json::object> json_body(const http::Request& request) {
  const auto content_type = request.header("content-type");
  if (!content_type || !content_type->starts_with("application/json")) {
    return Error{415, "unsupported_media_type", "send the body as application/json", {}};
  }
  boost::system::error_code error;
  auto value = boost::json::parse(request.body, error);  // rejects invalid UTF-8
  if (error)
    return Error{400, "invalid_json", "the body is not valid JSON: " + error.message(), {}};
  if (!value.is_object()) return Error{400, "invalid_json", "the body must be a JSON object", {}};
  return std::move(value.as_object());
}

bool Fields::has(std::string_view name) const {
  return is_json_ ? json_.contains(name) : form_.find(std::string(name)) != form_.end();
}

Result<std::optional<std::string>> Fields::optional_text(std::string_view name,
                                                         std::size_t max_chars) const {
  std::string raw;
  if (is_json_) {
    auto found = json_.find(name);
    if (found == json_.end() || found->value().is_null()) return std::optional<std::string>{};
    if (!found->value().is_string())
      return Error::invalid(std::string(name), std::string(name) + " must be text");
    raw = std::string(found->value().as_string());
  } else {
    auto found = form_.find(std::string(name));
    if (found == form_.end()) return std::optional<std::string>{};
    raw = found->second;
  }
  if (!is_valid_utf8(raw))
    return Error::invalid(std::string(name), std::string(name) + " is not valid UTF-8");
  if (raw.find('\0') != std::string::npos) {
    return Error::invalid(std::string(name),
                          std::string(name) + " must not contain NUL characters");
  }
  std::string value = trim(raw);
  if (utf8_length(value) > max_chars) {
    return Error::invalid(std::string(name), std::string(name) + " must be at most " +
                                                 std::to_string(max_chars) + " characters");
  }
  return std::optional<std::string>{std::move(value)};
}

Result<std::string> Fields::text(std::string_view name, std::size_t min_chars,
                                 std::size_t max_chars) const {
  auto value = optional_text(name, max_chars);
  if (!value) return value.error();
  if (!value->has_value() || utf8_length(**value) < min_chars) {
    if (min_chars <= 1)
      return Error::invalid(std::string(name), std::string(name) + " is required");
    return Error::invalid(std::string(name), std::string(name) + " must be at least " +
                                                 std::to_string(min_chars) + " characters");
  }
  return std::move(**value);
}

Result<std::optional<std::int64_t>> Fields::optional_integer(std::string_view name,
                                                             std::int64_t min,
                                                             std::int64_t max) const {
  std::int64_t number = 0;
  const std::string field(name);
  if (is_json_) {
    auto found = json_.find(name);
    if (found == json_.end() || found->value().is_null()) return std::optional<std::int64_t>{};
    if (found->value().is_int64()) {
      number = found->value().as_int64();
    } else if (found->value().is_uint64() && found->value().as_uint64() <= INT64_MAX) {
      number = static_cast<std::int64_t>(found->value().as_uint64());
    } else {
      return Error::invalid(field, field + " must be a whole number");
    }
  } else {
    auto found = form_.find(field);
    if (found == form_.end() || trim(found->second).empty()) return std::optional<std::int64_t>{};
    const std::string text = trim(found->second);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      return Error::invalid(field, field + " must be a whole number");
    }
  }
  if (number < min || number > max) {
    return Error::invalid(
        field, field + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<std::int64_t>{number};
}

Result<std::optional<bool>> Fields::optional_boolean(std::string_view name) const {
  const std::string field(name);
  if (is_json_) {
    auto found = json_.find(name);
    if (found == json_.end() || found->value().is_null()) return std::optional<bool>{};
    if (!found->value().is_bool()) return Error::invalid(field, field + " must be true or false");
    return std::optional<bool>{found->value().as_bool()};
  }
  auto found = form_.find(field);
  if (found == form_.end()) return std::optional<bool>{};
  return std::optional<bool>{found->second == "on" || found->second == "1" ||
                             found->second == "true"};
}

Result<std::optional<std::vector<std::string>>> Fields::optional_list(std::string_view name,
                                                                      std::size_t max_items,
                                                                      std::size_t max_chars) const {
  const std::string field(name);
  std::vector<std::string> raw_items;
  if (is_json_) {
    auto found = json_.find(name);
    if (found == json_.end() || found->value().is_null())
      return std::optional<std::vector<std::string>>{};
    if (!found->value().is_array()) return Error::invalid(field, field + " must be a list of text");
    for (const auto& item : found->value().as_array()) {
      if (!item.is_string()) return Error::invalid(field, field + " must be a list of text");
      raw_items.emplace_back(item.as_string());
    }
  } else {
    auto found = form_.find(field);
    if (found == form_.end()) return std::optional<std::vector<std::string>>{};
    std::string_view rest = found->second;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      raw_items.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  std::vector<std::string> items;
  for (const auto& raw : raw_items) {
    if (!is_valid_utf8(raw)) return Error::invalid(field, field + " is not valid UTF-8");
    std::string item = trim(raw);
    if (item.empty()) continue;
    if (utf8_length(item) > max_chars) {
      return Error::invalid(field, "each of " + field + " must be at most " +
                                       std::to_string(max_chars) + " characters");
    }
    if (std::find(items.begin(), items.end(), item) == items.end())
      items.push_back(std::move(item));
  }
  if (items.size() > max_items) {
    return Error::invalid(field,
                          field + " may have at most " + std::to_string(max_items) + " entries");
  }
  return std::optional<std::vector<std::string>>{std::move(items)};
}

}  // namespace moim::web
