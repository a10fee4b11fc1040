// /api/v1/communities/{slug}/.../deadlines: writing deadlines, submissions,
// pass tickets, who is missing, per-cohort writing settings, a member's
// standing (deposit balance), and the public reading list.
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::ApiReply;
using accounts::RequestContext;

boost::json::object deadline_json(const Deadline& deadline) {
  return {{"id", deadline.id},
          {"series_id", deadline.series_id},
          {"title", deadline.title},
          {"seq", deadline.seq},
          {"due_at", format_utc_iso(deadline.due_at)},
          {"cohort_id", deadline.cohort_id ? boost::json::value(*deadline.cohort_id) : nullptr},
          {"project_id", deadline.project_id ? boost::json::value(*deadline.project_id) : nullptr},
          {"submitted", deadline.submitted},
          {"passed", deadline.passed}};
}

boost::json::object submission_json(const Submission& submission) {
  boost::json::array tags;
  for (const auto& tag : submission.tags) tags.emplace_back(tag);
  return {{"deadline_id", submission.deadline_id},
          {"user_id", submission.user_id},
          {"display_name", submission.display_name},
          {"link", submission.link},
          {"body", submission.body},
          {"body_html", submission.body_html},
          {"tags", tags},
          {"share", submission.share},
          {"late", submission.late},
          {"submitted_at", format_utc_iso(submission.submitted_at)},
          {"updated_at", format_utc_iso(submission.updated_at)}};
}

namespace {

boost::json::array deadline_list(const std::vector<Deadline>& deadlines) {
  boost::json::array items;
  for (const auto& item : deadlines) items.push_back(deadline_json(item));
  return items;
}

Result<SeriesInput> series_input(const web::Fields& fields) {
  SeriesInput input;
  auto title = fields.text("title", 1, kMaxTopicChars);
  if (!title) return title.error();
  input.title = title.value();
  auto first_due = fields.text("first_due", 1, 30);
  if (!first_due) return first_due.error();
  input.first_due = first_due.value();
  auto every = fields.optional_integer("every_days", 1, 31);
  if (!every) return every.error();
  input.every_days = static_cast<int>(every->value_or(14));
  auto count = fields.optional_integer("count", 1, kMaxDeadlinesPerSeries);
  if (!count) return count.error();
  input.count = static_cast<int>(count->value_or(1));
  return input;
}

}  // namespace

