// Registration: a seat taken by one conditional UPDATE (never past capacity),
// else a place on the waitlist in arrival order; cancelling hands the seat to
// the next person with a claim deadline.
#include "features/accounts/api_routes.hpp"
#include "features/events/questions_internal.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using internal::registration_where;

namespace {

bool looks_like_email(const std::string& email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string::npos || email.find('.', at) == std::string::npos)
    return false;
  for (const char ch : email) {
    if (static_cast<unsigned char>(ch) <= ' ' || ch == '<' || ch == '>' || ch == '"' || ch == ',' ||
        ch == ';' || ch == '\\')
      return false;
  }
  return true;
}

std::string verified_email(const accounts::Viewer& viewer) {
  if (!viewer.user || !viewer.user->email_verified) return {};
  return internal::lower_ascii(viewer.user->email);
}

std::string private_link(const Event& event, const std::string& token) {
  return "/c/" + event.community_slug + "/events/" + std::to_string(event.id) + "/t/" + token;
}

}  // namespace

Status EventsService::throttle(const std::string& client_address) {
  const int limit = options_.registrations_per_address_per_minute;
  if (limit <= 0 || client_address.empty()) return ok_status();
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t minute = now / 60;
  std::lock_guard lock(throttle_mutex_);
  if (recent_.size() > 100000) recent_.clear();  // a bound on memory, not a rule
  auto& [window, count] = recent_[client_address];
  if (window != minute) {
    window = minute;
    count = 0;
  }
  if (++count > limit)
    return Error::too_many("too many registrations from this address; try again in a minute",
                           60 - now % 60);
  return ok_status();
}

Result<std::optional<Registration>> EventsService::mine_in(db::Transaction& transaction,
                                                           const Caller& caller,
                                                           const Loaded& loaded) {
  const std::int64_t event_id = loaded.event.id;
  if (caller.ticket_token) {
    return registration_where(transaction, "r.event_id = ? AND r.token_digest = ?",
                              {event_id, crypto::token_digest(*caller.ticket_token)});
  }
  if (!caller.viewer.signed_in()) return std::optional<Registration>{};
  auto mine = registration_where(transaction, "r.event_id = ? AND r.person_key = ?",
                                 {event_id, "u:" + std::to_string(caller.viewer.user_id())});
  if (!mine || mine->has_value()) return mine;
  // A guest registration made earlier with the member's verified address is theirs.
  if (const std::string email = verified_email(caller.viewer); !email.empty())
    return registration_where(transaction, "r.event_id = ? AND r.person_key = ?",
                              {event_id, "e:" + email});
  return std::optional<Registration>{};
}

