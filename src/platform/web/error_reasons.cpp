#include "platform/web/error_reasons.hpp"

#include <regex>
#include <vector>

namespace moim::web {

namespace {

struct Shape {
  std::regex pattern;
  std::string key;
  int limit_group = 0;  // which capture holds {limit}; 0: none
  int min_group = 0;
  bool period = false;  // captures 1 and 2 are {from} and {to}
  bool precise = false;
};

const std::vector<Shape>& shapes() {
  static const std::vector<Shape> kShapes = [] {
    std::vector<Shape> list;
    auto add = [&](const char* pattern, const char* key, int limit_group = 0, int min_group = 0) {
      list.push_back({std::regex(pattern), key, limit_group, min_group, false, false});
    };
    auto add_precise = [&](const char* pattern, const char* key) {
      list.push_back({std::regex(pattern), key, 0, 0, false, true});
    };
    // web::Fields (input.cpp) and check_texts.
    add(R"(^each of \S+ must be at most (\d+) characters$)", "item_too_long", 1);
    add(R"(^\S+ must be at most (\d+) characters$)", "too_long", 1);
    add(R"(^\S+ must be at least (\d+) characters$)", "too_short", 0, 1);
    add(R"(^\S+ is required$)", "required");
    add(R"(^\S+ must be a whole number$)", "not_integer");
    add(R"(^\S+ must be between (-?\d+) and (-?\d+)$)", "out_of_range", 2, 1);
    add(R"(^\S+ must be (\d+) to (\d+)$)", "out_of_range", 2, 1);
    add(R"(^\S+ must be true or false$)", "not_boolean");
    add(R"(^\S+ must be a list of text$)", "not_list");
    add(R"(^\S+ (is not valid UTF-8|must not contain NUL characters)$)", "not_utf8");
    add(R"(^\S+ must be text$)", "not_text");
    add(R"(^\S+ may have at most (\d+) (entries|items)$)", "too_many_items", 1);
    // Times and a cohort's phases (academy).
    add(R"(^\S+ must be a time like .*$)", "not_time");
    add_precise(R"(^the \S+ phase must end after it starts$)", "phase_ends_before_start");
    add_precise(R"(^the \S+ phase must start after the previous one ends$)", "phase_overlaps");
    add_precise(R"(^give every phase a start and an end$)", "phase_incomplete");
    list.push_back(
        {std::regex(R"(^\S+ must be within the cohort's running phase \((\S+) to (\S+)\)$)"),
         "outside_cohort", 0, 0, true, true});
    return list;
  }();
  return kShapes;
}

long long number(const std::smatch& match, int group) {
  if (group == 0) return 0;
  try {
    return std::stoll(match[group].str());
  } catch (...) {
    return 0;
  }
}

}  // namespace

std::optional<ErrorReason> reason_of(const Error& error) {
  if (error.code != "invalid" || error.message.size() > 300) return std::nullopt;
  for (const Shape& shape : shapes()) {
    std::smatch match;
    if (!std::regex_match(error.message, match, shape.pattern)) continue;
    ErrorReason reason{
        shape.key,    number(match, shape.limit_group), number(match, shape.min_group), "", "",
        shape.precise};
    if (shape.period) {
      reason.from = match[1].str();
      reason.to = match[2].str();
    }
    return reason;
  }
  return std::nullopt;
}

}  // namespace moim::web
