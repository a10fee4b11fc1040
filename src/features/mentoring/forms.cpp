// The page forms' fields <-> the service's inputs. Numbers, dates and
// choices are read here and refused with their field named; lengths beyond a
// field's size guard, words in the program's lists, zones and hours are the
// service's to judge (it does so for the API too).
#include "features/mentoring/forms.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring::pages {

namespace {

// Far above every field's own limit (a description of 5000 Korean
// characters is 15000 bytes): only a guard against pasted novels.
constexpr std::size_t kMaxFieldBytes = 32768;

std::string value_of(const FormFields& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::string trimmed(const FormFields& form, const std::string& name) {
  return web::trim(value_of(form, name));
}

// "YYYY-MM-DD": the shape only; whether the day exists and the order of
// the two days are the service's (it reads them in the community's zone).
Result<std::string> day(const FormFields& form, const std::string& name) {
  const std::string text = trimmed(form, name);
  if (text.empty()) return Error::invalid(name, name + " is required");
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t at = 0; shaped && at < text.size(); ++at)
    if (at != 4 && at != 7) shaped = text[at] >= '0' && text[at] <= '9';
  const int month = shaped ? (text[5] - '0') * 10 + (text[6] - '0') : 0;
  const int day_of_month = shaped ? (text[8] - '0') * 10 + (text[9] - '0') : 0;
  if (!shaped || month < 1 || month > 12 || day_of_month < 1 || day_of_month > 31)
    return Error::invalid(name, name + " must be a date like 2027-03-02");
  return text;
}

Result<std::string> choice(const FormFields& form, const std::string& name, std::string_view first,
                           std::string_view second) {
  const std::string text = trimmed(form, name);
  if (text != first && text != second)
    return Error::invalid(name,
                          name + " must be " + std::string(first) + " or " + std::string(second));
  return text;
}

void add_words(std::vector<std::string>& words, std::string_view text) {
  while (!text.empty()) {
    const std::size_t cut = text.find_first_of(",\n");
    std::string word = web::trim(text.substr(0, cut));
    text = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
    if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end())
      words.push_back(std::move(word));
  }
}

Result<std::vector<std::string>> words(const FormFields& form, const std::string& name,
                                       std::size_t max_items) {
  std::vector<std::string> list = chosen_words(form, name);
  if (list.size() > max_items)
    return Error::invalid(name, name + " may have at most " + std::to_string(max_items) + " items");
  for (const auto& word : list)
    if (web::utf8_length(word) > kMaxWordChars)
      return Error::invalid(name, "each of " + name + " must be at most " +
                                      std::to_string(kMaxWordChars) + " characters");
  return list;
}

std::string joined_words(const std::vector<std::string>& list) {
  std::string text;
  for (const auto& word : list) text += (text.empty() ? "" : ", ") + word;
  return text;
}

boost::json::array json_words(const std::vector<std::string>& list) {
  boost::json::array array;
  for (const auto& word : list) array.emplace_back(word);
  return array;
}

// Typed weekly hours keep their lines; only the ends are trimmed.
std::string hours_text(const FormFields& form) { return trimmed(form, "availability"); }

std::string goal_name(int index) { return "goal_" + std::to_string(index); }
std::string rank_name(int index) { return "ranking_" + std::to_string(index); }

}  // namespace

Status check_form_sizes(const FormFields& form) {
  for (const auto& [name, value] : form) {
    if (value.size() > kMaxFieldBytes) return Error::invalid(name, name + " is too long");
    if (!web::is_valid_utf8(value)) return Error::invalid(name, name + " is not valid UTF-8");
  }
  return ok_status();
}

std::optional<std::int64_t> form_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The messages are web::Fields' shapes, so pages without a sentence of
// their own still say what is wrong (platform/web/error_reasons.cpp).
Result<int> whole_field(const FormFields& form, const std::string& name, int low, int high) {
  const std::string text = trimmed(form, name);
  if (text.empty()) return Error::invalid(name, name + " is required");
  auto value = form_number(text);
  if (!value) return Error::invalid(name, name + " must be a whole number");
  if (*value < low || *value > high)
    return Error::invalid(
        name, name + " must be between " + std::to_string(low) + " and " + std::to_string(high));
  return static_cast<int>(*value);
}

