// The survey's pages: attendees answer (members at /feedback, guests at
// /feedback/t/{token}), organizers set the questions and read the results
// (/feedback/results, /feedback.csv); and the organizers' badge sheet.
#include <boost/json/value_to.hpp>

#include <cstdio>

#include "features/events/after_routes.hpp"
#include "features/events/page_helpers.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using namespace pages;

namespace {

std::string form_value(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

boost::json::object question_view(const FeedbackQuestion& question,
                                  const std::map<std::string, std::string>& typed) {
  const std::string field = "q" + std::to_string(question.id);
  boost::json::object view{{"id", question.id},
                           {"field", field},
                           {"prompt", question.prompt},
                           {"required", question.required},
                           {"rating", question.kind == QuestionKind::rating},
                           {"value", form_value(typed, field)}};
  if (question.kind == QuestionKind::rating) {
    boost::json::array choices;
    for (int score = 1; score <= 5; ++score) {
      choices.push_back({{"score", score},
                         {"id", field + "_" + std::to_string(score)},
                         {"checked", form_value(typed, field) == std::to_string(score)}});
    }
    view["choices"] = choices;
  }
  return view;
}

http::Response form_page(WebSession& session, AfterEventService& after,
                         const RequestContext& context, const std::string& slug,
                         std::int64_t event_id, const std::optional<std::string>& token,
                         boost::json::object extra = {},
                         const std::map<std::string, std::string>& typed = {}, int status = 200) {
  auto form = after.form(Caller{context.viewer, token}, slug, event_id);
  if (!form) return session.refuse(context, form.error());
  boost::json::array questions;
  std::string error_field, error_message;
  if (auto found = extra.find("field_error"); found != extra.end() && found->value().is_object()) {
    error_field = boost::json::value_to<std::string>(found->value().as_object().at("field"));
    error_message = boost::json::value_to<std::string>(found->value().as_object().at("message"));
  }
  for (const auto& question : form->questions) {
    auto view = question_view(question, typed);
    if (view["field"].as_string() == error_field) view["error"] = error_message;
    questions.push_back(std::move(view));
  }
  const std::string action =
      event_path(slug, event_id) + "/feedback" + (token ? "/t/" + *token : std::string());
  boost::json::object data{
      {"event", event_view(session, context, form->event, Clock().now_seconds())},
      {"questions", questions},
      {"has_questions", !questions.empty()},
      {"may_answer", form->attended && !form->answered && !questions.empty()},
      {"answered", form->answered},
      {"not_attended", !form->attended},
      {"action", action}};
  for (auto& [key, value] : extra) data[key] = value;
  return session.page(
      context, status, "events/feedback", std::move(data),
      {.title = session.text(context, "event_feedback_title") + " · " + form->event.title});
}

http::Response results_page(WebSession& session, AfterEventService& after,
                            const RequestContext& context, const std::string& slug,
                            std::int64_t event_id, boost::json::object extra = {},
                            int status = 200) {
  auto results = after.results(context.viewer, slug, event_id);
  if (!results) return session.refuse(context, results.error());
  boost::json::array questions, rows;
  for (const auto& result : results->questions) {
    char average[16] = "-";
    if (result.average) std::snprintf(average, sizeof average, "%.2f", *result.average);
    boost::json::array counts, texts;
    for (int score = 1; score <= 5; ++score)
      counts.push_back({{"score", score}, {"count", result.counts[score - 1]}});
    for (const auto& text : result.texts) texts.push_back(boost::json::value(text));
    questions.push_back({{"prompt", result.question.prompt},
                         {"rating", result.question.kind == QuestionKind::rating},
                         {"answers", result.answers},
                         {"average", average},
                         {"counts", counts},
                         {"texts", texts}});
  }
  // The editor: the current questions and empty rows up to the limit.
  for (std::size_t index = 0; index < kMaxQuestions; ++index) {
    const FeedbackQuestion* question =
        index < results->questions.size() ? &results->questions[index].question : nullptr;
    rows.push_back({{"index", index},
                    {"number", index + 1},
                    {"prompt", question ? question->prompt : ""},
                    {"text", question && question->kind == QuestionKind::text},
                    {"required", question && question->required}});
  }
  boost::json::object data{
      {"event", event_view(session, context, results->event, Clock().now_seconds())},
      {"responses", results->responses},
      {"attendees", results->attendees},
      {"questions", questions},
      {"rows", rows},
      {"locked", results->responses > 0}};
  for (auto& [key, value] : extra) data[key] = value;
  return session.page(context, status, "events/feedback_results", std::move(data),
                      {.title = session.text(context, "event_feedback_results_title") + " · " +
                                results->event.title});
}

// The survey's field errors name a question ("q12", "questions[3].prompt"):
// their wording comes from the catalog by kind, not by that name.
void mark_survey_error(boost::json::object& data, const WebSession& session,
                       const RequestContext& context, const Error& error) {
  mark_error(data, session, context, error);
  std::string key;
  if (error.field.starts_with("questions["))
    key = "event_error_invalid_prompt";
  else if (error.field.starts_with("q") && error.field != "questions")
    key = "event_error_invalid_answer";
  if (key.empty()) return;
  data["field_error"].as_object()["message"] = session.text(context, key);
}

}  // namespace

void add_after_event_pages(http::Router& router, WebSession& session, AfterEventService& after) {
  for (const bool guest : {false, true}) {
    const std::string path =
        std::string("/c/{slug}/events/{event}/feedback") + (guest ? "/t/{token}" : "");
    router.get(path, [&, guest](http::Request& request) {
      auto context = session.context(request);
      std::optional<std::string> token;
      if (guest)
        token = request.param("token");
      else if (!context.viewer.signed_in())
        return session.refuse(context, Error::unauthenticated());
      return form_page(session, after, context, request.param("slug"), id_param(request, "event"),
                       token);
    });
    router.post(path, [&, guest](http::Request& request) {
      auto context = session.context(request);
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      const std::string slug = request.param("slug");
      const std::int64_t event_id = id_param(request, "event");
      std::optional<std::string> token;
      if (guest) token = request.param("token");
      const Caller caller{context.viewer, token};
      auto shown = after.form(caller, slug, event_id);
      if (!shown) return session.refuse(context, shown.error());
      std::vector<FeedbackAnswer> answers;
      for (const auto& question : shown->questions) {
        const std::string typed = form_value(form, "q" + std::to_string(question.id));
        FeedbackAnswer answer{.question_id = question.id};
        if (question.kind == QuestionKind::rating) {
          if (typed.empty()) continue;
          answer.rating =
              typed.size() == 1 && typed[0] >= '0' && typed[0] <= '9' ? typed[0] - '0' : 0;
        } else {
          answer.text = typed;
        }
        answers.push_back(std::move(answer));
      }
      if (auto saved = after.answer(caller, slug, event_id, answers); !saved) {
        if (saved.error().http_status != 400) return session.refuse(context, saved.error());
        boost::json::object extra;
        mark_survey_error(extra, session, context, saved.error());
        return form_page(session, after, context, slug, event_id, token, std::move(extra), form,
                         400);
      }
      return form_page(session, after, context, slug, event_id, token, {{"thanks", true}});
    });
  }

  router.get("/c/{slug}/events/{event}/feedback/results", [&](http::Request& request) {
    auto context = session.context(request);
    return results_page(session, after, context, request.param("slug"), id_param(request, "event"));
  });

  router.post("/c/{slug}/events/{event}/feedback/questions", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    std::vector<QuestionInput> questions;
    for (std::size_t index = 0; index < kMaxQuestions; ++index) {
      const std::string suffix = "_" + std::to_string(index);
      const std::string prompt = form_value(form, "prompt" + suffix);
      if (web::trim(prompt).empty()) continue;
      questions.push_back(
          {form_value(form, "kind" + suffix) == "text" ? QuestionKind::text : QuestionKind::rating,
           prompt, form_value(form, "required" + suffix) == "1"});
    }
    auto saved = after.set_questions(context.viewer, slug, event_id, questions);
    if (!saved) {
      if (saved.error().http_status != 400 && saved.error().http_status != 409)
        return session.refuse(context, saved.error());
      boost::json::object extra;
      mark_survey_error(extra, session, context, saved.error());
      return results_page(session, after, context, slug, event_id, std::move(extra),
                          saved.error().http_status);
    }
    return results_page(session, after, context, slug, event_id, {{"saved", true}});
  });

  router.get("/c/{slug}/events/{event}/badges.pdf", [&](http::Request& request) {
    auto context = session.context(request);
    auto pdf = after.badges_pdf(context.viewer, request.param("slug"), id_param(request, "event"));
    if (!pdf) return session.refuse(context, pdf.error());
    http::Response response;
    response.body = pdf.value();
    response.set_header("Content-Type", "application/pdf");
    response.set_header("Content-Disposition", "attachment; filename=\"event-badges.pdf\"");
    return response;
  });

  router.get("/c/{slug}/events/{event}/feedback.csv", [&](http::Request& request) {
    auto context = session.context(request);
    auto csv = after.results_csv(context.viewer, request.param("slug"), id_param(request, "event"),
                                 context.language);
    if (!csv) return session.refuse(context, csv.error());
    http::Response response;
    response.body = csv.value();
    response.set_header("Content-Type", "text/csv; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"event-feedback.csv\"");
    return response;
  });
}

}  // namespace moim::events
