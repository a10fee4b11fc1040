// Event pages for attendees and organizers: the community's events, one
// event (register in one click, or as a guest by name and email), the ticket
// (code, QR, calendar, cancel or claim), and the event form. The door and
// the figures are in door_pages.cpp.
#include "features/events/images_routes.hpp"
#include "features/events/page_helpers.hpp"
#include "features/events/programme_routes.hpp"
#include "features/events/questions_pages.hpp"
#include "features/events/routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using namespace pages;

namespace {

boost::json::array links_view(const EventLinks& links, const RequestContext& context,
                              const std::string& slug, std::int64_t event_id,
                              const std::optional<std::string>& token) {
  boost::json::array view;
  if (!links) return view;
  for (const auto& link : links(context, slug, event_id, token))
    view.push_back({{"href", link.href}, {"label", link.label}, {"testid", link.testid}});
  return view;
}

constexpr const char* kKinds[] = {"conference", "meetup", "demo_day", "hackathon", "online"};

std::string field(const std::map<std::string, std::string>& form, const std::string& name) {
  auto found = form.find(name);
  return found == form.end() ? std::string() : found->second;
}

std::optional<std::string> present(const std::map<std::string, std::string>& form,
                                   const std::string& name) {
  auto found = form.find(name);
  if (found == form.end()) return std::nullopt;
  return found->second;
}

// The event page, with what the viewer may do and (after a failed form) the
// field marked and what was typed.
http::Response event_page(WebSession& session, EventsService& events, ProgrammeService* programme,
                          const EventLinks& links, const RequestContext& context,
                          const std::string& slug, std::int64_t event_id, int status,
                          boost::json::object extra, const accounts::PageOptions& options = {}) {
  const Caller caller{context.viewer, std::nullopt};
  // One read for the event, the viewer's registration, the door and the
  // questions: the page must not look the community and event up per part.
  auto page = events.event_page(caller, slug, event_id);
  if (!page) return session.refuse(context, page.error());
  const Event& shown = page->event;
  const std::int64_t now = Clock().now_seconds();
  boost::json::object data{{"event", event_view(session, context, shown, now)},
                           {"signed_in", context.viewer.signed_in()},
                           {"staff", page->staff},
                           {"guest", {{"name", ""}, {"email", ""}}}};
  if (page->mine) data["mine"] = registration_view(session, context, *page->mine, shown);
  data["links"] = links_view(links, context, slug, event_id, std::nullopt);
  data["has_links"] = !data["links"].as_array().empty();
  if (programme) {
    auto sponsors = programme->programme(context.viewer, slug, event_id);
    if (!sponsors) return session.refuse(context, sponsors.error());
    data["programme"] = programme_summary(session, context, sponsors.value());
  }
  if (!extra.contains("questions"))
    data["questions"] = question_fields(session, context, page->questions, shown, {}, {});
  for (auto& [key, value] : extra) data[key] = value;
  accounts::PageOptions page_options = options;
  page_options.title = shown.title;
  return session.page(context, status, "events/event", std::move(data), page_options);
}

http::Response ticket_page(WebSession& session, EventsService& events, const EventLinks& links,
                           const RequestContext& context, const std::string& slug,
                           std::int64_t event_id, const std::optional<std::string>& token,
                           const accounts::PageOptions& options = {}) {
  const Caller caller{context.viewer, token};
  auto shown = events.event(caller, slug, event_id);
  if (!shown) return session.refuse(context, shown.error());
  auto mine = events.my_registration(caller, slug, event_id);
  if (!mine) return session.refuse(context, mine.error());
  if (!mine->has_value()) return http::Response::redirect(event_path(slug, event_id));
  const Registration& registration = **mine;
  boost::json::object data{
      {"event", event_view(session, context, shown.value(), Clock().now_seconds())},
      {"ticket", registration_view(session, context, registration, shown.value())},
      {"actions", token ? event_path(slug, event_id) + "/t/" + *token
                        : event_path(slug, event_id) + "/ticket"}};
  // A member's certificate of attendance is theirs to download from here
  // after the event; guests have no account to hold one.
  data["member_ticket"] = !token && registration.user_id.has_value();
  data["links"] = links_view(links, context, slug, event_id, token);
  data["has_links"] = !data["links"].as_array().empty();
  auto answers = events.my_answers(caller, slug, event_id);
  if (!answers) return session.refuse(context, answers.error());
  data["answers"] = answers_view(session, context, answers.value());
  data["has_answers"] = !answers->empty();
  if (registration.status == RegistrationStatus::confirmed) {
    auto svg = events.ticket_qr_svg(registration);
    if (svg) data["qr_svg"] = svg.value();
  }
  accounts::PageOptions page_options = options;
  page_options.title = session.text(context, "event_ticket_title") + " · " + shown->title;
  auto response = session.page(context, 200, "events/ticket", std::move(data), page_options);
  // The private link is a secret: no caching, no referrer carrying it away.
  response.set_header("Cache-Control", "no-store");
  response.set_header("Referrer-Policy", "no-referrer");
  return response;
}

// The event form (new or edit): `values` as typed or as stored.
http::Response form_page(WebSession& session, const RequestContext& context,
                         const std::string& slug, boost::json::object values,
                         std::optional<std::int64_t> event_id, int status,
                         std::optional<Error> error = std::nullopt) {
  boost::json::array kinds;
  const std::string chosen =
      values["kind"].is_string() ? std::string(values["kind"].as_string()) : "meetup";
  for (const char* kind : kKinds) {
    kinds.push_back({{"value", kind},
                     {"label", session.text(context, std::string("event_kind_") + kind)},
                     {"selected", chosen == kind}});
  }
  boost::json::array visibilities;
  const std::string visibility =
      values["visibility"].is_string() ? std::string(values["visibility"].as_string()) : "public";
  for (const char* option : {"public", "members", "unlisted"}) {
    visibilities.push_back(
        {{"value", option},
         {"label", session.text(context, std::string("event_visibility_") + option)},
         {"selected", visibility == option}});
  }
  boost::json::object data{
      {"slug", slug},
      {"values", std::move(values)},
      {"kinds", kinds},
      {"visibilities", visibilities},
      {"editing", event_id.has_value()},
      {"action", event_id ? event_path(slug, *event_id) + "/edit" : "/c/" + slug + "/events"}};
  if (event_id) data["event_path"] = event_path(slug, *event_id);
  if (error) mark_error(data, session, context, *error);
  return session.page(
      context, status, "events/form", std::move(data),
      {.title = session.text(context, event_id ? "event_edit_title" : "event_new_title")});
}

// What the form sent, as the service's input; times are local to the community.
Result<EventInput> input_from(const std::map<std::string, std::string>& form,
                              const std::string& zone, bool creating) {
  EventInput input;
  input.title = present(form, "title");
  input.description = present(form, "description");
  input.venue = present(form, "venue");
  input.address = present(form, "address");
  input.map_url = present(form, "map_url");
  input.online_url = present(form, "online_url");
  if (auto kind = present(form, "kind")) {
    for (int index = 0; index < 5; ++index) {
      if (*kind == kKinds[index]) input.kind = static_cast<Kind>(index);
    }
    if (!input.kind) return Error::invalid("kind", "kind is not one of the choices");
  }
  if (auto visibility = present(form, "visibility")) {
    input.visibility = parse_visibility(*visibility);
    if (!input.visibility)
      return Error::invalid("visibility", "visibility is not one of the choices");
  }
  for (auto [target, name] :
       {std::pair{&input.starts_at, "starts_at"}, std::pair{&input.ends_at, "ends_at"},
        std::pair{&input.registration_opens_at, "registration_opens_at"},
        std::pair{&input.registration_closes_at, "registration_closes_at"}}) {
    const std::string text = web::trim(field(form, name));
    if (text.empty()) {
      if (creating &&
          (std::string_view(name) == "starts_at" || std::string_view(name) == "ends_at"))
        return Error::invalid(name, std::string(name) + " is required");
      continue;
    }
    auto local = text.size() <= 20 ? parse_local(text, zone) : std::nullopt;
    if (!local) return Error::invalid(name, std::string(name) + " must be a date and time");
    *target = *local;
  }
  web::Fields fields(form);
  auto capacity = fields.optional_integer("capacity", 0, kMaxCapacity);
  if (!capacity) return capacity.error();
  input.capacity = capacity.value();
  return input;
}

boost::json::object typed_values(const std::map<std::string, std::string>& form) {
  boost::json::object values;
  for (const char* name :
       {"title", "description", "kind", "venue", "address", "map_url", "online_url", "starts_at",
        "ends_at", "registration_opens_at", "registration_closes_at", "capacity", "visibility"})
    values[name] = field(form, name);
  return values;
}

boost::json::object stored_values(const Event& event) {
  auto local = [&](std::int64_t seconds) {
    return format_local(seconds, event.time_zone, "%Y-%m-%dT%H:%M");
  };
  std::int64_t general = event.ticket_types.empty() ? 0 : event.ticket_types.front().capacity;
  return {{"title", event.title},
          {"description", event.description},
          {"kind", std::string(kKinds[static_cast<int>(event.kind)])},
          {"venue", event.venue},
          {"address", event.address},
          {"map_url", event.map_url},
          {"online_url", event.online_url},
          {"starts_at", local(event.starts_at)},
          {"ends_at", local(event.ends_at)},
          {"registration_opens_at", local(event.registration_opens_at)},
          {"registration_closes_at", local(event.registration_closes_at)},
          {"capacity", std::to_string(general)},
          {"visibility", std::string(visibility_name(event.visibility))},
          {"cover", cover_view(event)}};
}

}  // namespace