std::vector<std::string> chosen_words(const FormFields& form, const std::string& name) {
  // The boxes in the order the page listed them (their index), not the
  // order of the names as text ("languages_10" before "languages_2").
  std::vector<std::pair<std::int64_t, std::string>> boxes;
  const std::string prefix = name + "_";
  for (auto found = form.lower_bound(prefix); found != form.end(); ++found) {
    if (!found->first.starts_with(prefix)) break;
    if (auto index = form_number(found->first.substr(prefix.size())); index && *index >= 0)
      boxes.emplace_back(*index, found->second);
  }
  std::sort(boxes.begin(), boxes.end());
  std::vector<std::string> list;
  for (const auto& [index, word] : boxes) add_words(list, word);
  add_words(list, value_of(form, name));
  return list;
}

Result<ProgramInput> program_input(const FormFields& form, bool editing) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  ProgramInput input;
  input.name = trimmed(form, "name");
  if (input.name->empty()) return Error::invalid("name", "name is required");
  input.description = trimmed(form, "description");
  auto starts = day(form, "starts_on");
  if (!starts) return starts.error();
  input.starts_on = starts.value();
  auto ends = day(form, "ends_on");
  if (!ends) return ends.error();
  input.ends_on = ends.value();
  auto format = choice(form, "format", "one_to_one", "group");
  if (!format) return format.error();
  input.format = format.value();
  // The database's bounds (migrations/0027_mentoring.sql).
  for (auto [target, name, low, high] :
       {std::tuple{&input.cadence_days, "cadence_days", 1, 90},
        std::tuple{&input.sessions, "sessions", 1, 52},
        std::tuple{&input.session_minutes, "session_minutes", 15, 600}}) {
    auto value = whole_field(form, name, low, high);
    if (!value) return value.error();
    *target = value.value();
  }
  auto languages = words(form, "languages", kMaxLanguages);
  if (!languages) return languages.error();
  input.languages = std::move(languages.value());
  auto topics = words(form, "topics", kMaxTopics);
  if (!topics) return topics.error();
  input.topics = std::move(topics.value());
  auto audience = choice(form, "audience", "members", "anyone");
  if (!audience) return audience.error();
  input.audience = audience.value();
  input.allow_repeat_pairs = form.contains("allow_repeat_pairs");
  if (editing) input.signups_closed = form.contains("signups_closed");
  return input;
}

boost::json::object program_values(const Program& program) {
  // ends_at is the midnight after the last day: a second before is that day.
  return {{"name", program.name},
          {"description", program.description},
          {"starts_on", format_local(program.starts_at, program.time_zone, "%Y-%m-%d")},
          {"ends_on", format_local(program.ends_at - 1, program.time_zone, "%Y-%m-%d")},
          {"format", program.format == Format::group ? "group" : "one_to_one"},
          {"cadence_days", std::to_string(program.cadence_days)},
          {"sessions", std::to_string(program.sessions)},
          {"session_minutes", std::to_string(program.session_minutes)},
          {"languages", joined_words(program.languages)},
          {"topics", joined_words(program.topics)},
          {"audience", program.audience == Audience::anyone ? "anyone" : "members"},
          {"allow_repeat_pairs", program.allow_repeat_pairs},
          {"signups_closed", program.signups_closed_at.has_value()}};
}

boost::json::object program_defaults() {
  return {{"name", ""},
          {"description", ""},
          {"starts_on", ""},
          {"ends_on", ""},
          {"format", "one_to_one"},
          {"cadence_days", "14"},
          {"sessions", "6"},
          {"session_minutes", "60"},
          {"languages", ""},
          {"topics", ""},
          {"audience", "members"},
          {"allow_repeat_pairs", false},
          {"signups_closed", false}};
}

boost::json::object program_typed(const FormFields& form) {
  boost::json::object values;
  for (const char* name : {"name", "description", "starts_on", "ends_on", "format", "cadence_days",
                           "sessions", "session_minutes", "languages", "topics", "audience"})
    values[name] = value_of(form, name);
  values["allow_repeat_pairs"] = form.contains("allow_repeat_pairs");
  values["signups_closed"] = form.contains("signups_closed");
  return values;
}

