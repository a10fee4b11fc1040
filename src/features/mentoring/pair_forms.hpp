// The pair page's forms as the pair space's inputs (pair_forms.cpp,
// unit-tested in pair_forms_test.cpp), and what was typed, kept for a form
// that comes back refused. Like forms.hpp this only reads text into
// numbers, times and choices, refusing with the field named; lengths,
// counts and who may do what are the service's (pair_space.hpp).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/mentoring/forms.hpp"
#include "features/mentoring/pair_space.hpp"

namespace moim::mentoring::pages {

// The agreed goals: goal_1..goal_3, blank ones skipped (the service asks
// for one to three).
Result<std::vector<std::string>> goals_input(const FormFields& form);
boost::json::object goals_values(const std::vector<std::string>& goals);
boost::json::object goals_typed(const FormFields& form);

// A session: starts_at as an HTML datetime-local value ("2031-03-04T19:00")
// read in `zone` (the proposer's own), and minutes (blank: the program's).
struct ProposalInput {
  std::int64_t starts_at = 0;
  std::optional<int> minutes;
};
Result<ProposalInput> proposal_input(const FormFields& form, std::string_view zone);
boost::json::object proposal_typed(const FormFields& form);

// The answer to a session: action=confirm|cancel|held.
Result<std::string> answer_input(const FormFields& form);

// A note: body, session_id (blank: none) and the share checkbox.
struct NoteInput {
  std::string body;
  std::optional<std::int64_t> session_id;
  bool share = false;
};
Result<NoteInput> note_input(const FormFields& form);
boost::json::object note_typed(const FormFields& form);

// The viewer's own agreement to show a note: share=1|0.
Result<bool> share_input(const FormFields& form);

// The mid-point check-in: light=green|yellow|red, comment, wants_help.
struct CheckinInput {
  Light light = Light::green;
  std::string comment;
  bool wants_help = false;
};
Result<CheckinInput> checkin_input(const FormFields& form);
// The viewer's check-in as stored; none yet: no light chosen.
boost::json::object checkin_values(const std::optional<Checkin>& checkin);
boost::json::object checkin_typed(const FormFields& form);

// Feedback: rating (1-5), comment, and for the mentee one checkbox a
// goal (reached_1..reached_<goals>; unticked: not reached). The mentor's
// form has no boxes and sends no marks.
struct FeedbackInput {
  int rating = 0;
  std::string comment;
  std::optional<std::vector<bool>> goals_reached;
};
Result<FeedbackInput> feedback_input(const FormFields& form, std::size_t goals, bool mentee);
// The viewer's feedback as stored (none yet: no rating) and the goals'
// marks.
boost::json::object feedback_values(const std::optional<Feedback>& feedback,
                                    const std::vector<bool>& reached);
boost::json::object feedback_typed(const FormFields& form, std::size_t goals);

// The form's names for the goal at `index` (0-based): its text
// ("goal_1") and its box at the end ("reached_1").
std::string goal_field(std::size_t index);
std::string reached_field(std::size_t index);

}  // namespace moim::mentoring::pages
