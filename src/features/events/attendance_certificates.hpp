// Certificates of attendance (참가 확인서) for an event: the events room says
// who was there (confirmed registrations checked in at the door, check-ins
// not undone) and hands that to the certificates room, which issues,
// renders, verifies and revokes them like completion certificates. Members
// only: a guest registration has no account to hold the certificate.
// Organizers issue once the event has started (people are checked in from
// then on); running it again issues nothing new.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/certificates/certificates_service.hpp"
#include "features/events/events_service.hpp"

namespace moim::events {

struct AttendeeCertificate {
  std::int64_t registration_id = 0;
  std::string name;
  std::optional<std::int64_t> user_id;  // none: a guest, who gets no certificate
  std::int64_t checked_in_at = 0;
  std::optional<certificates::Certificate> certificate;  // the member's for this event
};

struct AttendanceCertificates {
  Event event;
  bool started = false;  // certificates may be issued
  int checked_in = 0;    // confirmed and checked in
  int guests = 0;        // of them, without an account
  int issued = 0;        // valid certificates of attendance for the event
  std::vector<AttendeeCertificate> attendees;
};

class AttendanceCertificatesService {
 public:
  AttendanceCertificatesService(db::Database& database, const Clock& clock, EventsService& events,
                                certificates::CertificatesService& certificates);

  // Organizers: the checked-in attendees with their certificates.
  Result<AttendanceCertificates> overview(const accounts::Viewer& viewer, const std::string& slug,
                                          std::int64_t event_id);
  // Organizers: a certificate for every checked-in member without one for
  // this event (a revoked one counts: re-issue it from its row).
  Result<certificates::AttendanceOutcome> issue(const accounts::Viewer& viewer,
                                                const std::string& slug, std::int64_t event_id);
  // The viewer's own valid certificate for the event, if any.
  Result<std::optional<certificates::Certificate>> mine(const accounts::Viewer& viewer,
                                                        const std::string& slug,
                                                        std::int64_t event_id);

 private:
  Result<Event> organizers_event(const accounts::Viewer& viewer, const std::string& slug,
                                 std::int64_t event_id);
  struct CheckedIn {
    std::int64_t registration_id = 0;
    std::optional<std::int64_t> user_id;
    std::string name, email, language;
    std::int64_t checked_in_at = 0;
  };
  Result<std::vector<CheckedIn>> checked_in(std::int64_t event_id);

  db::Database& database_;
  const Clock& clock_;
  EventsService& events_;
  certificates::CertificatesService& certificates_;
};

}  // namespace moim::events
