// /api/v1/communities/{slug}/cohorts*, /projects*, /labs: the JSON twin of
// the academy pages.
#include <boost/json/parse.hpp>

#include <charconv>

#include "features/academy/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::academy {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

boost::json::array string_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const auto& item : items) array.emplace_back(item);
  return array;
}

Result<std::vector<std::string>> json_strings(const boost::json::object& body,
                                              const std::string& name) {
  std::vector<std::string> items;
  auto found = body.find(name);
  if (found == body.end() || found->value().is_null()) return items;
  if (!found->value().is_array()) return Error::invalid(name, name + " must be a list of text");
  for (const auto& item : found->value().as_array()) {
    if (!item.is_string()) return Error::invalid(name, name + " must be a list of text");
    items.emplace_back(item.as_string());
  }
  return items;
}

Result<ApplicationInput> application_input(const boost::json::object& body) {
  ApplicationInput input;
  auto answers = json_strings(body, "answers");
  if (!answers) return answers.error();
  input.answers = std::move(answers.value());
  auto availability = json_strings(body, "availability");
  if (!availability) return availability.error();
  input.availability = std::move(availability.value());
  auto choices = body.find("choices");
  if (choices == body.end() || !choices->value().is_array())
    return Error::invalid("choices", "choices must be a list of {project_id, answers}");
  if (choices->value().as_array().size() > 10)
    return Error::invalid("choices", "choose at most 10 projects");
  for (const auto& item : choices->value().as_array()) {
    if (!item.is_object()) return Error::invalid("choices", "each choice must be an object");
    const auto& object = item.as_object();
    auto id = object.find("project_id");
    if (id == object.end() || !id->value().is_int64() || id->value().as_int64() <= 0)
      return Error::invalid("choices", "each choice needs a project_id");
    auto choice_answers = json_strings(object, "answers");
    if (!choice_answers) return Error::invalid("choices", choice_answers.error().message);
    input.choices.push_back({id->value().as_int64(), std::move(choice_answers.value())});
  }
  return input;
}

Result<boost::json::object> body_of(const http::Request& request) {
  if (request.body.empty()) return boost::json::object{};
  auto body = web::json_body(request);
  if (!body) return body.error();
  return body.value();
}

}  // namespace

Result<std::int64_t> parse_time(const std::string& text, const std::string& zone,
                                const std::string& field) {
  // "2026-03-01T09:00:00Z" (UTC, the API's output shape) or "2026-03-01T09:00" local.
  if (text.size() == 20 && text.back() == 'Z' && text.substr(16, 3) == ":00") {
    if (auto utc = parse_local(text.substr(0, 16), "UTC")) return *utc;
  } else if (text.size() == 16) {
    if (auto local = parse_local(text, zone)) return *local;
  }
  return Error::invalid(field, field + " must be a time like 2026-03-01T09:00");
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = web::trim(text.substr(start, end - start));
    if (!line.empty()) items.push_back(line);
    start = end + 1;
  }
  return items;
}

boost::json::object cohort_json(const Cohort& cohort, std::int64_t now) {
  boost::json::array phases;
  for (const auto& window : cohort.phases) {
    phases.push_back({{"phase", phase_name(window.phase)},
                      {"starts_at", format_utc_iso(window.starts_at)},
                      {"ends_at", format_utc_iso(window.ends_at)},
                      {"current", window.starts_at <= now && now < window.ends_at}});
  }
  const auto current = cohort.current_phase(now);
  return {{"id", cohort.id},
          {"key", cohort.key},
          {"name", cohort.name},
          {"description", cohort.description},
          {"max_choices", cohort.max_choices},
          {"questions", string_array(cohort.questions)},
          {"auditing_open", cohort.auditing_open},
          {"completion_rules",
           {{"min_attendance_percent", cohort.completion.min_attendance_percent},
            {"min_submissions", cohort.completion.min_submissions},
            {"retrospective_required", cohort.completion.retrospective_required}}},
          {"seat_confirm_hours", cohort.seat_confirm_hours},
          {"late_join_days", cohort.late_join_days},
          {"phases", phases},
          {"current_phase", current ? boost::json::value(phase_name(*current)) : nullptr},
          {"created_at", format_utc_iso(cohort.created_at)}};
}