Result<Registered> EventsService::take_seat(db::Transaction& transaction, const Loaded& loaded,
                                            const accounts::Viewer& actor,
                                            const RegistrationInput& input, bool as_member,
                                            const std::string& source, bool over_capacity) {
  const Event& event = loaded.event;
  const std::int64_t now = clock_.now_seconds();
  const bool by_staff = source != "self";
  // The ticket type: the one asked for, else the first the public may take.
  const TicketType* type = nullptr;
  for (const auto& candidate : event.ticket_types) {
    if (input.ticket_type_id ? candidate.id == *input.ticket_type_id
                             : (!candidate.organizers_only || by_staff)) {
      type = &candidate;
      break;
    }
  }
  if (!type) {
    if (input.ticket_type_id) return Error::invalid("ticket_type_id", "no such ticket type");
    return Error::conflict("ticket_type_id", "this event has no ticket open to registration");
  }
  if (!by_staff) {
    if (type->organizers_only)
      return Error::forbidden("this ticket type is given by the organizers");
    if ((type->sales_open_at && now < *type->sales_open_at) ||
        (type->sales_close_at && now >= *type->sales_close_at))
      return Error::conflict("ticket_type_id", "this ticket type is not available now");
  }
  // Who: the member, or a guest (or someone an organizer adds) by name and email.
  std::string name, email, person_key;
  std::string stage = "guest";  // the figures count who came as what they were then
  std::optional<std::int64_t> user_id;
  if (as_member) {
    user_id = actor.user_id();
    if (loaded.standing.stage) stage = std::string(communities::stage_name(*loaded.standing.stage));
    name = actor.user->display_name;
    email = actor.user->email;
    person_key = "u:" + std::to_string(*user_id);
  } else {
    if (!input.name || web::trim(*input.name).empty())
      return Error::invalid("name", "name is required");
    if (!web::is_valid_utf8(*input.name) ||
        web::utf8_length(web::trim(*input.name)) > kMaxNameChars)
      return Error::invalid("name", "name must be at most 60 characters");
    name = web::trim(*input.name);
    for (const char ch : name) {
      if (static_cast<unsigned char>(ch) < 0x20)
        return Error::invalid("name", "name must not contain control characters");
    }
    if (!input.email) return Error::invalid("email", "email is required");
    email = web::trim(*input.email);
    if (!looks_like_email(email)) return Error::invalid("email", "email must be an email address");
    person_key = "e:" + internal::lower_ascii(email);
  }
  // One registration a person: the existing one is the answer.
  auto existing = registration_where(transaction, "r.event_id = ? AND r.person_key = ?",
                                     {event.id, person_key});
  if (!existing) return existing.error();
  if (as_member && !existing->has_value()) {
    // A guest registration with the member's verified address becomes theirs.
    if (const std::string verified = verified_email(actor); !verified.empty()) {
      const std::string guest_key = "e:" + verified;
      const char* guest = "event_id = ? AND person_key = ?";
      if (auto left = internal::tally(transaction, -1, guest, {event.id, guest_key}); !left)
        return left.error();
      auto attached = transaction.execute(
          "UPDATE event_registrations SET user_id = ?, person_key = ?, stage = ?, updated_at = ? "
          "WHERE event_id = ? AND person_key = ?",
          {*user_id, person_key, stage, now, event.id, guest_key});
      if (!attached) return attached.error();
      if (auto joined = internal::tally(transaction, 1, guest, {event.id, person_key}); !joined)
        return joined.error();
      if (attached.value() == 1) {
        existing = registration_where(transaction, "r.event_id = ? AND r.person_key = ?",
                                      {event.id, person_key});
        if (!existing) return existing.error();
      }
    }
  }
  if (existing->has_value() && (*existing)->status != RegistrationStatus::cancelled)
    return Registered{**existing, "", false};
  // The answers, checked before a seat is taken: a refusal writes nothing.
  auto answers = internal::check_answers(transaction, event.id, type->id, input.answers, by_staff);
  if (!answers) return answers.error();

  // Everything but the seat is written first: the registration, its answers
  // and its mail, as what the ticket type's count (read above, unlocked)
  // promises. The statements on the two rows every registration of this
  // event shares (the ticket type's seats, the event's counters) come last,
  // right before commit, because PostgreSQL holds their row locks until
  // commit and a rush queues on them: three round trips instead of seven.
  // Only a guess that lost the race to the last seats is corrected after.
  const bool expect_seat = over_capacity || type->held < type->capacity;
  std::string token;
  std::optional<std::string> digest;
  if (!as_member) {
    token = std::string(accounts::kTicketTokenPrefix) + crypto::random_token(24);
    digest = crypto::token_digest(token);
  }
  const std::string language =
      input.language == "ko" || input.language == "en" ? input.language : std::string();
  const bool reused = existing->has_value();
  const auto status_name = [](bool seated) {
    return std::string(seated ? "confirmed" : "waitlisted");
  };
  std::int64_t id = 0;
  if (reused) {
    // Registering again after cancelling: the same row, a new ticket.
    id = (*existing)->id;
    if (auto left = internal::tally(transaction, -1, "id = ?", {id}); !left) return left.error();
    auto updated = transaction.execute(
        "UPDATE event_registrations SET ticket_type_id = ?, name = ?, email = ?, status = ?, "
        "waitlist_position = NULL, offered_until = NULL, ticket_code = ?, token_digest = ?, "
        "source = ?, language = ?, checked_in_at = NULL, checked_in_by = NULL, stage = ?, "
        "updated_at = ? WHERE id = ?",
        {type->id, name, email, status_name(expect_seat), internal::new_ticket_code(),
         db::maybe(digest), source, language, stage, now, id});
    if (!updated) return updated.error();
  } else {
    auto inserted = transaction.query_one(
        "INSERT INTO event_registrations (event_id, ticket_type_id, user_id, person_key, name, "
        "email, status, ticket_code, token_digest, source, language, stage, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {event.id, type->id, db::maybe(user_id), person_key, name, email, status_name(expect_seat),
         internal::new_ticket_code(), db::maybe(digest), source, language, stage, now, now});
    if (!inserted) return inserted.error();
    id = (**inserted).int64(0);
  }
  if (reused || !answers->empty()) {
    if (auto saved = internal::save_answers(transaction, id, answers.value(), now); !saved)
      return saved.error();
  }
  auto registration = registration_where(transaction, "r.id = ?", {id});
  if (!registration) return registration.error();
  const std::string link = token.empty() ? "" : private_link(event, token);
  const auto mail = [&](bool seated) {
    const std::string suffix =
        status_name(seated) + "." + std::to_string(now) + "." + (**registration).ticket_code;
    return std::pair{suffix, internal::enqueue_mail(transaction, event, **registration,
                                                    seated ? "events.ticket" : "events.waitlisted",
                                                    suffix, link, now, options_.base_url)};
  };
  auto [guessed_key, mailed] = mail(expect_seat);
  if (!mailed) return mailed.error();

  // The seat: one conditional UPDATE, atomic on both databases.
  auto seat = transaction.execute(
      over_capacity
          ? "UPDATE event_ticket_types SET held = held + 1, capacity = CASE WHEN held + 1 > "
            "capacity THEN held + 1 ELSE capacity END WHERE id = ?"
          : "UPDATE event_ticket_types SET held = held + 1 WHERE id = ? AND held < capacity",
      {type->id});
  if (!seat) return seat.error();
  const bool confirmed = seat.value() == 1;
  const int uncancelled = reused ? 1 : 0;  // the reused row no longer counts as cancelled
  std::optional<std::int64_t> position;
  if (confirmed) {
    auto counted = transaction.execute(
        "UPDATE events SET confirmed_count = confirmed_count + 1, "
        "cancelled_count = cancelled_count - ? WHERE id = ?",
        {uncancelled, event.id});
    if (!counted) return counted.error();
  } else {
    // The event row's lock orders the waitlist as the registrations commit.
    auto counter = transaction.query_one(
        "UPDATE events SET waitlist_counter = waitlist_counter + 1, "
        "waitlisted_count = waitlisted_count + 1, cancelled_count = cancelled_count - ? "
        "WHERE id = ? RETURNING waitlist_counter",
        {uncancelled, event.id});
    if (!counter) return counter.error();
    position = (**counter).int64(0);
  }
  if (!confirmed || confirmed != expect_seat) {
    auto placed = transaction.execute(
        "UPDATE event_registrations SET status = ?, waitlist_position = ? WHERE id = ?",
        {status_name(confirmed), db::maybe(position), id});
    if (!placed) return placed.error();
  }
  // The tally last, beside the other rows every registration shares.
  if (auto joined = internal::tally(transaction, 1, "id = ?", {id}); !joined) return joined.error();
  (**registration).status =
      confirmed ? RegistrationStatus::confirmed : RegistrationStatus::waitlisted;
  (**registration).waitlist_position = position;
  if (confirmed != expect_seat) {
    // The guess lost the race for the last seat: the other mail instead.
    if (auto withdrawn = outbox::withdraw(transaction, internal::mail_key(id, guessed_key));
        !withdrawn)
      return withdrawn.error();
    if (auto remailed = mail(confirmed).second; !remailed) return remailed.error();
  }
  return Registered{**registration, token, true};
}

