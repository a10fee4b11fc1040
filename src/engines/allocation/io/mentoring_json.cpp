// The mentoring input: {"session_minutes", "mentors": [{"id", "capacity",
// "languages", "topics", "availability", "experience"}], "mentees": [{"id",
// "languages", "topics", "availability", "ranking"}], "pins", "exclusions",
// "past_pairs", "allow_repeat_pairs"}. Unknown keys are refused.
#include <boost/json.hpp>

#include "engines/allocation/io/json_reader.hpp"
#include "engines/allocation/io/mentoring_io.hpp"

namespace moim::allocation::mentoring::io {

namespace json = boost::json;
using allocation::io::JsonReader;

namespace {

class Reader : public JsonReader {
 public:
  using JsonReader::JsonReader;

  void instance(const json::value& root) {
    const json::object* object = root.if_object();
    if (!object) return fail("input", "", "the input must be a JSON object");
    allowed(*object, "input",
            {"session_minutes", "mentors", "mentees", "pins", "exclusions", "past_pairs",
             "allow_repeat_pairs"});
    result.session_minutes =
        integer_at(*object, "input", "session_minutes", 15, 600).value_or(result.session_minutes);
    if (const auto* allow = object->if_contains("allow_repeat_pairs")) {
      if (allow->is_bool())
        result.allow_repeat_pairs = allow->get_bool();
      else
        fail("input", "allow_repeat_pairs", "must be true or false");
    }
    if (const auto* mentors = array_at(*object, "input", "mentors"))
      for (std::size_t j = 0; j < mentors->size(); ++j)
        mentor((*mentors)[j], "mentors[" + std::to_string(j) + "]");
    if (const auto* mentees = array_at(*object, "input", "mentees"))
      for (std::size_t i = 0; i < mentees->size(); ++i)
        mentee((*mentees)[i], "mentees[" + std::to_string(i) + "]");
    rules(*object, "pins", result.pins);
    rules(*object, "exclusions", result.exclusions);
    if (const auto* past = optional_array(*object, "past_pairs"))
      for (std::size_t k = 0; k < past->size(); ++k) {
        const std::string where = "past_pairs[" + std::to_string(k) + "]";
        if (const json::object* pair = object_at((*past)[k], where)) {
          allowed(*pair, where, {"mentor", "mentee"});
          result.past_pairs.push_back({string_at(*pair, where, "mentor", true).value_or(""),
                                       string_at(*pair, where, "mentee", true).value_or("")});
        }
      }
  }

  Instance result;

 private:
  void mentor(const json::value& value, const std::string& where) {
    Mentor mentor;
    if (const json::object* object = object_at(value, where)) {
      allowed(*object, where,
              {"id", "capacity", "languages", "topics", "availability", "experience"});
      mentor.id = string_at(*object, where, "id", true).value_or("");
      mentor.capacity = integer_at(*object, where, "capacity", 0, 1000).value_or(1);
      mentor.experience = integer_at(*object, where, "experience", 0, 1000).value_or(0);
      mentor.languages = strings_at(*object, where, "languages");
      mentor.topics = strings_at(*object, where, "topics");
      mentor.availability = hours(*object, where);
    }
    result.mentors.push_back(std::move(mentor));
  }

  void mentee(const json::value& value, const std::string& where) {
    Mentee mentee;
    if (const json::object* object = object_at(value, where)) {
      allowed(*object, where, {"id", "languages", "topics", "availability", "ranking"});
      mentee.id = string_at(*object, where, "id", true).value_or("");
      mentee.languages = strings_at(*object, where, "languages");
      mentee.topics = strings_at(*object, where, "topics");
      mentee.availability = hours(*object, where);
      mentee.ranking = strings_at(*object, where, "ranking");
    }
    result.mentees.push_back(std::move(mentee));
  }

  // [[begin, end], ...]
  std::vector<Interval> hours(const json::object& object, const std::string& where) {
    std::vector<Interval> out;
    const auto* list = optional_array(object, "availability", where);
    if (!list) return out;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string field = "availability[" + std::to_string(k) + "]";
      const auto* pair = (*list)[k].if_array();
      if (!pair || pair->size() != 2 || !(*pair)[0].is_number() || !(*pair)[1].is_number()) {
        fail(where, field, "must be [begin, end] in minutes from Monday 00:00 UTC");
        continue;
      }
      const auto minute = [&](const json::value& number) {
        if (number.is_int64()) return clamp(number.get_int64());
        if (number.is_uint64()) return kMinutesPerWeek + 1;
        fail(where, field, "minutes must be whole numbers");
        return 0;
      };
      out.push_back({minute((*pair)[0]), minute((*pair)[1])});
    }
    return out;
  }

  static int clamp(std::int64_t value) {
    return static_cast<int>(
        std::max<std::int64_t>(-1, std::min<std::int64_t>(value, kMinutesPerWeek + 1)));
  }

  void rules(const json::object& object, const char* key, std::vector<PairRule>& out) {
    const auto* list = optional_array(object, key);
    if (!list) return;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string where = std::string(key) + "[" + std::to_string(k) + "]";
      if (const json::object* rule = object_at((*list)[k], where)) {
        allowed(*rule, where, {"mentor", "mentee", "reason"});
        out.push_back({string_at(*rule, where, "mentor", true).value_or(""),
                       string_at(*rule, where, "mentee", true).value_or(""),
                       string_at(*rule, where, "reason", true).value_or("")});
      }
    }
  }

  const json::array* optional_array(const json::object& object, std::string_view key,
                                    const std::string& where = "input") {
    const json::value* value = object.if_contains(key);
    if (!value || value->is_null()) return nullptr;
    if (const auto* array = value->if_array()) return array;
    fail(where, std::string(key), "must be an array");
    return nullptr;
  }
};

}  // namespace

ParsedInput read_json(std::string_view text) {
  return allocation::io::read_document<Reader, ParsedInput>(
      text, [](const Instance& instance) { return validate(instance); });
}

}  // namespace moim::allocation::mentoring::io
