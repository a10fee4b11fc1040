// Reading registration answers back: organizers per registration, in a
// summary (counts per choice, consents) and in the registrations CSV (one
// column per question); the attendee their own on the ticket page.
#include <algorithm>
#include <map>
#include <set>

#include "features/events/questions_internal.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::events {

namespace {

// a: answers, q: questions, r: registrations.
constexpr const char* kAnswerColumns =
    "SELECT a.registration_id, a.question_id, q.kind, a.label, a.answer, a.choices "
    "FROM event_answers a JOIN event_questions q ON q.id = a.question_id "
    "JOIN event_registrations r ON r.id = a.registration_id WHERE r.event_id = ?";

Answer answer_from(const db::Row& row) {
  return {.registration_id = row.int64(0),
          .question_id = row.int64(1),
          .kind = parse_ask_kind(row.text(2)).value_or(AskKind::text),
          .label = row.text(3),
          .value = row.text(4),
          .choices = internal::strings_from_json(row.text(5))};
}

// `params` binds the event id first, then the condition's.
Result<std::vector<Answer>> answers_where(db::Transaction& transaction,
                                          const std::string& condition,
                                          const std::vector<db::Value>& params) {
  auto rows = transaction.query(
      std::string(kAnswerColumns) + condition + " ORDER BY a.registration_id, q.position, q.id",
      params);
  if (!rows) return rows.error();
  std::vector<Answer> answers;
  for (const auto& row : rows.value()) answers.push_back(answer_from(row));
  return answers;
}

// The questions a reader of answers sees: the live ones, and deleted ones
// that someone answered.
Result<std::vector<RegistrationQuestion>> answered_questions(db::Transaction& transaction,
                                                             std::int64_t event_id) {
  auto all = internal::questions_of(transaction, event_id, true);
  if (!all) return all.error();
  auto used = transaction.query(
      "SELECT DISTINCT a.question_id FROM event_answers a JOIN event_questions q ON q.id = "
      "a.question_id WHERE q.event_id = ?",
      {event_id});
  if (!used) return used.error();
  std::set<std::int64_t> answered;
  for (const auto& row : used.value()) answered.insert(row.int64(0));
  std::vector<RegistrationQuestion> shown;
  for (auto& question : all.value())
    if (!question.deleted || answered.contains(question.id)) shown.push_back(std::move(question));
  return shown;
}

}  // namespace

Result<std::vector<Answer>> EventsService::answers(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id,
    const std::vector<std::int64_t>& registration_ids) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (registration_ids.size() > 500)
    return Error::invalid("registration_ids", "at most 500 registrations at once");
  auto managed = manage(viewer, slug, event_id, false, "only organizers read the answers");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  std::string condition;
  std::vector<db::Value> params{event_id};
  if (!registration_ids.empty()) {
    condition = " AND a.registration_id IN (";
    for (std::size_t index = 0; index < registration_ids.size(); ++index) {
      condition += index == 0 ? "?" : ", ?";
      params.emplace_back(registration_ids[index]);
    }
    condition += ")";
  }
  return answers_where(transaction, condition, params);
}

Result<std::vector<Answer>> EventsService::my_answers(const Caller& caller, const std::string& slug,
                                                      std::int64_t event_id) {
  auto mine = my_registration(caller, slug, event_id);
  if (!mine) return mine.error();
  if (!mine->has_value()) return std::vector<Answer>{};
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  return answers_where(transaction.value(), " AND a.registration_id = ?", {event_id, (*mine)->id});
}

Result<std::vector<QuestionSummary>> EventsService::answer_summary(const accounts::Viewer& viewer,
                                                                   const std::string& slug,
                                                                   std::int64_t event_id) {
  auto managed = manage(viewer, slug, event_id, false, "only organizers read the answers");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto questions = answered_questions(transaction, event_id);
  if (!questions) return questions.error();
  // Cancelled registrations do not count.
  auto answers = answers_where(transaction, " AND r.status <> 'cancelled'", {event_id});
  if (!answers) return answers.error();
  std::vector<QuestionSummary> summary;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& question : questions.value()) {
    index[question.id] = summary.size();
    QuestionSummary item{.question = question};
    for (const auto& option : question.options) item.choices.push_back({option, 0});
    summary.push_back(std::move(item));
  }
  for (const auto& answer : answers.value()) {
    auto found = index.find(answer.question_id);
    if (found == index.end()) continue;
    QuestionSummary& item = summary[found->second];
    ++item.answered;
    if (answer.kind == AskKind::consent && answer.value == "yes") ++item.agreed;
    for (const auto& choice : answer.choices) {
      auto counted = std::find_if(item.choices.begin(), item.choices.end(),
                                  [&](const auto& entry) { return entry.first == choice; });
      if (counted == item.choices.end()) {
        item.choices.push_back({choice, 1});  // an option renamed or removed since
      } else {
        ++counted->second;
      }
    }
  }
  return summary;
}

Result<std::string> EventsService::registrations_csv(const accounts::Viewer& viewer,
                                                     const std::string& slug, std::int64_t event_id,
                                                     const CsvWords& words) {
  auto managed = manage(viewer, slug, event_id, false, "only organizers export the registrations");
  if (!managed) return managed.error();
  auto& transaction = managed->transaction;
  auto& loaded = managed->loaded;
  auto questions = answered_questions(transaction, event_id);
  if (!questions) return questions.error();
  auto answers = answers_where(transaction, "", {event_id});
  if (!answers) return answers.error();
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> cells;  // (registration, question)
  for (const auto& answer : answers.value())
    cells[{answer.registration_id, answer.question_id}] = answer.shown();
  auto rows =
      transaction.query(std::string("SELECT ") + internal::kRegistrationColumns +
                            internal::kRegistrationFrom + "WHERE r.event_id = ? ORDER BY r.id",
                        {event_id});
  if (!rows) return rows.error();
  const std::string& zone = loaded.event.time_zone;
  std::string csv = "\xEF\xBB\xBF";
  std::string header;
  for (const char* column : {"name", "email", "ticket_type", "status", "ticket_code", "source",
                             "registered_at", "checked_in_at"})
    header += (header.empty() ? "" : ",") + internal::csv_cell(words.header(column));
  for (const auto& question : questions.value()) header += "," + internal::csv_cell(question.label);
  csv += header + "\r\n";
  for (const auto& row : rows.value()) {
    const Registration registration = internal::registration_from(row);
    csv +=
        internal::csv_cell(registration.name) + "," + internal::csv_cell(registration.email) + "," +
        internal::csv_cell(registration.ticket_type_name) + "," +
        internal::csv_cell(words.status(std::string(internal::status_name(registration.status)))) +
        "," + internal::csv_cell(registration.ticket_code) + "," +
        internal::csv_cell(words.source(registration.source)) + "," +
        internal::csv_cell(format_local(registration.created_at, zone)) + "," +
        (registration.checked_in_at
             ? internal::csv_cell(format_local(*registration.checked_in_at, zone))
             : std::string());
    for (const auto& question : questions.value()) {
      auto cell = cells.find({registration.id, question.id});
      csv += "," + (cell == cells.end() ? std::string() : internal::csv_cell(cell->second));
    }
    csv += "\r\n";
  }
  return csv;
}

}  // namespace moim::events