Result<Registered> EventsService::register_for(const Caller& caller, const std::string& slug,
                                               std::int64_t event_id,
                                               const RegistrationInput& input) {
  const bool as_member = caller.viewer.signed_in() && !input.email && !input.name;
  if (caller.ticket_token)
    return Error::conflict("registration", "this ticket is registered already");
  if (auto limited = throttle(input.client_address); !limited) return limited.error();
  auto where = place(caller.viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), caller.viewer, event_id);
  if (!loaded) return loaded.error();
  const Event& event = loaded->event;
  if (event.visibility == Visibility::members && !loaded->standing.is_member())
    return Error::not_found("no such event");
  if (event.status == EventStatus::cancelled)
    return Error::conflict("event", "this event is cancelled");
  if (!event.registration_open(clock_.now_seconds()))
    return Error::conflict("event", "registration is not open");
  auto registered =
      take_seat(*transaction, loaded.value(), caller.viewer, input, as_member, "self", false);
  if (!registered) return registered.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return registered;
}

Result<Registered> EventsService::add_by_hand(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t event_id,
                                              const RegistrationInput& input, bool over_capacity) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers add people by hand");
  if (loaded->event.status == EventStatus::cancelled)
    return Error::conflict("event", "this event is cancelled");
  auto registered =
      take_seat(*transaction, loaded.value(), viewer, input, false, "organizer", over_capacity);
  if (!registered) return registered.error();
  if (auto logged = internal::write_audit(
          *transaction, loaded->event.community_id, viewer.user_id(), "event.registration_added",
          registered->registration.name,
          {{"event_id", event_id}, {"registration_id", registered->registration.id}},
          clock_.now_seconds());
      !logged)
    return logged.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return registered;
}

