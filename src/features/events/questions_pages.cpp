// Registration questions on pages: the organizers' page (ask, change, order,
// delete, and each question's answers counted), the registrations CSV, and
// the helpers the event, ticket and registrations pages use to show
// questions and answers.
#include "features/events/questions_pages.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "features/events/routes.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

namespace pages {

namespace {

std::string field_of(std::int64_t question_id) { return "answers." + std::to_string(question_id); }

std::vector<std::string> values_of(const FormPairs& pairs, const std::string& name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : pairs)
    if (key == name) values.push_back(value);
  return values;
}

std::string ticket_type_names(const RegistrationQuestion& question, const Event& event) {
  std::string names;
  for (const auto& type : event.ticket_types) {
    if (std::count(question.ticket_type_ids.begin(), question.ticket_type_ids.end(), type.id))
      names += (names.empty() ? "" : ", ") + type.name;
  }
  return names;
}

}  // namespace

boost::json::array question_fields(const WebSession& session, const RequestContext& context,
                                   const std::vector<RegistrationQuestion>& questions,
                                   const Event& event, const FormPairs& typed,
                                   const std::optional<Error>& error) {
  boost::json::array fields;
  for (const auto& question : questions) {
    const std::string name = field_of(question.id);
    const auto sent = values_of(typed, name);
    boost::json::object view{{"id", question.id},
                             {"name", name},
                             {"label", question.label},
                             {"required", question.required},
                             {"text", question.kind == AskKind::text},
                             {"choice", question.kind == AskKind::choice},
                             {"consent", question.kind == AskKind::consent},
                             {"multiple", question.multiple},
                             {"max_length", question.max_length},
                             {"value", sent.empty() ? std::string() : sent.front()},
                             {"checked", !sent.empty()}};
    if (!question.ticket_type_ids.empty()) view["only_for"] = ticket_type_names(question, event);
    boost::json::array options;
    for (std::size_t index = 0; index < question.options.size(); ++index) {
      const std::string& option = question.options[index];
      options.push_back({{"value", option},
                         {"id", name + "-" + std::to_string(index)},
                         {"checked", std::count(sent.begin(), sent.end(), option) > 0}});
    }
    view["options"] = options;
    if (error && error->field == name) {
      view["invalid"] = true;
      view["error"] = session.error_text(context, *error);
    }
    fields.push_back(std::move(view));
  }
  return fields;
}

