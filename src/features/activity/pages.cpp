// Activity pages: a project's sessions, the builder's check-in screen (code
// and QR code), the member's check-in form the QR code opens, and the
// attendance sheet with its trail.
#include "features/activity/checkin_code.hpp"
#include "features/activity/page_helpers.hpp"
#include "features/activity/routes.hpp"
#include "features/communities/routes.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::activity {

using accounts::RequestContext;

namespace {

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

http::Response csrf_refused(accounts::WebSession& session, const RequestContext& context) {
  return session.refuse(context,
                        Error{403, "csrf", "the form expired; reload the page and try again", {}});
}

struct Here {
  RequestContext context;
  communities::Community community;
  bool manages = false;
};

// Who is asking and where, in the community's language.
Result<Here> here_of(accounts::WebSession& session, ActivityService& activity,
                     const http::Request& request, const academy::Project* project) {
  auto context = session.context(request);
  auto access = activity.academy().access(context.viewer, request.param("slug"));
  if (!access) return access.error();
  context = session.context(request, access->community.default_locale);
  bool manages = false;
  if (project && context.viewer.signed_in()) {
    manages = access->standing.can_manage() ||
              std::any_of(project->builders.begin(), project->builders.end(),
                          [&](const academy::Builder& builder) {
                            return builder.accepted && builder.user_id == context.viewer.user_id();
                          });
  }
  return Here{std::move(context), access->community, manages};
}

boost::json::object session_view(const RequestContext& context, accounts::WebSession& session,
                                 const Session& item, const std::string& zone) {
  boost::json::object view = session_json(item);
  view["starts_local"] = pages::local_with_weekday(session, context, item.starts_at, zone);
  view["ends_local"] = format_local(item.ends_at, zone, "%H:%M");
  view["status_label"] = session.text(context, "session_status_" + item.status);
  view["is_skipped"] = item.status == "skipped";
  return view;
}

std::string sessions_path(const std::string& slug, std::int64_t project_id) {
  return "/c/" + slug + "/projects/" + std::to_string(project_id) + "/sessions";
}

}  // namespace

