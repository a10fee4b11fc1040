#include "engines/allocation/io/json_reader.hpp"

#include <algorithm>
#include <cstdint>

#include "engines/allocation/io/allocation_io.hpp"

namespace moim::allocation::io {

namespace json = boost::json;

std::optional<json::value> parse_json(std::string_view text, std::vector<InputProblem>& problems) {
  if (text.size() > kMaxInputBytes) {
    problems.push_back({"input", "", "larger than the 256 MB limit"});
    return std::nullopt;
  }
  json::stream_parser parser;
  boost::system::error_code error;
  const std::size_t consumed = parser.write_some(text.data(), text.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    const std::size_t at = std::min(consumed, text.size());
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    const auto line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const auto column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    problems.push_back(
        {"line " + std::to_string(line), "",
         "malformed JSON at column " + std::to_string(column) + ": " + error.message()});
    return std::nullopt;
  }
  return parser.release();
}

void JsonReader::fail(const std::string& where, const std::string& field, std::string message) {
  problems_.push_back({where.empty() ? "input" : where, field, std::move(message)});
}

void JsonReader::allowed(const json::object& object, const std::string& where,
                         std::initializer_list<std::string_view> keys) {
  for (const auto& entry : object)
    if (std::find(keys.begin(), keys.end(), entry.key()) == keys.end())
      fail(where, std::string(entry.key()), "unknown field");
}

const json::object* JsonReader::object_at(const json::value& value, const std::string& where) {
  if (const auto* object = value.if_object()) return object;
  fail(where, "", "must be an object");
  return nullptr;
}

const json::array* JsonReader::array_at(const json::object& object, const std::string& where,
                                        std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (!value) {
    fail(where, std::string(key), "is required");
    return nullptr;
  }
  if (const auto* array = value->if_array()) return array;
  fail(where, std::string(key), "must be an array");
  return nullptr;
}

std::optional<std::string> JsonReader::string_at(const json::object& object,
                                                 const std::string& where, std::string_view key,
                                                 bool required) {
  const json::value* value = object.if_contains(key);
  if (!value) {
    if (required) fail(where, std::string(key), "is required");
    return std::nullopt;
  }
  if (const auto* text = value->if_string()) return std::string(*text);
  fail(where, std::string(key), "must be a string");
  return std::nullopt;
}

std::optional<int> JsonReader::integer_at(const json::object& object, const std::string& where,
                                          std::string_view key, int low, int high) {
  const json::value* value = object.if_contains(key);
  if (!value) return std::nullopt;
  std::int64_t number = 0;
  if (value->is_int64())
    number = value->get_int64();
  else if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(high))
    number = static_cast<std::int64_t>(value->get_uint64());
  else if (value->is_uint64())
    number = std::int64_t{high} + 1;
  else {
    fail(where, std::string(key), "must be a whole number");
    return std::nullopt;
  }
  if (number < low || number > high) {
    fail(where, std::string(key),
         "must be between " + std::to_string(low) + " and " + std::to_string(high));
    return std::nullopt;
  }
  return static_cast<int>(number);
}

std::vector<std::string> JsonReader::strings_at(const json::object& object,
                                                const std::string& where, std::string_view key) {
  std::vector<std::string> out;
  const json::value* value = object.if_contains(key);
  if (!value) return out;
  const auto* array = value->if_array();
  if (!array) {
    fail(where, std::string(key), "must be an array of ids");
    return out;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (const auto* text = (*array)[i].if_string())
      out.emplace_back(*text);
    else
      fail(where, std::string(key) + "[" + std::to_string(i) + "]", "must be a string id");
  }
  return out;
}

}  // namespace moim::allocation::io
