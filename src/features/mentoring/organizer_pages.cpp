// The organizers' mentoring pages: creating and changing a program, and the
// review page, where both sides are accepted or declined, pairs are pinned
// or excluded, the matcher is run and one run is announced. Who may do this
// is the service's to say: every call passes the viewer on, and its refusal
// becomes the refusal page. A refused form comes back marked, as typed.
#include <charconv>
#include <random>

#include "features/mentoring/forms.hpp"
#include "features/mentoring/pages.hpp"
#include "features/mentoring/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::mentoring {

using namespace pages;

namespace {

constexpr std::string_view kProgramFields[] = {
    "name",     "description",     "starts_on", "ends_on", "format",  "cadence_days",
    "sessions", "session_minutes", "languages", "topics",  "audience"};
constexpr std::string_view kRuleFields[] = {"offer_id", "application_id", "kind", "reason"};
constexpr std::string_view kMatchFields[] = {"mode", "seed"};

std::optional<std::int64_t> positive_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || id <= 0)
    return std::nullopt;
  return id;
}

std::string review_path(const std::string& slug, std::int64_t program_id) {
  return program_path(slug, program_id) + "/review";
}

boost::json::array options(const WebSession& session, const RequestContext& context,
                           const std::string& prefix, std::initializer_list<const char*> values,
                           const std::string& chosen) {
  boost::json::array list;
  for (const char* value : values)
    list.push_back(boost::json::object{{"value", value},
                                       {"label", session.text(context, prefix + value)},
                                       {"selected", chosen == value}});
  return list;
}

// The matcher's two modes, each with the sentence that says what it promises.
boost::json::array mode_options(const WebSession& session, const RequestContext& context,
                                const std::string& chosen) {
  boost::json::array list = options(session, context, "mentoring_mode_", {"fit", "stable"}, chosen);
  for (auto& option : list) {
    auto& entry = option.as_object();
    entry["explain"] = session.text(
        context, "mentoring_mode_" + std::string(entry["value"].as_string()) + "_explain");
  }
  return list;
}

// `program` is the one being changed; none when a new one is being made.
http::Response program_form(WebSession& session, const RequestContext& context,
                            const std::string& slug, const std::optional<Program>& program,
                            boost::json::object values, std::optional<Error> error) {
  const bool editing = program.has_value();
  boost::json::object data{
      {"list_path", list_path(slug)},
      {"editing", editing},
      {"action", editing ? program_path(slug, program->id) + "/edit" : list_path(slug) + "/new"},
      {"formats", options(session, context, "mentoring_format_", {"one_to_one", "group"},
                          text_of(values, "format"))},
      {"audiences", options(session, context, "mentoring_audience_", {"members", "anyone"},
                            text_of(values, "audience"))}};
  if (editing) {
    data["program"] = program_view(session, context, *program);
    data["time_zone"] = program->time_zone;
  }
  data["values"] = std::move(values);
  if (error) mark_error(data, session, context, *error, fields_of(kProgramFields));
  const std::string title =
      session.text(context, editing ? "mentoring_edit_title" : "mentoring_new_title");
  return session.page(context, error ? error->http_status : 200, "mentoring/program_form",
                      std::move(data), {.title = editing ? title + " · " + program->name : title});
}

Result<bool> organizes(MentoringService& mentoring, const RequestContext& context,
                       const std::string& slug) {
  if (!context.viewer.signed_in()) return Error::unauthenticated();
  auto organizer = mentoring.may_organize(context.viewer, slug);
  if (!organizer) return organizer.error();
  if (!organizer.value()) return Error::forbidden("only organizers run mentoring programs");
  return true;
}

// "90분" / "1시간 30분": a pair's longest stretch together.
std::string duration_text(const WebSession& session, const RequestContext& context, int minutes) {
  if (minutes < 60)
    return fill(session.text(context, "mentoring_duration_minutes"),
                {{"{minutes}", std::to_string(minutes)}});
  const std::string hours = std::to_string(minutes / 60);
  if (minutes % 60 == 0)
    return fill(session.text(context, "mentoring_duration_hours"), {{"{hours}", hours}});
  return fill(session.text(context, "mentoring_duration_hours_minutes"),
              {{"{hours}", hours}, {"{minutes}", std::to_string(minutes % 60)}});
}

