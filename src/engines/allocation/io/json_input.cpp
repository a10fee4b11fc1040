// The JSON input: {"projects":[{"id","min","max","ranking","declined"}],
// "applicants":[{"id","choices","priority","pinned"}]}. Unknown keys are
// refused (a typo like "choises" must not silently drop everyone's choices).
#include <boost/json.hpp>

#include <algorithm>

#include "engines/allocation/io/allocation_io.hpp"

namespace moim::allocation::io {

namespace json = boost::json;

namespace {

class Reader {
 public:
  explicit Reader(std::vector<InputProblem>& problems) : problems_(problems) {}

  void instance(const json::value& root) {
    const json::object* object = root.if_object();
    if (!object) return fail("", "", "the input must be a JSON object");
    allowed(*object, "", {"projects", "applicants"});
    if (const auto* projects = array_at(*object, "", "projects"))
      for (std::size_t i = 0; i < projects->size(); ++i)
        project((*projects)[i], "projects[" + std::to_string(i) + "]");
    if (const auto* applicants = array_at(*object, "", "applicants"))
      for (std::size_t i = 0; i < applicants->size(); ++i)
        applicant((*applicants)[i], "applicants[" + std::to_string(i) + "]");
  }

  Instance result;

 private:
  void project(const json::value& value, const std::string& where) {
    Project project;
    if (const json::object* object = object_at(value, where)) {
      allowed(*object, where, {"id", "min", "max", "ranking", "declined"});
      project.id = string_at(*object, where, "id", true).value_or("");
      project.min = integer_at(*object, where, "min", 0, kMaxSeats).value_or(0);
      project.max = integer_at(*object, where, "max", 0, kMaxSeats).value_or(0);
      if (!object->contains("max")) fail(where, "max", "is required");
      project.ranking = strings_at(*object, where, "ranking");
      project.declined = strings_at(*object, where, "declined");
    }
    result.projects.push_back(std::move(project));
  }

  void applicant(const json::value& value, const std::string& where) {
    Applicant applicant;
    if (const json::object* object = object_at(value, where)) {
      allowed(*object, where, {"id", "choices", "priority", "pinned"});
      applicant.id = string_at(*object, where, "id", true).value_or("");
      applicant.choices = strings_at(*object, where, "choices");
      applicant.priority = integer_at(*object, where, "priority", -kMaxSeats, kMaxSeats).value_or(0);
      if (const auto* pinned = object->if_contains("pinned"); pinned && !pinned->is_null())
        applicant.pinned = string_at(*object, where, "pinned", false);
    }
    result.applicants.push_back(std::move(applicant));
  }

  void fail(const std::string& where, const std::string& field, std::string message) {
    problems_.push_back({where.empty() ? "input" : where, field, std::move(message)});
  }

  void allowed(const json::object& object, const std::string& where,
               std::initializer_list<std::string_view> keys) {
    for (const auto& entry : object)
      if (std::find(keys.begin(), keys.end(), entry.key()) == keys.end())
        fail(where, std::string(entry.key()), "unknown field");
  }

  const json::object* object_at(const json::value& value, const std::string& where) {
    if (const auto* object = value.if_object()) return object;
    fail(where, "", "must be an object");
    return nullptr;
  }

  const json::array* array_at(const json::object& object, const std::string& where,
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

  std::optional<std::string> string_at(const json::object& object, const std::string& where,
                                       std::string_view key, bool required) {
    const json::value* value = object.if_contains(key);
    if (!value) {
      if (required) fail(where, std::string(key), "is required");
      return std::nullopt;
    }
    if (const auto* text = value->if_string()) return std::string(*text);
    fail(where, std::string(key), "must be a string");
    return std::nullopt;
  }

  std::optional<int> integer_at(const json::object& object, const std::string& where,
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

  std::vector<std::string> strings_at(const json::object& object, const std::string& where,
                                      std::string_view key) {
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

  std::vector<InputProblem>& problems_;
};

}  // namespace

ParsedInput read_json(std::string_view text) {
  ParsedInput parsed;
  if (text.size() > kMaxInputBytes) {
    parsed.problems.push_back({"input", "", "larger than the 256 MB limit"});
    return parsed;
  }
  json::stream_parser parser;
  boost::system::error_code error;
  const std::size_t consumed = parser.write_some(text.data(), text.size(), error);
  if (!error) parser.finish(error);
  if (error) {
    const std::size_t at = std::min(consumed, text.size());
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    const auto line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    const auto column = at - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    parsed.problems.push_back({"line " + std::to_string(line), "",
                               "malformed JSON at column " + std::to_string(column) + ": " +
                                   error.message()});
    return parsed;
  }
  Reader reader(parsed.problems);
  reader.instance(parser.release());
  parsed.instance = std::move(reader.result);
  if (parsed.problems.empty()) parsed.problems = validate(parsed.instance);
  return parsed;
}

ParsedInput read_input(std::string_view text, std::string_view file_name) {
  const bool json_name = file_name.size() >= 5 && file_name.substr(file_name.size() - 5) == ".json";
  const bool csv_name = file_name.size() >= 4 && file_name.substr(file_name.size() - 4) == ".csv";
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool looks_json = first != std::string_view::npos && text[first] == '{';
  return json_name || (!csv_name && looks_json) ? read_json(text) : read_csv(text);
}

}  // namespace moim::allocation::io
