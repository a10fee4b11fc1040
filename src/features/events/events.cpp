// Events: creating and changing them, ticket types, and what a visitor sees.
#include <boost/json/serialize.hpp>

#include "features/events/images.hpp"
#include "features/events/internal.hpp"
#include "features/events/questions_internal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"
#include "platform/web/markdown.hpp"

namespace moim::events {

using internal::event_from;
using internal::kEventColumns;

std::string_view visibility_name(Visibility visibility) {
  switch (visibility) {
    case Visibility::members:
      return "members";
    case Visibility::unlisted:
      return "unlisted";
    default:
      return "public";
  }
}

std::optional<Visibility> parse_visibility(std::string_view name) {
  if (name == "public") return Visibility::public_;
  if (name == "members") return Visibility::members;
  if (name == "unlisted") return Visibility::unlisted;
  return std::nullopt;
}

EventsService::EventsService(db::Database& database, const Clock& clock,
                             communities::CommunitiesService& communities, EventsOptions options)
    : database_(database), clock_(clock), communities_(communities), options_(std::move(options)) {}

Result<EventsService::Place> EventsService::place(const accounts::Viewer& viewer,
                                                  const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  return Place{std::move(community.value()), standing.value()};
}

Result<EventsService::Managed> EventsService::manage(const accounts::Viewer& viewer,
                                                     const std::string& slug, std::int64_t event_id,
                                                     bool write, const char* refusal) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = write ? database_.write() : database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden(refusal);
  return Managed{std::move(transaction.value()), std::move(loaded.value())};
}

Result<EventsService::Loaded> EventsService::load(db::Transaction& transaction, const Place& place,
                                                  const accounts::Viewer& viewer,
                                                  std::int64_t event_id) {
  const communities::Community* community = &place.community;
  auto standing = &place.standing;
  auto row = transaction.query_one(std::string("SELECT ") + kEventColumns +
                                       " FROM events e WHERE e.id = ? AND e.community_id = ?",
                                   {event_id, community->id});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no such event");
  Loaded loaded{event_from(**row), *community, *standing, false};
  loaded.event.community_slug = community->slug;
  loaded.event.community_name = community->name;
  loaded.event.time_zone = community->time_zone;
  loaded.event.description_html = web::render_markdown(loaded.event.description);
  if (auto covered = images::fill_covers(transaction, std::span(&loaded.event, 1)); !covered)
    return covered.error();
  auto types = internal::ticket_types(transaction, event_id);
  if (!types) return types.error();
  loaded.event.ticket_types = std::move(types.value());
  for (const auto& type : loaded.event.ticket_types) loaded.event.capacity += type.capacity;
  if (viewer.signed_in()) {
    auto staff =
        transaction.query_one("SELECT 1 FROM event_staff WHERE event_id = ? AND user_id = ?",
                              {event_id, viewer.user_id()});
    if (!staff) return staff.error();
    loaded.staff = staff->has_value();
  }
  return loaded;
}

