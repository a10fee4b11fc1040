// /api/v1/communities/{slug}/events/{event}/questions*: registration
// questions (organizers change them, anyone who may see the event reads the
// live ones), and the answers (organizers; attendees their own).
#include "features/events/routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using accounts::Access;
using http::Method;
using web::Int;
using web::Nothing;
using web::Text;

struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))
struct QuestionPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t question = 0;
};
BOOST_DESCRIBE_STRUCT(QuestionPath, (), (slug, event, question))

struct QuestionOut {
  std::int64_t id = 0;
  AskKind kind = AskKind::text;
  std::string label;
  std::vector<std::string> options;
  bool multiple = false;
  std::int64_t max_length = 0;
  bool required = false;
  std::vector<std::int64_t> ticket_type_ids;  // empty: every ticket type
  std::int64_t position = 0;
};
BOOST_DESCRIBE_STRUCT(QuestionOut, (),
                      (id, kind, label, options, multiple, max_length, required, ticket_type_ids,
                       position))
struct QuestionReply {
  QuestionOut question;
};
BOOST_DESCRIBE_STRUCT(QuestionReply, (), (question))
struct QuestionsReply {
  std::vector<QuestionOut> questions;
};
BOOST_DESCRIBE_STRUCT(QuestionsReply, (), (questions))

struct QuestionBody {
  AskKind kind = AskKind::text;
  Text<1, kMaxQuestionLabelChars> label;
  std::optional<std::vector<Text<1, kMaxOptionChars>>> options;
  std::optional<bool> multiple;
  std::optional<Int<1, kMaxTextAnswerChars>> max_length;
  std::optional<bool> required;
  std::optional<std::vector<std::int64_t>> ticket_type_ids;
};
BOOST_DESCRIBE_STRUCT(QuestionBody, (),
                      (kind, label, options, multiple, max_length, required, ticket_type_ids))
struct QuestionPatchBody {
  std::optional<Text<1, kMaxQuestionLabelChars>> label;
  std::optional<std::vector<Text<1, kMaxOptionChars>>> options;
  std::optional<bool> multiple;
  std::optional<Int<1, kMaxTextAnswerChars>> max_length;
  std::optional<bool> required;
  std::optional<std::vector<std::int64_t>> ticket_type_ids;
};
BOOST_DESCRIBE_STRUCT(QuestionPatchBody, (),
                      (label, options, multiple, max_length, required, ticket_type_ids))
struct OrderBody {
  std::vector<std::int64_t> question_ids;
};
BOOST_DESCRIBE_STRUCT(OrderBody, (), (question_ids))

struct AnswerOut {
  std::int64_t registration_id = 0;
  std::int64_t question_id = 0;
  AskKind kind = AskKind::text;
  std::string label;  // the question as it read when answered
  std::string value;
  std::vector<std::string> choices;
};
BOOST_DESCRIBE_STRUCT(AnswerOut, (), (registration_id, question_id, kind, label, value, choices))
struct AnswersReply {
  std::vector<AnswerOut> answers;
};
BOOST_DESCRIBE_STRUCT(AnswersReply, (), (answers))

struct ChoiceCountOut {
  std::string option;
  std::int64_t count = 0;
};
BOOST_DESCRIBE_STRUCT(ChoiceCountOut, (), (option, count))
struct SummaryOut {
  QuestionOut question;
  bool deleted = false;
  std::int64_t answered = 0;
  std::vector<ChoiceCountOut> choices;
  std::int64_t agreed = 0;
};
BOOST_DESCRIBE_STRUCT(SummaryOut, (), (question, deleted, answered, choices, agreed))
struct SummaryReply {
  std::vector<SummaryOut> questions;
};
BOOST_DESCRIBE_STRUCT(SummaryReply, (), (questions))

QuestionOut question_out(const RegistrationQuestion& question) {
  return {.id = question.id,
          .kind = question.kind,
          .label = question.label,
          .options = question.options,
          .multiple = question.multiple,
          .max_length = question.max_length,
          .required = question.required,
          .ticket_type_ids = question.ticket_type_ids,
          .position = question.position};
}

QuestionsReply questions_out(const std::vector<RegistrationQuestion>& questions) {
  QuestionsReply reply;
  for (const auto& question : questions) reply.questions.push_back(question_out(question));
  return reply;
}

AnswersReply answers_out(const std::vector<Answer>& answers) {
  AnswersReply reply;
  for (const auto& answer : answers)
    reply.answers.push_back({answer.registration_id, answer.question_id, answer.kind, answer.label,
                             answer.value, answer.choices});
  return reply;
}

template <class Body>
QuestionFields fields_of(const Body& body) {
  QuestionFields fields;
  if (body.options) {
    fields.options.emplace();
    for (const auto& option : *body.options) fields.options->push_back(option.value);
  }
  fields.multiple = body.multiple;
  if (body.max_length) fields.max_length = static_cast<int>(body.max_length->value);
  fields.required = body.required;
  fields.ticket_type_ids = body.ticket_type_ids;
  return fields;
}

}  // namespace

