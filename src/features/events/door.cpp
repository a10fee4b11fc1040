// At the door: check-in by code (typed or scanned), undo, walk-ins, search by
// name, and the event's staff. Several staff phones at once: a check-in is
// one conditional UPDATE, so two phones scanning one ticket get one
// "checked in" and one "already checked in".
#include "features/events/internal.hpp"
#include "platform/web/input.hpp"

namespace moim::events {

using internal::registration_where;

Result<CheckInResult> EventsService::check_in(const accounts::Viewer& viewer,
                                              const std::string& slug, std::int64_t event_id,
                                              const std::string& typed) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  if (typed.size() > 64) return Error::invalid("code", "code must be at most 64 characters");
  const std::string code = internal::normalize_code(typed);
  if (code.empty()) return Error::invalid("code", "code is required");
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->at_the_door()) return Error::forbidden("only this event's staff check people in");
  const std::int64_t now = clock_.now_seconds();
  CheckInResult result;
  auto found = registration_where(transaction.value(), "r.ticket_code = ?", {code});
  if (!found) return found.error();
  if (!found->has_value()) {
    result.verdict = CheckInVerdict::unknown;
    return result;
  }
  Registration registration = **found;
  if (registration.event_id != event_id) {
    // Say which event, but only when it is one of this community's.
    auto other =
        transaction->query_one("SELECT title FROM events WHERE id = ? AND community_id = ?",
                               {registration.event_id, loaded->event.community_id});
    if (!other) return other.error();
    result.verdict = CheckInVerdict::wrong_event;
    if (other->has_value()) result.other_event = (*other)->text(0);
    return result;
  }
  result.registration = registration;
  if (registration.status == RegistrationStatus::cancelled) {
    result.verdict = CheckInVerdict::cancelled;
    return result;
  }
  if (registration.status != RegistrationStatus::confirmed) {
    result.verdict = CheckInVerdict::not_confirmed;
    return result;
  }
  if (auto left = internal::tally(*transaction, -1, "id = ?", {registration.id}); !left)
    return left.error();
  auto checked = transaction->execute(
      "UPDATE event_registrations SET checked_in_at = ?, checked_in_by = ?, updated_at = ? "
      "WHERE id = ? AND checked_in_at IS NULL",
      {now, viewer.user_id(), now, registration.id});
  if (!checked) return checked.error();
  if (checked.value() == 0) {
    result.verdict = CheckInVerdict::already;
    return result;  // not committed: the tally goes back too
  }
  if (auto joined = internal::tally(*transaction, 1, "id = ?", {registration.id}); !joined)
    return joined.error();
  for (const char* sql : {"UPDATE events SET checked_in_count = checked_in_count + 1 WHERE id = ?",
                          "INSERT INTO event_check_ins (registration_id, staff_id, action, at) "
                          "VALUES (?, ?, 'check_in', ?)"}) {
    auto written = std::string_view(sql).starts_with("UPDATE")
                       ? transaction->execute(sql, {event_id})
                       : transaction->execute(sql, {registration.id, viewer.user_id(), now});
    if (!written) return written.error();
  }
  auto after = registration_where(transaction.value(), "r.id = ?", {registration.id});
  if (!after) return after.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  result.verdict = CheckInVerdict::checked_in;
  result.registration = **after;
  return result;
}

Result<Registration> EventsService::undo_check_in(const accounts::Viewer& viewer,
                                                  const std::string& slug, std::int64_t event_id,
                                                  std::int64_t registration_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->at_the_door()) return Error::forbidden("only this event's staff check people in");
  const std::int64_t now = clock_.now_seconds();
  const char* picked = "id = ? AND event_id = ?";
  if (auto left = internal::tally(*transaction, -1, picked, {registration_id, event_id}); !left)
    return left.error();
  auto undone = transaction->execute(
      "UPDATE event_registrations SET checked_in_at = NULL, checked_in_by = NULL, updated_at = ? "
      "WHERE id = ? AND event_id = ? AND checked_in_at IS NOT NULL",
      {now, registration_id, event_id});
  if (!undone) return undone.error();
  if (auto joined = internal::tally(*transaction, 1, picked, {registration_id, event_id}); !joined)
    return joined.error();
  if (undone.value() == 0) {
    auto exists = registration_where(transaction.value(), "r.id = ? AND r.event_id = ?",
                                     {registration_id, event_id});
    if (!exists) return exists.error();
    if (!exists->has_value()) return Error::not_found("no such registration");
    return Error::conflict("registration", "this person is not checked in");
  }
  auto counted = transaction->execute(
      "UPDATE events SET checked_in_count = checked_in_count - 1 WHERE id = ?", {event_id});
  if (!counted) return counted.error();
  auto logged = transaction->execute(
      "INSERT INTO event_check_ins (registration_id, staff_id, action, at) VALUES (?, ?, 'undo', "
      "?)",
      {registration_id, viewer.user_id(), now});
  if (!logged) return logged.error();
  auto after = registration_where(transaction.value(), "r.id = ?", {registration_id});
  if (!after) return after.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return **after;
}

