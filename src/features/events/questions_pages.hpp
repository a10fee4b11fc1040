// How registration questions and answers look on the events pages: the
// question fields of the registration form (with what was typed and the field
// at fault after a refusal), and answers on the ticket and registrations pages.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "features/events/page_helpers.hpp"

namespace moim::events::pages {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// One entry per question, each control named "answers.<question id>" (the
// field the service names when it refuses the answer).
boost::json::array question_fields(const WebSession& session, const RequestContext& context,
                                   const std::vector<RegistrationQuestion>& questions,
                                   const Event& event, const FormPairs& typed,
                                   const std::optional<Error>& error);
// The "answers.<id>" fields of a posted form; several values are choices.
std::vector<AnswerInput> answers_from_form(const FormPairs& pairs);
boost::json::array answers_view(const WebSession& session, const RequestContext& context,
                                const std::vector<Answer>& answers);

}  // namespace moim::events::pages