namespace {

Status check_text(const std::optional<std::string>& value, const char* field, std::size_t min,
                  std::size_t max) {
  if (!value) return ok_status();
  if (!web::is_valid_utf8(*value))
    return Error::invalid(field, std::string(field) + " is not valid UTF-8");
  const std::size_t length = web::utf8_length(*value);
  if (length < min) return Error::invalid(field, std::string(field) + " is required");
  if (length > max)
    return Error::invalid(
        field, std::string(field) + " must be at most " + std::to_string(max) + " characters");
  return ok_status();
}

Status check_link(const std::optional<std::string>& value, const char* field) {
  if (!value || value->empty()) return ok_status();
  if (auto length = check_text(value, field, 0, 500); !length) return length;
  if (!value->starts_with("https://") && !value->starts_with("http://"))
    return Error::invalid(field, std::string(field) + " must be an http(s) link");
  return ok_status();
}

// The rules an event's fields keep, whether new or changed.
Status check_input(const EventInput& input) {
  for (auto [value, field, min, max] :
       {std::tuple{&input.title, "title", std::size_t{1}, kMaxTitleChars},
        std::tuple{&input.description, "description", std::size_t{0}, kMaxEventDescriptionChars},
        std::tuple{&input.venue, "venue", std::size_t{0}, std::size_t{200}},
        std::tuple{&input.address, "address", std::size_t{0}, std::size_t{300}}}) {
    if (auto checked = check_text(*value, field, min, max); !checked) return checked;
  }
  for (auto [value, field] :
       {std::pair{&input.map_url, "map_url"}, std::pair{&input.online_url, "online_url"}}) {
    if (auto checked = check_link(*value, field); !checked) return checked;
  }
  if (input.capacity && (*input.capacity < 0 || *input.capacity > kMaxCapacity))
    return Error::invalid("capacity", "capacity must be between 0 and 100000");
  if (input.claim_hours && (*input.claim_hours < 1 || *input.claim_hours > 240))
    return Error::invalid("claim_hours", "claim_hours must be between 1 and 240");
  return ok_status();
}

Status check_times(const Event& event) {
  if (event.ends_at <= event.starts_at)
    return Error::invalid("ends_at", "the event must end after it starts");
  if (event.ends_at - event.starts_at > 31 * 86400)
    return Error::invalid("ends_at", "an event lasts at most 31 days");
  if (event.registration_closes_at <= event.registration_opens_at)
    return Error::invalid("registration_closes_at", "registration must close after it opens");
  if (event.registration_closes_at > event.ends_at)
    return Error::invalid("registration_closes_at",
                          "registration must close by the end of the event");
  return ok_status();
}

void apply(Event& event, const EventInput& input) {
  if (input.title) event.title = web::trim(*input.title);
  if (input.description) event.description = *input.description;
  if (input.kind) event.kind = *input.kind;
  if (input.venue) event.venue = web::trim(*input.venue);
  if (input.address) event.address = web::trim(*input.address);
  if (input.map_url) event.map_url = web::trim(*input.map_url);
  if (input.online_url) event.online_url = web::trim(*input.online_url);
  if (input.starts_at) event.starts_at = *input.starts_at;
  if (input.ends_at) event.ends_at = *input.ends_at;
  if (input.registration_opens_at) event.registration_opens_at = *input.registration_opens_at;
  if (input.registration_closes_at) event.registration_closes_at = *input.registration_closes_at;
  if (input.visibility) event.visibility = *input.visibility;
  if (input.claim_hours) event.claim_hours = *input.claim_hours;
  if (input.status) event.status = *input.status;
}

}  // namespace