Result<Registered> EventsService::register_walk_in(const accounts::Viewer& viewer,
                                                   const std::string& slug, std::int64_t event_id,
                                                   const RegistrationInput& input) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->at_the_door()) return Error::forbidden("only this event's staff register walk-ins");
  if (loaded->event.status == EventStatus::cancelled)
    return Error::conflict("event", "this event is cancelled");
  // A walk-in takes a free seat like anyone; when the hall is full the
  // staff say so (the organizer may add someone past the capacity).
  auto registered = take_seat(*transaction, loaded.value(), viewer, input, false, "door", false);
  if (!registered) return registered.error();
  if (registered->registration.status != RegistrationStatus::confirmed)
    return Error::conflict("event", "the event is full");
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t walk_in = registered->registration.id;
  if (auto left = internal::tally(*transaction, -1, "id = ?", {walk_in}); !left)
    return left.error();
  auto checked = transaction->execute(
      "UPDATE event_registrations SET checked_in_at = ?, checked_in_by = ? WHERE id = ? AND "
      "checked_in_at IS NULL",
      {now, viewer.user_id(), walk_in});
  if (!checked) return checked.error();
  if (auto joined = internal::tally(*transaction, 1, "id = ?", {walk_in}); !joined)
    return joined.error();
  if (checked.value() == 1) {
    auto counted = transaction->execute(
        "UPDATE events SET checked_in_count = checked_in_count + 1 WHERE id = ?", {event_id});
    if (!counted) return counted.error();
    auto logged = transaction->execute(
        "INSERT INTO event_check_ins (registration_id, staff_id, action, at) "
        "VALUES (?, ?, 'check_in', ?)",
        {registered->registration.id, viewer.user_id(), now});
    if (!logged) return logged.error();
  }
  auto after = registration_where(transaction.value(), "r.id = ?", {registered->registration.id});
  if (!after) return after.error();
  registered->registration = **after;
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return registered;
}

Result<std::vector<Registration>> EventsService::search_attendees(const accounts::Viewer& viewer,
                                                                  const std::string& slug,
                                                                  std::int64_t event_id,
                                                                  const std::string& text) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::string query = web::trim(text);
  if (query.empty() || web::utf8_length(query) > 60)
    return Error::invalid("q", "type 1 to 60 characters of a name, email or code");
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->at_the_door()) return Error::forbidden("only this event's staff search attendees");
  auto rows = transaction->query(
      std::string("SELECT ") + internal::kRegistrationColumns + internal::kRegistrationFrom +
          "WHERE r.event_id = ? AND (LOWER(r.name) LIKE ? ESCAPE '\\' OR LOWER(r.email) LIKE ? "
          "ESCAPE '\\' OR r.ticket_code = ?) ORDER BY r.name LIMIT 20",
      {event_id, internal::like_pattern(query), internal::like_pattern(query),
       internal::normalize_code(query)});
  if (!rows) return rows.error();
  std::vector<Registration> found;
  for (const auto& row : rows.value()) found.push_back(internal::registration_from(row));
  return found;
}

Status EventsService::add_staff(const accounts::Viewer& viewer, const std::string& slug,
                                std::int64_t event_id, std::int64_t user_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto member = communities_.members_by_id(where->community.id, {user_id});
  if (!member) return member.error();
  if (member->empty()) return Error::invalid("user_id", "staff must be members of the community");
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers choose the staff");
  const std::int64_t now = clock_.now_seconds();
  auto added = transaction->execute(
      "INSERT INTO event_staff (event_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (event_id, user_id) DO NOTHING",
      {event_id, user_id, viewer.user_id(), now});
  if (!added) return added.error();
  if (auto logged = internal::write_audit(
          *transaction, loaded->event.community_id, viewer.user_id(), "event.staff_added",
          member->front().display_name, {{"event_id", event_id}, {"user_id", user_id}}, now);
      !logged)
    return logged.error();
  return transaction->commit();
}

Status EventsService::remove_staff(const accounts::Viewer& viewer, const std::string& slug,
                                   std::int64_t event_id, std::int64_t user_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  if (!loaded->manages()) return Error::forbidden("only organizers choose the staff");
  auto removed = transaction->execute("DELETE FROM event_staff WHERE event_id = ? AND user_id = ?",
                                      {event_id, user_id});
  if (!removed) return removed.error();
  if (removed.value() == 0) return Error::not_found("not on this event's staff");
  if (auto logged = internal::write_audit(
          *transaction, loaded->event.community_id, viewer.user_id(), "event.staff_removed", "",
          {{"event_id", event_id}, {"user_id", user_id}}, clock_.now_seconds());
      !logged)
    return logged.error();
  return transaction->commit();
}

Result<bool> EventsService::may_staff(const accounts::Viewer& viewer, const std::string& slug,
                                      std::int64_t event_id) {
  auto where = place(viewer, slug);
  if (!where) return where.error();
  auto transaction = database_.read();
  if (!transaction) return transaction.error();
  auto loaded = load(*transaction, where.value(), viewer, event_id);
  if (!loaded) return loaded.error();
  return loaded->at_the_door();
}

}  // namespace moim::events