std::vector<AnswerInput> answers_from_form(const FormPairs& pairs) {
  std::map<std::int64_t, std::vector<std::string>> sent;
  for (const auto& [key, value] : pairs) {
    if (!key.starts_with("answers.")) continue;
    std::int64_t id = 0;
    const char* first = key.data() + 8;
    const char* last = key.data() + key.size();
    auto [end, failed] = std::from_chars(first, last, id);
    if (failed != std::errc{} || end != last || id <= 0) continue;
    sent[id].push_back(value);
  }
  std::vector<AnswerInput> answers;
  for (auto& [id, values] : sent) {
    AnswerInput answer{.question_id = id};
    if (values.size() == 1) {
      answer.value = values.front();
    } else {
      answer.choices = std::move(values);
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

boost::json::array answers_view(const WebSession& session, const RequestContext& context,
                                const std::vector<Answer>& answers) {
  boost::json::array views;
  for (const auto& answer : answers) {
    views.push_back(
        {{"label", answer.label},
         {"value", answer.kind == AskKind::consent ? session.text(context, "event_consent_yes")
                                                   : answer.shown()}});
  }
  return views;
}

}  // namespace pages

using namespace pages;

namespace {

std::string questions_path(const std::string& slug, std::int64_t event_id) {
  return event_path(slug, event_id) + "/questions";
}

// What a question form sent. `editing`: an unticked box means "no" and no
// ticked ticket type means every ticket type.
Result<QuestionFields> fields_from(const FormPairs& pairs, bool creating) {
  std::map<std::string, std::string> form;
  for (const auto& [key, value] : pairs) form[key] = value;
  QuestionFields fields;
  if (creating) {
    fields.kind = parse_ask_kind(form["kind"]);
    if (!fields.kind) return Error::invalid("kind", "kind is not one of the choices");
  }
  fields.label = form["label"];
  if (form.contains("options")) {
    std::vector<std::string> options;
    std::string line;
    for (const char ch : form["options"] + "\n") {
      if (ch == '\n') {
        if (!web::trim(line).empty()) options.push_back(web::trim(line));
        line.clear();
      } else if (ch != '\r') {
        line += ch;
      }
    }
    fields.options = std::move(options);
  }
  fields.multiple = form.contains("multiple");
  fields.required = form.contains("required");
  if (const std::string text = web::trim(form["max_length"]); !text.empty()) {
    web::Fields checked(std::map<std::string, std::string>{{"max_length", text}});
    auto number = checked.optional_integer("max_length", 1, kMaxTextAnswerChars);
    if (!number) return number.error();
    if (number->has_value()) fields.max_length = static_cast<int>(**number);
  }
  std::vector<std::int64_t> types;
  for (const auto& value : values_of(pairs, "ticket_type_ids")) {
    std::int64_t id = 0;
    auto [end, failed] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (failed != std::errc{} || end != value.data() + value.size())
      return Error::invalid("ticket_type_ids", "ticket_type_ids must be ticket types");
    types.push_back(id);
  }
  fields.ticket_type_ids = std::move(types);
  return fields;
}

boost::json::array ticket_type_choices(const Event& event, const RegistrationQuestion* question,
                                       const std::string& prefix) {
  boost::json::array types;
  for (const auto& type : event.ticket_types) {
    types.push_back(
        {{"id", type.id},
         {"name", type.name},
         {"input_id", prefix + "-type-" + std::to_string(type.id)},
         {"checked", question && std::count(question->ticket_type_ids.begin(),
                                            question->ticket_type_ids.end(), type.id) > 0}});
  }
  return types;
}

std::string options_text(const std::vector<std::string>& options) {
  std::string text;
  for (const auto& option : options) text += option + "\n";
  return text;
}

}  // namespace

void add_questions_pages(http::Router& router, WebSession& session, EventsService& events) {
  router.get("/c/{slug}/events/{event}/questions", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto summary = events.answer_summary(context.viewer, slug, event_id);
    if (!summary) return session.refuse(context, summary.error());
    auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    const std::string base = questions_path(slug, event_id);
    boost::json::array live, retired;
    std::size_t live_count = 0;
    for (const auto& item : summary.value()) live_count += item.question.deleted ? 0 : 1;
    std::size_t position = 0;
    for (const auto& item : summary.value()) {
      const RegistrationQuestion& question = item.question;
      const std::string kind(ask_kind_name(question.kind));
      const std::string prefix = "q" + std::to_string(question.id);
      boost::json::array counts;
      for (const auto& [option, count] : item.choices)
        counts.push_back({{"option", option}, {"count", count}});
      boost::json::object view{
          {"id", question.id},
          {"prefix", prefix},
          {"label", question.label},
          {"kind_label", session.text(context, "event_question_kind_" + kind)},
          {"choice", question.kind == AskKind::choice},
          {"text", question.kind == AskKind::text},
          {"consent", question.kind == AskKind::consent},
          {"options_text", options_text(question.options)},
          {"multiple", question.multiple},
          {"max_length", question.max_length},
          {"required", question.required},
          {"ticket_types", ticket_type_choices(shown.value(), &question, prefix)},
          {"answered", item.answered},
          {"agreed", item.agreed},
          {"counts", counts},
          {"action", base + "/" + std::to_string(question.id)}};
      if (!question.ticket_type_ids.empty()) {
        std::string names;
        for (const auto& type : shown->ticket_types)
          if (std::count(question.ticket_type_ids.begin(), question.ticket_type_ids.end(), type.id))
            names += (names.empty() ? "" : ", ") + type.name;
        view["only_for"] = names;
      }
      if (question.deleted) {
        retired.push_back(std::move(view));
        continue;
      }
      view["can_move_up"] = position > 0;
      view["can_move_down"] = position + 1 < live_count;
      ++position;
      live.push_back(std::move(view));
    }
    boost::json::array kinds;
    for (const char* kind : {"text", "choice", "consent"})
      kinds.push_back(
          {{"value", kind},
           {"label", session.text(context, std::string("event_question_kind_") + kind)}});
    boost::json::object data{
        {"event", event_view(session, context, shown.value(), Clock().now_seconds())},
        {"questions", live},
        {"none", live.empty()},
        {"retired", retired},
        {"has_retired", !retired.empty()},
        {"kinds", kinds},
        {"new_ticket_types", ticket_type_choices(shown.value(), nullptr, "new")},
        {"several_types", shown->ticket_types.size() > 1},
        {"action", base}};
    return session.page(
        context, 200, "events/questions", std::move(data),
        {.title = session.text(context, "event_questions_title") + " · " + shown->title,
         .notice_key = request.query_param("notice") == "saved" ? "event_question_saved" : ""});
  });

  router.post("/c/{slug}/events/{event}/questions", [&](http::Request& request) {
    auto context = session.context(request);
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto fields = fields_from(http::parse_url_encoded(request.body), true);
    if (!fields) return session.form_failed(request, context, fields.error());
    auto added = events.add_question(context.viewer, slug, event_id, fields.value());
    if (!added) return session.form_failed(request, context, added.error());
    return http::Response::redirect(questions_path(slug, event_id) + "?notice=saved");
  });

  router.post("/c/{slug}/events/{event}/questions/{question}", [&](http::Request& request) {
    auto context = session.context(request);
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::int64_t question_id = id_param(request, "question");
    const auto pairs = http::parse_url_encoded(request.body);
    const auto form = request.form();
    const std::string action = form.contains("do") ? form.at("do") : "save";
    Status done = ok_status();
    if (action == "delete") {
      done = events.delete_question(context.viewer, slug, event_id, question_id);
    } else if (action == "up" || action == "down") {
      auto current = events.questions(Caller{context.viewer, std::nullopt}, slug, event_id);
      if (!current) return session.refuse(context, current.error());
      std::vector<std::int64_t> ids;
      for (const auto& question : current.value()) ids.push_back(question.id);
      auto at = std::find(ids.begin(), ids.end(), question_id);
      if (at == ids.end()) return session.refuse(context, Error::not_found("no such question"));
      if (action == "up" && at != ids.begin()) std::iter_swap(at, at - 1);
      if (action == "down" && at + 1 != ids.end()) std::iter_swap(at, at + 1);
      auto ordered = events.reorder_questions(context.viewer, slug, event_id, ids);
      if (!ordered) done = ordered.error();
    } else {
      auto fields = fields_from(pairs, false);
      if (!fields) return session.form_failed(request, context, fields.error());
      auto changed =
          events.change_question(context.viewer, slug, event_id, question_id, fields.value());
      if (!changed) done = changed.error();
    }
    if (!done) return session.form_failed(request, context, done.error());
    return http::Response::redirect(questions_path(slug, event_id) + "?notice=saved");
  });

  router.get("/c/{slug}/events/{event}/registrations.csv", [&](http::Request& request) {
    auto context = session.context(request);
    const CsvWords words{
        .header =
            [&](const std::string& column) { return session.text(context, "event_csv_" + column); },
        .status =
            [&](const std::string& status) {
              return session.text(context, "event_status_" + status);
            },
        .source =
            [&](const std::string& source) {
              return session.text(context, "event_source_" + source);
            }};
    auto csv = events.registrations_csv(context.viewer, request.param("slug"),
                                        id_param(request, "event"), words);
    if (!csv) return session.refuse(context, csv.error());
    http::Response response;
    response.body = csv.value();
    response.set_header("Content-Type", "text/csv; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"event-registrations.csv\"");
    response.set_header("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace moim::events
