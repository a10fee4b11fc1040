// /api/v1/communities/{slug}/events*: every route one typed declaration
// (features/accounts/api_routes.hpp); the OpenAPI operations come from here.
// This file: the events and their ticket types; registrations, check-in,
// staff and figures are in registrations_api.cpp.
#include "features/events/api_helpers.hpp"
#include "features/events/images_routes.hpp"
#include "features/events/routes.hpp"

namespace moim::events {

namespace {

using namespace api;

struct CommunityPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(CommunityPath, (), (slug))
struct TicketTypePath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t ticket_type = 0;
};
BOOST_DESCRIBE_STRUCT(TicketTypePath, (), (slug, event, ticket_type))

struct TicketTypeOut {
  std::int64_t id = 0;
  std::string name;
  std::int64_t capacity = 0;
  std::int64_t held = 0;
  std::int64_t seats_left = 0;
  bool organizers_only = false;
  std::int64_t price_cents = 0;
};
BOOST_DESCRIBE_STRUCT(TicketTypeOut, (),
                      (id, name, capacity, held, seats_left, organizers_only, price_cents))

struct EventOut {
  std::int64_t id = 0;
  std::string title;
  std::string description;
  std::string description_html;
  Kind kind = Kind::meetup;
  std::string venue, address, map_url;
  std::optional<std::string> online_url;  // confirmed attendees, staff and organizers
  Instant starts_at, ends_at, registration_opens_at, registration_closes_at;
  std::string visibility;
  EventStatus status = EventStatus::published;
  bool registration_open = false;
  std::int64_t capacity = 0, confirmed = 0, waitlisted = 0, checked_in = 0;
  std::vector<TicketTypeOut> ticket_types;
  std::string url;
  std::optional<std::string> cover_image_url;  // PUT .../cover uploads one
};
BOOST_DESCRIBE_STRUCT(EventOut, (),
                      (id, title, description, description_html, kind, venue, address, map_url,
                       online_url, starts_at, ends_at, registration_opens_at,
                       registration_closes_at, visibility, status, registration_open, capacity,
                       confirmed, waitlisted, checked_in, ticket_types, url, cover_image_url))
struct EventReply {
  EventOut event;
};
BOOST_DESCRIBE_STRUCT(EventReply, (), (event))
struct EventsReply {
  std::vector<EventOut> events;
};
BOOST_DESCRIBE_STRUCT(EventsReply, (), (events))

struct EventsQuery {
  std::optional<Text<1, 10>> when;  // "upcoming" (default) or "past"
};
BOOST_DESCRIBE_STRUCT(EventsQuery, (), (when))

struct CreateEventBody {
  Text<1, kMaxTitleChars> title;
  std::optional<Text<0, kMaxEventDescriptionChars>> description;
  std::optional<Kind> kind;
  std::optional<Text<0, 200>> venue;
  std::optional<Text<0, 300>> address;
  std::optional<Text<0, 500>> map_url;
  std::optional<Text<0, 500>> online_url;
  Instant starts_at;
  Instant ends_at;
  std::optional<Instant> registration_opens_at;
  std::optional<Instant> registration_closes_at;
  std::optional<Text<1, 10>> visibility;  // public, members, unlisted
  std::optional<Int<0, kMaxCapacity>> capacity;
  std::optional<Int<1, 240>> claim_hours;
};
BOOST_DESCRIBE_STRUCT(CreateEventBody, (),
                      (title, description, kind, venue, address, map_url, online_url, starts_at,
                       ends_at, registration_opens_at, registration_closes_at, visibility, capacity,
                       claim_hours))

struct PatchEventBody {
  std::optional<Text<1, kMaxTitleChars>> title;
  std::optional<Text<0, kMaxEventDescriptionChars>> description;
  std::optional<Kind> kind;
  std::optional<Text<0, 200>> venue;
  std::optional<Text<0, 300>> address;
  std::optional<Text<0, 500>> map_url;
  std::optional<Text<0, 500>> online_url;
  std::optional<Instant> starts_at;
  std::optional<Instant> ends_at;
  std::optional<Instant> registration_opens_at;
  std::optional<Instant> registration_closes_at;
  std::optional<Text<1, 10>> visibility;
  std::optional<Int<0, kMaxCapacity>> capacity;
  std::optional<Int<1, 240>> claim_hours;
  std::optional<EventStatus> status;
};
BOOST_DESCRIBE_STRUCT(PatchEventBody, (),
                      (title, description, kind, venue, address, map_url, online_url, starts_at,
                       ends_at, registration_opens_at, registration_closes_at, visibility, capacity,
                       claim_hours, status))

struct TicketTypeBody {
  Text<1, kMaxNameChars> name;
  Int<0, kMaxCapacity> capacity;
  std::optional<bool> organizers_only;
  std::optional<Instant> sales_open_at;
  std::optional<Instant> sales_close_at;
};
BOOST_DESCRIBE_STRUCT(TicketTypeBody, (),
                      (name, capacity, organizers_only, sales_open_at, sales_close_at))
struct CapacityBody {
  Int<0, kMaxCapacity> capacity;
};
BOOST_DESCRIBE_STRUCT(CapacityBody, (), (capacity))

EventOut event_out(const Event& event, std::int64_t now) {
  EventOut out{
      .id = event.id,
      .title = event.title,
      .description = event.description,
      .description_html = event.description_html,
      .kind = event.kind,
      .venue = event.venue,
      .address = event.address,
      .map_url = event.map_url,
      .online_url = event.online_url.empty() ? std::nullopt : std::optional(event.online_url),
      .starts_at = {event.starts_at},
      .ends_at = {event.ends_at},
      .registration_opens_at = {event.registration_opens_at},
      .registration_closes_at = {event.registration_closes_at},
      .visibility = std::string(visibility_name(event.visibility)),
      .status = event.status,
      .registration_open = event.registration_open(now),
      .capacity = event.capacity,
      .confirmed = event.confirmed,
      .waitlisted = event.waitlisted,
      .checked_in = event.checked_in,
      .url = "/c/" + event.community_slug + "/events/" + std::to_string(event.id)};
  if (event.cover)
    out.cover_image_url = event_image_path(event.community_slug, event.id, *event.cover);
  for (const auto& type : event.ticket_types) {
    out.ticket_types.push_back({type.id, type.name, type.capacity, type.held, type.seats_left(),
                                type.organizers_only, type.price_cents});
  }
  return out;
}

std::optional<std::int64_t> seconds_of(const std::optional<Instant>& value) {
  if (!value) return std::nullopt;
  return value->seconds;
}

template <class Body>
Result<EventInput> event_input(const Body& body) {
  EventInput input;
  input.description = text_of(body.description);
  input.kind = body.kind;
  input.venue = text_of(body.venue);
  input.address = text_of(body.address);
  input.map_url = text_of(body.map_url);
  input.online_url = text_of(body.online_url);
  input.registration_opens_at = seconds_of(body.registration_opens_at);
  input.registration_closes_at = seconds_of(body.registration_closes_at);
  input.capacity = number_of(body.capacity);
  if (body.claim_hours) input.claim_hours = static_cast<int>(body.claim_hours->value);
  if (body.visibility) {
    input.visibility = parse_visibility(body.visibility->value);
    if (!input.visibility)
      return Error::invalid("visibility", "visibility must be public, members or unlisted");
  }
  return input;
}

}  // namespace