Result<Event> EventsService::create(const accounts::Viewer& viewer, const std::string& slug,
                                    const EventInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  const communities::Community* community = &where->community;
  if (!where->standing.can_manage()) return Error::forbidden("only organizers create events");
  if (!input.title) return Error::invalid("title", "title is required");
  if (!input.starts_at) return Error::invalid("starts_at", "starts_at is required");
  if (!input.ends_at) return Error::invalid("ends_at", "ends_at is required");
  if (auto checked = check_input(input); !checked) return checked.error();
  const std::int64_t now = clock_.now_seconds();
  Event event;
  // Registration opens at once and closes when the event starts, unless told.
  event.registration_opens_at = now;
  event.registration_closes_at = *input.starts_at;
  apply(event, input);
  if (event.registration_closes_at <= event.registration_opens_at && !input.registration_opens_at)
    event.registration_opens_at = std::min(now, event.registration_closes_at - 1);
  if (auto checked = check_times(event); !checked) return checked.error();
  if (event.status == EventStatus::cancelled)
    return Error::invalid("status", "a new event cannot be cancelled");

  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto row = transaction->query_one(
      "INSERT INTO events (community_id, title, description, kind, venue, address, map_url, "
      "online_url, starts_at, ends_at, registration_opens_at, registration_closes_at, "
      "visibility, claim_hours, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {community->id, event.title, event.description, std::string(internal::kind_name(event.kind)),
       event.venue, event.address, event.map_url, event.online_url, event.starts_at, event.ends_at,
       event.registration_opens_at, event.registration_closes_at,
       std::string(visibility_name(event.visibility)), std::int64_t{event.claim_hours},
       viewer.user_id(), now, now});
  if (!row) return row.error();
  const std::int64_t event_id = (*row)->int64(0);
  // One general ticket type holds the capacity (더 만들 수 있어요).
  auto ticket = transaction->execute(
      "INSERT INTO event_ticket_types (event_id, name, capacity, position) VALUES (?, ?, ?, 0)",
      {event_id, std::string(community->default_locale == "en" ? "General admission" : "일반 참가"),
       input.capacity.value_or(100)});
  if (!ticket) return ticket.error();
  if (auto logged =
          internal::write_audit(*transaction, community->id, viewer.user_id(), "event.created",
                                event.title, {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return loaded->event;
}

Result<Event> EventsService::update(const accounts::Viewer& viewer, const std::string& slug,
                                    std::int64_t event_id, const EventInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (auto checked = check_input(input); !checked) return checked.error();
  const std::int64_t now = clock_.now_seconds();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers change events");
  Event event = loaded->event;
  if (event.status == EventStatus::cancelled && input.status != EventStatus::cancelled &&
      input.status.has_value())
    return Error::conflict("status", "a cancelled event stays cancelled");
  apply(event, input);
  if (auto checked = check_times(event); !checked) return checked.error();
  auto changed = transaction->execute(
      "UPDATE events SET title = ?, description = ?, kind = ?, venue = ?, address = ?, "
      "map_url = ?, online_url = ?, starts_at = ?, ends_at = ?, registration_opens_at = ?, "
      "registration_closes_at = ?, visibility = ?, claim_hours = ?, status = ?, updated_at = ? "
      "WHERE id = ?",
      {event.title, event.description, std::string(internal::kind_name(event.kind)), event.venue,
       event.address, event.map_url, event.online_url, event.starts_at, event.ends_at,
       event.registration_opens_at, event.registration_closes_at,
       std::string(visibility_name(event.visibility)), std::int64_t{event.claim_hours},
       std::string(event.status == EventStatus::cancelled ? "cancelled" : "published"), now,
       event_id});
  if (!changed) return changed.error();
  // The general (first) ticket type carries "capacity" in the API.
  if (input.capacity && !event.ticket_types.empty()) {
    auto resized =
        set_capacity(*transaction, event, event.ticket_types.front().id, *input.capacity, now);
    if (!resized) return resized.error();
  }
  if (event.status == EventStatus::cancelled && loaded->event.status != EventStatus::cancelled) {
    // Everyone still holding a seat or waiting hears of it.
    auto people = transaction->query(std::string("SELECT ") + internal::kRegistrationColumns +
                                         internal::kRegistrationFrom +
                                         "WHERE r.event_id = ? AND r.status <> 'cancelled'",
                                     {event_id});
    if (!people) return people.error();
    for (const auto& person : people.value()) {
      if (auto mailed =
              internal::enqueue_mail(*transaction, event, internal::registration_from(person),
                                     "events.event_cancelled", "event_cancelled", "", now);
          !mailed)
        return mailed.error();
    }
  }
  if (auto logged = internal::write_audit(
          *transaction, event.community_id, viewer.user_id(),
          event.status == EventStatus::cancelled ? "event.cancelled" : "event.updated", event.title,
          {{"event_id", event_id}}, now);
      !logged)
    return logged.error();
  auto reloaded = load(*transaction, where.value(), viewer, event_id);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->event;
}

Result<Event> EventsService::add_ticket_type(const accounts::Viewer& viewer,
                                             const std::string& slug, std::int64_t event_id,
                                             const TicketTypeInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (auto checked = check_text(input.name, "name", 1, kMaxNameChars); !checked)
    return checked.error();
  if (input.capacity < 0 || input.capacity > kMaxCapacity)
    return Error::invalid("capacity", "capacity must be between 0 and 100000");
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers change events");
  if (loaded->event.ticket_types.size() >= 20)
    return Error::conflict("name", "an event has at most 20 ticket types");
  auto added = transaction->execute(
      "INSERT INTO event_ticket_types (event_id, name, capacity, organizers_only, sales_open_at, "
      "sales_close_at, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {event_id, web::trim(input.name), input.capacity, std::int64_t{input.organizers_only},
       db::maybe(input.sales_open_at), db::maybe(input.sales_close_at),
       static_cast<std::int64_t>(loaded->event.ticket_types.size())});
  if (!added) return added.error();
  auto reloaded = load(*transaction, where.value(), viewer, event_id);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->event;
}

Result<Event> EventsService::set_ticket_capacity(const accounts::Viewer& viewer,
                                                 const std::string& slug, std::int64_t event_id,
                                                 std::int64_t ticket_type_id,
                                                 std::int64_t capacity) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (capacity < 0 || capacity > kMaxCapacity)
    return Error::invalid("capacity", "capacity must be between 0 and 100000");
  const std::int64_t now = clock_.now_seconds();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers change events");
  auto resized = set_capacity(*transaction, loaded->event, ticket_type_id, capacity, now);
  if (!resized) return resized.error();
  auto reloaded = load(*transaction, where.value(), viewer, event_id);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->event;
}