boost::json::object project_json(const Project& project) {
  boost::json::array builders;
  for (const auto& builder : project.builders) {
    builders.push_back({{"user_id", builder.user_id},
                        {"display_name", builder.display_name},
                        {"bio", builder.bio},
                        {"github_url", builder.github_url},
                        {"blog_url", builder.blog_url},
                        {"role", builder.lead ? "lead" : "co"},
                        {"accepted", builder.accepted}});
  }
  return {{"id", project.id},
          {"cohort_id", project.cohort_id ? boost::json::value(*project.cohort_id) : nullptr},
          {"is_lab", project.is_lab()},
          {"title", project.title},
          {"summary", project.summary},
          {"description", project.description},
          {"description_html", project.description_html},
          {"kind", project.kind},
          {"tags", string_array(project.tags)},
          {"level", project.level},
          {"language", project.language},
          {"mode", project.mode},
          {"place", project.place},
          {"schedule",
           {{"weekday", project.weekday},
            {"start_time", project.start_time},
            {"duration_minutes", project.duration_minutes},
            {"time_zone", project.time_zone},
            {"starts_on", project.starts_on},
            {"ends_on", project.ends_on}}},
          {"min_runners", project.min_runners},
          {"max_runners", project.max_runners},
          {"runners", project.runners},
          {"seats_left", project.seats_left()},
          {"auditors", project.auditors},
          {"applicants", project.applicants},
          {"auditors_welcome", project.auditors_welcome},
          {"questions", string_array(project.questions)},
          {"status", status_name(project.status)},
          {"review_comment", project.review_comment},
          {"builders", builders},
          {"created_at", format_utc_iso(project.created_at)}};
}

boost::json::object application_json(const Application& application) {
  boost::json::array choices;
  for (const auto& choice : application.choices) {
    choices.push_back({{"rank", choice.rank},
                       {"project_id", choice.project_id},
                       {"project_title", choice.project_title},
                       {"answers", string_array(choice.answers)},
                       {"review", choice.review},
                       {"placed", choice.placed}});
  }
  return {{"id", application.id},
          {"status", application.status},
          {"answers", string_array(application.answers)},
          {"availability", string_array(application.availability)},
          {"choices", choices},
          {"revision", application.revision},
          {"submitted_at", format_utc_iso(application.submitted_at)},
          {"updated_at", format_utc_iso(application.updated_at)}};
}

boost::json::object applicant_json(const Applicant& applicant) {
  return {{"application_id", applicant.application_id},
          {"user_id", applicant.user_id},
          {"display_name", applicant.display_name},
          {"email", applicant.email},
          {"rank", applicant.rank},
          {"common_answers", string_array(applicant.common_answers)},
          {"answers", string_array(applicant.answers)},
          {"availability", string_array(applicant.availability)},
          {"review", applicant.review},
          {"score", applicant.score ? boost::json::value(*applicant.score) : nullptr},
          {"co_runner", applicant.co_runner},
          {"submitted_at", format_utc_iso(applicant.submitted_at)}};
}

