// /api/v1/communities/{slug}/events*: every route one typed declaration
// (features/accounts/api_routes.hpp); the OpenAPI operations come from here.
#include "features/events/images_routes.hpp"
#include "features/events/routes.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using accounts::Access;
using accounts::RouteSpec;
using http::Method;
using web::Instant;
using web::Int;
using web::Nothing;
using web::Text;

struct CommunityPath {
  std::string slug;
};
BOOST_DESCRIBE_STRUCT(CommunityPath, (), (slug))
struct EventPath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(EventPath, (), (slug, event))
struct RegistrationPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t id = 0;
};
BOOST_DESCRIBE_STRUCT(RegistrationPath, (), (slug, event, id))
struct TicketTypePath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t ticket_type = 0;
};
BOOST_DESCRIBE_STRUCT(TicketTypePath, (), (slug, event, ticket_type))
struct StaffPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t user_id = 0;
};
BOOST_DESCRIBE_STRUCT(StaffPath, (), (slug, event, user_id))

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

// An answer to a registration question (registration_questions.hpp).
struct AnswerBody {
  std::int64_t question_id = 0;
  std::optional<Text<0, kMaxTextAnswerChars>> value;             // text; consent "yes"; one choice
  std::optional<std::vector<Text<1, kMaxOptionChars>>> choices;  // choice
};
BOOST_DESCRIBE_STRUCT(AnswerBody, (), (question_id, value, choices))
struct RegisterBody {
  std::optional<Text<1, kMaxNameChars>> name;  // guests
  std::optional<Text<3, 254>> email;           // guests
  std::optional<std::int64_t> ticket_type_id;
  std::optional<std::vector<AnswerBody>> answers;
};
BOOST_DESCRIBE_STRUCT(RegisterBody, (), (name, email, ticket_type_id, answers))
struct AddRegistrationBody {
  Text<1, kMaxNameChars> name;
  Text<3, 254> email;
  std::optional<std::int64_t> ticket_type_id;
  std::optional<bool> over_capacity;
  std::optional<std::vector<AnswerBody>> answers;
};
BOOST_DESCRIBE_STRUCT(AddRegistrationBody, (),
                      (name, email, ticket_type_id, over_capacity, answers))

std::vector<AnswerInput> answers_of(const std::optional<std::vector<AnswerBody>>& bodies) {
  std::vector<AnswerInput> answers;
  if (!bodies) return answers;
  for (const auto& body : *bodies) {
    AnswerInput answer{.question_id = body.question_id};
    if (body.value) answer.value = body.value->value;
    if (body.choices) {
      answer.choices.emplace();
      for (const auto& choice : *body.choices) answer.choices->push_back(choice.value);
    }
    answers.push_back(std::move(answer));
  }
  return answers;
}

struct RegistrationOut {
  std::int64_t id = 0;
  RegistrationStatus status = RegistrationStatus::confirmed;
  std::optional<std::int64_t> waitlist_position;
  std::optional<Instant> offered_until;
  std::string ticket_code;
  std::int64_t ticket_type_id = 0;
  std::string ticket_type;
  std::string name;
  std::optional<Instant> checked_in_at;
  std::string checked_in_by;
  Instant created_at;
};
BOOST_DESCRIBE_STRUCT(RegistrationOut, (),
                      (id, status, waitlist_position, offered_until, ticket_code, ticket_type_id,
                       ticket_type, name, checked_in_at, checked_in_by, created_at))
struct RegisteredReply {
  RegistrationOut registration;
  std::optional<std::string> ticket_token;  // a guest's private link secret, returned once
};
BOOST_DESCRIBE_STRUCT(RegisteredReply, (), (registration, ticket_token))
struct RegistrationReply {
  RegistrationOut registration;
};
BOOST_DESCRIBE_STRUCT(RegistrationReply, (), (registration))

