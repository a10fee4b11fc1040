// The feedback survey: organizers ask a few questions (1–5 ratings or text),
// each attendee who checked in answers once, organizers read averages, the
// answers and a CSV. Guests answer with their ticket token or the token of
// the post-event mail's link (event_feedback_links).
#include <boost/json/serialize.hpp>

#include <set>

#include "features/events/after_event.hpp"
#include "features/events/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

namespace {

std::string field_of(std::int64_t question_id) { return "q" + std::to_string(question_id); }

Result<std::vector<FeedbackQuestion>> questions_of(db::Transaction& transaction,
                                                   std::int64_t event_id) {
  auto rows = transaction.query(
      "SELECT id, kind, prompt, required FROM event_feedback_questions WHERE event_id = ? "
      "ORDER BY position, id",
      {event_id});
  if (!rows) return rows.error();
  std::vector<FeedbackQuestion> questions;
  for (const auto& row : rows.value()) {
    questions.push_back({.id = row.int64(0),
                         .kind = row.text(1) == "text" ? QuestionKind::text : QuestionKind::rating,
                         .prompt = row.text(2),
                         .required = row.boolean(3)});
  }
  return questions;
}

bool has_control_characters(const std::string& text, bool allow_newlines) {
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte < 0x20 && !(allow_newlines && (ch == '\n' || ch == '\r' || ch == '\t'))) return true;
  }
  return false;
}

}  // namespace

Result<Event> AfterEventService::organizers_event(const accounts::Viewer& viewer,
                                                  const std::string& slug, std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto allowed = events_.may_create(viewer, slug);
  if (!allowed) return allowed.error();
  if (!allowed.value()) return Error::forbidden("only the community's organizers may do this");
  return events_.event(Caller{viewer, std::nullopt}, slug, event_id);
}

Result<std::optional<Registration>> AfterEventService::respondent(const Caller& caller,
                                                                  const std::string& slug,
                                                                  std::int64_t event_id) {
  if (caller.ticket_token) {
    // The post-event mail's link first: it opens this survey only.
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto linked = internal::registration_where(
        reader.value(),
        "r.event_id = ? AND r.id = (SELECT registration_id FROM event_feedback_links WHERE "
        "token_digest = ?)",
        {event_id, crypto::token_digest(*caller.ticket_token)});
    if (!linked || linked->has_value()) return linked;
  }
  // A member, or the guest's own ticket token (401 when it matches nothing).
  return events_.my_registration(caller, slug, event_id);
}

Result<std::vector<FeedbackQuestion>> AfterEventService::set_questions(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id,
    const std::vector<QuestionInput>& questions) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  if (questions.size() > kMaxQuestions)
    return Error::invalid("questions", "a survey has at most 10 questions");
  std::vector<std::string> prompts;
  for (std::size_t index = 0; index < questions.size(); ++index) {
    const std::string field = "questions[" + std::to_string(index) + "].prompt";
    const std::string prompt = web::trim(questions[index].prompt);
    if (!web::is_valid_utf8(prompt) || prompt.empty() ||
        web::utf8_length(prompt) > kMaxPromptChars || has_control_characters(prompt, false))
      return Error::invalid(field, "a question is 1 to 200 characters on one line");
    prompts.push_back(prompt);
  }
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto answered = transaction->query_one(
      "SELECT COUNT(*) FROM event_feedback_responses WHERE event_id = ?", {event_id});
  if (!answered) return answered.error();
  if ((*answered)->int64(0) > 0)
    return Error::conflict("questions",
                           "people have answered already; the questions can no longer change");
  if (auto cleared = transaction->execute("DELETE FROM event_feedback_questions WHERE event_id = ?",
                                          {event_id});
      !cleared)
    return cleared.error();
  for (std::size_t index = 0; index < questions.size(); ++index) {
    auto inserted = transaction->execute(
        "INSERT INTO event_feedback_questions (event_id, position, kind, prompt, required) "
        "VALUES (?, ?, ?, ?, ?)",
        {event_id, static_cast<std::int64_t>(index),
         std::string(questions[index].kind == QuestionKind::text ? "text" : "rating"),
         prompts[index], std::int64_t{questions[index].required ? 1 : 0}});
    if (!inserted) return inserted.error();
  }
  if (auto audited = internal::write_audit(
          transaction.value(), event->community_id, viewer.user_id(), "event.feedback_questions",
          "event:" + std::to_string(event_id),
          {{"questions", static_cast<std::int64_t>(questions.size())}, {"event_id", event_id}},
          now);
      !audited)
    return audited.error();
  auto saved = questions_of(transaction.value(), event_id);
  if (!saved) return saved.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return saved;
}

