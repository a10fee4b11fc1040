// Reading academy input, shared by the pages' forms and the API's JSON
// bodies: cohort and project fields, catalog filters, times in the
// community's zone (declared in routes.hpp).
#include <charconv>
#include <tuple>

#include "features/academy/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::academy {

Result<std::int64_t> parse_time(const std::string& text, const std::string& zone,
                                const std::string& field) {
  // "2026-03-01T09:00:00Z" (UTC, the API's output shape) or "2026-03-01T09:00" local.
  if (text.size() == 20 && text.back() == 'Z' && text.substr(16, 3) == ":00") {
    if (auto utc = parse_local(text.substr(0, 16), "UTC")) return *utc;
  } else if (text.size() == 16) {
    if (auto local = parse_local(text, zone)) return *local;
  }
  return Error::invalid(field, field + " must be a time like 2026-03-01T09:00");
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = web::trim(text.substr(start, end - start));
    if (!line.empty()) items.push_back(line);
    start = end + 1;
  }
  return items;
}

Result<CohortInput> cohort_input(const web::Fields& fields, const std::string& zone) {
  CohortInput input;
  for (auto [target, name, max] :
       {std::tuple{&input.key, "key", std::size_t{40}},
        std::tuple{&input.name, "name", std::size_t{40}},
        std::tuple{&input.description, "description", std::size_t{2000}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
  }
  for (auto [target, name, low, high] :
       {std::tuple{&input.max_choices, "max_choices", 1, 10},
        std::tuple{&input.min_attendance_percent, "min_attendance_percent", 0, 100},
        std::tuple{&input.min_submissions, "min_submissions", 0, 100},
        std::tuple{&input.seat_confirm_hours, "seat_confirm_hours", 1, 720},
        std::tuple{&input.late_join_days, "late_join_days", 0, 90}}) {
    auto value = fields.optional_integer(name, low, high);
    if (!value) return value.error();
    if (*value) *target = static_cast<int>(**value);
  }
  for (auto [target, name] : {std::pair{&input.auditing_open, "auditing_open"},
                              std::pair{&input.retrospective_required, "retrospective_required"}}) {
    auto value = fields.optional_boolean(name);
    if (!value) return value.error();
    *target = value.value();
  }
  auto questions = fields.optional_list("questions", kMaxQuestions, kMaxQuestionChars);
  if (!questions) return questions.error();
  input.questions = questions.value();
  // Phases: phases.<name>.starts_at / ends_at flattened as <name>_starts_at.
  bool any_phase = false;
  std::vector<PhaseWindow> phases;
  for (Phase phase : kAllPhases) {
    const std::string name(phase_name(phase));
    PhaseWindow window{phase, 0, 0};
    for (auto [target, suffix] :
         {std::pair{&window.starts_at, "_starts_at"}, std::pair{&window.ends_at, "_ends_at"}}) {
      auto text = fields.optional_text(name + suffix, 40);
      if (!text) return text.error();
      if (!text->has_value() || (*text)->empty()) continue;
      any_phase = true;
      auto time = parse_time(**text, zone, "phases." + name);
      if (!time) return time.error();
      *target = time.value();
    }
    phases.push_back(window);
  }
  if (any_phase) {
    for (const auto& window : phases) {
      if (window.starts_at == 0 || window.ends_at == 0) {
        return Error::invalid("phases." + std::string(phase_name(window.phase)),
                              "give every phase a start and an end");
      }
    }
    input.phases = std::move(phases);
  }
  return input;
}

Result<ProjectInput> project_input(const web::Fields& fields) {
  ProjectInput input;
  for (auto [target, name, max] : {std::tuple{&input.title, "title", kMaxTitleChars},
                                   std::tuple{&input.summary, "summary", kMaxSummaryChars},
                                   std::tuple{&input.description, "description", kMaxMarkdownChars},
                                   std::tuple{&input.kind, "kind", std::size_t{20}},
                                   std::tuple{&input.level, "level", std::size_t{20}},
                                   std::tuple{&input.language, "language", std::size_t{10}},
                                   std::tuple{&input.mode, "mode", std::size_t{10}},
                                   std::tuple{&input.place, "place", kMaxPlaceChars},
                                   std::tuple{&input.start_time, "start_time", std::size_t{5}},
                                   std::tuple{&input.time_zone, "time_zone", std::size_t{64}},
                                   std::tuple{&input.starts_on, "starts_on", std::size_t{10}},
                                   std::tuple{&input.ends_on, "ends_on", std::size_t{10}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
    if (*target && (*target)->empty() && std::string_view(name) != "summary" &&
        std::string_view(name) != "description" && std::string_view(name) != "place")
      target->reset();
  }
  for (auto [target, name, low, high] :
       {std::tuple{&input.weekday, "weekday", 0, 6},
        std::tuple{&input.duration_minutes, "duration_minutes", 15, 480},
        std::tuple{&input.min_runners, "min_runners", 0, kMaxCapacity},
        std::tuple{&input.max_runners, "max_runners", 1, kMaxCapacity}}) {
    auto value = fields.optional_integer(name, low, high);
    if (!value) return value.error();
    if (*value) *target = static_cast<int>(**value);
  }
  auto welcome = fields.optional_boolean("auditors_welcome");
  if (!welcome) return welcome.error();
  input.auditors_welcome = welcome.value();
  auto tags = fields.optional_list("tags", kMaxTags, kMaxTagChars);
  if (!tags) return tags.error();
  input.tags = tags.value();
  auto questions = fields.optional_list("questions", kMaxQuestions, kMaxQuestionChars);
  if (!questions) return questions.error();
  input.questions = questions.value();
  auto co_builders = fields.optional_list("co_builders", 5, 20);
  if (!co_builders) return co_builders.error();
  for (const auto& text : co_builders->value_or(std::vector<std::string>{})) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
      return Error::invalid("co_builders", "co_builders are user ids");
    input.co_builders.push_back(id);
  }
  return input;
}

Result<CatalogQuery> catalog_query(const http::Request& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
  web::Fields fields(params);
  CatalogQuery query;
  auto text = fields.optional_text("q", 100);
  if (!text) return text.error();
  query.text = text->value_or("");
  for (auto [target, name, names] :
       {std::tuple{&query.kind, "kind",
                   std::vector<std::string_view>(kKinds.begin(), kKinds.end())},
        std::tuple{&query.level, "level",
                   std::vector<std::string_view>(kLevels.begin(), kLevels.end())},
        std::tuple{&query.language, "language",
                   std::vector<std::string_view>(kLanguages.begin(), kLanguages.end())},
        std::tuple{&query.mode, "mode",
                   std::vector<std::string_view>(kModes.begin(), kModes.end())}}) {
    auto value = fields.optional_text(name, 20);
    if (!value) return value.error();
    if (!value->has_value() || (*value)->empty()) continue;
    if (std::find(names.begin(), names.end(), **value) == names.end())
      return Error::invalid(name, std::string(name) + " is not one of the offered values");
    *target = **value;
  }
  auto tag = fields.optional_text("tag", kMaxTagChars);
  if (!tag) return tag.error();
  if (tag->has_value() && !(*tag)->empty()) query.tag = **tag;
  auto weekday = fields.optional_integer("weekday", 0, 6);
  if (!weekday) return weekday.error();
  if (*weekday) query.weekday = static_cast<int>(**weekday);
  for (auto [target, name] : {std::pair{&query.seats_left, "seats_left"},
                              std::pair{&query.auditors_welcome, "auditors_welcome"}}) {
    auto value = fields.optional_boolean(name);
    if (!value) return value.error();
    *target = value->value_or(false);
  }
  auto status = fields.optional_text("status", 20);
  if (!status) return status.error();
  if (status->has_value() && !(*status)->empty()) {
    query.status = parse_status(**status);
    if (!query.status)
      return Error::invalid("status",
                            "status must be proposed, changes_requested, approved or declined");
  }
  return query;
}

}  // namespace moim::academy