// What the review page shows besides its data: the refusal of a form on it,
// what that form had typed, the notice of a redirect.
struct ReviewState {
  std::optional<std::int64_t> run_id;  // the run to show; none: the newest
  std::optional<Error> error;
  std::vector<std::string_view> error_fields;  // the fields of the refused form
  boost::json::object rule_values{
      {"offer_id", ""}, {"application_id", ""}, {"kind", "pin"}, {"reason", ""}};
  boost::json::object match_values;
  std::string notice;
};

boost::json::object run_view(const WebSession& session, const RequestContext& context,
                             const Program& program, const Run& run) {
  boost::json::array pairs;
  for (const auto& pair : run.pairs)
    pairs.push_back(boost::json::object{
        {"mentor", pair.mentor_name},
        {"mentee", pair.mentee_name},
        {"score", pair.score},
        {"overlap", duration_text(session, context, pair.overlap_minutes)},
        {"shared_topics", pair.shared_topics},
        {"ranked", pair.ranked > 0 ? fill(session.text(context, "mentoring_rank_place"),
                                          {{"{place}", std::to_string(pair.ranked)}})
                                   : session.text(context, "mentoring_not_ranked")},
        {"pinned", pair.pinned}});
  boost::json::array unmatched;
  for (const auto& mentee : run.unmatched) {
    const std::string key = "mentoring_unmatched_" + mentee.reason;
    const bool known = session.catalog().strings(context.language).contains(key);
    unmatched.push_back(
        boost::json::object{{"name", mentee.mentee_name},
                            {"reason", known ? session.text(context, key) : mentee.reason},
                            {"compatible", mentee.compatible_mentors}});
  }
  const bool stable = run.mode == "stable";
  return {{"id", run.id},
          {"mode_label",
           session.text(context, stable ? "mentoring_mode_stable" : "mentoring_mode_fit")},
          {"seed", std::to_string(run.seed)},
          {"created", format_local(run.created_at, program.time_zone)},
          {"matched", run.summary.matched},
          {"unmatched_count", run.summary.unmatched},
          {"mentees", run.summary.mentees},
          {"total_score", run.summary.total_score},
          {"compatible_pairs", run.summary.compatible_pairs},
          {"pinned", run.summary.pinned},
          {"pairs", std::move(pairs)},
          {"has_pairs", !run.pairs.empty()},
          {"unmatched", std::move(unmatched)},
          {"has_unmatched", !run.unmatched.empty()},
          {"announced", run.announced}};
}