Result<int> EventsService::set_capacity(db::Transaction& transaction, const Event& event,
                                        std::int64_t ticket_type_id, std::int64_t capacity,
                                        std::int64_t now) {
  auto type =
      transaction.query_one("SELECT held FROM event_ticket_types WHERE id = ? AND event_id = ?",
                            {ticket_type_id, event.id});
  if (!type) return type.error();
  if (!type->has_value()) return Error::not_found("no such ticket type");
  if (capacity < (*type)->int64(0))
    return Error::conflict("capacity",
                           "more seats are taken than that; cancel registrations first");
  auto resized = transaction.execute("UPDATE event_ticket_types SET capacity = ? WHERE id = ?",
                                     {capacity, ticket_type_id});
  if (!resized) return resized.error();
  // New seats go to the waitlist first, in arrival order.
  int promoted = 0;
  while (true) {
    auto offered = internal::offer_next(transaction, event, ticket_type_id, now);
    if (!offered) return offered.error();
    if (!offered.value()) break;
    ++promoted;
  }
  return promoted;
}

Result<bool> EventsService::may_create(const accounts::Viewer& viewer, const std::string& slug) {
  auto where = place(viewer, slug);
  if (!where) return where.error();
  return where->standing.can_manage();
}

Result<std::string> EventsService::time_zone_of(const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  return community->time_zone;
}

Result<std::vector<Event>> EventsService::list(const accounts::Viewer& viewer,
                                               const std::string& slug, bool past) {
  auto where = place(viewer, slug);
  if (!where) return where.error();
  const communities::Community* community = &where->community;
  const communities::Standing* standing = &where->standing;
  const std::int64_t now = clock_.now_seconds();
  // Public events for everyone, members-only ones for members, unlisted
  // ones only for organizers (others reach them by their link).
  std::string visible = "e.visibility = 'public'";
  if (standing->is_member()) visible = "e.visibility IN ('public', 'members')";
  if (standing->can_manage()) visible = "1 = 1";
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto rows =
      transaction->query(std::string("SELECT ") + kEventColumns +
                             " FROM events e WHERE e.community_id = ? AND (" + visible + ") AND " +
                             (past ? "e.ends_at <= ? ORDER BY e.starts_at DESC"
                                   : "e.ends_at > ? ORDER BY e.starts_at") +
                             " LIMIT 100",
                         {community->id, now});
  if (!rows) return rows.error();
  std::vector<Event> events;
  for (const auto& row : rows.value()) {
    Event event = event_from(row);
    event.community_slug = community->slug;
    event.community_name = community->name;
    event.time_zone = community->time_zone;
    event.online_url.clear();
    events.push_back(std::move(event));
  }
  // Seats of every listed event in one query, not one per card.
  if (!events.empty()) {
    std::string ids;
    std::vector<db::Value> params;
    for (const auto& event : events) {
      ids += ids.empty() ? "?" : ", ?";
      params.emplace_back(event.id);
    }
    auto seats = transaction->query(
        "SELECT event_id, SUM(capacity) FROM event_ticket_types WHERE event_id IN (" + ids +
            ") GROUP BY event_id",
        params);
    if (!seats) return seats.error();
    for (const auto& row : seats.value()) {
      for (auto& event : events) {
        if (event.id == row.int64(0)) event.capacity = row.int64(1);
      }
    }
    if (auto covered = images::fill_covers(*transaction, events); !covered) return covered.error();
  }
  return events;
}

Result<Event> EventsService::shown(const Loaded& loaded, const std::optional<Registration>& mine) {
  const bool holds_seat = mine.has_value() && mine->status == RegistrationStatus::confirmed;
  if (loaded.event.visibility == Visibility::members && !loaded.standing.is_member() &&
      !loaded.standing.is_admin && !mine.has_value())
    return Error::not_found("no such event");
  Event event = loaded.event;
  if (!holds_seat && !loaded.at_the_door()) event.online_url.clear();
  return event;
}

Result<Event> EventsService::event(const Caller& caller, const std::string& slug,
                                   std::int64_t event_id) {
  auto where = place(caller.viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), caller.viewer, event_id);
  if (!loaded) return loaded.error();
  auto mine = mine_in(*transaction, caller, loaded.value());
  if (!mine) return mine.error();
  return shown(loaded.value(), mine.value());
}

Result<EventsService::EventPage> EventsService::event_page(const Caller& caller,
                                                           const std::string& slug,
                                                           std::int64_t event_id) {
  auto where = place(caller.viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), caller.viewer, event_id);
  if (!loaded) return loaded.error();
  auto mine = mine_in(*transaction, caller, loaded.value());
  if (!mine) return mine.error();
  auto event = shown(loaded.value(), mine.value());
  if (!event) return event.error();
  auto asked = internal::questions_of(transaction.value(), event_id, false);
  if (!asked) return asked.error();
  return EventPage{std::move(event.value()), std::move(mine.value()), loaded->at_the_door(),
                   std::move(asked.value())};
}

}  // namespace moim::events
