// The door and the organizers' lists: a check-in page made for a phone
// (typed code, camera scan, search by name, walk-ins, undo, a live counter),
// who registered (paginated, filters in the URL), and the figures with a
// chart and a CSV.
#include <algorithm>
#include <cstdio>

#include "features/events/internal.hpp"
#include "features/events/page_helpers.hpp"
#include "features/events/questions_pages.hpp"
#include "features/events/routes.hpp"
#include "platform/web/chart_svg.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using namespace pages;

namespace {

std::string form_value(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

// The staff page; `result` is what the last scan or typed code gave.
http::Response door_page(WebSession& session, EventsService& events, const RequestContext& context,
                         const std::string& slug, std::int64_t event_id, boost::json::object extra,
                         int status = 200) {
  auto door = events.may_staff(context.viewer, slug, event_id);
  if (!door) return session.refuse(context, door.error());
  if (!door.value()) return session.refuse(context, Error::forbidden());
  auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
  if (!shown) return session.refuse(context, shown.error());
  boost::json::object data{
      {"event", event_view(session, context, shown.value(), Clock().now_seconds())},
      {"no_shows", std::max<std::int64_t>(0, shown->confirmed - shown->checked_in)},
      {"walk_in", {{"name", ""}, {"email", ""}}},
      {"qr_decoder", events.serves_qr_decoder()}};
  for (auto& [key, value] : extra) data[key] = value;
  return session.page(context, status, "events/door", std::move(data),
                      {.title = session.text(context, "event_door_title") + " · " + shown->title});
}

boost::json::object verdict_view(WebSession& session, const RequestContext& context,
                                 const CheckInResult& result, const Event& event) {
  const std::string verdict = [&] {
    switch (result.verdict) {
      case CheckInVerdict::checked_in:
        return "checked_in";
      case CheckInVerdict::already:
        return "already";
      case CheckInVerdict::wrong_event:
        return "wrong_event";
      case CheckInVerdict::cancelled:
        return "cancelled";
      case CheckInVerdict::not_confirmed:
        return "not_confirmed";
      default:
        return "unknown";
    }
  }();
  boost::json::object view{{"verdict", verdict},
                           {"ok", result.verdict == CheckInVerdict::checked_in},
                           {"message", session.text(context, "event_verdict_" + verdict)},
                           {"other_event", result.other_event}};
  if (result.registration)
    view["registration"] = registration_view(session, context, *result.registration, event);
  return view;
}

}  // namespace

void add_door_pages(http::Router& router, WebSession& session, EventsService& events,
                    const outbox::OrganizerCounter* organizer_counter) {
  router.get("/c/{slug}/events/{event}/door", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    boost::json::object extra;
    if (auto query = request.query_param("q"); query && !web::trim(*query).empty()) {
      extra["q"] = *query;
      auto found = events.search_attendees(context.viewer, slug, event_id, *query);
      if (!found && found.error().http_status != 400) return session.refuse(context, found.error());
      if (!found) {
        mark_error(extra, session, context, found.error());
      } else {
        auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
        if (!shown) return session.refuse(context, shown.error());
        boost::json::array items;
        for (const auto& registration : found.value())
          items.push_back(registration_view(session, context, registration, shown.value()));
        extra["found"] = items;
        extra["nothing_found"] = items.empty();
      }
    }
    return door_page(session, events, context, slug, event_id, std::move(extra));
  });