http::Response review_page(WebSession& session, MentoringService& mentoring,
                           const RequestContext& context, const std::string& slug,
                           std::int64_t program_id, ReviewState state) {
  if (program_id == 0) return session.refuse(context, Error::not_found("no such program"));
  auto program = mentoring.program(context.viewer, slug, program_id);
  if (!program) return session.refuse(context, program.error());
  // The service refuses these to anyone but organizers.
  auto offers = mentoring.offers(context.viewer, slug, program_id);
  if (!offers) return session.refuse(context, offers.error());
  auto applications = mentoring.applications(context.viewer, slug, program_id);
  if (!applications) return session.refuse(context, applications.error());
  auto rules = mentoring.rules(context.viewer, slug, program_id);
  if (!rules) return session.refuse(context, rules.error());
  auto runs = mentoring.runs(context.viewer, slug, program_id, 10);
  if (!runs) return session.refuse(context, runs.error());

  const std::string path = program_path(slug, program_id);
  const std::string zone = program->time_zone;
  const std::int64_t at = hours_instant(program.value());
  std::map<std::int64_t, std::string> mentor_names;
  for (const auto& offer : offers.value()) mentor_names[offer.id] = offer.display_name;

  boost::json::array offer_rows, mentor_options;
  for (const auto& offer : offers.value()) {
    offer_rows.push_back(boost::json::object{
        {"id", offer.id},
        {"name", offer.display_name},
        {"languages", joined(offer.profile.languages)},
        {"topics", joined(offer.profile.topics)},
        {"hours", texts(describe_hours(offer.hours, zone, at, context.language))},
        {"capacity", offer.capacity},
        {"bio", offer.bio},
        {"help_with", offer.help_with},
        {"status_label", status_text(session, context, offer.status)},
        {"status", std::string(review_name(offer.status))},
        {"reason", offer.review_reason},
        {"reviewable", offer.status != Review::withdrawn},
        {"action", path + "/offers/" + std::to_string(offer.id) + "/review"}});
    if (offer.status != Review::withdrawn && offer.status != Review::declined)
      mentor_options.push_back(boost::json::object{
          {"value", std::to_string(offer.id)},
          {"label", offer.display_name},
          {"selected", text_of(state.rule_values, "offer_id") == std::to_string(offer.id)}});
  }
  boost::json::array application_rows, mentee_options;
  for (const auto& application : applications.value()) {
    boost::json::array ranking;
    for (std::size_t place = 0; place < application.ranking.size(); ++place) {
      auto name = mentor_names.find(application.ranking[place]);
      ranking.push_back(boost::json::object{
          {"place", place + 1},
          {"name", name != mentor_names.end() ? name->second
                                              : session.text(context, "mentoring_gone_mentor")}});
    }
    application_rows.push_back(boost::json::object{
        {"id", application.id},
        {"name", application.display_name},
        {"languages", joined(application.profile.languages)},
        {"topics", joined(application.profile.topics)},
        {"hours", texts(describe_hours(application.hours, zone, at, context.language))},
        {"goals", texts(application.goals)},
        {"ranking", std::move(ranking)},
        {"has_ranking", !application.ranking.empty()},
        {"status_label", status_text(session, context, application.status)},
        {"status", std::string(review_name(application.status))},
        {"reason", application.review_reason},
        {"reviewable", application.status != Review::withdrawn},
        {"action", path + "/applications/" + std::to_string(application.id) + "/review"}});
    if (application.status != Review::withdrawn && application.status != Review::declined)
      mentee_options.push_back(boost::json::object{
          {"value", std::to_string(application.id)},
          {"label", application.display_name},
          {"selected",
           text_of(state.rule_values, "application_id") == std::to_string(application.id)}});
  }
  boost::json::array rule_rows;
  for (const auto& rule : rules.value())
    rule_rows.push_back(boost::json::object{
        {"mentor", rule.mentor_name},
        {"mentee", rule.mentee_name},
        {"pin", rule.pin},
        {"kind_label",
         session.text(context, rule.pin ? "mentoring_kind_pin" : "mentoring_kind_exclude")},
        {"reason", rule.reason},
        {"action", path + "/rules/" + std::to_string(rule.id) + "/delete"}});

  // The run shown: the one asked for, else the newest.
  const Run* shown = runs->empty() ? nullptr : &runs->front();
  if (state.run_id) {
    shown = nullptr;
    for (const auto& run : runs.value())
      if (run.id == *state.run_id) shown = &run;
    // A form sent from an older page falls back to the newest run.
    if (shown == nullptr && !state.error)
      return session.refuse(context, Error::not_found("no such run"));
    if (shown == nullptr && !runs->empty()) shown = &runs->front();
  }
  boost::json::array run_links;
  for (const auto& run : runs.value())
    run_links.push_back(boost::json::object{
        {"id", run.id},
        {"path", path + "/review?run=" + std::to_string(run.id)},
        {"label",
         fill(session.text(context, "mentoring_run_label"),
              {{"{id}", std::to_string(run.id)},
               {"{mode}", session.text(context, run.mode == "stable" ? "mentoring_mode_stable"
                                                                     : "mentoring_mode_fit")},
               {"{matched}", std::to_string(run.summary.matched)},
               {"{mentees}", std::to_string(run.summary.mentees)}})},
        {"shown", shown == &run},
        {"announced", run.announced}});

  if (state.match_values.empty()) {
    // A fresh seed each time: "run again" tries another tie-break.
    std::random_device device;
    state.match_values = {
        {"mode", "fit"},
        {"seed", std::to_string(std::uniform_int_distribution<int>(1, 999999)(device))}};
  }
  boost::json::object data{
      {"program", program_view(session, context, program.value())},
      {"path", path},
      {"list_path", list_path(slug)},
      {"time_zone", zone},
      {"offers", std::move(offer_rows)},
      {"no_offers", offers->empty()},
      {"applications", std::move(application_rows)},
      {"no_applications", applications->empty()},
      {"rules", std::move(rule_rows)},
      {"no_rules", rules->empty()},
      {"mentor_options", std::move(mentor_options)},
      {"mentee_options", std::move(mentee_options)},
      {"kinds", options(session, context, "mentoring_kind_", {"pin", "exclude"},
                        text_of(state.rule_values, "kind"))},
      {"rule_values", state.rule_values},
      {"modes", mode_options(session, context, text_of(state.match_values, "mode"))},
      {"match_values", state.match_values},
      {"runs", std::move(run_links)},
      {"has_runs", !runs->empty()},
      {"shown_run_id", shown ? shown->id : 0}};
  if (shown) data["run"] = run_view(session, context, program.value(), *shown);
  if (program->announced_run_id) {
    // Announced: the pairs are made; the page links each pair's page.
    auto pairs = mentoring.pairs(context.viewer, slug, program_id);
    if (!pairs) return session.refuse(context, pairs.error());
    boost::json::array pair_links;
    for (const auto& pair : pairs.value())
      pair_links.push_back(boost::json::object{{"path", pair_path(slug, program_id, pair.id)},
                                               {"mentor", pair.mentor.display_name},
                                               {"mentee", pair.mentee.display_name}});
    data["announced"] = boost::json::object{
        {"run_id", *program->announced_run_id},
        {"path", path + "/review?run=" + std::to_string(*program->announced_run_id)},
        {"figures_path", path + "/figures"},
        // The pairs' private Discord channels (the integrations room's page).
        {"discord_path", path + "/discord"},
        {"pairs", std::move(pair_links)}};
  } else if (shown && !shown->pairs.empty()) {
    data["may_announce"] = true;
    data["announce_action"] = path + "/runs/" + std::to_string(shown->id) + "/announce";
  }
  if (state.error) mark_error(data, session, context, *state.error, state.error_fields);
  return session.page(
      context, state.error ? state.error->http_status : 200, "mentoring/review", std::move(data),
      {.title = session.text(context, "mentoring_review_title") + " · " + program->name,
       .notice_key = state.notice});
}