void add_events_api(accounts::ApiRoutes& routes, EventsService& events) {
  const std::string base = "/api/v1/communities/{slug}/events";
  const auto now = [] { return Clock().now_seconds(); };

  routes.add<CommunityPath, EventsQuery, Nothing, EventsReply>(
      {.method = Method::kGet,
       .path = base,
       .operation_id = "listEvents",
       .summary = "The community's events, upcoming (default) or past",
       .tag = "events",
       .access = Access::kAnyone},
      [&events, now](auto& call) -> Result<EventsReply> {
        const bool past = call.query.when && call.query.when->value == "past";
        auto list = events.list(call.viewer(), call.path.slug, past);
        if (!list) return list.error();
        EventsReply reply;
        for (const auto& event : list.value()) reply.events.push_back(event_out(event, now()));
        return reply;
      });

  routes.add<CommunityPath, Nothing, CreateEventBody, EventReply>(
      {.method = Method::kPost,
       .path = base,
       .operation_id = "createEvent",
       .summary = "Create an event (organizers)",
       .description = "Only title, starts_at and ends_at are needed: registration opens at once "
                      "and closes when the event starts, and one general ticket type holds "
                      "`capacity` seats (100 unless given).",
       .tag = "events",
       .status = 201,
       .errors = {403}},
      [&events, now](auto& call) -> Result<EventReply> {
        auto input = event_input(call.body);
        if (!input) return input.error();
        input->title = call.body.title.value;
        input->starts_at = call.body.starts_at.seconds;
        input->ends_at = call.body.ends_at.seconds;
        auto created = events.create(call.viewer(), call.path.slug, input.value());
        if (!created) return created.error();
        return EventReply{event_out(created.value(), now())};
      });

  routes.add<EventPath, Nothing, Nothing, EventReply>(
      {.method = Method::kGet,
       .path = base + "/{event}",
       .operation_id = "getEvent",
       .summary = "One event",
       .tag = "events",
       .access = Access::kAnyoneOrTicket},
      [&events, now](auto& call) -> Result<EventReply> {
        auto found = events.event(caller_of(call), call.path.slug, call.path.event);
        if (!found) return found.error();
        return EventReply{event_out(found.value(), now())};
      });

  routes.add<EventPath, Nothing, PatchEventBody, EventReply>(
      {.method = Method::kPatch,
       .path = base + "/{event}",
       .operation_id = "updateEvent",
       .summary = "Change an event: its fields, capacity (promotes from the waitlist), windows, "
                  "or status cancelled",
       .tag = "events",
       .errors = {403, 409}},
      [&events, now](auto& call) -> Result<EventReply> {
        auto input = event_input(call.body);
        if (!input) return input.error();
        input->title = text_of(call.body.title);
        input->starts_at = seconds_of(call.body.starts_at);
        input->ends_at = seconds_of(call.body.ends_at);
        input->status = call.body.status;
        auto changed = events.update(call.viewer(), call.path.slug, call.path.event, input.value());
        if (!changed) return changed.error();
        return EventReply{event_out(changed.value(), now())};
      });

  routes.add<EventPath, Nothing, TicketTypeBody, EventReply>(
      {.method = Method::kPost,
       .path = base + "/{event}/ticket-types",
       .operation_id = "addTicketType",
       .summary = "Add a ticket type with its own capacity",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&events, now](auto& call) -> Result<EventReply> {
        auto changed =
            events.add_ticket_type(call.viewer(), call.path.slug, call.path.event,
                                   {.name = call.body.name.value,
                                    .capacity = call.body.capacity.value,
                                    .organizers_only = call.body.organizers_only.value_or(false),
                                    .sales_open_at = seconds_of(call.body.sales_open_at),
                                    .sales_close_at = seconds_of(call.body.sales_close_at)});
        if (!changed) return changed.error();
        return EventReply{event_out(changed.value(), now())};
      });

  routes.add<TicketTypePath, Nothing, CapacityBody, EventReply>(
      {.method = Method::kPatch,
       .path = base + "/{event}/ticket-types/{ticket_type}",
       .operation_id = "setTicketCapacity",
       .summary = "Change a ticket type's capacity; new seats go to the waitlist in order",
       .tag = "events",
       .errors = {403, 409}},
      [&events, now](auto& call) -> Result<EventReply> {
        auto changed = events.set_ticket_capacity(call.viewer(), call.path.slug, call.path.event,
                                                  call.path.ticket_type, call.body.capacity.value);
        if (!changed) return changed.error();
        return EventReply{event_out(changed.value(), now())};
      });

  add_registrations_api(routes, events);
  add_event_images_api(routes, events);
  add_questions_api(routes, events);
}

}  // namespace moim::events