Result<OfferInput> offer_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  OfferInput input;
  auto capacity = whole_field(form, "capacity", 1, kMaxCapacity);
  if (!capacity) return capacity.error();
  input.capacity = capacity.value();
  auto languages = words(form, "languages", kMaxLanguages);
  if (!languages) return languages.error();
  input.languages = std::move(languages.value());
  auto topics = words(form, "topics", kMaxTopics);
  if (!topics) return topics.error();
  input.topics = std::move(topics.value());
  input.time_zone = trimmed(form, "time_zone");
  if (input.time_zone->empty()) return Error::invalid("time_zone", "time_zone is required");
  input.availability = hours_text(form);
  input.bio = trimmed(form, "bio");
  input.help_with = trimmed(form, "help_with");
  return input;
}

boost::json::object offer_values(const Offer& offer) {
  return {{"capacity", std::to_string(offer.capacity)},
          {"languages", json_words(offer.profile.languages)},
          {"topics", json_words(offer.profile.topics)},
          {"time_zone", offer.profile.time_zone},
          {"availability", offer.profile.availability},
          {"bio", offer.bio},
          {"help_with", offer.help_with}};
}

boost::json::object offer_defaults(const std::string& zone) {
  return {{"capacity", "1"},
          {"languages", boost::json::array()},
          {"topics", boost::json::array()},
          {"time_zone", zone},
          {"availability", ""},
          {"bio", ""},
          {"help_with", ""}};
}

boost::json::object offer_typed(const FormFields& form) {
  return {{"capacity", value_of(form, "capacity")},
          {"languages", json_words(chosen_words(form, "languages"))},
          {"topics", json_words(chosen_words(form, "topics"))},
          {"time_zone", trimmed(form, "time_zone")},
          {"availability", hours_text(form)},
          {"bio", value_of(form, "bio")},
          {"help_with", value_of(form, "help_with")}};
}

Result<ApplicationInput> application_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  ApplicationInput input;
  std::vector<std::string> goals;
  for (int index = 1; index <= kGoalInputs; ++index)
    if (std::string goal = trimmed(form, goal_name(index)); !goal.empty())
      goals.push_back(std::move(goal));
  input.goals = std::move(goals);
  auto languages = words(form, "languages", kMaxLanguages);
  if (!languages) return languages.error();
  input.languages = std::move(languages.value());
  auto topics = words(form, "topics", kMaxTopics);
  if (!topics) return topics.error();
  input.topics = std::move(topics.value());
  input.time_zone = trimmed(form, "time_zone");
  if (input.time_zone->empty()) return Error::invalid("time_zone", "time_zone is required");
  input.availability = hours_text(form);
  std::vector<std::int64_t> ranking;
  for (int index = 1; index <= allocation::mentoring::kMaxRanking; ++index) {
    const std::string text = trimmed(form, rank_name(index));
    if (text.empty()) continue;  // "no one" in this place
    auto offer_id = form_number(text);
    if (!offer_id || *offer_id <= 0)
      return Error::invalid("ranking", "ranking must list mentors of this program");
    if (std::find(ranking.begin(), ranking.end(), *offer_id) != ranking.end())
      return Error::invalid("ranking", "rank each mentor once");
    ranking.push_back(*offer_id);
  }
  input.ranking = std::move(ranking);
  return input;
}

boost::json::object application_values(const Application& application) {
  boost::json::object values{{"languages", json_words(application.profile.languages)},
                             {"topics", json_words(application.profile.topics)},
                             {"time_zone", application.profile.time_zone},
                             {"availability", application.profile.availability}};
  for (int index = 1; index <= kGoalInputs; ++index) {
    const auto at = static_cast<std::size_t>(index - 1);
    values[goal_name(index)] = at < application.goals.size() ? application.goals[at] : "";
  }
  boost::json::array ranking;
  for (std::int64_t offer_id : application.ranking) ranking.emplace_back(std::to_string(offer_id));
  values["ranking"] = std::move(ranking);
  return values;
}

boost::json::object application_defaults(const std::string& zone) {
  boost::json::object values{{"languages", boost::json::array()},
                             {"topics", boost::json::array()},
                             {"time_zone", zone},
                             {"availability", ""},
                             {"ranking", boost::json::array()}};
  for (int index = 1; index <= kGoalInputs; ++index) values[goal_name(index)] = "";
  return values;
}