void add_activity_pages(http::Router& router, accounts::WebSession& session,
                        ActivityService& activity) {
  router.get("/c/{slug}/projects/{project_id}/sessions", [&](http::Request& request) {
    auto context = session.context(request);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto project = activity.academy().project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(context, project.error());
    auto here = here_of(session, activity, request, &project.value());
    if (!here) return session.refuse(context, here.error());
    auto list = activity.sessions(here->context.viewer, request.param("slug"), id.value());
    if (!list) return session.refuse(here->context, list.error());
    boost::json::array items;
    for (const auto& item : list.value())
      items.push_back(session_view(here->context, session, item, here->community.time_zone));
    const std::string notice = request.query_param("notice").value_or("");
    return session.page(
        here->context, 200, "activity/sessions",
        {{"community", communities::community_json(here->community)},
         {"project", {{"id", project->id}, {"title", project->title}}},
         {"sessions", items},
         {"empty", items.empty()},
         {"manages", here->manages},
         {"signed_in", here->context.viewer.signed_in()},
         {"zone", here->community.time_zone}},
        {.title = project->title + " · " + session.text(here->context, "sessions_title"),
         .notice_key = notice == "saved" ? "notice_activity_saved" : ""});
  });

  // Progress against the completion rules: a runner's own row, or everyone's
  // for builders and organizers.
  router.get("/c/{slug}/projects/{project_id}/progress", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.refuse(context, id.error());
    auto project = activity.academy().project(context.viewer, request.param("slug"), id.value());
    if (!project) return session.refuse(context, project.error());
    auto here = here_of(session, activity, request, &project.value());
    if (!here) return session.refuse(context, here.error());
    auto list = activity.progress(here->context.viewer, request.param("slug"), id.value());
    if (!list) return session.refuse(here->context, list.error());
    boost::json::array rows;
    for (const auto& item : list.value()) {
      rows.push_back({{"display_name", item.display_name},
                      {"attendance_percent", item.attendance_percent},
                      {"attended", item.facts.attended},
                      {"sessions_held", item.facts.sessions_held},
                      {"excused", item.facts.excused},
                      {"submissions", item.facts.submissions},
                      {"deadlines_past", item.facts.deadlines_past},
                      {"attendance_met", item.attendance_met},
                      {"submissions_met", item.submissions_met},
                      {"retrospective_met", item.retrospective_met},
                      {"on_track", item.on_track}});
    }
    return session.page(
        here->context, 200, "activity/progress",
        {{"community", communities::community_json(here->community)},
         {"project", {{"id", project->id}, {"title", project->title}}},
         {"rows", rows},
         {"empty", rows.empty()},
         {"retrospective_required", !list->empty() && list->front().retrospective_required},
         // Wrap-up: a runner of a cohort project sees their own row and may leave.
         {"can_leave", !here->manages && project->cohort_id.has_value() && rows.size() == 1}},
        {.title = project->title + " · " + session.text(here->context, "progress_title")});
  });

  // The secret calendar address calendar apps subscribe to.
  router.get("/calendar/{token}", [&](http::Request& request) {
    std::string token = request.param("token");
    if (token.ends_with(".ics")) token.resize(token.size() - 4);
    auto feed = activity.calendar_feed(
        token, [&session](const std::string& language, const std::string& key) {
          return session.catalog().text(language, key);
        });
    if (!feed) {
      return http::Response::text(
          feed.error().http_status == 404 ? 404 : 500,
          feed.error().http_status == 404 ? "no such calendar\n" : "calendar unavailable\n");
    }
    return http::Response::text(200, feed.value(), "text/calendar; charset=utf-8");
  });

  router.post("/c/{slug}/projects/{project_id}/sessions/schedule", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto done = activity.schedule(context.viewer, request.param("slug"), id.value());
    if (!done) return session.form_failed(request, context, done.error());
    return http::Response::redirect(sessions_path(request.param("slug"), id.value()) +
                                    "?notice=saved");
  });

  router.post("/c/{slug}/projects/{project_id}/sessions", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "project_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto zone = activity.time_zone(request.param("slug"));
    if (!zone) return session.form_failed(request, context, zone.error());
    auto input = session_input(web::Fields(form), zone.value());
    if (!input) return session.form_failed(request, context, input.error());
    auto added =
        activity.add_session(context.viewer, request.param("slug"), id.value(), input.value());
    if (!added) return session.form_failed(request, context, added.error());
    return http::Response::redirect(sessions_path(request.param("slug"), id.value()) +
                                    "?notice=saved");
  });

  router.post("/c/{slug}/sessions/{session_id}/skip", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto changed = activity.skip_session(context.viewer, request.param("slug"), id.value(),
                                         field(form, "skipped") != "0");
    if (!changed) return session.form_failed(request, context, changed.error());
    return http::Response::redirect(sessions_path(request.param("slug"), changed->project_id) +
                                    "?notice=saved");
  });

  router.post("/c/{slug}/sessions/{session_id}/check-in/open", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto minutes =
        web::Fields(form).optional_integer("minutes", kMinCheckInMinutes, kMaxCheckInMinutes);
    if (!minutes) return session.form_failed(request, context, minutes.error());
    auto opened = activity.open_check_in(context.viewer, request.param("slug"), id.value(),
                                         static_cast<int>(minutes->value_or(15)));
    if (!opened) return session.form_failed(request, context, opened.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/sessions/" +
                                    std::to_string(id.value()) + "/check-in/screen");
  });

  router.post("/c/{slug}/sessions/{session_id}/check-in/close", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    if (!session.csrf_ok(context, request.form())) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto closed = activity.close_check_in(context.viewer, request.param("slug"), id.value());
    if (!closed) return session.form_failed(request, context, closed.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/sessions/" +
                                    std::to_string(id.value()) + "/attendance");
  });

  // The builder's screen: the current code and its QR code, refreshed as it rotates.
  router.get("/c/{slug}/sessions/{session_id}/check-in/screen", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.refuse(context, id.error());
    auto here = here_of(session, activity, request, nullptr);
    if (!here) return session.refuse(context, here.error());
    auto current = activity.check_in_code(here->context.viewer, request.param("slug"), id.value());
    if (!current) return session.refuse(here->context, current.error());
    boost::json::object view = check_in_json(current.value());
    view["closes_local"] = format_local(current->closes_at, here->community.time_zone, "%H:%M");
    return session.page(
        here->context, 200, "activity/check_in_screen",
        {{"community", communities::community_json(here->community)}, {"check_in", view}},
        {.title = session.text(here->context, "check_in_title")});
  });

  // What the QR code opens: a form with the code filled in.
  router.get("/c/{slug}/sessions/{session_id}/check-in", [&](http::Request& request) {
    auto context = session.context(request);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.refuse(context, id.error());
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto here = here_of(session, activity, request, nullptr);
    if (!here) return session.refuse(context, here.error());
    auto found = activity.session(here->context.viewer, request.param("slug"), id.value());
    if (!found) return session.refuse(here->context, found.error());
    std::string code = request.query_param("code").value_or("");
    if (code.size() > 20) code.clear();
    const std::string status = request.query_param("status").value_or("");
    return session.page(
        here->context, 200, "activity/check_in",
        {{"community", communities::community_json(here->community)},
         {"session",
          session_view(here->context, session, found.value(), here->community.time_zone)},
         {"code", code},
         {"done", status == "present" || status == "late"},
         {"status_label",
          session.text(here->context, "attendance_" + (status == "late" ? status : "present"))}},
        {.title = session.text(here->context, "check_in_title")});
  });

  router.post("/c/{slug}/sessions/{session_id}/check-in", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto status =
        activity.check_in(context.viewer, request.param("slug"), id.value(), field(form, "code"));
    if (!status) return session.form_failed(request, context, status.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/sessions/" +
                                    std::to_string(id.value()) +
                                    "/check-in?status=" + status.value());
  });

  router.get("/c/{slug}/sessions/{session_id}/attendance", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.refuse(context, id.error());
    auto here = here_of(session, activity, request, nullptr);
    if (!here) return session.refuse(context, here.error());
    const std::string slug = request.param("slug");
    auto list = activity.attendance(here->context.viewer, slug, id.value());
    if (!list) return session.refuse(here->context, list.error());
    auto found = activity.session(here->context.viewer, slug, id.value());
    if (!found) return session.refuse(here->context, found.error());
    auto changes = activity.attendance_changes(here->context.viewer, slug, id.value());
    if (!changes) return session.refuse(here->context, changes.error());
    boost::json::array people;
    for (const auto& person : list.value()) {
      boost::json::object view = attendance_json(person);
      boost::json::array options;
      for (auto status : kAttendanceStatuses) {
        options.push_back(
            {{"value", status},
             {"label", session.text(here->context, "attendance_" + std::string(status))},
             {"selected", person.status == status}});
      }
      view["options"] = options;
      view["status_label"] =
          person.status ? session.text(here->context, "attendance_" + *person.status) : "—";
      view["role_label"] = session.text(here->context, "stage_" + person.role);
      people.push_back(view);
    }
    boost::json::array trail;
    for (const auto& change : changes.value()) {
      trail.push_back({{"when", format_local(change.changed_at, here->community.time_zone)},
                       {"user_id", change.user_id},
                       {"from", change.old_status ? session.text(here->context,
                                                                 "attendance_" + *change.old_status)
                                                  : "—"},
                       {"to", session.text(here->context, "attendance_" + change.new_status)},
                       {"by", change.changed_by_name},
                       // A check-in by code is stored with an English note: say it in the
                       // page's language.
                       {"reason", change.reason == kCodeCheckInNote
                                      ? session.text(here->context, "attendance_by_code")
                                      : change.reason}});
    }
    return session.page(
        here->context, 200, "activity/attendance",
        {{"community", communities::community_json(here->community)},
         {"session",
          session_view(here->context, session, found.value(), here->community.time_zone)},
         {"people", people},
         {"empty", people.empty()},
         {"trail", trail}},
        {.title = session.text(here->context, "attendance_title"),
         .notice_key = request.query_param("notice") == "saved" ? "notice_activity_saved" : ""});
  });

  router.post("/c/{slug}/sessions/{session_id}/attendance", [&](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    auto id = accounts::path_id(request, "session_id");
    if (!id) return session.form_failed(request, context, id.error());
    auto user_id = web::Fields(form).optional_integer("user_id", 1, INT64_MAX);
    if (!user_id) return session.form_failed(request, context, user_id.error());
    if (!user_id->has_value())
      return session.refuse(context, Error::invalid("user_id", "user_id is required"));
    auto marked = activity.mark(context.viewer, request.param("slug"), id.value(), **user_id,
                                field(form, "status"), web::trim(field(form, "reason")));
    if (!marked) return session.form_failed(request, context, marked.error());
    return http::Response::redirect("/c/" + request.param("slug") + "/sessions/" +
                                    std::to_string(id.value()) + "/attendance?notice=saved");
  });
}

}  // namespace moim::activity
