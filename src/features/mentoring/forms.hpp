// The mentoring pages' forms as the service's inputs, and back (forms.cpp,
// unit-tested in forms_test.cpp). This file only reads text into numbers,
// lists and choices, refusing with the field named; the limits and rules are
// the service's, which checks everything again.
//
// A page form always sends the whole profile, so every field of a parsed
// input is set (an unticked list is an empty list, not "unchanged").
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "features/mentoring/mentoring_service.hpp"

namespace moim::mentoring::pages {

using FormFields = std::map<std::string, std::string>;

// Shared by the page forms (forms.cpp, pair_forms.cpp). Every value
// readable (UTF-8) and of a sane size, before any is looked at.
Status check_form_sizes(const FormFields& form);
// A whole number written in full ("12"; not "12x", "1e3" or "").
std::optional<std::int64_t> form_number(std::string_view text);
// A required whole number within [low, high], refused with its name.
Result<int> whole_field(const FormFields& form, const std::string& name, int low, int high);

// Program: name, description, starts_on, ends_on ("YYYY-MM-DD"), format
// (one_to_one | group), cadence_days, sessions, session_minutes, languages
// and topics (comma- or line-separated), audience (members | anyone), the
// checkboxes allow_repeat_pairs and, when `editing`, signups_closed.
Result<ProgramInput> program_input(const FormFields& form, bool editing);
boost::json::object program_values(const Program& program);
boost::json::object program_defaults();
boost::json::object program_typed(const FormFields& form);

// A word list of a sign-up form: a checkbox per word of the program's list
// ("languages_0", "languages_1", ... whose values are the words) and a
// comma-separated text field of the list's own name, both optional.
std::vector<std::string> chosen_words(const FormFields& form, const std::string& name);

// Mentor: capacity, languages, topics, time_zone, availability (one
// stretch a line), bio, help_with.
Result<OfferInput> offer_input(const FormFields& form);
boost::json::object offer_values(const Offer& offer);
boost::json::object offer_defaults(const std::string& zone);
boost::json::object offer_typed(const FormFields& form);

// Mentee: goal_1..goal_3 (blank ones skipped), languages, topics,
// time_zone, availability, ranking_1..ranking_5 (offer ids, blank skipped).
inline constexpr int kGoalInputs = 3;
Result<ApplicationInput> application_input(const FormFields& form);
boost::json::object application_values(const Application& application);
boost::json::object application_defaults(const std::string& zone);
boost::json::object application_typed(const FormFields& form);

// Organizers' small forms on the review page.
struct ReviewInput {
  bool accept = false;
  std::string reason;
};
Result<ReviewInput> review_input(const FormFields& form);  // decision=accept|decline, reason

struct RuleInput {
  std::int64_t offer_id = 0;
  std::int64_t application_id = 0;
  bool pin = false;
  std::string reason;
};
Result<RuleInput> rule_input(const FormFields& form);  // offer_id, application_id, kind=pin|exclude
boost::json::object rule_typed(const FormFields& form);

struct MatchInput {
  allocation::mentoring::Mode mode = allocation::mentoring::Mode::fit;
  std::uint64_t seed = 0;
};
Result<MatchInput> match_input(const FormFields& form);  // mode=fit|stable, seed
boost::json::object match_typed(const FormFields& form);

// What is wrong with typed weekly hours, as a catalog key of the room
// ("mentoring_error_availability_day") and the line it is on (0: none), read
// from the service's message (week_hours.cpp); nullopt for other errors.
struct HoursProblem {
  std::string key;
  int line = 0;
};
std::optional<HoursProblem> hours_problem(const Error& error);

}  // namespace moim::mentoring::pages