Result<FeedbackForm> AfterEventService::form(const Caller& caller, const std::string& slug,
                                             std::int64_t event_id) {
  auto event = events_.event(Caller{caller.viewer, std::nullopt}, slug, event_id);
  if (!event) return event.error();
  auto who = respondent(caller, slug, event_id);
  if (!who) return who.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto questions = questions_of(reader.value(), event_id);
  if (!questions) return questions.error();
  FeedbackForm form{.event = std::move(event.value()), .questions = std::move(questions.value())};
  if (who->has_value()) {
    const Registration& registration = **who;
    form.attended = registration.status == RegistrationStatus::confirmed &&
                    registration.checked_in_at.has_value();
    auto answered = reader->query_one(
        "SELECT 1 FROM event_feedback_responses WHERE event_id = ? AND registration_id = ?",
        {event_id, registration.id});
    if (!answered) return answered.error();
    form.answered = answered->has_value();
  }
  return form;
}

Status AfterEventService::answer(const Caller& caller, const std::string& slug,
                                 std::int64_t event_id,
                                 const std::vector<FeedbackAnswer>& answers) {
  auto shown = form(caller, slug, event_id);
  if (!shown) return shown.error();
  auto who = respondent(caller, slug, event_id);
  if (!who) return who.error();
  if (!who->has_value()) {
    if (!caller.viewer.signed_in() && !caller.ticket_token) return Error::unauthenticated();
    return Error::forbidden("only people who came to the event answer its survey");
  }
  if (!shown->attended)
    return Error::forbidden("only people who came to the event answer its survey");
  if (shown->questions.empty()) return Error::conflict("answers", "this event has no survey");
  if (answers.size() > kMaxQuestions) return Error::invalid("answers", "too many answers");
  // Every answer names one of the questions, once; ratings 1–5, texts bounded.
  std::set<std::int64_t> seen;
  std::vector<FeedbackAnswer> kept;
  for (const FeedbackAnswer& given : answers) {
    const FeedbackQuestion* question = nullptr;
    for (const auto& candidate : shown->questions) {
      if (candidate.id == given.question_id) question = &candidate;
    }
    if (!question) return Error::invalid("answers", "an answer names no question of this survey");
    if (!seen.insert(given.question_id).second)
      return Error::invalid(field_of(given.question_id), "one answer a question");
    FeedbackAnswer answer{.question_id = given.question_id};
    if (question->kind == QuestionKind::rating) {
      if (!given.rating) continue;
      if (*given.rating < 1 || *given.rating > 5)
        return Error::invalid(field_of(given.question_id), "a rating is 1 to 5");
      answer.rating = given.rating;
    } else {
      const std::string text = web::trim(given.text);
      if (text.empty()) continue;
      if (!web::is_valid_utf8(text) || web::utf8_length(text) > kMaxAnswerChars ||
          has_control_characters(text, true))
        return Error::invalid(field_of(given.question_id), "an answer is at most 2,000 characters");
      answer.text = text;
    }
    kept.push_back(std::move(answer));
  }
  for (const auto& question : shown->questions) {
    if (!question.required) continue;
    bool found = false;
    for (const auto& answer : kept) found = found || answer.question_id == question.id;
    if (!found) return Error::invalid(field_of(question.id), "this question needs an answer");
  }
  if (kept.empty()) return Error::invalid("answers", "answer at least one question");

  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // The UNIQUE (event, registration) makes "once" hold under any race.
  auto response = transaction->query_one(
      "INSERT INTO event_feedback_responses (event_id, registration_id, created_at) "
      "VALUES (?, ?, ?) ON CONFLICT (event_id, registration_id) DO NOTHING RETURNING id",
      {event_id, (*who)->id, now});
  if (!response) return response.error();
  if (!response->has_value())
    return Error::conflict("answers", "you have answered this survey already");
  const std::int64_t response_id = (*response)->int64(0);
  for (const auto& answer : kept) {
    auto inserted = transaction->execute(
        "INSERT INTO event_feedback_answers (response_id, question_id, rating, answer) "
        "VALUES (?, ?, ?, ?)",
        {response_id, answer.question_id,
         db::maybe(answer.rating ? std::optional<std::int64_t>(*answer.rating) : std::nullopt),
         answer.text});
    if (!inserted) return inserted.error();
  }
  return transaction->commit();
}