Result<std::optional<Registration>> EventsService::my_registration(const Caller& caller,
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
  if (caller.ticket_token && !mine->has_value())
    return Error::unauthenticated("this ticket link is not valid for this event");
  return mine;
}

Result<Registration> EventsService::release(db::Transaction& transaction, const Loaded& loaded,
                                            const Registration& registration,
                                            std::int64_t actor_id) {
  const std::int64_t now = clock_.now_seconds();
  const Event& event = loaded.event;
  if (auto left = internal::tally(transaction, -1, "id = ?", {registration.id}); !left)
    return left.error();
  auto cancelled = transaction.execute(
      "UPDATE event_registrations SET status = 'cancelled', offered_until = NULL, "
      "updated_at = ? WHERE id = ? AND status <> 'cancelled'",
      {now, registration.id});
  if (!cancelled) return cancelled.error();
  if (cancelled.value() == 0) return Error::conflict("registration", "already cancelled");
  if (auto joined = internal::tally(transaction, 1, "id = ?", {registration.id}); !joined)
    return joined.error();
  const bool held = registration.status == RegistrationStatus::confirmed ||
                    registration.status == RegistrationStatus::offered;
  auto counts = transaction.execute(
      held ? "UPDATE events SET confirmed_count = confirmed_count - 1, cancelled_count = "
             "cancelled_count + 1, checked_in_count = checked_in_count - ? WHERE id = ?"
           : "UPDATE events SET waitlisted_count = waitlisted_count - 1, cancelled_count = "
             "cancelled_count + 1, checked_in_count = checked_in_count - ? WHERE id = ?",
      {std::int64_t{registration.checked_in_at.has_value()}, event.id});
  if (!counts) return counts.error();
  if (held) {
    auto freed = transaction.execute("UPDATE event_ticket_types SET held = held - 1 WHERE id = ?",
                                     {registration.ticket_type_id});
    if (!freed) return freed.error();
    if (event.status == EventStatus::published && now < event.starts_at) {
      auto offered = internal::offer_next(transaction, event, registration.ticket_type_id, now);
      if (!offered) return offered.error();
    }
  }
  if (actor_id != 0 && registration.user_id != actor_id) {
    if (auto logged = internal::write_audit(
            transaction, event.community_id, actor_id, "event.registration_cancelled",
            registration.name, {{"event_id", event.id}, {"registration_id", registration.id}}, now);
        !logged)
      return logged.error();
  }
  auto after = registration_where(transaction, "r.id = ?", {registration.id});
  if (!after) return after.error();
  return **after;
}

