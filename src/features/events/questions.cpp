// Registration questions: what organizers ask (add, change, reorder, delete)
// and the check of a registration's answers inside its transaction. Answers
// are read back in answers.cpp.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "features/events/questions_internal.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

std::string_view ask_kind_name(AskKind kind) {
  switch (kind) {
    case AskKind::choice:
      return "choice";
    case AskKind::consent:
      return "consent";
    default:
      return "text";
  }
}

std::optional<AskKind> parse_ask_kind(std::string_view name) {
  if (name == "text") return AskKind::text;
  if (name == "choice") return AskKind::choice;
  if (name == "consent") return AskKind::consent;
  return std::nullopt;
}

bool RegistrationQuestion::applies_to(std::int64_t ticket_type_id) const {
  return ticket_type_ids.empty() || std::find(ticket_type_ids.begin(), ticket_type_ids.end(),
                                              ticket_type_id) != ticket_type_ids.end();
}

std::string Answer::shown() const {
  if (choices.empty()) return value;
  std::string joined;
  for (const auto& choice : choices) joined += (joined.empty() ? "" : ", ") + choice;
  return joined;
}

namespace internal {

namespace {

std::vector<std::string> strings_of(const std::string& json) {
  std::vector<std::string> out;
  boost::system::error_code failed;
  auto parsed = boost::json::parse(json, failed);
  if (failed || !parsed.is_array()) return out;
  for (const auto& item : parsed.as_array())
    if (item.is_string()) out.emplace_back(item.as_string());
  return out;
}

bool has_control_characters(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
}

Error answer_error(const std::string& code, std::int64_t question_id, const std::string& message) {
  const std::string field = "answers." + std::to_string(question_id);
  return Error{422, code, field + ": " + message, field};
}

}  // namespace

std::string strings_json(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}

std::vector<std::string> strings_from_json(const std::string& json) { return strings_of(json); }

Result<std::vector<RegistrationQuestion>> questions_of(db::Transaction& transaction,
                                                       std::int64_t event_id, bool with_deleted) {
  auto rows = transaction.query(
      std::string("SELECT id, kind, label, options, multiple, max_length, required, position, "
                  "deleted_at IS NOT NULL FROM event_questions WHERE event_id = ?") +
          (with_deleted ? "" : " AND deleted_at IS NULL") + " ORDER BY position, id",
      {event_id});
  if (!rows) return rows.error();
  std::vector<RegistrationQuestion> questions;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& row : rows.value()) {
    index[row.int64(0)] = questions.size();
    questions.push_back({.id = row.int64(0),
                         .kind = parse_ask_kind(row.text(1)).value_or(AskKind::text),
                         .label = row.text(2),
                         .options = strings_of(row.text(3)),
                         .multiple = row.boolean(4),
                         .max_length = static_cast<int>(row.int64(5)),
                         .required = row.boolean(6),
                         .position = static_cast<int>(row.int64(7)),
                         .deleted = row.boolean(8)});
  }
  if (questions.empty()) return questions;
  auto types = transaction.query(
      "SELECT l.question_id, l.ticket_type_id FROM event_question_ticket_types l JOIN "
      "event_questions q ON q.id = l.question_id WHERE q.event_id = ? ORDER BY l.ticket_type_id",
      {event_id});
  if (!types) return types.error();
  for (const auto& row : types.value()) {
    auto found = index.find(row.int64(0));
    if (found != index.end()) questions[found->second].ticket_type_ids.push_back(row.int64(1));
  }
  return questions;
}