boost::json::object run_json(const AllocationRun& run) {
  boost::json::array by_rank, projects, placements;
  for (int count : run.by_rank) by_rank.emplace_back(count);
  for (const auto& project : run.projects) {
    boost::json::array waitlist;
    for (auto user_id : project.waitlist) waitlist.emplace_back(user_id);
    projects.push_back(boost::json::object{{"project_id", project.project_id},
                                           {"title", project.title},
                                           {"filled", project.filled},
                                           {"min", project.min},
                                           {"max", project.max},
                                           {"cancelled", project.cancelled},
                                           {"waitlist", waitlist},
                                           {"waitlist_count", project.waitlist.size()}});
  }
  for (const auto& placement : run.placements) {
    boost::json::array explanation;
    for (const auto& choice : placement.explanation) {
      explanation.push_back(boost::json::object{{"project_id", choice.project_id},
                                                {"project_title", choice.project_title},
                                                {"outcome", choice.outcome}});
    }
    placements.push_back(boost::json::object{
        {"user_id", placement.user_id},
        {"display_name", placement.display_name},
        {"project_id", placement.project_id ? boost::json::value(*placement.project_id) : nullptr},
        {"rank", placement.rank},
        {"explanation", explanation},
        {"pinned_project_id",
         placement.pinned_project ? boost::json::value(*placement.pinned_project) : nullptr},
        {"pin_reason", placement.pin_reason}});
  }
  return {{"id", run.id},
          {"mode", run.mode},
          {"seed", run.seed},
          {"cancel_under_minimum", run.cancel_under_minimum},
          {"summary", {{"by_rank", by_rank}, {"unassigned", run.unassigned}}},
          {"projects", projects},
          {"placements", placements},
          {"created_at", format_utc_iso(run.created_at)},
          {"published_at",
           run.published_at ? boost::json::value(format_utc_iso(*run.published_at)) : nullptr}};
}

boost::json::object result_json(const MyResult& result) {
  boost::json::array waitlisted, explanation;
  for (const auto& entry : result.waitlisted) {
    waitlisted.push_back(boost::json::object{{"project_id", entry.project_id},
                                             {"project_title", entry.project_title},
                                             {"position", entry.position}});
  }
  for (const auto& choice : result.explanation) {
    explanation.push_back(boost::json::object{{"project_id", choice.project_id},
                                              {"project_title", choice.project_title},
                                              {"outcome", choice.outcome}});
  }
  return {{"published", result.published},
          {"project_id", result.project_id ? boost::json::value(*result.project_id) : nullptr},
          {"project_title", result.project_title},
          {"rank", result.rank},
          {"seat", result.offer_state.empty() ? boost::json::value(nullptr)
                                              : boost::json::value(result.offer_state)},
          {"confirm_by",
           result.deadline ? boost::json::value(format_utc_iso(result.deadline)) : nullptr},
          {"waitlisted", waitlisted},
          {"explanation", explanation}};
}

