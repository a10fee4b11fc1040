// Registration questions inside the registration's transaction: take_seat
// checks the answers before it takes a seat and writes them beside the
// registration, so a refused answer writes nothing. Private to the room.
#pragma once

#include <vector>

#include "features/events/internal.hpp"

namespace moim::events::internal {

struct CheckedAnswer {
  std::int64_t question_id = 0;
  std::string label;
  std::string answer;                // text; consent: "yes"
  std::vector<std::string> choices;  // choice
};

// The event's questions in order; deleted ones too when `with_deleted`.
Result<std::vector<RegistrationQuestion>> questions_of(db::Transaction& transaction,
                                                       std::int64_t event_id, bool with_deleted);

// The answers for a registration of `ticket_type_id`: a 422 naming
// `answers[i].question_id` (no such question) or `answers.<question id>` (a
// required one missing, an unticked required consent, a choice that is not an
// option, text too long). Answers to questions of other ticket types are
// ignored. `skip_required`: organizers adding by hand, staff at the door.
Result<std::vector<CheckedAnswer>> check_answers(db::Transaction& transaction,
                                                 std::int64_t event_id, std::int64_t ticket_type_id,
                                                 const std::vector<AnswerInput>& answers,
                                                 bool skip_required);
// Replaces the registration's answers (a registration renewed after
// cancelling answers afresh).
Status save_answers(db::Transaction& transaction, std::int64_t registration_id,
                    const std::vector<CheckedAnswer>& answers, std::int64_t now);

}  // namespace moim::events::internal

namespace moim::events::internal {
// Lists of labels are stored as JSON arrays of strings.
std::string strings_json(const std::vector<std::string>& items);
std::vector<std::string> strings_from_json(const std::string& json);
}  // namespace moim::events::internal