Result<std::vector<CheckedAnswer>> check_answers(db::Transaction& transaction,
                                                 std::int64_t event_id, std::int64_t ticket_type_id,
                                                 const std::vector<AnswerInput>& answers,
                                                 bool skip_required) {
  if (answers.size() > kMaxRegistrationQuestions)
    return Error{422, "invalid", "answers may hold at most 30 items", "answers"};
  auto questions = questions_of(transaction, event_id, false);
  if (!questions) return questions.error();
  std::map<std::int64_t, const RegistrationQuestion*> by_id;
  for (const auto& question : questions.value()) by_id[question.id] = &question;
  std::map<std::int64_t, CheckedAnswer> given;
  std::set<std::int64_t> seen;
  for (std::size_t index = 0; index < answers.size(); ++index) {
    const AnswerInput& input = answers[index];
    const std::string at = "answers[" + std::to_string(index) + "].question_id";
    auto found = by_id.find(input.question_id);
    if (found == by_id.end())
      return Error{422, "answer_unknown_question", at + ": no such question for this event", at};
    if (!seen.insert(input.question_id).second)
      return Error{422, "answer_twice", at + ": this question is answered twice", at};
    const RegistrationQuestion& question = *found->second;
    if (!question.applies_to(ticket_type_id)) continue;  // asked for other ticket types
    CheckedAnswer checked{.question_id = question.id, .label = question.label};
    if (question.kind == AskKind::choice) {
      std::vector<std::string> picked;
      if (input.choices) {
        picked = *input.choices;
      } else if (input.value && !web::trim(*input.value).empty()) {
        picked.push_back(*input.value);
      }
      for (auto& choice : picked) {
        choice = web::trim(choice);
        if (std::find(question.options.begin(), question.options.end(), choice) ==
            question.options.end())
          return answer_error("answer_invalid_choice", question.id, "not one of the options");
        if (std::count(checked.choices.begin(), checked.choices.end(), choice) == 0)
          checked.choices.push_back(choice);
      }
      if (!question.multiple && checked.choices.size() > 1)
        return answer_error("answer_one_choice", question.id, "choose one option");
      if (checked.choices.empty()) continue;
    } else {
      if (input.choices)
        return answer_error("answer_not_a_choice", question.id, "send value, not choices");
      const std::string value = web::trim(input.value.value_or(""));
      if (question.kind == AskKind::consent) {
        if (value == "yes" || value == "true" || value == "on" || value == "1") {
          checked.answer = "yes";
        } else if (value.empty() || value == "no" || value == "false" || value == "0") {
          continue;  // not ticked
        } else {
          return answer_error("answer_invalid_consent", question.id, "must be yes or no");
        }
      } else {
        if (value.empty()) continue;
        if (!web::is_valid_utf8(value) || has_control_characters(value))
          return answer_error("answer_invalid_text", question.id,
                              "must be text on one line without control characters");
        if (web::utf8_length(value) > static_cast<std::size_t>(question.max_length))
          return answer_error(
              "answer_too_long", question.id,
              "must be at most " + std::to_string(question.max_length) + " characters");
        checked.answer = value;
      }
    }
    given[question.id] = std::move(checked);
  }
  std::vector<CheckedAnswer> out;
  for (const auto& question : questions.value()) {
    if (!question.applies_to(ticket_type_id)) continue;
    auto answered = given.find(question.id);
    if (answered != given.end()) {
      out.push_back(std::move(answered->second));
    } else if (question.required && !skip_required) {
      if (question.kind == AskKind::consent)
        return answer_error("consent_required", question.id, "must be ticked to register");
      return answer_error("answer_required", question.id, "is required");
    }
  }
  return out;
}

Status save_answers(db::Transaction& transaction, std::int64_t registration_id,
                    const std::vector<CheckedAnswer>& answers, std::int64_t now) {
  auto cleared =
      transaction.execute("DELETE FROM event_answers WHERE registration_id = ?", {registration_id});
  if (!cleared) return cleared.error();
  for (const auto& answer : answers) {
    auto written = transaction.execute(
        "INSERT INTO event_answers (registration_id, question_id, label, answer, choices, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {registration_id, answer.question_id, answer.label, answer.answer,
         strings_json(answer.choices), now});
    if (!written) return written.error();
  }
  return ok_status();
}

}  // namespace internal