void add_deadline_api(http::Router& router, accounts::WebSession& session,
                      ActivityService& activity) {
  const std::string base = "/api/v1/communities/{slug}";

  // Series for a cohort or a project; listing answers the same paths.
  for (const bool for_cohort : {true, false}) {
    const std::string path =
        base + (for_cohort ? "/cohorts/{cohort}/deadlines" : "/projects/{project_id}/deadlines");
    auto scope_of = [for_cohort](http::Request& request) -> Result<DeadlineScope> {
      if (for_cohort) return DeadlineScope{request.param("cohort"), std::nullopt};
      auto id = accounts::path_id(request, "project_id");
      if (!id) return id.error();
      return DeadlineScope{std::nullopt, id.value()};
    };
    router.get(
        path,
        accounts::api_route(
            session,
            [&, scope_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              auto scope = scope_of(request);
              if (!scope) return scope.error();
              auto list = activity.deadlines(context.viewer, request.param("slug"), scope.value());
              if (!list) return list.error();
              return ApiReply{200, {{"deadlines", deadline_list(list.value())}}, {}};
            }));
    router.post(
        path,
        accounts::api_route(
            session,
            [&, scope_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
              if (!context.viewer.signed_in()) return Error::unauthenticated();
              auto scope = scope_of(request);
              if (!scope) return scope.error();
              auto fields = accounts::api_fields(request);
              if (!fields) return fields.error();
              auto input = series_input(fields.value());
              if (!input) return input.error();
              auto created = activity.create_series(context.viewer, request.param("slug"),
                                                    scope.value(), input.value());
              if (!created) return created.error();
              return ApiReply{201, {{"deadlines", deadline_list(created.value())}}, {}};
            }));
  }

  router.get(base + "/deadlines",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto list = activity.deadlines(context.viewer, request.param("slug"), {});
                   if (!list) return list.error();
                   return ApiReply{200, {{"deadlines", deadline_list(list.value())}}, {}};
                 }));

  router.put(base + "/deadlines/{deadline_id}/submission",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "deadline_id");
                   if (!id) return id.error();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   SubmissionInput input;
                   auto link = fields->optional_text("link", kMaxLinkChars);
                   if (!link) return link.error();
                   input.link = link->value_or("");
                   auto body = fields->optional_text("body", kMaxBodyChars);
                   if (!body) return body.error();
                   input.body = body->value_or("");
                   auto tags = fields->optional_list("tags", 5, 30);
                   if (!tags) return tags.error();
                   input.tags = tags->value_or(std::vector<std::string>{});
                   auto share = fields->optional_boolean("share");
                   if (!share) return share.error();
                   input.share = share->value_or(false);
                   auto saved =
                       activity.submit(context.viewer, request.param("slug"), id.value(), input);
                   if (!saved) return saved.error();
                   return ApiReply{200, {{"submission", submission_json(saved.value())}}, {}};
                 }));

  router.get(base + "/deadlines/{deadline_id}/submissions",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "deadline_id");
                   if (!id) return id.error();
                   auto list =
                       activity.submissions(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) items.push_back(submission_json(item));
                   return ApiReply{200, {{"submissions", std::move(items)}}, {}};
                 }));

  router.post(
      base + "/deadlines/{deadline_id}/pass",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "deadline_id");
            if (!id) return id.error();
            auto used = activity.use_pass(context.viewer, request.param("slug"), id.value());
            if (!used) return used.error();
            return ApiReply{204, nullptr, {}};
          }));

  router.get(base + "/deadlines/{deadline_id}/missing",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "deadline_id");
                   if (!id) return id.error();
                   auto list = activity.missing(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) {
                     items.push_back({{"user_id", item.user_id},
                                      {"display_name", item.display_name},
                                      {"email", item.email}});
                   }
                   return ApiReply{200, {{"missing", std::move(items)}}, {}};
                 }));

  auto settings_json = [](const WritingSettings& settings) -> boost::json::object {
    return {{"pass_tickets", settings.pass_tickets},
            {"no_consecutive_passes", settings.no_consecutive_passes},
            {"deposit_start", settings.deposit_start},
            {"deposit_per_miss", settings.deposit_per_miss},
            {"reading_list_public", settings.reading_list_public}};
  };
  router.get(
      base + "/cohorts/{cohort}/writing-settings",
      accounts::api_route(
          session, [&, settings_json](RequestContext&, http::Request& request) -> Result<ApiReply> {
            auto settings =
                activity.writing_settings(request.param("slug"), request.param("cohort"));
            if (!settings) return settings.error();
            return ApiReply{200, {{"settings", settings_json(settings.value())}}, {}};
          }));
  router.put(
      base + "/cohorts/{cohort}/writing-settings",
      accounts::api_route(
          session,
          [&, settings_json](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            WritingSettings settings;
            const std::pair<const char*, int*> numbers[] = {
                {"pass_tickets", &settings.pass_tickets},
                {"deposit_start", &settings.deposit_start},
                {"deposit_per_miss", &settings.deposit_per_miss}};
            for (const auto& [name, target] : numbers) {
              auto number = fields->optional_integer(name, 0, 10'000'000);
              if (!number) return number.error();
              *target = static_cast<int>(number->value_or(0));
            }
            const std::pair<const char*, bool*> flags[] = {
                {"no_consecutive_passes", &settings.no_consecutive_passes},
                {"reading_list_public", &settings.reading_list_public}};
            for (const auto& [name, target] : flags) {
              auto flag = fields->optional_boolean(name);
              if (!flag) return flag.error();
              *target = flag->value_or(false);
            }
            auto saved = activity.set_writing_settings(context.viewer, request.param("slug"),
                                                       request.param("cohort"), settings);
            if (!saved) return saved.error();
            return ApiReply{200, {{"settings", settings_json(saved.value())}}, {}};
          }));

  router.get(base + "/cohorts/{cohort}/writing-standing",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   std::int64_t user_id = context.viewer.user_id();
                   if (auto text = request.query_param("user_id")) {
                     try {
                       std::size_t used = 0;
                       user_id = std::stoll(*text, &used);
                       if (used != text->size() || user_id <= 0) throw std::invalid_argument("id");
                     } catch (const std::exception&) {
                       return Error::invalid("user_id", "user_id must be a positive number");
                     }
                   }
                   auto standing = activity.writing_standing(context.viewer, request.param("slug"),
                                                             request.param("cohort"), user_id);
                   if (!standing) return standing.error();
                   const WritingStanding& value = standing.value();
                   return ApiReply{
                       200,
                       {{"standing",
                         {{"user_id", user_id},
                          {"deadlines_past", value.deadlines_past},
                          {"submitted", value.submitted},
                          {"late", value.late},
                          {"passes_used", value.passes_used},
                          {"passes_left", value.passes_left},
                          {"missed", value.missed},
                          {"deposit_balance", value.deposit_balance
                                                  ? boost::json::value(*value.deposit_balance)
                                                  : nullptr}}}},
                       {}};
                 }));

  router.get(base + "/cohorts/{cohort}/reading-list",
             accounts::api_route(
                 session, [&](RequestContext&, http::Request& request) -> Result<ApiReply> {
                   auto list =
                       activity.reading_list(request.param("slug"), request.param("cohort"));
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) {
                     boost::json::array tags;
                     for (const auto& tag : item.tags) tags.emplace_back(tag);
                     // Only what the writer chose to share: the link, tags, name, date.
                     items.push_back({{"display_name", item.display_name},
                                      {"link", item.link},
                                      {"tags", tags},
                                      {"submitted_at", format_utc_iso(item.submitted_at)}});
                   }
                   return ApiReply{200, {{"posts", std::move(items)}}, {}};
                 }));
}

}  // namespace moim::activity
