// /api/v1/communities/{slug}/events/{event}/...: registering (for oneself or,
// by organizers, for someone), one's registration, the organizers' list,
// cancelling and claiming a waitlisted seat, check-in at the door, event
// staff, and the figures. Typed declarations as in api.cpp.
#include "features/events/api_helpers.hpp"
#include "features/events/routes.hpp"

namespace moim::events {

namespace {

using namespace api;

struct RegistrationPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t id = 0;
};
BOOST_DESCRIBE_STRUCT(RegistrationPath, (), (slug, event, id))
struct StaffPath {
  std::string slug;
  std::int64_t event = 0;
  std::int64_t user_id = 0;
};
BOOST_DESCRIBE_STRUCT(StaffPath, (), (slug, event, user_id))

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

void add_registrations_api(accounts::ApiRoutes& routes, EventsService& events) {
  const std::string base = "/api/v1/communities/{slug}/events";
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
}

}  // namespace moim::events