struct AttendeeOut {
  RegistrationOut registration;
  std::string email;
  std::string source;
};
BOOST_DESCRIBE_STRUCT(AttendeeOut, (), (registration, email, source))
struct RegistrationsQuery {
  std::optional<Text<0, 100>> q;
  std::optional<RegistrationStatus> status;
  std::optional<Int<1, 100000>> page;
  std::optional<Int<1, 200>> per_page;
};
BOOST_DESCRIBE_STRUCT(RegistrationsQuery, (), (q, status, page, per_page))
struct RegistrationsReply {
  std::vector<AttendeeOut> registrations;
  std::int64_t total = 0;
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};
BOOST_DESCRIBE_STRUCT(RegistrationsReply, (), (registrations, total, page, per_page))

struct CheckInBody {
  Text<1, 64> code;
};
BOOST_DESCRIBE_STRUCT(CheckInBody, (), (code))
struct StaffBody {
  std::int64_t user_id = 0;
};
BOOST_DESCRIBE_STRUCT(StaffBody, (), (user_id))

struct CounterOut {
  std::string name;
  std::int64_t registered = 0, confirmed = 0, waitlisted = 0, cancelled = 0, checked_in = 0;
  double no_show_rate = 0;
};
BOOST_DESCRIBE_STRUCT(CounterOut, (),
                      (name, registered, confirmed, waitlisted, cancelled, checked_in,
                       no_show_rate))
struct StatsReply {
  CounterOut total;
  std::vector<CounterOut> by_ticket_type;
  std::vector<CounterOut> by_stage;
};
BOOST_DESCRIBE_STRUCT(StatsReply, (), (total, by_ticket_type, by_stage))

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

RegistrationOut registration_out(const Registration& registration) {
  auto instant = [](const std::optional<std::int64_t>& seconds) -> std::optional<Instant> {
    if (!seconds) return std::nullopt;
    return Instant{*seconds};
  };
  return {.id = registration.id,
          .status = registration.status,
          .waitlist_position = registration.waitlist_position,
          .offered_until = instant(registration.offered_until),
          .ticket_code = registration.ticket_code,
          .ticket_type_id = registration.ticket_type_id,
          .ticket_type = registration.ticket_type_name,
          .name = registration.name,
          .checked_in_at = instant(registration.checked_in_at),
          .checked_in_by = registration.checked_in_by,
          .created_at = {registration.created_at}};
}

template <class T>
std::optional<std::string> text_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return value->value;
}
template <class T>
std::optional<std::int64_t> number_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return value->value;
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

Caller caller_of(const auto& call) { return Caller{call.viewer(), call.ticket_token}; }

