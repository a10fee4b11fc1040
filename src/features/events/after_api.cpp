// /api/v1/communities/{slug}/events/{event}/feedback*: the survey's typed
// routes (features/accounts/api_routes.hpp); OpenAPI comes from here.
#include "features/events/after_routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using accounts::Access;
using http::Method;
using web::Int;
using web::Nothing;
using web::Text;

struct FeedbackPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(FeedbackPath, (), (slug, event))

struct QuestionOut {
  std::int64_t id = 0;
  QuestionKind kind = QuestionKind::rating;
  std::string prompt;
  bool required = false;
};
BOOST_DESCRIBE_STRUCT(QuestionOut, (), (id, kind, prompt, required))

struct QuestionBody {
  QuestionKind kind = QuestionKind::rating;
  Text<1, kMaxPromptChars> prompt;
  std::optional<bool> required;
};
BOOST_DESCRIBE_STRUCT(QuestionBody, (), (kind, prompt, required))
struct QuestionsBody {
  std::vector<QuestionBody> questions;
};
BOOST_DESCRIBE_STRUCT(QuestionsBody, (), (questions))
struct QuestionsReply {
  std::vector<QuestionOut> questions;
};
BOOST_DESCRIBE_STRUCT(QuestionsReply, (), (questions))

struct FormReply {
  std::vector<QuestionOut> questions;
  bool attended = false;  // checked in: may answer
  bool answered = false;
};
BOOST_DESCRIBE_STRUCT(FormReply, (), (questions, attended, answered))

struct AnswerBody {
  std::int64_t question_id = 0;
  std::optional<Int<1, 5>> rating;
  std::optional<Text<0, kMaxAnswerChars>> text;
};
BOOST_DESCRIBE_STRUCT(AnswerBody, (), (question_id, rating, text))
struct AnswersBody {
  std::vector<AnswerBody> answers;
};
BOOST_DESCRIBE_STRUCT(AnswersBody, (), (answers))

struct QuestionResultOut {
  QuestionOut question;
  std::int64_t answers = 0;
  std::optional<double> average;
  std::vector<std::int64_t> counts;  // ratings 1..5
  std::vector<std::string> texts;
};
BOOST_DESCRIBE_STRUCT(QuestionResultOut, (), (question, answers, average, counts, texts))
struct ResultsReply {
  std::int64_t responses = 0;
  std::int64_t attendees = 0;
  std::vector<QuestionResultOut> questions;
};
BOOST_DESCRIBE_STRUCT(ResultsReply, (), (responses, attendees, questions))

QuestionOut question_out(const FeedbackQuestion& question) {
  return {question.id, question.kind, question.prompt, question.required};
}

}  // namespace

void add_after_event_api(accounts::ApiRoutes& routes, AfterEventService& after) {
  const std::string base = "/api/v1/communities/{slug}/events/{event}/feedback";

  routes.add<FeedbackPath, Nothing, QuestionsBody, QuestionsReply>(
      {.method = Method::kPut,
       .path = base + "/questions",
       .operation_id = "setFeedbackQuestions",
       .summary = "Set the feedback survey's questions (organizers)",
       .description = "At most 10 questions, each a 1–5 `rating` or a `text`. Refused (409) once "
                      "someone has answered.",
       .tag = "events",
       .errors = {403, 409}},
      [&after](auto& call) -> Result<QuestionsReply> {
        std::vector<QuestionInput> input;
        for (const auto& question : call.body.questions)
          input.push_back(
              {question.kind, question.prompt.value, question.required.value_or(false)});
        auto saved = after.set_questions(call.viewer(), call.path.slug, call.path.event, input);
        if (!saved) return saved.error();
        QuestionsReply reply;
        for (const auto& question : saved.value())
          reply.questions.push_back(question_out(question));
        return reply;
      });

  routes.add<FeedbackPath, Nothing, Nothing, FormReply>(
      {.method = Method::kGet,
       .path = base,
       .operation_id = "feedbackForm",
       .summary = "The survey's questions, and whether the caller may answer (checked in) or has",
       .tag = "events",
       .access = Access::kAnyoneOrTicket},
      [&after](auto& call) -> Result<FormReply> {
        auto form =
            after.form(Caller{call.viewer(), call.ticket_token}, call.path.slug, call.path.event);
        if (!form) return form.error();
        FormReply reply{.attended = form->attended, .answered = form->answered};
        for (const auto& question : form->questions)
          reply.questions.push_back(question_out(question));
        return reply;
      });

  routes.add<FeedbackPath, Nothing, AnswersBody, Nothing>(
      {.method = Method::kPost,
       .path = base + "/responses",
       .operation_id = "answerFeedback",
       .summary = "Answer the survey once (attendees who checked in; guests with their ticket "
                  "token)",
       .description = "An answer that breaks a rule names its question as `q{question_id}` in "
                      "`field`; 409 when the caller has answered already.",
       .tag = "events",
       .status = 204,
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403, 409}},
      [&after](auto& call) -> Result<Nothing> {
        std::vector<FeedbackAnswer> answers;
        for (const auto& given : call.body.answers) {
          FeedbackAnswer answer{.question_id = given.question_id};
          if (given.rating) answer.rating = static_cast<int>(given.rating->value);
          if (given.text) answer.text = given.text->value;
          answers.push_back(std::move(answer));
        }
        if (auto saved = after.answer(Caller{call.viewer(), call.ticket_token}, call.path.slug,
                                      call.path.event, answers);
            !saved)
          return saved.error();
        return Nothing{};
      });

  routes.add<FeedbackPath, Nothing, Nothing, ResultsReply>(
      {.method = Method::kGet,
       .path = base + "/results",
       .operation_id = "feedbackResults",
       .summary = "The survey's results: averages, rating counts and answers (organizers)",
       .tag = "events",
       .errors = {403}},
      [&after](auto& call) -> Result<ResultsReply> {
        auto results = after.results(call.viewer(), call.path.slug, call.path.event);
        if (!results) return results.error();
        ResultsReply reply{.responses = results->responses, .attendees = results->attendees};
        for (const auto& result : results->questions) {
          reply.questions.push_back({question_out(result.question),
                                     result.answers,
                                     result.average,
                                     {result.counts.begin(), result.counts.end()},
                                     result.texts});
        }
        return reply;
      });
}

}  // namespace moim::events