Result<CohortInput> cohort_input(const web::Fields& fields, const std::string& zone) {
  CohortInput input;
  for (auto [target, name, max] :
       {std::tuple{&input.key, "key", std::size_t{40}},
        std::tuple{&input.name, "name", std::size_t{40}},
        std::tuple{&input.description, "description", std::size_t{2000}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
  }
  for (auto [target, name, low, high] :
       {std::tuple{&input.max_choices, "max_choices", 1, 10},
        std::tuple{&input.min_attendance_percent, "min_attendance_percent", 0, 100},
        std::tuple{&input.min_submissions, "min_submissions", 0, 100},
        std::tuple{&input.seat_confirm_hours, "seat_confirm_hours", 1, 720},
        std::tuple{&input.late_join_days, "late_join_days", 0, 90}}) {
    auto value = fields.optional_integer(name, low, high);
    if (!value) return value.error();
    if (*value) *target = static_cast<int>(**value);
  }
  for (auto [target, name] : {std::pair{&input.auditing_open, "auditing_open"},
                              std::pair{&input.retrospective_required, "retrospective_required"}}) {
    auto value = fields.optional_boolean(name);
    if (!value) return value.error();
    *target = value.value();
  }
  auto questions = fields.optional_list("questions", kMaxQuestions, kMaxQuestionChars);
  if (!questions) return questions.error();
  input.questions = questions.value();
  // Phases: phases.<name>.starts_at / ends_at flattened as <name>_starts_at.
  bool any_phase = false;
  std::vector<PhaseWindow> phases;
  for (Phase phase : kAllPhases) {
    const std::string name(phase_name(phase));
    PhaseWindow window{phase, 0, 0};
    for (auto [target, suffix] :
         {std::pair{&window.starts_at, "_starts_at"}, std::pair{&window.ends_at, "_ends_at"}}) {
      auto text = fields.optional_text(name + suffix, 40);
      if (!text) return text.error();
      if (!text->has_value() || (*text)->empty()) continue;
      any_phase = true;
      auto time = parse_time(**text, zone, "phases." + name);
      if (!time) return time.error();
      *target = time.value();
    }
    phases.push_back(window);
  }
  if (any_phase) {
    for (const auto& window : phases) {
      if (window.starts_at == 0 || window.ends_at == 0) {
        return Error::invalid("phases." + std::string(phase_name(window.phase)),
                              "give every phase a start and an end");
      }
    }
    input.phases = std::move(phases);
  }
  return input;
}

Result<ProjectInput> project_input(const web::Fields& fields) {
  ProjectInput input;
  for (auto [target, name, max] : {std::tuple{&input.title, "title", kMaxTitleChars},
                                   std::tuple{&input.summary, "summary", kMaxSummaryChars},
                                   std::tuple{&input.description, "description", kMaxMarkdownChars},
                                   std::tuple{&input.kind, "kind", std::size_t{20}},
                                   std::tuple{&input.level, "level", std::size_t{20}},
                                   std::tuple{&input.language, "language", std::size_t{10}},
                                   std::tuple{&input.mode, "mode", std::size_t{10}},
                                   std::tuple{&input.place, "place", kMaxPlaceChars},
                                   std::tuple{&input.start_time, "start_time", std::size_t{5}},
                                   std::tuple{&input.time_zone, "time_zone", std::size_t{64}},
                                   std::tuple{&input.starts_on, "starts_on", std::size_t{10}},
                                   std::tuple{&input.ends_on, "ends_on", std::size_t{10}}}) {
    auto value = fields.optional_text(name, max);
    if (!value) return value.error();
    *target = value.value();
    if (*target && (*target)->empty() && std::string_view(name) != "summary" &&
        std::string_view(name) != "description" && std::string_view(name) != "place")
      target->reset();
  }
  for (auto [target, name, low, high] :
       {std::tuple{&input.weekday, "weekday", 0, 6},
        std::tuple{&input.duration_minutes, "duration_minutes", 15, 480},
        std::tuple{&input.min_runners, "min_runners", 0, kMaxCapacity},
        std::tuple{&input.max_runners, "max_runners", 1, kMaxCapacity}}) {
    auto value = fields.optional_integer(name, low, high);
    if (!value) return value.error();
    if (*value) *target = static_cast<int>(**value);
  }
  auto welcome = fields.optional_boolean("auditors_welcome");
  if (!welcome) return welcome.error();
  input.auditors_welcome = welcome.value();
  auto tags = fields.optional_list("tags", kMaxTags, kMaxTagChars);
  if (!tags) return tags.error();
  input.tags = tags.value();
  auto questions = fields.optional_list("questions", kMaxQuestions, kMaxQuestionChars);
  if (!questions) return questions.error();
  input.questions = questions.value();
  auto co_builders = fields.optional_list("co_builders", 5, 20);
  if (!co_builders) return co_builders.error();
  for (const auto& text : co_builders->value_or(std::vector<std::string>{})) {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0)
      return Error::invalid("co_builders", "co_builders are user ids");
    input.co_builders.push_back(id);
  }
  return input;
}

Result<CatalogQuery> catalog_query(const http::Request& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : http::parse_url_encoded(request.query)) params[key] = value;
  web::Fields fields(params);
  CatalogQuery query;
  auto text = fields.optional_text("q", 100);
  if (!text) return text.error();
  query.text = text->value_or("");
  for (auto [target, name, names] :
       {std::tuple{&query.kind, "kind",
                   std::vector<std::string_view>(kKinds.begin(), kKinds.end())},
        std::tuple{&query.level, "level",
                   std::vector<std::string_view>(kLevels.begin(), kLevels.end())},
        std::tuple{&query.language, "language",
                   std::vector<std::string_view>(kLanguages.begin(), kLanguages.end())},
        std::tuple{&query.mode, "mode",
                   std::vector<std::string_view>(kModes.begin(), kModes.end())}}) {
    auto value = fields.optional_text(name, 20);
    if (!value) return value.error();
    if (!value->has_value() || (*value)->empty()) continue;
    if (std::find(names.begin(), names.end(), **value) == names.end())
      return Error::invalid(name, std::string(name) + " is not one of the offered values");
    *target = **value;
  }
  auto tag = fields.optional_text("tag", kMaxTagChars);
  if (!tag) return tag.error();
  if (tag->has_value() && !(*tag)->empty()) query.tag = **tag;
  auto weekday = fields.optional_integer("weekday", 0, 6);
  if (!weekday) return weekday.error();
  if (*weekday) query.weekday = static_cast<int>(**weekday);
  for (auto [target, name] : {std::pair{&query.seats_left, "seats_left"},
                              std::pair{&query.auditors_welcome, "auditors_welcome"}}) {
    auto value = fields.optional_boolean(name);
    if (!value) return value.error();
    *target = value->value_or(false);
  }
  auto status = fields.optional_text("status", 20);
  if (!status) return status.error();
  if (status->has_value() && !(*status)->empty()) {
    query.status = parse_status(**status);
    if (!query.status)
      return Error::invalid("status",
                            "status must be proposed, changes_requested, approved or declined");
  }
  return query;
}