void add_questions_api(accounts::ApiRoutes& routes, EventsService& events) {
  const std::string base = "/api/v1/communities/{slug}/events/{event}";

  routes.add<EventPath, Nothing, Nothing, QuestionsReply>(
      {.method = Method::kGet,
       .path = base + "/questions",
       .operation_id = "listEventQuestions",
       .summary = "The event's registration questions, in order",
       .description = "A question with `ticket_type_ids` is asked only for those ticket types.",
       .tag = "events",
       .access = Access::kAnyone},
      [&events](auto& call) -> Result<QuestionsReply> {
        auto questions =
            events.questions(Caller{call.viewer(), std::nullopt}, call.path.slug, call.path.event);
        if (!questions) return questions.error();
        return questions_out(questions.value());
      });

  routes.add<EventPath, Nothing, QuestionBody, QuestionReply>(
      {.method = Method::kPost,
       .path = base + "/questions",
       .operation_id = "addEventQuestion",
       .summary = "Ask a registration question (organizers)",
       .description = "`text` (max_length, default 200), `choice` (options, at least 2; "
                      "multiple for several) or `consent` (the label is what one agrees to). "
                      "Added last.",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&events](auto& call) -> Result<QuestionReply> {
        QuestionFields fields = fields_of(call.body);
        fields.kind = call.body.kind;
        fields.label = call.body.label.value;
        auto added = events.add_question(call.viewer(), call.path.slug, call.path.event, fields);
        if (!added) return added.error();
        return QuestionReply{question_out(added.value())};
      });

  routes.add<QuestionPath, Nothing, QuestionPatchBody, QuestionReply>(
      {.method = Method::kPatch,
       .path = base + "/questions/{question}",
       .operation_id = "changeEventQuestion",
       .summary = "Change a registration question (organizers); its kind stays",
       .description = "Answers already given keep the label they were given to.",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<QuestionReply> {
        QuestionFields fields = fields_of(call.body);
        if (call.body.label) fields.label = call.body.label->value;
        auto changed = events.change_question(call.viewer(), call.path.slug, call.path.event,
                                              call.path.question, fields);
        if (!changed) return changed.error();
        return QuestionReply{question_out(changed.value())};
      });

  routes.add<QuestionPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/questions/{question}",
       .operation_id = "deleteEventQuestion",
       .summary = "Stop asking a question (organizers); its answers are kept",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&events](auto& call) -> Result<Nothing> {
        if (auto deleted = events.delete_question(call.viewer(), call.path.slug, call.path.event,
                                                  call.path.question);
            !deleted)
          return deleted.error();
        return Nothing{};
      });

  routes.add<EventPath, Nothing, OrderBody, QuestionsReply>(
      {.method = Method::kPut,
       .path = base + "/question-order",
       .operation_id = "orderEventQuestions",
       .summary = "Put the registration questions in a new order (organizers)",
       .description = "`question_ids` lists every question of the event once.",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<QuestionsReply> {
        auto ordered = events.reorder_questions(call.viewer(), call.path.slug, call.path.event,
                                                call.body.question_ids);
        if (!ordered) return ordered.error();
        return questions_out(ordered.value());
      });

  routes.add<EventPath, Nothing, Nothing, AnswersReply>(
      {.method = Method::kGet,
       .path = base + "/answers",
       .operation_id = "listEventAnswers",
       .summary = "Every registration's answers (organizers)",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<AnswersReply> {
        auto answers = events.answers(call.viewer(), call.path.slug, call.path.event, {});
        if (!answers) return answers.error();
        return answers_out(answers.value());
      });

  routes.add<EventPath, Nothing, Nothing, SummaryReply>(
      {.method = Method::kGet,
       .path = base + "/answers/summary",
       .operation_id = "eventAnswerSummary",
       .summary = "Per question: how many answered, each option's count, consents (organizers)",
       .description = "Cancelled registrations are not counted.",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<SummaryReply> {
        auto summary = events.answer_summary(call.viewer(), call.path.slug, call.path.event);
        if (!summary) return summary.error();
        SummaryReply reply;
        for (const auto& item : summary.value()) {
          SummaryOut out{.question = question_out(item.question),
                         .deleted = item.question.deleted,
                         .answered = item.answered,
                         .agreed = item.agreed};
          for (const auto& [option, count] : item.choices) out.choices.push_back({option, count});
          reply.questions.push_back(std::move(out));
        }
        return reply;
      });

  routes.add<EventPath, Nothing, Nothing, AnswersReply>(
      {.method = Method::kGet,
       .path = base + "/registration/answers",
       .operation_id = "myAnswers",
       .summary = "My answers to the registration questions (a member's, or the ticket token's)",
       .tag = "events",
       .access = Access::kAnyoneOrTicket},
      [&events](auto& call) -> Result<AnswersReply> {
        if (!call.viewer().signed_in() && !call.ticket_token) return Error::unauthenticated();
        auto answers = events.my_answers(Caller{call.viewer(), call.ticket_token}, call.path.slug,
                                         call.path.event);
        if (!answers) return answers.error();
        return answers_out(answers.value());
      });
}

}  // namespace moim::events