namespace {

bool one_line(const std::string& text) {
  return std::none_of(text.begin(), text.end(),
                      [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
}

// A question as it will be stored: `fields` over `base` (the stored one, or
// a new one), every rule checked with the field named.
Result<RegistrationQuestion> merged(RegistrationQuestion base, const QuestionFields& fields,
                                    const Event& event) {
  if (fields.label) {
    const std::string label = web::trim(*fields.label);
    if (!web::is_valid_utf8(label) || label.empty() ||
        web::utf8_length(label) > kMaxQuestionLabelChars || !one_line(label))
      return Error::invalid("label", "label must be 1 to 500 characters on one line");
    base.label = label;
  }
  if (base.label.empty()) return Error::invalid("label", "label is required");
  if (fields.options) {
    if (fields.options->size() > kMaxQuestionOptions)
      return Error::invalid("options", "a question has at most 30 options");
    base.options.clear();
    for (std::size_t index = 0; index < fields.options->size(); ++index) {
      const std::string option = web::trim((*fields.options)[index]);
      const std::string at = "options[" + std::to_string(index) + "]";
      if (!web::is_valid_utf8(option) || option.empty() ||
          web::utf8_length(option) > kMaxOptionChars || !one_line(option))
        return Error::invalid(at, "an option is 1 to 100 characters on one line");
      if (std::count(base.options.begin(), base.options.end(), option) > 0)
        return Error::invalid(at, "options must differ from each other");
      base.options.push_back(option);
    }
  }
  if (base.kind == AskKind::choice && base.options.size() < 2)
    return Error::invalid("options", "a choice needs at least 2 options");
  if (base.kind != AskKind::choice) base.options.clear();
  if (fields.multiple) base.multiple = base.kind == AskKind::choice && *fields.multiple;
  if (fields.max_length) {
    if (*fields.max_length < 1 || *fields.max_length > kMaxTextAnswerChars)
      return Error::invalid("max_length", "max_length must be between 1 and 2000");
    base.max_length = *fields.max_length;
  }
  if (fields.required) base.required = *fields.required;
  if (fields.ticket_type_ids) {
    base.ticket_type_ids.clear();
    for (std::size_t index = 0; index < fields.ticket_type_ids->size(); ++index) {
      const std::int64_t id = (*fields.ticket_type_ids)[index];
      if (std::none_of(event.ticket_types.begin(), event.ticket_types.end(),
                       [&](const TicketType& type) { return type.id == id; }))
        return Error::invalid("ticket_type_ids[" + std::to_string(index) + "]",
                              "no such ticket type in this event");
      if (std::count(base.ticket_type_ids.begin(), base.ticket_type_ids.end(), id) == 0)
        base.ticket_type_ids.push_back(id);
    }
    std::sort(base.ticket_type_ids.begin(), base.ticket_type_ids.end());
  }
  return base;
}

Status write_ticket_types(db::Transaction& transaction, const RegistrationQuestion& question) {
  auto cleared = transaction.execute(
      "DELETE FROM event_question_ticket_types WHERE question_id = ?", {question.id});
  if (!cleared) return cleared.error();
  for (const std::int64_t type : question.ticket_type_ids) {
    auto linked = transaction.execute(
        "INSERT INTO event_question_ticket_types (question_id, ticket_type_id) VALUES (?, ?)",
        {question.id, type});
    if (!linked) return linked.error();
  }
  return ok_status();
}

Result<RegistrationQuestion> stored(db::Transaction& transaction, std::int64_t event_id,
                                    std::int64_t question_id) {
  auto all = internal::questions_of(transaction, event_id, false);
  if (!all) return all.error();
  for (auto& question : all.value())
    if (question.id == question_id) return std::move(question);
  return Error::not_found("no such question");
}

}  // namespace

Result<std::vector<RegistrationQuestion>> EventsService::questions(const Caller& caller,
                                                                   const std::string& slug,
                                                                   std::int64_t event_id) {
  auto shown = event(caller, slug, event_id);  // may the caller see the event at all
  if (!shown) return shown.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  return internal::questions_of(transaction.value(), event_id, false);
}

Result<RegistrationQuestion> EventsService::add_question(const accounts::Viewer& viewer,
                                                         const std::string& slug,
                                                         std::int64_t event_id,
                                                         const QuestionFields& fields) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (!fields.kind) return Error::invalid("kind", "kind is required");
  auto managed = manage(viewer, slug, event_id, true, "only organizers ask registration questions");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto& loaded = managed->loaded;
  auto question = merged({.kind = *fields.kind}, fields, loaded.event);
  if (!question) return question.error();
  auto existing = internal::questions_of(transaction, event_id, false);
  if (!existing) return existing.error();
  if (existing->size() >= kMaxRegistrationQuestions)
    return Error::conflict("questions", "an event has at most 30 questions");
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t position = existing->empty() ? 0 : existing->back().position + 1;
  auto inserted = transaction.query_one(
      "INSERT INTO event_questions (event_id, position, kind, label, options, multiple, "
      "max_length, required, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {event_id, position, std::string(ask_kind_name(question->kind)), question->label,
       internal::strings_json(question->options), std::int64_t{question->multiple},
       std::int64_t{question->max_length}, std::int64_t{question->required}, now, now});
  if (!inserted) return inserted.error();
  question->id = (**inserted).int64(0);
  if (auto linked = write_ticket_types(transaction, question.value()); !linked)
    return linked.error();
  if (auto logged = internal::write_audit(transaction, loaded.event.community_id, viewer.user_id(),
                                          "event.question_added", question->label,
                                          {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  auto saved = stored(transaction, event_id, question->id);
  if (!saved) return saved.error();
  if (auto committed = transaction.commit(); !committed) return committed.error();
  return saved;
}

Result<RegistrationQuestion> EventsService::change_question(const accounts::Viewer& viewer,
                                                            const std::string& slug,
                                                            std::int64_t event_id,
                                                            std::int64_t question_id,
                                                            const QuestionFields& fields) {
  auto managed = manage(viewer, slug, event_id, true, "only organizers ask registration questions");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto& loaded = managed->loaded;
  auto current = stored(transaction, event_id, question_id);
  if (!current) return current.error();
  if (fields.kind && *fields.kind != current->kind)
    return Error::invalid("kind", "a question's kind cannot change; add a new question");
  auto question = merged(current.value(), fields, loaded.event);
  if (!question) return question.error();
  const std::int64_t now = clock_.now_seconds();
  auto updated = transaction.execute(
      "UPDATE event_questions SET label = ?, options = ?, multiple = ?, max_length = ?, "
      "required = ?, updated_at = ? WHERE id = ?",
      {question->label, internal::strings_json(question->options), std::int64_t{question->multiple},
       std::int64_t{question->max_length}, std::int64_t{question->required}, now, question_id});
  if (!updated) return updated.error();
  if (auto linked = write_ticket_types(transaction, question.value()); !linked)
    return linked.error();
  if (auto logged = internal::write_audit(transaction, loaded.event.community_id, viewer.user_id(),
                                          "event.question_changed", question->label,
                                          {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  auto saved = stored(transaction, event_id, question_id);
  if (!saved) return saved.error();
  if (auto committed = transaction.commit(); !committed) return committed.error();
  return saved;
}

Status EventsService::delete_question(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id, std::int64_t question_id) {
  auto managed = manage(viewer, slug, event_id, true, "only organizers ask registration questions");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto& loaded = managed->loaded;
  auto current = stored(transaction, event_id, question_id);
  if (!current) return current.error();
  const std::int64_t now = clock_.now_seconds();
  // Answered: hidden from the form, kept for the answers; else gone.
  auto hidden = transaction.execute(
      "UPDATE event_questions SET deleted_at = ?, updated_at = ? WHERE id = ? AND EXISTS "
      "(SELECT 1 FROM event_answers WHERE question_id = ?)",
      {now, now, question_id, question_id});
  if (!hidden) return hidden.error();
  if (hidden.value() == 0) {
    auto removed = transaction.execute("DELETE FROM event_questions WHERE id = ?", {question_id});
    if (!removed) return removed.error();
  }
  if (auto logged = internal::write_audit(transaction, loaded.event.community_id, viewer.user_id(),
                                          "event.question_deleted", current->label,
                                          {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  return transaction.commit();
}

Result<std::vector<RegistrationQuestion>> EventsService::reorder_questions(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id,
    const std::vector<std::int64_t>& question_ids) {
  auto managed = manage(viewer, slug, event_id, true, "only organizers ask registration questions");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto current = internal::questions_of(transaction, event_id, false);
  if (!current) return current.error();
  std::set<std::int64_t> live, asked(question_ids.begin(), question_ids.end());
  for (const auto& question : current.value()) live.insert(question.id);
  if (live != asked || asked.size() != question_ids.size())
    return Error::invalid("question_ids", "question_ids must list every question once");
  const std::int64_t now = clock_.now_seconds();
  for (std::size_t index = 0; index < question_ids.size(); ++index) {
    auto moved =
        transaction.execute("UPDATE event_questions SET position = ?, updated_at = ? WHERE id = ?",
                            {static_cast<std::int64_t>(index), now, question_ids[index]});
    if (!moved) return moved.error();
  }
  auto saved = internal::questions_of(transaction, event_id, false);
  if (!saved) return saved.error();
  if (auto committed = transaction.commit(); !committed) return committed.error();
  return saved;
}

}  // namespace moim::events