void add_academy_api(http::Router& router, accounts::WebSession& session, AcademyService& academy,
                     const Clock& clock) {
  const std::string base = "/api/v1/communities/{slug}";
  auto zone_of = [&academy](const accounts::Viewer& viewer,
                            const std::string& slug) -> Result<std::string> {
    auto here = academy.access(viewer, slug);
    if (!here) return here.error();
    return here->community.time_zone;
  };

  router.get(base + "/cohorts",
             accounts::api_route(session,
                                 [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                                   auto list = academy.cohorts(request.param("slug"));
                                   if (!list) return list.error();
                                   boost::json::array items;
                                   for (const auto& cohort : list.value())
                                     items.push_back(cohort_json(cohort, clock.now_seconds()));
                                   return ApiReply{200, {{"cohorts", items}}, {}};
                                 }));

  router.post(
      base + "/cohorts",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(context.viewer, request.param("slug"));
            if (!zone) return zone.error();
            auto input = cohort_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto created =
                academy.create_cohort(context.viewer, request.param("slug"), input.value());
            if (!created) return created.error();
            return ApiReply{
                201, {{"cohort", cohort_json(created.value(), clock.now_seconds())}}, {}};
          }));

  router.get(
      base + "/cohorts/{cohort}",
      accounts::api_route(
          session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
            auto found = academy.cohort(request.param("slug"), request.param("cohort"));
            if (!found) return found.error();
            return ApiReply{200, {{"cohort", cohort_json(found.value(), clock.now_seconds())}}, {}};
          }));

  router.patch(
      base + "/cohorts/{cohort}",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(context.viewer, request.param("slug"));
            if (!zone) return zone.error();
            auto input = cohort_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto updated = academy.update_cohort(context.viewer, request.param("slug"),
                                                 request.param("cohort"), input.value());
            if (!updated) return updated.error();
            return ApiReply{
                200, {{"cohort", cohort_json(updated.value(), clock.now_seconds())}}, {}};
          }));

  router.get(base + "/cohorts/{cohort}/projects",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto query = catalog_query(request);
                   if (!query) return query.error();
                   auto list = academy.catalog(context.viewer, request.param("slug"),
                                               request.param("cohort"), query.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& project : list.value()) items.push_back(project_json(project));
                   return ApiReply{200, {{"projects", items}}, {}};
                 }));

  router.post(
      base + "/cohorts/{cohort}/projects",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = project_input(fields.value());
            if (!input) return input.error();
            auto created =
                academy.propose(context.viewer, request.param("slug"),
                                Scope{request.param("cohort"), std::nullopt}, input.value());
            if (!created) return created.error();
            return ApiReply{201, {{"project", project_json(created.value())}}, {}};
          }));

  router.get(base + "/labs",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = academy.labs(context.viewer, request.param("slug"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& project : list.value()) items.push_back(project_json(project));
                   return ApiReply{200, {{"labs", items}}, {}};
                 }));

  router.post(
      base + "/labs",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto input = project_input(fields.value());
            if (!input) return input.error();
            auto created =
                academy.propose(context.viewer, request.param("slug"), Scope{}, input.value());
            if (!created) return created.error();
            return ApiReply{201, {{"project", project_json(created.value())}}, {}};
          }));

  router.get(base + "/projects/{project_id}",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto found = academy.project(context.viewer, request.param("slug"), id.value());
                   if (!found) return found.error();
                   return ApiReply{200, {{"project", project_json(found.value())}}, {}};
                 }));

  router.patch(
      base + "/projects/{project_id}",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto id = accounts::path_id(request, "project_id");
                            if (!id) return id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto input = project_input(fields.value());
                            if (!input) return input.error();
                            auto updated = academy.update_project(
                                context.viewer, request.param("slug"), id.value(), input.value());
                            if (!updated) return updated.error();
                            return ApiReply{200, {{"project", project_json(updated.value())}}, {}};
                          }));

  router.post(
      base + "/projects/{project_id}/review",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto decision_text = fields->text("decision", 1, 20);
            if (!decision_text) return decision_text.error();
            auto decision = parse_decision(decision_text.value());
            if (!decision)
              return Error::invalid("decision",
                                    "decision must be approve, request_changes or decline");
            auto comment = fields->optional_text("comment", kMaxCommentChars);
            if (!comment) return comment.error();
            auto reviewed = academy.review_project(context.viewer, request.param("slug"),
                                                   id.value(), *decision, comment->value_or(""));
            if (!reviewed) return reviewed.error();
            return ApiReply{200, {{"project", project_json(reviewed.value())}}, {}};
          }));

  router.post(
      base + "/projects/{project_id}/builders",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto id = accounts::path_id(request, "project_id");
                            if (!id) return id.error();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto user_id = fields->optional_integer("user_id", 1, INT64_MAX);
                            if (!user_id) return user_id.error();
                            if (!user_id->has_value())
                              return Error::invalid("user_id", "user_id is required");
                            auto invited = academy.invite_builder(
                                context.viewer, request.param("slug"), id.value(), **user_id);
                            if (!invited) return invited.error();
                            return ApiReply{201, {{"project", project_json(invited.value())}}, {}};
                          }));

  router.post(
      base + "/projects/{project_id}/invitation",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto accepted =
                academy.accept_invitation(context.viewer, request.param("slug"), id.value());
            if (!accepted) return accepted.error();
            return ApiReply{200, {{"project", project_json(accepted.value())}}, {}};
          }));

  // Applications: to a cohort (ranked choices) or to a lab.
  auto scope_of = [](http::Request& request) -> Result<Scope> {
    if (request.path_params.count("cohort")) return Scope{request.param("cohort"), std::nullopt};
    auto id = accounts::path_id(request, "project_id");
    if (!id) return id.error();
    return Scope{std::nullopt, id.value()};
  };
  for (const std::string& path :
       {base + "/cohorts/{cohort}/application", base + "/projects/{project_id}/application"}) {
    router.get(
        path,
        accounts::api_route(
            session,
            [&, scope_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              auto scope = scope_of(request);
              if (!scope) return scope.error();
              auto mine =
                  academy.my_application(context.viewer, request.param("slug"), scope.value());
              if (!mine) return mine.error();
              if (!mine->has_value()) return Error::not_found("you have not applied here");
              return ApiReply{200, {{"application", application_json(**mine)}}, {}};
            }));
    router.put(path, accounts::api_route(
                         session,
                         [&, scope_of](RequestContext& context,
                                       http::Request& request) -> Result<ApiReply> {
                           if (!context.viewer.signed_in()) return Error::unauthenticated();
                           auto scope = scope_of(request);
                           if (!scope) return scope.error();
                           auto body = body_of(request);
                           if (!body) return body.error();
                           auto input = application_input(body.value());
                           if (!input) return input.error();
                           auto applied = academy.apply(context.viewer, request.param("slug"),
                                                        scope.value(), input.value());
                           if (!applied) return applied.error();
                           return ApiReply{applied->revision == 1 ? 201 : 200,
                                           {{"application", application_json(applied.value())}},
                                           {}};
                         }));
    router.del(path, accounts::api_route(session,
                                         [&, scope_of](RequestContext& context,
                                                       http::Request& request) -> Result<ApiReply> {
                                           auto scope = scope_of(request);
                                           if (!scope) return scope.error();
                                           auto withdrawn = academy.withdraw(context.viewer,
                                                                             request.param("slug"),
                                                                             scope.value());
                                           if (!withdrawn) return withdrawn.error();
                                           return ApiReply{204, nullptr, {}};
                                         }));
  }

  router.get(base + "/cohorts/{cohort}/applications",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = academy.applications(context.viewer, request.param("slug"),
                                                    request.param("cohort"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& application : list.value()) {
                     boost::json::object item = application_json(application);
                     item["user_id"] = application.user_id;
                     item["display_name"] = application.display_name;
                     item["email"] = application.email;
                     items.push_back(item);
                   }
                   return ApiReply{200, {{"applications", items}}, {}};
                 }));

  router.get(base + "/projects/{project_id}/applicants",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list =
                       academy.applicants(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& applicant : list.value())
                     items.push_back(applicant_json(applicant));
                   return ApiReply{200, {{"applicants", items}}, {}};
                 }));

  router.patch(
      base + "/projects/{project_id}/applicants/{application_id}",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto application_id = accounts::path_id(request, "application_id");
            if (!application_id) return application_id.error();
            auto body = body_of(request);
            if (!body) return body.error();
            web::Fields fields(body.value());
            ReviewInput input;
            auto review = fields.optional_text("review", 20);
            if (!review) return review.error();
            input.review = review.value();
            if (auto score = body->find("score");
                score != body->end() && score->value().is_null()) {
              input.clear_score = true;
            } else {
              auto number = fields.optional_integer("score", 0, 100);
              if (!number) return number.error();
              if (*number) input.score = static_cast<int>(**number);
            }
            auto reviewed = academy.review_applicant(context.viewer, request.param("slug"),
                                                     id.value(), application_id.value(), input);
            if (!reviewed) return reviewed.error();
            return ApiReply{200, {{"applicant", applicant_json(reviewed.value())}}, {}};
          }));

  router.put(base + "/projects/{project_id}/co-runners",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto body = body_of(request);
                   if (!body) return body.error();
                   std::vector<std::int64_t> user_ids;
                   auto found = body->find("user_ids");
                   if (found == body->end() || !found->value().is_array())
                     return Error::invalid("user_ids", "user_ids must be a list of user ids");
                   for (const auto& item : found->value().as_array()) {
                     if (!item.is_int64() || item.as_int64() <= 0)
                       return Error::invalid("user_ids", "user_ids must be a list of user ids");
                     user_ids.push_back(item.as_int64());
                   }
                   auto saved = academy.set_co_runners(context.viewer, request.param("slug"),
                                                       id.value(), user_ids);
                   if (!saved) return saved.error();
                   boost::json::array ids;
                   for (auto user_id : saved.value()) ids.emplace_back(user_id);
                   return ApiReply{200, {{"user_ids", ids}}, {}};
                 }));

  for (const bool joining : {true, false}) {
    auto handler = accounts::api_route(
        session, [&, joining](RequestContext& context, http::Request& request) -> Result<ApiReply> {
          if (!context.viewer.signed_in()) return Error::unauthenticated();
          auto id = accounts::path_id(request, "project_id");
          if (!id) return id.error();
          auto changed =
              joining ? academy.audit(context.viewer, request.param("slug"), id.value())
                      : academy.stop_auditing(context.viewer, request.param("slug"), id.value());
          if (!changed) return changed.error();
          if (!joining) return ApiReply{204, nullptr, {}};
          return ApiReply{201, {{"project", project_json(changed.value())}}, {}};
        });
    if (joining)
      router.post(base + "/projects/{project_id}/audit", handler);
    else
      router.del(base + "/projects/{project_id}/audit", handler);
  }
  // Selection.
  router.post(
      base + "/cohorts/{cohort}/allocation/runs",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            RunInput input;
            auto mode = fields->optional_text("mode", 20);
            if (!mode) return mode.error();
            if (*mode) input.mode = **mode;
            auto seed = fields->optional_integer("seed", 0, (std::int64_t{1} << 53) - 1);
            if (!seed) return seed.error();
            input.seed = seed.value();
            auto cancel = fields->optional_boolean("cancel_under_minimum");
            if (!cancel) return cancel.error();
            input.cancel_under_minimum = cancel->value_or(false);
            auto run = academy.run_allocation(context.viewer, request.param("slug"),
                                              request.param("cohort"), input);
            if (!run) return run.error();
            return ApiReply{201, {{"run", run_json(run.value())}}, {}};
          }));

  router.get(base + "/cohorts/{cohort}/allocation",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto run = academy.latest_run(context.viewer, request.param("slug"),
                                                 request.param("cohort"));
                   if (!run) return run.error();
                   if (!run->has_value()) return Error::not_found("no allocation has run yet");
                   return ApiReply{200, {{"run", run_json(**run)}}, {}};
                 }));

  for (const bool pinning : {true, false}) {
    auto handler = accounts::api_route(
        session, [&, pinning](RequestContext& context, http::Request& request) -> Result<ApiReply> {
          if (!context.viewer.signed_in()) return Error::unauthenticated();
          auto user_id = accounts::path_id(request, "user_id");
          if (!user_id) return user_id.error();
          auto fields = accounts::api_fields(request);
          if (!fields) return fields.error();
          std::optional<std::int64_t> project_id;
          if (pinning) {
            auto project = fields->optional_integer("project_id", 1, INT64_MAX);
            if (!project) return project.error();
            if (!*project) return Error::invalid("project_id", "project_id is required");
            project_id = **project;
          }
          auto reason = fields->optional_text("reason", kMaxCommentChars);
          if (!reason) return reason.error();
          auto done = academy.pin(context.viewer, request.param("slug"), request.param("cohort"),
                                  user_id.value(), project_id, reason->value_or(""));
          if (!done) return done.error();
          return ApiReply{204, nullptr, {}};
        });
    if (pinning) {
      router.put(base + "/cohorts/{cohort}/allocation/pins/{user_id}", handler);
    } else {
      router.del(base + "/cohorts/{cohort}/allocation/pins/{user_id}", handler);
    }
  }

  router.post(
      base + "/cohorts/{cohort}/allocation/publish",
      accounts::api_route(session,
                          [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                            if (!context.viewer.signed_in()) return Error::unauthenticated();
                            auto fields = accounts::api_fields(request);
                            if (!fields) return fields.error();
                            auto run_id = fields->optional_integer("run_id", 1, INT64_MAX);
                            if (!run_id) return run_id.error();
                            if (!*run_id) return Error::invalid("run_id", "run_id is required");
                            auto run = academy.publish(context.viewer, request.param("slug"),
                                                       request.param("cohort"), **run_id);
                            if (!run) return run.error();
                            return ApiReply{200, {{"run", run_json(run.value())}}, {}};
                          }));

  router.get(base + "/cohorts/{cohort}/result",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto mine = academy.my_result(context.viewer, request.param("slug"),
                                                 request.param("cohort"));
                   if (!mine) return mine.error();
                   return ApiReply{200, {{"result", result_json(mine.value())}}, {}};
                 }));

  router.post(
      base + "/cohorts/{cohort}/seat",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto confirm = fields->optional_boolean("confirm");
            if (!confirm) return confirm.error();
            if (!*confirm) return Error::invalid("confirm", "confirm must be true or false");
            auto mine = academy.respond_to_offer(context.viewer, request.param("slug"),
                                                 request.param("cohort"), **confirm);
            if (!mine) return mine.error();
            return ApiReply{200, {{"result", result_json(mine.value())}}, {}};
          }));
  add_forms_import_api(router, session, academy);
}

}  // namespace moim::academy
