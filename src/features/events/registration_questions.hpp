// Registration questions (issue #13), as organizers know them from pretix and
// Luma: per event, asked for every ticket type or chosen ones, of three kinds
// (short text with a length limit, a choice among options, single or several,
// and a consent checkbox), required or optional, in the organizers' order.
// Answers are validated and written in the registration's own transaction
// (take_seat); the service's functions are declared in events_service.hpp.
#pragma once

#include <boost/describe.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace moim::events {

enum class AskKind { text, choice, consent };
BOOST_DESCRIBE_ENUM(AskKind, text, choice, consent)

std::string_view ask_kind_name(AskKind kind);
std::optional<AskKind> parse_ask_kind(std::string_view name);

struct RegistrationQuestion {
  std::int64_t id = 0;
  AskKind kind = AskKind::text;
  std::string label;                 // the question; for consent, what one agrees to
  std::vector<std::string> options;  // choice
  bool multiple = false;             // choice: several options may be chosen
  int max_length = 200;              // text: characters
  bool required = false;
  std::vector<std::int64_t> ticket_type_ids;  // empty: every ticket type
  int position = 0;
  bool deleted = false;  // hidden from the form; kept for its answers
  bool applies_to(std::int64_t ticket_type_id) const;
};

// Creating (kind and label required) or changing (the fields given; the kind
// never changes, answers would lose their meaning).
struct QuestionFields {
  std::optional<AskKind> kind;
  std::optional<std::string> label;
  std::optional<std::vector<std::string>> options;
  std::optional<bool> multiple;
  std::optional<int> max_length;
  std::optional<bool> required;
  std::optional<std::vector<std::int64_t>> ticket_type_ids;
};

// One answer as sent: text and consent in `value` (consent: "yes" or "true"
// when ticked), choice in `choices` (or `value` for a single choice).
struct AnswerInput {
  std::int64_t question_id = 0;
  std::optional<std::string> value;
  std::optional<std::vector<std::string>> choices;
};

struct Answer {
  std::int64_t registration_id = 0;
  std::int64_t question_id = 0;
  AskKind kind = AskKind::text;
  std::string label;  // the question as it read when answered
  std::string value;  // text; consent: "yes"
  std::vector<std::string> choices;
  std::string shown() const;  // the choices joined by ", ", else the value
};

struct QuestionSummary {
  RegistrationQuestion question;
  std::int64_t answered = 0;  // registrations (not cancelled) that answered
  std::vector<std::pair<std::string, std::int64_t>> choices;  // each option (and retired ones)
  std::int64_t agreed = 0;                                    // consent: ticked
};

// The words of the registrations CSV, from the page's catalog: the fixed
// columns' headers ("name", "email", ...) and the status and source values.
struct CsvWords {
  std::function<std::string(const std::string&)> header;
  std::function<std::string(const std::string&)> status;
  std::function<std::string(const std::string&)> source;
};

inline constexpr std::size_t kMaxRegistrationQuestions = 30;
inline constexpr std::size_t kMaxQuestionLabelChars = 500;  // a consent text can be a paragraph
inline constexpr std::size_t kMaxQuestionOptions = 30;
inline constexpr std::size_t kMaxOptionChars = 100;
inline constexpr int kMaxTextAnswerChars = 2000;

}  // namespace moim::events