// A verdict other than "checked in" is a 4xx the staff's app can show.
Error refusal(const CheckInResult& result) {
  switch (result.verdict) {
    case CheckInVerdict::already:
      return Error{
          409, "already_checked_in",
          "already checked in" + (result.registration && result.registration->checked_in_by.size()
                                      ? " by " + result.registration->checked_in_by
                                      : std::string()),
          "code"};
    case CheckInVerdict::wrong_event:
      return Error{409, "wrong_event", "this ticket is for another event", "code"};
    case CheckInVerdict::cancelled:
      return Error{409, "cancelled", "this registration was cancelled", "code"};
    case CheckInVerdict::not_confirmed:
      return Error{409, "not_confirmed", "this person is on the waitlist, not confirmed", "code"};
    default:
      return Error{404, "not_found", "no ticket has this code", "code"};
  }
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

  routes.add<EventPath, Nothing, RegisterBody, RegisteredReply>(
      {.method = Method::kPost,
       .path = base + "/{event}/registrations",
       .operation_id = "register",
       .summary = "Register: a signed-in member with {}, a guest with name and email",
       .description = "201 with the new registration (confirmed, or waitlisted with its place); "
                      "200 with the existing one when the same person registers again (its "
                      "answers unchanged). `answers` answers the event's registration "
                      "questions (listEventQuestions): a required one missing, a choice that is "
                      "not an option, text over the limit or an unticked required consent is a "
                      "422 naming `answers.<question_id>`, and nothing is written. A "
                      "guest's `ticket_token` is returned once: it is the secret of their "
                      "private link and works as `Authorization: Bearer` for this event's "
                      "attendee routes only.",
       .tag = "events",
       .status = 201,
       .access = Access::kAnyoneOrTicket,
       .errors = {403, 409, 429}},
      [&events](auto& call) -> Result<RegisteredReply> {
        RegistrationInput input{.ticket_type_id = call.body.ticket_type_id,
                                .name = text_of(call.body.name),
                                .email = text_of(call.body.email),
                                .client_address = call.request.remote_ip,
                                .language = call.context.language,
                                .answers = answers_of(call.body.answers)};
        if (!call.viewer().signed_in() && (!input.name || !input.email))
          return Error::invalid(input.name ? "email" : "name",
                                "guests register with a name and an email");
        auto registered =
            events.register_for(caller_of(call), call.path.slug, call.path.event, input);
        if (!registered) return registered.error();
        if (!registered->created) call.status = 200;
        return RegisteredReply{registration_out(registered->registration),
                               registered->ticket_token.empty()
                                   ? std::nullopt
                                   : std::optional(registered->ticket_token)};
      });

  routes.add<EventPath, Nothing, Nothing, RegistrationReply>(
      {.method = Method::kGet,
       .path = base + "/{event}/registration",
       .operation_id = "myRegistration",
       .summary = "My registration (a member's, or the ticket token's)",
       .tag = "events",
       .access = Access::kAnyoneOrTicket},
      [&events](auto& call) -> Result<RegistrationReply> {
        if (!call.viewer().signed_in() && !call.ticket_token) return Error::unauthenticated();
        auto mine = events.my_registration(caller_of(call), call.path.slug, call.path.event);
        if (!mine) return mine.error();
        if (!mine->has_value()) return Error::not_found("you have not registered");
        return RegistrationReply{registration_out(**mine)};
      });

  routes.add<EventPath, RegistrationsQuery, Nothing, RegistrationsReply>(
      {.method = Method::kGet,
       .path = base + "/{event}/registrations",
       .operation_id = "listRegistrations",
       .summary = "Who registered (organizers and the event's staff), paginated",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<RegistrationsReply> {
        RegistrationQuery query{
            .text = text_of(call.query.q).value_or(""),
            .status = call.query.status,
            .page = static_cast<int>(number_of(call.query.page).value_or(1)),
            .per_page = static_cast<int>(number_of(call.query.per_page).value_or(50))};
        auto page = events.registrations(call.viewer(), call.path.slug, call.path.event, query);
        if (!page) return page.error();
        RegistrationsReply reply{
            .total = page->total, .page = page->page, .per_page = page->per_page};
        for (const auto& registration : page->registrations)
          reply.registrations.push_back(
              {registration_out(registration), registration.email, registration.source});
        return reply;
      });

  routes.add<EventPath, Nothing, AddRegistrationBody, RegisteredReply>(
      {.method = Method::kPost,
       .path = base + "/{event}/registrations/manual",
       .operation_id = "addRegistration",
       .summary = "Add someone by hand (organizers), past the capacity if over_capacity",
       .description = "`answers` as in register; required questions may be left out.",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&events](auto& call) -> Result<RegisteredReply> {
        auto registered = events.add_by_hand(call.viewer(), call.path.slug, call.path.event,
                                             {.ticket_type_id = call.body.ticket_type_id,
                                              .name = call.body.name.value,
                                              .email = call.body.email.value,
                                              .answers = answers_of(call.body.answers)},
                                             call.body.over_capacity.value_or(false));
        if (!registered) return registered.error();
        if (!registered->created) call.status = 200;
        return RegisteredReply{registration_out(registered->registration),
                               registered->ticket_token.empty()
                                   ? std::nullopt
                                   : std::optional(registered->ticket_token)};
      });

  routes.add<RegistrationPath, Nothing, Nothing, RegistrationReply>(
      {.method = Method::kDelete,
       .path = base + "/{event}/registrations/{id}",
       .operation_id = "cancelRegistration",
       .summary = "Cancel a registration (its owner, an organizer, or its ticket token); the "
                  "seat is offered to the first waitlisted person",
       .tag = "events",
       .access = Access::kAnyoneOrTicket,
       .errors = {401, 403, 409}},
      [&events](auto& call) -> Result<RegistrationReply> {
        auto cancelled =
            events.cancel(caller_of(call), call.path.slug, call.path.event, call.path.id);
        if (!cancelled) return cancelled.error();
        return RegistrationReply{registration_out(cancelled.value())};
      });

  routes.add<RegistrationPath, Nothing, Nothing, RegistrationReply>(
      {.method = Method::kPost,
       .path = base + "/{event}/registrations/{id}/claim",
       .operation_id = "claimSeat",
       .summary = "Take a seat offered from the waitlist",
       .tag = "events",
       .access = Access::kAnyoneOrTicket,
       .errors = {409}},
      [&events](auto& call) -> Result<RegistrationReply> {
        auto claimed = events.claim(caller_of(call), call.path.slug, call.path.event, call.path.id);
        if (!claimed) return claimed.error();
        return RegistrationReply{registration_out(claimed.value())};
      });

  routes.add<EventPath, Nothing, CheckInBody, RegistrationReply>(
      {.method = Method::kPost,
       .path = base + "/{event}/check-ins",
       .operation_id = "checkIn",
       .summary = "Check a ticket in by its code (organizers and the event's staff)",
       .description = "409 `already_checked_in`, `wrong_event`, `cancelled` or `not_confirmed`, "
                      "404 for an unknown code; nothing changes then.",
       .tag = "events",
       .status = 201,
       .errors = {403, 409}},
      [&events](auto& call) -> Result<RegistrationReply> {
        auto result =
            events.check_in(call.viewer(), call.path.slug, call.path.event, call.body.code.value);
        if (!result) return result.error();
        if (result->verdict != CheckInVerdict::checked_in) return refusal(result.value());
        return RegistrationReply{registration_out(*result->registration)};
      });

  routes.add<RegistrationPath, Nothing, Nothing, RegistrationReply>(
      {.method = Method::kDelete,
       .path = base + "/{event}/check-ins/{id}",
       .operation_id = "undoCheckIn",
       .summary = "Undo a mistaken check-in (registration id)",
       .tag = "events",
       .errors = {403, 409}},
      [&events](auto& call) -> Result<RegistrationReply> {
        auto undone =
            events.undo_check_in(call.viewer(), call.path.slug, call.path.event, call.path.id);
        if (!undone) return undone.error();
        return RegistrationReply{registration_out(undone.value())};
      });

  routes.add<EventPath, Nothing, StaffBody, Nothing>(
      {.method = Method::kPost,
       .path = base + "/{event}/staff",
       .operation_id = "addEventStaff",
       .summary = "Give a member the event-staff role for this event",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&events](auto& call) -> Result<Nothing> {
        if (auto added =
                events.add_staff(call.viewer(), call.path.slug, call.path.event, call.body.user_id);
            !added)
          return added.error();
        return Nothing{};
      });

  routes.add<StaffPath, Nothing, Nothing, Nothing>(
      {.method = Method::kDelete,
       .path = base + "/{event}/staff/{user_id}",
       .operation_id = "removeEventStaff",
       .summary = "Take the event-staff role away",
       .tag = "events",
       .status = 204,
       .errors = {403}},
      [&events](auto& call) -> Result<Nothing> {
        if (auto removed = events.remove_staff(call.viewer(), call.path.slug, call.path.event,
                                               call.path.user_id);
            !removed)
          return removed.error();
        return Nothing{};
      });

  routes.add<EventPath, Nothing, Nothing, StatsReply>(
      {.method = Method::kGet,
       .path = base + "/{event}/stats",
       .operation_id = "eventStats",
       .summary = "Attendance figures by ticket type and growth stage (organizers)",
       .tag = "events",
       .errors = {403}},
      [&events](auto& call) -> Result<StatsReply> {
        auto figures = events.stats(call.viewer(), call.path.slug, call.path.event);
        if (!figures) return figures.error();
        auto out = [](const std::string& name, const Counter& counter) {
          return CounterOut{name,
                            counter.registered,
                            counter.confirmed,
                            counter.waitlisted,
                            counter.cancelled,
                            counter.checked_in,
                            counter.no_show_rate()};
        };
        StatsReply reply{.total = out("total", figures->total)};
        for (const auto& [name, counter] : figures->by_ticket_type)
          reply.by_ticket_type.push_back(out(name, counter));
        for (const auto& [name, counter] : figures->by_stage)
          reply.by_stage.push_back(out(name, counter));
        return reply;
      });

  add_event_images_api(routes, events);
  add_questions_api(routes, events);
}

}  // namespace moim::events