  router.post("/c/{slug}/events/{event}/door", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    const std::string code = form_value(form, "code");
    auto result = events.check_in(context.viewer, slug, event_id, code);
    if (!result) {
      if (result.error().http_status != 400) return session.refuse(context, result.error());
      boost::json::object extra{{"code", code}};
      mark_error(extra, session, context, result.error());
      return door_page(session, events, context, slug, event_id, std::move(extra), 400);
    }
    auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    boost::json::object extra{
        {"result", verdict_view(session, context, result.value(), shown.value())}};
    if (result->verdict != CheckInVerdict::checked_in) extra["code"] = code;
    return door_page(session, events, context, slug, event_id, std::move(extra),
                     result->verdict == CheckInVerdict::checked_in ? 200 : 409);
  });

  router.post("/c/{slug}/events/{event}/door/{registration}/undo", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto undone =
        events.undo_check_in(context.viewer, slug, event_id, id_param(request, "registration"));
    if (!undone) return session.refuse(context, undone.error());
    return door_page(session, events, context, slug, event_id,
                     {{"undone", registration_view(session, context, undone.value(), {})}});
  });

  router.post("/c/{slug}/events/{event}/door/walk-in", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto registered = events.register_walk_in(context.viewer, slug, event_id,
                                              {.name = form_value(form, "name"),
                                               .email = form_value(form, "email"),
                                               .language = context.language});
    if (!registered) {
      if (registered.error().http_status != 400 && registered.error().http_status != 409)
        return session.refuse(context, registered.error());
      boost::json::object extra{
          {"walk_in", {{"name", form_value(form, "name")}, {"email", form_value(form, "email")}}}};
      mark_error(extra, session, context, registered.error());
      return door_page(session, events, context, slug, event_id, std::move(extra),
                       registered.error().http_status);
    }
    return door_page(
        session, events, context, slug, event_id,
        {{"walked_in", registration_view(session, context, registered->registration, {})}});
  });

  router.get("/c/{slug}/events/{event}/registrations", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    RegistrationQuery query;
    query.text = request.query_param("q").value_or("");
    const std::string status = request.query_param("status").value_or("");
    for (auto candidate : {RegistrationStatus::confirmed, RegistrationStatus::offered,
                           RegistrationStatus::waitlisted, RegistrationStatus::cancelled}) {
      if (status == internal::status_name(candidate)) query.status = candidate;
    }
    web::Fields fields(
        std::map<std::string, std::string>{{"page", request.query_param("page").value_or("")}});
    if (auto page = fields.optional_integer("page", 1, 100000); page && page->has_value())
      query.page = static_cast<int>(**page);
    auto page = events.registrations(context.viewer, slug, event_id, query);
    if (!page) return session.refuse(context, page.error());
    auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    boost::json::array rows;
    // Organizers see each registration's answers; staff at the door do not.
    std::vector<std::int64_t> ids;
    for (const auto& registration : page->registrations) ids.push_back(registration.id);
    if (ids.empty()) ids.push_back(0);  // none shown: ask for nobody's (not the whole event's)
    auto answers = events.answers(context.viewer, slug, event_id, ids);
    const bool organizer = answers.ok();
    for (const auto& registration : page->registrations) {
      auto view = registration_view(session, context, registration, shown.value());
      if (organizer) {
        std::vector<Answer> own;
        for (const auto& answer : answers.value())
          if (answer.registration_id == registration.id) own.push_back(answer);
        view["answers"] = answers_view(session, context, own);
      }
      rows.push_back(std::move(view));
    }
    const std::int64_t pages = (page->total + page->per_page - 1) / page->per_page;
    auto link = [&](int number) {
      std::string url =
          event_path(slug, event_id) + "/registrations?page=" + std::to_string(number);
      if (!status.empty()) url += "&status=" + status;
      if (!query.text.empty()) url += "&q=" + http::percent_encode(query.text);
      return url;
    };
    boost::json::object data{
        {"event", event_view(session, context, shown.value(), Clock().now_seconds())},
        {"rows", rows},
        {"empty", rows.empty()},
        {"total", page->total},
        {"page", page->page},
        {"pages", std::max<std::int64_t>(pages, 1)},
        {"q", query.text},
        {"status", status},
        {"organizer", organizer}};
    if (page->page > 1) data["previous"] = link(page->page - 1);
    if (page->page < pages) data["next"] = link(page->page + 1);
    boost::json::array statuses;
    for (const char* option : {"", "confirmed", "offered", "waitlisted", "cancelled"}) {
      statuses.push_back(
          {{"value", option},
           {"label",
            session.text(context,
                         std::string(*option ? "event_status_" : "event_status_all") + option)},
           {"selected", status == option}});
    }
    data["statuses"] = statuses;
    return session.page(
        context, 200, "events/registrations", std::move(data),
        {.title = session.text(context, "event_registrations_title") + " · " + shown->title});
  });

  router.get("/c/{slug}/events/{event}/figures", [&, organizer_counter](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto figures = events.stats(context.viewer, slug, event_id);
    if (!figures) return session.refuse(context, figures.error());
    auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    auto row = [&](const std::string& label, const Counter& counter) {
      char rate[16];
      std::snprintf(rate, sizeof rate, "%.1f", counter.no_show_rate() * 100.0);
      return boost::json::object{{"label", label},
                                 {"registered", counter.registered},
                                 {"confirmed", counter.confirmed},
                                 {"waitlisted", counter.waitlisted},
                                 {"cancelled", counter.cancelled},
                                 {"checked_in", counter.checked_in},
                                 {"no_show_rate", rate}};
    };
    boost::json::array by_type, by_stage;
    web::Chart chart{.id = "attendance-by-stage",
                     .title = session.text(context, "event_chart_by_stage"),
                     .description = session.text(context, "event_chart_by_stage_description")};
    for (const auto& [name, counter] : figures->by_ticket_type)
      by_type.push_back(row(name, counter));
    for (const auto& [name, counter] : figures->by_stage) {
      const std::string label =
          session.text(context, name == "guest" ? "event_guest" : "stage_" + name);
      if (counter.registered == 0) continue;
      by_stage.push_back(row(label, counter));
      chart.points.push_back({label, double(counter.checked_in)});
    }
    // Counted after stats() let this organizer in: what moim did for the event.
    boost::json::value organizer_count = nullptr;
    if (organizer_counter != nullptr) {
      auto count =
          organizer_counter->count({.community_id = shown->community_id, .event_id = event_id});
      if (!count) return session.refuse(context, count.error());
      organizer_count = outbox::organizer_count_view(
          count.value(), [&](const std::string& key) { return session.text(context, key); });
    }
    return session.page(
        context, 200, "events/figures",
        {{"event", event_view(session, context, shown.value(), Clock().now_seconds())},
         {"organizer_count", std::move(organizer_count)},
         {"total", row(session.text(context, "event_total"), figures->total)},
         {"by_type", by_type},
         {"by_stage", by_stage},
         {"chart_svg", web::bar_chart_svg(chart)}},
        {.title = session.text(context, "event_figures_title") + " · " + shown->title});
  });

  router.get("/c/{slug}/events/{event}/figures.csv", [&](http::Request& request) {
    auto context = session.context(request);
    auto csv = events.stats_csv(context.viewer, request.param("slug"), id_param(request, "event"),
                                context.language);
    if (!csv) return session.refuse(context, csv.error());
    http::Response response;
    response.body = csv.value();
    response.set_header("Content-Type", "text/csv; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"event-figures.csv\"");
    return response;
  });
}

}  // namespace moim::events
