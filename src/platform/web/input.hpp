// Reading what people send: JSON bodies and form fields, with limits, and an
// Error naming the field for anything wrong. Routes parse with these; the
// services then apply the rules.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "platform/base/error.hpp"
#include "platform/http/message.hpp"

namespace moim::web {

bool is_valid_utf8(std::string_view text);

// Trims ASCII whitespace at both ends.
std::string trim(std::string_view text);

// The body of a JSON API call: must be application/json and a JSON object.
Result<boost::json::object> json_body(const http::Request& request);

// Field readers over a JSON object or a form. A missing optional field is
// nullopt; a present field of the wrong type or out of limits is an Error.
class Fields {
 public:
  explicit Fields(boost::json::object json) : json_(std::move(json)), is_json_(true) {}
  explicit Fields(std::map<std::string, std::string> form)
      : form_(std::move(form)), is_json_(false) {}

  // Text: valid UTF-8, trimmed, length in characters within [min, max].
  Result<std::string> text(std::string_view name, std::size_t min_chars,
                           std::size_t max_chars) const;
  Result<std::optional<std::string>> optional_text(std::string_view name,
                                                   std::size_t max_chars) const;
  Result<std::optional<std::int64_t>> optional_integer(std::string_view name, std::int64_t min,
                                                       std::int64_t max) const;
  // Booleans: JSON true/false, or a form checkbox ("on"/"1"/"true" present).
  Result<std::optional<bool>> optional_boolean(std::string_view name) const;
  // A list of short strings: a JSON array of strings, or a comma-separated form field.
  Result<std::optional<std::vector<std::string>>> optional_list(std::string_view name,
                                                                std::size_t max_items,
                                                                std::size_t max_chars) const;
  bool has(std::string_view name) const;

 private:
  boost::json::object json_;
  std::map<std::string, std::string> form_;
  bool is_json_;
};

std::size_t utf8_length(std::string_view text);

}  // namespace moim::web
