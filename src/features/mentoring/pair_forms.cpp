// The pair page's fields <-> the pair space's inputs. Times, numbers and
// choices are read here and refused with their field named (the messages
// in web::Fields' shapes, like forms.cpp); lengths, counts and what the
// pair may do are the service's to judge, as for the API.
#include "features/mentoring/pair_forms.hpp"

#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::mentoring::pages {

namespace {

std::string value_of(const FormFields& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::string trimmed(const FormFields& form, const std::string& name) {
  return web::trim(value_of(form, name));
}

}  // namespace

std::string goal_field(std::size_t index) { return "goal_" + std::to_string(index + 1); }
std::string reached_field(std::size_t index) { return "reached_" + std::to_string(index + 1); }

Result<std::vector<std::string>> goals_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  std::vector<std::string> goals;
  for (std::size_t index = 0; index < kMaxGoals; ++index)
    if (std::string goal = trimmed(form, goal_field(index)); !goal.empty())
      goals.push_back(std::move(goal));
  return goals;
}

boost::json::object goals_values(const std::vector<std::string>& goals) {
  boost::json::object values;
  for (std::size_t index = 0; index < kMaxGoals; ++index)
    values[goal_field(index)] = index < goals.size() ? goals[index] : "";
  return values;
}

boost::json::object goals_typed(const FormFields& form) {
  boost::json::object values;
  for (std::size_t index = 0; index < kMaxGoals; ++index)
    values[goal_field(index)] = value_of(form, goal_field(index));
  return values;
}

Result<ProposalInput> proposal_input(const FormFields& form, std::string_view zone) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  ProposalInput input;
  std::string when = trimmed(form, "starts_at");
  if (when.empty()) return Error::invalid("starts_at", "starts_at is required");
  // A browser may add seconds ("T19:00:00"); sessions are set to the
  // minute. parse_local stops after the minutes, so anything else longer
  // is some other shape and refused here.
  if (when.size() == 19 && when[16] == ':' && when[17] >= '0' && when[17] <= '5' &&
      when[18] >= '0' && when[18] <= '9')
    when.resize(16);
  auto instant = when.size() == 16 ? parse_local(when, zone) : std::nullopt;
  if (!instant)
    return Error::invalid("starts_at", "starts_at must be a date and time like 2031-03-04T19:00");
  input.starts_at = *instant;
  if (!trimmed(form, "minutes").empty()) {
    auto minutes = whole_field(form, "minutes", 15, 600);
    if (!minutes) return minutes.error();
    input.minutes = minutes.value();
  }
  return input;
}

boost::json::object proposal_typed(const FormFields& form) {
  return {{"starts_at", trimmed(form, "starts_at")}, {"minutes", trimmed(form, "minutes")}};
}

Result<std::string> answer_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  const std::string action = trimmed(form, "action");
  if (action != "confirm" && action != "cancel" && action != "held")
    return Error::invalid("action", "action must be confirm, cancel or held");
  return action;
}

Result<NoteInput> note_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  NoteInput input;
  input.body = trimmed(form, "body");
  if (const std::string session = trimmed(form, "session_id"); !session.empty()) {
    auto id = form_number(session);
    if (!id || *id <= 0)
      return Error::invalid("session_id", "session_id: not a session of this pair");
    input.session_id = *id;
  }
  input.share = form.contains("share");
  return input;
}

boost::json::object note_typed(const FormFields& form) {
  return {{"body", value_of(form, "body")},
          {"session_id", trimmed(form, "session_id")},
          {"share", form.contains("share")}};
}

Result<bool> share_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  const std::string share = trimmed(form, "share");
  if (share != "1" && share != "0") return Error::invalid("share", "share must be 1 or 0");
  return share == "1";
}

Result<CheckinInput> checkin_input(const FormFields& form) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  CheckinInput input;
  const std::string light = trimmed(form, "light");
  if (light == "green")
    input.light = Light::green;
  else if (light == "yellow")
    input.light = Light::yellow;
  else if (light == "red")
    input.light = Light::red;
  else
    return Error::invalid("light", "light must be green, yellow or red");
  input.comment = trimmed(form, "comment");
  input.wants_help = form.contains("wants_help");
  return input;
}

boost::json::object checkin_values(const std::optional<Checkin>& checkin) {
  if (!checkin) return {{"light", ""}, {"comment", ""}, {"wants_help", false}};
  return {{"light", std::string(light_name(checkin->light))},
          {"comment", checkin->comment},
          {"wants_help", checkin->wants_help}};
}

boost::json::object checkin_typed(const FormFields& form) {
  return {{"light", trimmed(form, "light")},
          {"comment", value_of(form, "comment")},
          {"wants_help", form.contains("wants_help")}};
}

Result<FeedbackInput> feedback_input(const FormFields& form, std::size_t goals, bool mentee) {
  if (auto sizes = check_form_sizes(form); !sizes) return sizes.error();
  FeedbackInput input;
  auto rating = whole_field(form, "rating", 1, 5);
  if (!rating) return rating.error();
  input.rating = rating.value();
  input.comment = trimmed(form, "comment");
  // An unticked box sends nothing: every goal without one is not reached.
  if (mentee) {
    std::vector<bool> reached(goals, false);
    for (std::size_t index = 0; index < goals; ++index)
      reached[index] = form.contains(reached_field(index));
    input.goals_reached = std::move(reached);
  }
  return input;
}

boost::json::object feedback_values(const std::optional<Feedback>& feedback,
                                    const std::vector<bool>& reached) {
  boost::json::object values{{"rating", feedback ? std::to_string(feedback->rating) : ""},
                             {"comment", feedback ? feedback->comment : ""}};
  for (std::size_t index = 0; index < reached.size(); ++index)
    values[reached_field(index)] = static_cast<bool>(reached[index]);
  return values;
}

boost::json::object feedback_typed(const FormFields& form, std::size_t goals) {
  boost::json::object values{{"rating", trimmed(form, "rating")},
                             {"comment", value_of(form, "comment")}};
  for (std::size_t index = 0; index < goals; ++index)
    values[reached_field(index)] = form.contains(reached_field(index));
  return values;
}

}  // namespace moim::mentoring::pages