void add_events_pages(http::Router& router, WebSession& session, EventsService& events,
                      ProgrammeService* programme, EventLinks links,
                      const outbox::OrganizerCounter* counter) {
  router.get("/c/{slug}/events", [&](http::Request& request) {
    auto context = session.context(request);
    return session.kept_page(request, context, [&] {
      const std::string slug = request.param("slug");
      auto upcoming = events.list(context.viewer, slug, false);
      if (!upcoming) return session.refuse(context, upcoming.error());
      auto past = events.list(context.viewer, slug, true);
      if (!past) return session.refuse(context, past.error());
      const std::int64_t now = Clock().now_seconds();
      boost::json::array upcoming_items, past_items;
      for (const auto& event : upcoming.value())
        upcoming_items.push_back(event_view(session, context, event, now));
      for (const auto& event : past.value())
        past_items.push_back(event_view(session, context, event, now));
      auto manage = events.may_create(context.viewer, slug);
      return session.page(context, 200, "events/list",
                          {{"slug", slug},
                           {"upcoming", upcoming_items},
                           {"past", past_items},
                           {"no_upcoming", upcoming_items.empty()},
                           {"has_past", !past_items.empty()},
                           {"can_create", manage && manage.value()}},
                          {.title = session.text(context, "events_title")});
    });
  });

  router.get("/c/{slug}/events/new", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    auto manage = events.may_create(context.viewer, slug);
    if (!manage) return session.refuse(context, manage.error());
    if (!manage.value()) return session.refuse(context, Error::forbidden());
    return form_page(session, context, slug,
                     {{"kind", "meetup"}, {"visibility", "public"}, {"capacity", "100"}},
                     std::nullopt, 200);
  });

  router.post("/c/{slug}/events", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    auto zone = events.time_zone_of(slug);
    if (!zone) return session.refuse(context, zone.error());
    auto input = input_from(form, zone.value(), true);
    auto created =
        input ? events.create(context.viewer, slug, input.value()) : Result<Event>(input.error());
    if (!created) {
      if (created.error().http_status >= 401 && created.error().http_status != 409)
        return session.refuse(context, created.error());
      return form_page(session, context, slug, typed_values(form), std::nullopt,
                       created.error().http_status, created.error());
    }
    return http::Response::redirect(event_path(created.value()));
  });

  router.get("/c/{slug}/events/{event}", [&, programme, links](http::Request& request) {
    auto context = session.context(request);
    // The page a conference's visitors open at once (the registration
    // rush): kept rendered for anonymous ones (web/kept_pages.hpp).
    return session.kept_page(request, context, [&] {
      return event_page(session, events, programme, links, context, request.param("slug"),
                        id_param(request, "event"), 200, {});
    });
  });

  router.get("/c/{slug}/events/{event}/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto manage = events.may_create(context.viewer, slug);
    if (!manage) return session.refuse(context, manage.error());
    if (!manage.value()) return session.refuse(context, Error::forbidden());
    auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
    if (!shown) return session.refuse(context, shown.error());
    return form_page(session, context, slug, stored_values(shown.value()), event_id, 200);
  });

  router.post("/c/{slug}/events/{event}/edit", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto zone = events.time_zone_of(slug);
    if (!zone) return session.refuse(context, zone.error());
    auto input = input_from(form, zone.value(), false);
    auto changed = input ? events.update(context.viewer, slug, event_id, input.value())
                         : Result<Event>(input.error());
    if (!changed) {
      if (changed.error().http_status >= 401 && changed.error().http_status != 409)
        return session.refuse(context, changed.error());
      return form_page(session, context, slug, typed_values(form), event_id,
                       changed.error().http_status, changed.error());
    }
    return http::Response::redirect(event_path(changed.value()) + "?saved=1");
  });

  router.post("/c/{slug}/events/{event}/cancel-event", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    EventInput input;
    input.status = EventStatus::cancelled;
    auto changed = events.update(context.viewer, slug, event_id, input);
    if (!changed) return session.refuse(context, changed.error());
    return http::Response::redirect(event_path(slug, event_id));
  });

  // One click for members; name and email for guests.
  router.post("/c/{slug}/events/{event}/register", [&, programme, links](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    RegistrationInput input{.client_address = request.remote_ip, .language = context.language};
    if (!context.viewer.signed_in()) {
      input.name = field(form, "name");
      input.email = field(form, "email");
    }
    if (auto type = field(form, "ticket_type_id"); !type.empty()) {
      web::Fields fields(form);
      auto id = fields.optional_integer("ticket_type_id", 1, INT64_MAX);
      if (id && id->has_value()) input.ticket_type_id = **id;
    }
    const auto pairs = http::parse_url_encoded(request.body);
    input.answers = answers_from_form(pairs);
    auto registered =
        events.register_for(Caller{context.viewer, std::nullopt}, slug, event_id, input);
    if (!registered) {
      const Error& error = registered.error();
      if (error.http_status == 401 || error.http_status == 403 || error.http_status >= 500 ||
          (error.http_status == 404 && error.field.empty()))
        return session.refuse(context, error);
      boost::json::object extra{
          {"guest", {{"name", field(form, "name")}, {"email", field(form, "email")}}}};
      // The questions keep what was typed; an answer's problem is shown beside it.
      auto asked = events.questions(Caller{context.viewer, std::nullopt}, slug, event_id);
      auto shown = events.event(Caller{context.viewer, std::nullopt}, slug, event_id);
      if (asked && shown)
        extra["questions"] =
            question_fields(session, context, asked.value(), shown.value(), pairs, error);
      if (!error.field.starts_with("answers.")) mark_error(extra, session, context, error);
      auto response = event_page(session, events, programme, links, context, slug, event_id,
                                 error.http_status, std::move(extra));
      if (error.retry_after_seconds > 0)
        response.set_header("Retry-After", std::to_string(error.retry_after_seconds));
      return response;
    }
    if (!registered->ticket_token.empty())
      return http::Response::redirect(event_path(slug, event_id) + "/t/" +
                                      registered->ticket_token);
    return http::Response::redirect(event_path(slug, event_id) + "/ticket");
  });

  router.get("/c/{slug}/events/{event}/ticket", [&, links](http::Request& request) {
    auto context = session.context(request);
    if (!context.viewer.signed_in()) return session.refuse(context, Error::unauthenticated());
    return ticket_page(session, events, links, context, request.param("slug"),
                       id_param(request, "event"), std::nullopt);
  });
  router.get("/c/{slug}/events/{event}/t/{token}", [&, links](http::Request& request) {
    auto context = session.context(request);
    return ticket_page(session, events, links, context, request.param("slug"),
                       id_param(request, "event"), request.param("token"));
  });

  // Cancel and claim, from the member's ticket page or the guest's link.
  for (const bool cancelling : {true, false}) {
    for (const bool guest : {false, true}) {
      const std::string path = std::string("/c/{slug}/events/{event}/") +
                               (guest ? "t/{token}/" : "ticket/") +
                               (cancelling ? "cancel" : "claim");
      router.post(path, [&, cancelling, guest, links](http::Request& request) {
        auto context = session.context(request);
        const auto form = request.form();
        if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
        const std::string slug = request.param("slug");
        const std::int64_t event_id = id_param(request, "event");
        std::optional<std::string> token;
        if (guest) token = request.param("token");
        const Caller caller{context.viewer, token};
        auto mine = events.my_registration(caller, slug, event_id);
        if (!mine) return session.refuse(context, mine.error());
        if (!mine->has_value()) return session.refuse(context, Error::not_found());
        auto done = cancelling ? events.cancel(caller, slug, event_id, (*mine)->id)
                               : events.claim(caller, slug, event_id, (*mine)->id);
        if (!done) return session.refuse(context, done.error());
        return ticket_page(
            session, events, links, context, slug, event_id, token,
            {.notice_key = cancelling ? "event_cancelled_notice" : "event_claimed_notice"});
      });
    }
  }

  router.get("/c/{slug}/events/{event}/event.ics", [&](http::Request& request) {
    auto context = session.context(request);
    auto calendar = events.ics(Caller{context.viewer, std::nullopt}, request.param("slug"),
                               id_param(request, "event"));
    if (!calendar) return session.refuse(context, calendar.error());
    http::Response response;
    response.body = calendar.value();
    response.set_header("Content-Type", "text/calendar; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"event.ics\"");
    return response;
  });

  add_door_pages(router, session, events, counter);
  add_event_images_pages(router, session, events, programme);
  add_questions_pages(router, session, events);
}

}  // namespace moim::events