boost::json::object application_typed(const FormFields& form) {
  boost::json::object values{{"languages", json_words(chosen_words(form, "languages"))},
                             {"topics", json_words(chosen_words(form, "topics"))},
                             {"time_zone", trimmed(form, "time_zone")},
                             {"availability", hours_text(form)}};
  for (int index = 1; index <= kGoalInputs; ++index)
    values[goal_name(index)] = value_of(form, goal_name(index));
  // Place by place, blanks kept: the selects come back as they were left.
  boost::json::array ranking;
  for (int index = 1; index <= allocation::mentoring::kMaxRanking; ++index)
    ranking.emplace_back(trimmed(form, rank_name(index)));
  values["ranking"] = std::move(ranking);
  return values;
}

Result<ReviewInput> review_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  auto decision = choice(form, "decision", "accept", "decline");
  if (!decision) return decision.error();
  return ReviewInput{decision.value() == "accept", trimmed(form, "reason")};
}

Result<RuleInput> rule_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  RuleInput input;
  auto offer_id = form_number(trimmed(form, "offer_id"));
  if (!offer_id || *offer_id <= 0) return Error::invalid("offer_id", "offer_id: choose a mentor");
  input.offer_id = *offer_id;
  auto application_id = form_number(trimmed(form, "application_id"));
  if (!application_id || *application_id <= 0)
    return Error::invalid("application_id", "application_id: choose a mentee");
  input.application_id = *application_id;
  auto kind = choice(form, "kind", "pin", "exclude");
  if (!kind) return kind.error();
  input.pin = kind.value() == "pin";
  input.reason = trimmed(form, "reason");
  return input;
}

boost::json::object rule_typed(const FormFields& form) {
  return {{"offer_id", trimmed(form, "offer_id")},
          {"application_id", trimmed(form, "application_id")},
          {"kind", trimmed(form, "kind")},
          {"reason", value_of(form, "reason")}};
}

Result<MatchInput> match_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  MatchInput input;
  auto mode = choice(form, "mode", "fit", "stable");
  if (!mode) return mode.error();
  input.mode = mode.value() == "stable" ? allocation::mentoring::Mode::stable
                                        : allocation::mentoring::Mode::fit;
  // A run's seed is stored as a signed 64-bit number.
  const std::string text = trimmed(form, "seed");
  if (text.empty()) return Error::invalid("seed", "seed is required");
  auto seed = form_number(text);
  if (!seed) return Error::invalid("seed", "seed must be a whole number");
  if (*seed < 0)
    return Error::invalid("seed", "seed must be between 0 and " +
                                      std::to_string(std::numeric_limits<std::int64_t>::max()));
  input.seed = static_cast<std::uint64_t>(*seed);
  return input;
}

boost::json::object match_typed(const FormFields& form) {
  return {{"mode", trimmed(form, "mode")}, {"seed", trimmed(form, "seed")}};
}

std::optional<HoursProblem> hours_problem(const Error& error) {
  if (error.code != "invalid" || !error.field.starts_with("availability")) return std::nullopt;
  const std::string& message = error.message;
  HoursProblem problem;
  if (const auto at = message.find(": line "); at != std::string::npos) {
    std::size_t digits = at + 7;
    while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') {
      problem.line = problem.line * 10 + (message[digits] - '0');
      if (problem.line > 100000) return std::nullopt;
      ++digits;
    }
  }
  // The shapes of utc_week_hours' messages (week_hours.cpp; forms_test
  // pins each, so a reworded message fails there).
  if (message.find("start with a day") != std::string::npos)
    problem.key = "mentoring_error_availability_day";
  else if (message.find("HH:MM-HH:MM") != std::string::npos)
    problem.key = "mentoring_error_availability_hours";
  else if (message.find(" lines") != std::string::npos &&
           message.find("at most") != std::string::npos)
    problem.key = "mentoring_error_availability_lines";
  else if (message.find("at least one stretch") != std::string::npos)
    problem.key = "mentoring_error_availability_empty";
  else if (message.find("daylight saving") != std::string::npos)
    problem.key = "mentoring_error_availability_dst";
  else
    return std::nullopt;
  return problem;
}

}  // namespace moim::mentoring::pages
