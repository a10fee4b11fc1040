// Routes of the events room's certificates of attendance: the organizers'
// page and API, and the attendee's download from the ticket page.
#pragma once

#include "features/accounts/api_routes.hpp"
#include "features/accounts/web_session.hpp"
#include "features/events/attendance_certificates.hpp"
#include "platform/http/router.hpp"

namespace moim::events {

void add_attendance_certificate_api(accounts::ApiRoutes& routes,
                                    AttendanceCertificatesService& attendance);
void add_attendance_certificate_pages(http::Router& router, accounts::WebSession& session,
                                      AttendanceCertificatesService& attendance);

}  // namespace moim::events
