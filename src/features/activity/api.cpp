// /api/v1/communities/{slug}/projects/{id}/sessions and /sessions/{id}/*:
// sessions, check-in and attendance as JSON.
#include "features/academy/routes.hpp"
#include "features/activity/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::ApiReply;
using accounts::RequestContext;

namespace {

boost::json::value optional_text(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

boost::json::object session_json(const Session& session) {
  return {{"id", session.id},
          {"project_id", session.project_id},
          {"slot_date", optional_text(session.slot_date)},
          {"starts_at", format_utc_iso(session.starts_at)},
          {"ends_at", format_utc_iso(session.ends_at)},
          {"status", session.status},
          {"topic", session.topic},
          {"presenter", session.presenter},
          {"notes", session.notes},
          {"check_in_open", session.check_in_open}};
}

boost::json::object growth_log_json(const GrowthLog& log) {
  boost::json::array links;
  for (const auto& link : log.links) links.emplace_back(link);
  return {{"id", log.id},
          {"user_id", log.user_id},
          {"display_name", log.display_name},
          {"week_start", log.week_start},
          {"project_id", log.project_id ? boost::json::value(*log.project_id) : nullptr},
          {"learned", log.learned},
          {"blocked", log.blocked},
          {"links", links},
          {"visibility", log.visibility},
          {"updated_at", format_utc_iso(log.updated_at)}};
}

boost::json::object check_in_json(const CheckIn& check_in) {
  return {{"session_id", check_in.session_id},
          {"code", check_in.code},
          {"code_expires_at", format_utc_iso(check_in.code_expires_at)},
          {"closes_at", format_utc_iso(check_in.closes_at)},
          {"url", check_in.url},
          {"qr_svg", check_in.qr_svg}};
}

boost::json::object attendance_json(const Attendance& attendance) {
  return {{"user_id", attendance.user_id},
          {"display_name", attendance.display_name},
          {"role", attendance.role},
          {"status", optional_text(attendance.status)},
          {"source", optional_text(attendance.source)}};
}

Result<SessionInput> session_input(const web::Fields& fields, const std::string& zone) {
  SessionInput input;
  auto topic = fields.optional_text("topic", kMaxTopicChars);
  if (!topic) return topic.error();
  input.topic = topic.value();
  auto presenter = fields.optional_text("presenter", kMaxPresenterChars);
  if (!presenter) return presenter.error();
  input.presenter = presenter.value();
  auto notes = fields.optional_text("notes", kMaxNotesChars);
  if (!notes) return notes.error();
  input.notes = notes.value();
  for (const char* name : {"starts_at", "ends_at"}) {
    auto text = fields.optional_text(name, 30);
    if (!text) return text.error();
    if (!text->has_value() || (*text)->empty()) continue;
    auto time = academy::parse_time(**text, zone, name);
    if (!time) return time.error();
    (std::string_view(name) == "starts_at" ? input.starts_at : input.ends_at) = time.value();
  }
  return input;
}

void add_activity_api(http::Router& router, accounts::WebSession& session,
                      ActivityService& activity) {
  const std::string base = "/api/v1/communities/{slug}";
  auto list_of = [](const std::vector<Session>& sessions) {
    boost::json::array items;
    for (const auto& item : sessions) items.push_back(session_json(item));
    return items;
  };

  router.get(base + "/projects/{project_id}/sessions",
             accounts::api_route(
                 session,
                 [&, list_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list = activity.sessions(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   return ApiReply{200, {{"sessions", list_of(list.value())}}, {}};
                 }));

  router.post(
      base + "/projects/{project_id}/sessions/schedule",
      accounts::api_route(
          session,
          [&, list_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto list = activity.schedule(context.viewer, request.param("slug"), id.value());
            if (!list) return list.error();
            return ApiReply{200, {{"sessions", list_of(list.value())}}, {}};
          }));

  // Times in the body are UTC ("...Z") or local to the community.
  auto zone_of = [&activity](const std::string& slug) { return activity.time_zone(slug); };

  router.post(
      base + "/projects/{project_id}/sessions",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "project_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(request.param("slug"));
            if (!zone) return zone.error();
            auto input = session_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto added = activity.add_session(context.viewer, request.param("slug"), id.value(),
                                              input.value());
            if (!added) return added.error();
            return ApiReply{201, {{"session", session_json(added.value())}}, {}};
          }));

  router.patch(
      base + "/sessions/{session_id}",
      accounts::api_route(
          session,
          [&, zone_of](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "session_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto zone = zone_of(request.param("slug"));
            if (!zone) return zone.error();
            auto input = session_input(fields.value(), zone.value());
            if (!input) return input.error();
            auto updated = activity.update_session(context.viewer, request.param("slug"),
                                                   id.value(), input.value());
            if (!updated) return updated.error();
            return ApiReply{200, {{"session", session_json(updated.value())}}, {}};
          }));

  router.post(
      base + "/sessions/{session_id}/skip",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "session_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto skipped = fields->optional_boolean("skipped");
            if (!skipped) return skipped.error();
            auto updated = activity.skip_session(context.viewer, request.param("slug"), id.value(),
                                                 skipped->value_or(true));
            if (!updated) return updated.error();
            return ApiReply{200, {{"session", session_json(updated.value())}}, {}};
          }));

  router.post(
      base + "/sessions/{session_id}/check-in/open",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "session_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto minutes =
                fields->optional_integer("minutes", kMinCheckInMinutes, kMaxCheckInMinutes);
            if (!minutes) return minutes.error();
            auto opened = activity.open_check_in(context.viewer, request.param("slug"), id.value(),
                                                 static_cast<int>(minutes->value_or(15)));
            if (!opened) return opened.error();
            return ApiReply{200, {{"check_in", check_in_json(opened.value())}}, {}};
          }));

  router.get(base + "/sessions/{session_id}/check-in",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "session_id");
                   if (!id) return id.error();
                   auto current =
                       activity.check_in_code(context.viewer, request.param("slug"), id.value());
                   if (!current) return current.error();
                   return ApiReply{200, {{"check_in", check_in_json(current.value())}}, {}};
                 }));

  router.del(base + "/sessions/{session_id}/check-in",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "session_id");
                   if (!id) return id.error();
                   auto closed =
                       activity.close_check_in(context.viewer, request.param("slug"), id.value());
                   if (!closed) return closed.error();
                   return ApiReply{204, nullptr, {}};
                 }));

  router.post(
      base + "/sessions/{session_id}/check-in",
      accounts::api_route(
          session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
            if (!context.viewer.signed_in()) return Error::unauthenticated();
            auto id = accounts::path_id(request, "session_id");
            if (!id) return id.error();
            auto fields = accounts::api_fields(request);
            if (!fields) return fields.error();
            auto code = fields->text("code", 1, 20);
            if (!code) return code.error();
            auto status =
                activity.check_in(context.viewer, request.param("slug"), id.value(), code.value());
            if (!status) return status.error();
            return ApiReply{200, {{"status", status.value()}}, {}};
          }));

  router.get(base + "/sessions/{session_id}/attendance",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "session_id");
                   if (!id) return id.error();
                   auto list =
                       activity.attendance(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) items.push_back(attendance_json(item));
                   return ApiReply{200, {{"attendance", std::move(items)}}, {}};
                 }));

  router.put(base + "/sessions/{session_id}/attendance/{user_id}",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "session_id");
                   if (!id) return id.error();
                   auto user_id = accounts::path_id(request, "user_id");
                   if (!user_id) return user_id.error();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   auto status = fields->text("status", 1, 20);
                   if (!status) return status.error();
                   auto reason = fields->optional_text("reason", kMaxReasonChars);
                   if (!reason) return reason.error();
                   auto marked =
                       activity.mark(context.viewer, request.param("slug"), id.value(),
                                     user_id.value(), status.value(), reason->value_or(""));
                   if (!marked) return marked.error();
                   return ApiReply{200, {{"attendance", attendance_json(marked.value())}}, {}};
                 }));

  router.get(base + "/projects/{project_id}/progress",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "project_id");
                   if (!id) return id.error();
                   auto list = activity.progress(context.viewer, request.param("slug"), id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) {
                     items.push_back({{"user_id", item.user_id},
                                      {"display_name", item.display_name},
                                      {"sessions_held", item.facts.sessions_held},
                                      {"attended", item.facts.attended},
                                      {"excused", item.facts.excused},
                                      {"attendance_percent", item.attendance_percent},
                                      {"submissions", item.facts.submissions},
                                      {"deadlines_past", item.facts.deadlines_past},
                                      {"attendance_met", item.attendance_met},
                                      {"submissions_met", item.submissions_met},
                                      {"retrospective_required", item.retrospective_required},
                                      {"retrospective_written", item.facts.retrospective_written},
                                      {"retrospective_met", item.retrospective_met},
                                      {"on_track", item.on_track}});
                   }
                   return ApiReply{200, {{"progress", std::move(items)}}, {}};
                 }));

  // Secret calendar addresses: mine, or a project's.
  for (const bool for_project : {false, true}) {
    router.post(base + (for_project ? "/projects/{project_id}/calendar-feed" : "/calendar-feed"),
                accounts::api_route(session,
                                    [&, for_project](RequestContext& context,
                                                     http::Request& request) -> Result<ApiReply> {
                                      if (!context.viewer.signed_in())
                                        return Error::unauthenticated();
                                      std::optional<std::int64_t> project_id;
                                      if (for_project) {
                                        auto id = accounts::path_id(request, "project_id");
                                        if (!id) return id.error();
                                        project_id = id.value();
                                      }
                                      auto url = activity.create_calendar_feed(
                                          context.viewer, request.param("slug"), project_id);
                                      if (!url) return url.error();
                                      return ApiReply{201, {{"url", url.value()}}, {}};
                                    }));
  }

  router.put(base + "/growth-logs",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto fields = accounts::api_fields(request);
                   if (!fields) return fields.error();
                   GrowthLogInput input;
                   auto week = fields->text("week", 1, 10);
                   if (!week) return week.error();
                   input.week = week.value();
                   auto project_id = fields->optional_integer("project_id", 1, INT64_MAX);
                   if (!project_id) return project_id.error();
                   input.project_id = project_id.value();
                   for (const auto& [name, target] : {std::pair{"learned", &input.learned},
                                                      std::pair{"blocked", &input.blocked}}) {
                     auto text = fields->optional_text(name, kMaxLogChars);
                     if (!text) return text.error();
                     *target = text->value_or("");
                   }
                   auto links = fields->optional_list("links", kMaxLogLinks, kMaxLinkChars);
                   if (!links) return links.error();
                   input.links = links->value_or(std::vector<std::string>{});
                   auto visibility = fields->optional_text("visibility", 10);
                   if (!visibility) return visibility.error();
                   input.visibility = visibility->value_or("private");
                   auto written = activity.write_log(context.viewer, request.param("slug"), input);
                   if (!written) return written.error();
                   return ApiReply{200, {{"log", growth_log_json(written.value())}}, {}};
                 }));

  router.get(base + "/members/{user_id}/growth-logs",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   auto user_id = accounts::path_id(request, "user_id");
                   if (!user_id) return user_id.error();
                   auto list =
                       activity.logs(context.viewer, request.param("slug"), user_id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& item : list.value()) items.push_back(growth_log_json(item));
                   return ApiReply{200, {{"logs", std::move(items)}}, {}};
                 }));

  router.get(base + "/sessions/{session_id}/attendance/changes",
             accounts::api_route(
                 session, [&](RequestContext& context, http::Request& request) -> Result<ApiReply> {
                   if (!context.viewer.signed_in()) return Error::unauthenticated();
                   auto id = accounts::path_id(request, "session_id");
                   if (!id) return id.error();
                   auto list = activity.attendance_changes(context.viewer, request.param("slug"),
                                                           id.value());
                   if (!list) return list.error();
                   boost::json::array items;
                   for (const auto& change : list.value()) {
                     items.push_back({{"user_id", change.user_id},
                                      {"old_status", optional_text(change.old_status)},
                                      {"new_status", change.new_status},
                                      {"reason", change.reason},
                                      {"changed_by", change.changed_by},
                                      {"changed_by_name", change.changed_by_name},
                                      {"changed_at", format_utc_iso(change.changed_at)}});
                   }
                   return ApiReply{200, {{"changes", std::move(items)}}, {}};
                 }));
}

}  // namespace moim::activity
