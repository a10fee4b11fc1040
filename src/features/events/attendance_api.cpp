// /api/v1/communities/{slug}/events/{event}/attendance-certificates: the
// organizers' listing and the bulk issue, as typed routes
// (features/accounts/api_routes.hpp); OpenAPI comes from here.
#include "features/events/attendance_routes.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/web/typed_json.hpp"

namespace moim::events {

namespace {

using http::Method;
using web::Nothing;

struct AttendancePath {
  std::string slug;
  std::int64_t event = 0;
};
BOOST_DESCRIBE_STRUCT(AttendancePath, (), (slug, event))

struct AttendanceCertificateOut {
  std::string number;
  std::string status;  // valid | revoked
  std::string issued_at;
  std::string pdf_url;
  std::string verify_url;
};
BOOST_DESCRIBE_STRUCT(AttendanceCertificateOut, (),
                      (number, status, issued_at, pdf_url, verify_url))

struct AttendeeOut {
  std::int64_t registration_id = 0;
  std::string name;
  bool member = false;  // guests (no account) get no certificate
  std::string checked_in_at;
  std::optional<AttendanceCertificateOut> certificate;
};
BOOST_DESCRIBE_STRUCT(AttendeeOut, (), (registration_id, name, member, checked_in_at, certificate))

struct AttendanceListReply {
  bool started = false;
  std::int64_t checked_in = 0;
  std::int64_t guests = 0;
  std::int64_t issued = 0;
  std::vector<AttendeeOut> attendees;
};
BOOST_DESCRIBE_STRUCT(AttendanceListReply, (), (started, checked_in, guests, issued, attendees))

struct AttendanceIssueReply {
  std::int64_t attendees = 0;  // checked-in members
  std::int64_t issued = 0;     // new this run
  std::int64_t already = 0;    // had one (valid or revoked)
};
BOOST_DESCRIBE_STRUCT(AttendanceIssueReply, (), (attendees, issued, already))

}  // namespace

void add_attendance_certificate_api(accounts::ApiRoutes& routes,
                                    AttendanceCertificatesService& attendance) {
  const std::string path = "/api/v1/communities/{slug}/events/{event}/attendance-certificates";

  routes.add<AttendancePath, Nothing, Nothing, AttendanceListReply>(
      {.method = Method::kGet,
       .path = path,
       .operation_id = "listAttendanceCertificates",
       .summary = "Checked-in attendees and their certificates of attendance (organizers)",
       .tag = "events",
       .errors = {403}},
      [&attendance](auto& call) -> Result<AttendanceListReply> {
        auto overview = attendance.overview(call.viewer(), call.path.slug, call.path.event);
        if (!overview) return overview.error();
        AttendanceListReply reply{.started = overview->started,
                                  .checked_in = overview->checked_in,
                                  .guests = overview->guests,
                                  .issued = overview->issued};
        for (const auto& person : overview->attendees) {
          AttendeeOut out{.registration_id = person.registration_id,
                          .name = person.name,
                          .member = person.user_id.has_value(),
                          .checked_in_at = format_utc_iso(person.checked_in_at)};
          if (person.certificate) {
            const auto& certificate = *person.certificate;
            out.certificate =
                AttendanceCertificateOut{.number = certificate.number,
                                         .status = certificate.revoked_at ? "revoked" : "valid",
                                         .issued_at = format_utc_iso(certificate.issued_at),
                                         .pdf_url = "/certificates/" + certificate.number + ".pdf",
                                         .verify_url = "/verify/" + certificate.number};
          }
          reply.attendees.push_back(std::move(out));
        }
        return reply;
      });

  routes.add<AttendancePath, Nothing, Nothing, AttendanceIssueReply>(
      {.method = Method::kPost,
       .path = path,
       .operation_id = "issueAttendanceCertificates",
       .summary = "Issue a certificate of attendance to every checked-in member (organizers)",
       .description = "Once the event has started (409 before, and for a cancelled event). "
                      "Members who already have one for this event (valid or revoked) are "
                      "skipped, so running it again issues nothing; guests without an account "
                      "get none. Each new holder is mailed a download link.",
       .tag = "events",
       .errors = {403, 409}},
      [&attendance](auto& call) -> Result<AttendanceIssueReply> {
        auto outcome = attendance.issue(call.viewer(), call.path.slug, call.path.event);
        if (!outcome) return outcome.error();
        return AttendanceIssueReply{.attendees = outcome->attendees,
                                    .issued = outcome->issued,
                                    .already = outcome->already};
      });
}

}  // namespace moim::events
