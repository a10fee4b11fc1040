// The JSON input: {"projects":[{"id","min","max","ranking","declined"}],
// "applicants":[{"id","choices","priority","pinned"}]}. Unknown keys are
// refused (a typo like "choises" must not silently drop everyone's choices).
#include <boost/json.hpp>

#include <algorithm>

#include "engines/allocation/io/allocation_io.hpp"
#include "engines/allocation/io/json_reader.hpp"

namespace moim::allocation::io {

namespace json = boost::json;

namespace {

class Reader : public JsonReader {
 public:
  using JsonReader::JsonReader;

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
      applicant.priority =
          integer_at(*object, where, "priority", -kMaxSeats, kMaxSeats).value_or(0);
      if (const auto* pinned = object->if_contains("pinned"); pinned && !pinned->is_null())
        applicant.pinned = string_at(*object, where, "pinned", false);
    }
    result.applicants.push_back(std::move(applicant));
  }
};

}  // namespace

ParsedInput read_json(std::string_view text) {
  return read_document<Reader, ParsedInput>(
      text, [](const Instance& instance) { return validate(instance); });
}

ParsedInput read_input(std::string_view text, std::string_view file_name) {
  const bool json_name = file_name.size() >= 5 && file_name.substr(file_name.size() - 5) == ".json";
  const bool csv_name = file_name.size() >= 4 && file_name.substr(file_name.size() - 4) == ".csv";
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool looks_json = first != std::string_view::npos && text[first] == '{';
  return json_name || (!csv_name && looks_json) ? read_json(text) : read_csv(text);
}

}  // namespace moim::allocation::io
