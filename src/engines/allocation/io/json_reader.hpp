// Reading the engines' JSON files with every problem named by its place:
// the helpers the allocation and mentoring readers share. Each helper
// records a problem (where, field, message) instead of stopping, so one run
// lists everything wrong with a file.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/allocation/allocation.hpp"

namespace moim::allocation::io {

// The document, or nothing with the problem ("line N", malformed at column
// M) recorded; also refuses more than kMaxInputBytes.
std::optional<boost::json::value> parse_json(std::string_view text,
                                             std::vector<InputProblem>& problems);

class JsonReader {
 public:
  explicit JsonReader(std::vector<InputProblem>& problems) : problems_(problems) {}

  void fail(const std::string& where, const std::string& field, std::string message);
  // Records every key of `object` not in `keys`.
  void allowed(const boost::json::object& object, const std::string& where,
               std::initializer_list<std::string_view> keys);
  const boost::json::object* object_at(const boost::json::value& value, const std::string& where);
  const boost::json::array* array_at(const boost::json::object& object, const std::string& where,
                                     std::string_view key);
  std::optional<std::string> string_at(const boost::json::object& object, const std::string& where,
                                       std::string_view key, bool required);
  std::optional<int> integer_at(const boost::json::object& object, const std::string& where,
                                std::string_view key, int low, int high);
  std::vector<std::string> strings_at(const boost::json::object& object, const std::string& where,
                                      std::string_view key);

 private:
  std::vector<InputProblem>& problems_;
};

// A whole file: parses `text`, lets a Reader (a JsonReader with
// instance(root) and a `result`) build the instance, and validates it when
// reading found nothing wrong. Parsed has `instance` and `problems`.
template <typename Reader, typename Parsed, typename Validate>
Parsed read_document(std::string_view text, Validate validate) {
  Parsed parsed;
  auto root = parse_json(text, parsed.problems);
  if (!root) return parsed;
  Reader reader(parsed.problems);
  reader.instance(*root);
  parsed.instance = std::move(reader.result);
  if (parsed.problems.empty()) parsed.problems = validate(parsed.instance);
  return parsed;
}

}  // namespace moim::allocation::io