// The run the review page showed when a form on it was sent (its hidden
// "run" field), so the page comes back as it was.
std::optional<std::int64_t> shown_run(const Form& form) {
  return positive_id(form_value(form, "run"));
}

std::string back_to_review(const std::string& slug, std::int64_t program_id,
                           std::optional<std::int64_t> run, const std::string& notice,
                           const std::string& anchor) {
  std::string path = review_path(slug, program_id) + "?notice=" + notice;
  if (run) path += "&run=" + std::to_string(*run);
  return path + "#" + anchor;
}

}  // namespace

void add_organizer_pages(http::Router& router, WebSession& session, MentoringService& mentoring,
                         TopicSuggestions suggest_topics) {
  const std::string base = "/c/{slug}/mentoring/{program}";

  router.get("/c/{slug}/mentoring/new", [&, suggest_topics](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    if (auto allowed = organizes(mentoring, context, slug); !allowed)
      return session.refuse(context, allowed.error());
    boost::json::object values = program_defaults();
    // A new program starts from the community's study tags (editable).
    if (suggest_topics) {
      std::string topics;
      for (const auto& tag : suggest_topics(context.viewer, slug))
        topics += (topics.empty() ? "" : ", ") + tag;
      values["topics"] = topics;
    }
    return program_form(session, context, slug, std::nullopt, std::move(values), std::nullopt);
  });

  router.post("/c/{slug}/mentoring/new", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    auto input = program_input(form, false);
    Result<Program> created = input ? mentoring.create(context.viewer, slug, input.value())
                                    : Result<Program>(input.error());
    if (!created) {
      if (!is_form_error(created.error())) return session.refuse(context, created.error());
      return program_form(session, context, slug, std::nullopt, program_typed(form),
                          created.error());
    }
    return http::Response::redirect(program_path(slug, created->id) + "?notice=created");
  });

  router.get(base + "/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    if (auto allowed = organizes(mentoring, context, slug); !allowed)
      return session.refuse(context, allowed.error());
    if (program_id == 0) return session.refuse(context, Error::not_found("no such program"));
    auto program = mentoring.program(context.viewer, slug, program_id);
    if (!program) return session.refuse(context, program.error());
    return program_form(session, context, slug, program.value(), program_values(program.value()),
                        std::nullopt);
  });

  router.post(base + "/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    if (program_id == 0) return session.refuse(context, Error::not_found("no such program"));
    auto input = program_input(form, true);
    Result<Program> updated =
        input ? mentoring.update(context.viewer, slug, program_id, input.value())
              : Result<Program>(input.error());
    if (!updated) {
      if (!is_form_error(updated.error())) return session.refuse(context, updated.error());
      auto program = mentoring.program(context.viewer, slug, program_id);
      if (!program) return session.refuse(context, program.error());
      return program_form(session, context, slug, program.value(), program_typed(form),
                          updated.error());
    }
    return http::Response::redirect(program_path(slug, program_id) + "?notice=saved");
  });

  router.get(base + "/review", [&](http::Request& request) {
    auto context = session.context(request);
    ReviewState state;
    state.notice = notice_key(request, {"offer_reviewed", "application_reviewed", "rule_added",
                                        "rule_removed", "matched", "announced"});
    if (auto asked = request.query_param("run")) {
      state.run_id = positive_id(*asked);
      if (!state.run_id)
        return session.refuse(context, Error::invalid("run", "run must be a run's id"));
    }
    return review_page(session, mentoring, context, request.param("slug"),
                       id_param(request, "program"), std::move(state));
  });

  // Accepting or declining either side, with the reason the person reads.
  for (const bool mentor : {true, false}) {
    const std::string path =
        base + (mentor ? "/offers/{offer}/review" : "/applications/{application}/review");
    router.post(path, [&, mentor](http::Request& request) {
      auto context = session.context(request);
      const auto form = request.form();
      if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
      if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
      const std::string slug = request.param("slug");
      const std::int64_t program_id = id_param(request, "program");
      const std::int64_t id = id_param(request, mentor ? "offer" : "application");
      auto input = review_input(form);
      Status done = [&]() -> Status {
        if (!input) return input.error();
        if (mentor) {
          auto reviewed = mentoring.review_offer(context.viewer, slug, program_id, id,
                                                 input->accept, input->reason);
          if (!reviewed) return reviewed.error();
        } else {
          auto reviewed = mentoring.review_application(context.viewer, slug, program_id, id,
                                                       input->accept, input->reason);
          if (!reviewed) return reviewed.error();
        }
        return ok_status();
      }();
      if (!done) {
        if (!is_form_error(done.error())) return session.refuse(context, done.error());
        ReviewState state;
        state.run_id = shown_run(form);
        state.error = done.error();
        return review_page(session, mentoring, context, slug, program_id, std::move(state));
      }
      return http::Response::redirect(back_to_review(
          slug, program_id, shown_run(form), mentor ? "offer_reviewed" : "application_reviewed",
          mentor ? "offers" : "applications"));
    });
  }

  router.post(base + "/rules", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    auto input = rule_input(form);
    Result<Rule> added = input
                             ? mentoring.add_rule(context.viewer, slug, program_id, input->offer_id,
                                                  input->application_id, input->pin, input->reason)
                             : Result<Rule>(input.error());
    if (!added) {
      if (!is_form_error(added.error())) return session.refuse(context, added.error());
      ReviewState state;
      state.run_id = shown_run(form);
      state.error = added.error();
      state.error_fields = fields_of(kRuleFields);
      state.rule_values = rule_typed(form);
      return review_page(session, mentoring, context, slug, program_id, std::move(state));
    }
    return http::Response::redirect(
        back_to_review(slug, program_id, shown_run(form), "rule_added", "rules"));
  });

  router.post(base + "/rules/{rule}/delete", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    auto removed =
        mentoring.remove_rule(context.viewer, slug, program_id, id_param(request, "rule"));
    if (!removed) {
      if (!is_form_error(removed.error())) return session.refuse(context, removed.error());
      ReviewState state;
      state.run_id = shown_run(form);
      state.error = removed.error();
      return review_page(session, mentoring, context, slug, program_id, std::move(state));
    }
    return http::Response::redirect(
        back_to_review(slug, program_id, shown_run(form), "rule_removed", "rules"));
  });

  router.post(base + "/match", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    auto input = match_input(form);
    Result<Run> run =
        input ? mentoring.match(context.viewer, slug, program_id, input->mode, input->seed)
              : Result<Run>(input.error());
    if (!run) {
      if (!is_form_error(run.error())) return session.refuse(context, run.error());
      ReviewState state;
      state.run_id = shown_run(form);
      state.error = run.error();
      state.error_fields = fields_of(kMatchFields);
      state.match_values = match_typed(form);
      return review_page(session, mentoring, context, slug, program_id, std::move(state));
    }
    return http::Response::redirect(back_to_review(slug, program_id, run->id, "matched", "run"));
  });

  router.post(base + "/runs/{run}/announce", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const std::string slug = request.param("slug");
    const std::int64_t program_id = id_param(request, "program");
    const std::int64_t run_id = id_param(request, "run");
    auto announced = mentoring.announce(context.viewer, slug, program_id, run_id);
    if (!announced) {
      if (!is_form_error(announced.error())) return session.refuse(context, announced.error());
      ReviewState state;
      state.run_id = run_id;
      state.error = announced.error();
      return review_page(session, mentoring, context, slug, program_id, std::move(state));
    }
    return http::Response::redirect(back_to_review(slug, program_id, run_id, "announced", "run"));
  });
}

}  // namespace moim::mentoring