Result<Registration> EventsService::cancel(const Caller& caller, const std::string& slug,
                                           std::int64_t event_id, std::int64_t registration_id) {
  if (!caller.viewer.signed_in() && !caller.ticket_token) return Error::unauthenticated();
  auto where = place(caller.viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), caller.viewer, event_id);
  if (!loaded) return loaded.error();
  auto target = registration_where(transaction.value(), "r.id = ? AND r.event_id = ?",
                                   {registration_id, event_id});
  if (!target) return target.error();
  if (!target->has_value()) return Error::not_found("no such registration");
  auto mine = mine_in(*transaction, caller, loaded.value());
  if (!mine) return mine.error();
  const bool owner = mine->has_value() && (*mine)->id == registration_id;
  if (!owner && !loaded->manages()) {
    if (caller.ticket_token) return Error::forbidden("this ticket may cancel only itself");
    return Error::not_found("no such registration");
  }
  auto released = release(*transaction, loaded.value(), **target,
                          caller.viewer.signed_in() ? caller.viewer.user_id() : 0);
  if (!released) return released.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return released;
}

Result<Registration> EventsService::claim(const Caller& caller, const std::string& slug,
                                          std::int64_t event_id, std::int64_t registration_id) {
  auto where = place(caller.viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), caller.viewer, event_id);
  if (!loaded) return loaded.error();
  auto mine = mine_in(*transaction, caller, loaded.value());
  if (!mine) return mine.error();
  if (!mine->has_value() || (*mine)->id != registration_id)
    return Error::not_found("no such registration");
  if ((*mine)->status == RegistrationStatus::confirmed) return **mine;
  if ((*mine)->status != RegistrationStatus::offered)
    return Error::conflict("registration", "there is no seat offered to you");
  const std::int64_t now = clock_.now_seconds();
  if (auto left = internal::tally(*transaction, -1, "id = ?", {registration_id}); !left)
    return left.error();
  auto claimed = transaction->execute(
      "UPDATE event_registrations SET status = 'confirmed', offered_until = NULL, updated_at = ? "
      "WHERE id = ? AND status = 'offered'",
      {now, registration_id});
  if (!claimed) return claimed.error();
  if (auto joined = internal::tally(*transaction, 1, "id = ?", {registration_id}); !joined)
    return joined.error();
  auto after = registration_where(transaction.value(), "r.id = ?", {registration_id});
  if (!after) return after.error();
  if (auto mailed = internal::enqueue_mail(*transaction, loaded->event, **after, "events.ticket",
                                           "claimed", "", now, options_.base_url);
      !mailed)
    return mailed.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return **after;
}

Result<int> EventsService::expire_offers() {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto due = transaction->query(
      std::string("SELECT ") + internal::kEventColumns +
          ", r.id FROM event_registrations r JOIN events e ON e.id = r.event_id "
          "WHERE r.status = 'offered' AND r.offered_until <= ? ORDER BY r.offered_until LIMIT 200",
      {now});
  if (!due) return due.error();
  int expired = 0;
  for (const auto& row : due.value()) {
    Loaded loaded{internal::event_from(row), {}, {}, false};
    auto slug = transaction->query_one("SELECT slug, name, time_zone FROM communities WHERE id = ?",
                                       {loaded.event.community_id});
    if (!slug || !slug->has_value()) continue;
    loaded.event.community_slug = (*slug)->text(0);
    loaded.event.community_name = (*slug)->text(1);
    loaded.event.time_zone = (*slug)->text(2);
    auto registration = registration_where(transaction.value(), "r.id = ?", {row.int64(21)});
    if (!registration) return registration.error();
    if (!registration->has_value()) continue;
    auto released = release(*transaction, loaded, **registration, 0);
    if (!released) return released.error();
    ++expired;
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return expired;
}

Result<Registration> EventsService::attendee(const Caller& caller, std::int64_t event_id) {
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  std::optional<Registration> found;
  if (caller.ticket_token) {
    auto mine = registration_where(transaction.value(), "r.event_id = ? AND r.token_digest = ?",
                                   {event_id, crypto::token_digest(*caller.ticket_token)});
    if (!mine) return mine.error();
    found = std::move(mine.value());
  } else if (caller.viewer.signed_in()) {
    auto mine = registration_where(transaction.value(), "r.event_id = ? AND r.person_key = ?",
                                   {event_id, "u:" + std::to_string(caller.viewer.user_id())});
    if (!mine) return mine.error();
    found = std::move(mine.value());
  } else {
    return Error::unauthenticated();
  }
  if (!found || found->status != RegistrationStatus::confirmed)
    return Error::forbidden("only confirmed attendees of this event may do this");
  return *found;
}

}  // namespace moim::events