Result<FeedbackResults> AfterEventService::results(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t event_id) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto questions = questions_of(reader.value(), event_id);
  if (!questions) return questions.error();
  FeedbackResults results{.event = event.value(), .attendees = event->checked_in};
  auto responses = reader->query_one(
      "SELECT COUNT(*) FROM event_feedback_responses WHERE event_id = ?", {event_id});
  if (!responses) return responses.error();
  results.responses = (*responses)->int64(0);
  for (const auto& question : questions.value()) {
    QuestionResult result{.question = question};
    if (question.kind == QuestionKind::rating) {
      auto counts = reader->query(
          "SELECT rating, COUNT(*) FROM event_feedback_answers WHERE question_id = ? AND "
          "rating IS NOT NULL GROUP BY rating",
          {question.id});
      if (!counts) return counts.error();
      std::int64_t sum = 0;
      for (const auto& row : counts.value()) {
        const std::int64_t rating = row.int64(0), times = row.int64(1);
        if (rating < 1 || rating > 5) continue;
        result.counts[rating - 1] = times;
        result.answers += times;
        sum += rating * times;
      }
      if (result.answers > 0) result.average = double(sum) / double(result.answers);
    } else {
      auto texts = reader->query(
          "SELECT answer FROM event_feedback_answers WHERE question_id = ? AND answer <> '' "
          "ORDER BY response_id DESC LIMIT 1000",
          {question.id});
      if (!texts) return texts.error();
      for (const auto& row : texts.value()) result.texts.push_back(row.text(0));
      result.answers = static_cast<std::int64_t>(result.texts.size());
    }
    results.questions.push_back(std::move(result));
  }
  return results;
}

Result<std::string> AfterEventService::results_csv(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t event_id,
                                                   const std::string& language) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto questions = questions_of(reader.value(), event_id);
  if (!questions) return questions.error();
  std::string csv = "\xEF\xBB\xBF";
  csv += language == "en" ? "Answered at" : "응답 시각";
  for (const auto& question : questions.value()) csv += "," + internal::csv_cell(question.prompt);
  csv += "\r\n";
  auto rows = reader->query(
      "SELECT r.id, r.created_at, a.question_id, a.rating, a.answer FROM "
      "event_feedback_responses r LEFT JOIN event_feedback_answers a ON a.response_id = r.id "
      "WHERE r.event_id = ? ORDER BY r.id",
      {event_id});
  if (!rows) return rows.error();
  std::int64_t current = -1;
  std::vector<std::string> cells;
  auto flush = [&] {
    if (current < 0) return;
    for (const auto& cell : cells) csv += cell;
    csv += "\r\n";
  };
  std::int64_t answered_at = 0;
  for (const auto& row : rows.value()) {
    if (row.int64(0) != current) {
      flush();
      current = row.int64(0);
      answered_at = row.int64(1);
      cells.assign(questions->size() + 1, ",");
      cells[0] = internal::csv_cell(format_local(answered_at, event->time_zone));
    }
    if (row.is_null(2)) continue;
    for (std::size_t index = 0; index < questions->size(); ++index) {
      if ((*questions)[index].id != row.int64(2)) continue;
      cells[index + 1] =
          "," + internal::csv_cell(row.is_null(3) ? row.text(4) : std::to_string(row.int64(3)));
    }
  }
  flush();
  return csv;
}

}  // namespace moim::events
