// Who was at an event, handed to the certificates room for certificates of
// attendance. The list is read from this room's registrations; the
// certificates room issues the whole batch in one transaction of its own and
// skips anyone who already has one, so a second run (or two organizers at
// once) issues nothing twice.
#include "features/events/attendance_certificates.hpp"

#include <map>

namespace moim::events {

AttendanceCertificatesService::AttendanceCertificatesService(
    db::Database& database, const Clock& clock, EventsService& events,
    certificates::CertificatesService& certificates)
    : database_(database), clock_(clock), events_(events), certificates_(certificates) {}

Result<Event> AttendanceCertificatesService::organizers_event(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto allowed = events_.may_create(viewer, slug);
  if (!allowed) return allowed.error();
  // The door staff check people in; certificates are the organizers' word.
  if (!allowed.value())
    return Error::forbidden("only the community's organizers issue certificates of attendance");
  return events_.event(Caller{viewer, std::nullopt}, slug, event_id);
}

Result<std::vector<AttendanceCertificatesService::CheckedIn>>
AttendanceCertificatesService::checked_in(std::int64_t event_id) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  // A cancelled registration or an undone check-in (checked_in_at cleared)
  // is not attendance.
  auto rows = reader->query(
      "SELECT r.id, r.user_id, r.name, r.email, r.language, r.checked_in_at "
      "FROM event_registrations r WHERE r.event_id = ? AND r.status = 'confirmed' "
      "AND r.checked_in_at IS NOT NULL ORDER BY r.name, r.id",
      {event_id});
  if (!rows) return rows.error();
  std::vector<CheckedIn> result;
  for (const auto& row : *rows)
    result.push_back({.registration_id = row.int64(0),
                      .user_id = row.opt_int64(1),
                      .name = row.text(2),
                      .email = row.text(3),
                      .language = row.text(4),
                      .checked_in_at = row.int64(5)});
  return result;
}

Result<AttendanceCertificates> AttendanceCertificatesService::overview(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  auto people = checked_in(event_id);
  if (!people) return people.error();
  auto issued = certificates_.event_certificates(viewer, slug, event_id);
  if (!issued) return issued.error();
  // Per member the valid certificate, else the latest revoked one.
  std::map<std::int64_t, certificates::Certificate> by_user;
  int valid = 0;
  for (const auto& certificate : issued.value()) {
    if (!certificate.revoked_at) ++valid;
    auto found = by_user.find(certificate.user_id);
    if (found == by_user.end() || found->second.revoked_at)
      by_user[certificate.user_id] = certificate;
  }
  AttendanceCertificates result{.event = event.value(),
                                .started = event->starts_at <= clock_.now_seconds(),
                                .checked_in = static_cast<int>(people->size()),
                                .issued = valid};
  for (const auto& person : people.value()) {
    AttendeeCertificate row{.registration_id = person.registration_id,
                            .name = person.name,
                            .user_id = person.user_id,
                            .checked_in_at = person.checked_in_at};
    if (!person.user_id) ++result.guests;
    if (person.user_id) {
      auto found = by_user.find(*person.user_id);
      if (found != by_user.end()) row.certificate = found->second;
    }
    result.attendees.push_back(std::move(row));
  }
  return result;
}

Result<certificates::AttendanceOutcome> AttendanceCertificatesService::issue(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  if (event->status == EventStatus::cancelled)
    return Error{409, "cancelled", "a cancelled event has no certificates of attendance", "event"};
  if (event->starts_at > clock_.now_seconds())
    return Error{409, "not_started",
                 "certificates of attendance are issued once the event has started", "event"};
  auto people = checked_in(event_id);
  if (!people) return people.error();
  certificates::AttendanceBatch batch{
      .community_slug = slug,
      .event_id = event_id,
      .event_title = event->title,
      .starts_at = event->starts_at,
      .ends_at = event->ends_at,
      .venue = event->kind == Kind::online ? std::string() : event->venue,
      .online =
          event->kind == Kind::online || (event->venue.empty() && !event->online_url.empty())};
  for (const auto& person : people.value()) {
    if (!person.user_id) continue;  // guests: no account to hold a certificate
    batch.holders.push_back({.user_id = *person.user_id,
                             .name = person.name,
                             .email = person.email,
                             .language = person.language});
  }
  return certificates_.issue_attendance(viewer, batch);
}

Result<std::optional<certificates::Certificate>> AttendanceCertificatesService::mine(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  // Whoever may see the event; the certificate is the viewer's own.
  auto event = events_.event(Caller{viewer, std::nullopt}, slug, event_id);
  if (!event) return event.error();
  return certificates_.my_attendance(viewer, event_id);
}

}  // namespace moim::events
