// The organizers' "Certificates of attendance" page of an event (counts,
// the bulk issue, each attendee's certificate with revoke and re-issue,
// which the certificates room's forms handle), and the attendee's download
// link from the ticket page.
#include "features/events/attendance_routes.hpp"
#include "features/events/page_helpers.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::events {

using namespace pages;

namespace {

std::string page_path(const std::string& slug, std::int64_t event_id) {
  return event_path(slug, event_id) + "/attendance-certificates";
}

http::Response overview_page(WebSession& session, AttendanceCertificatesService& attendance,
                             const RequestContext& context, const std::string& slug,
                             std::int64_t event_id, boost::json::object extra,
                             const accounts::PageOptions& options, int status = 200) {
  auto overview = attendance.overview(context.viewer, slug, event_id);
  if (!overview) return session.refuse(context, overview.error());
  const Event& event = overview->event;
  boost::json::array people;
  for (const auto& person : overview->attendees) {
    boost::json::object row{
        {"name", person.name},
        {"guest", !person.user_id.has_value()},
        {"checked_in_at", when(session, context, person.checked_in_at, event.time_zone)}};
    if (person.certificate) {
      const auto& certificate = *person.certificate;
      row["certificate"] = {{"number", certificate.number},
                            {"pdf_url", "/certificates/" + certificate.number + ".pdf"},
                            {"verify_url", "/verify/" + certificate.number},
                            {"revoked", certificate.revoked_at.has_value()},
                            {"reissued", certificate.replaced_by.has_value()}};
    }
    people.push_back(std::move(row));
  }
  boost::json::object data{{"event", event_view(session, context, event, Clock().now_seconds())},
                           {"started", overview->started},
                           {"checked_in", overview->checked_in},
                           {"guests", overview->guests},
                           {"has_guests", overview->guests > 0},
                           {"issued", overview->issued},
                           {"attendees", people},
                           {"empty", people.empty()},
                           {"back", page_path(slug, event_id)}};
  for (auto& [key, value] : extra) data[key] = value;
  accounts::PageOptions page_options = options;
  page_options.title =
      session.text(context, "event_attendance_certificates_title") + " · " + event.title;
  return session.page(context, status, "events/attendance_certificates", std::move(data),
                      page_options);
}

}  // namespace

void add_attendance_certificate_pages(http::Router& router, WebSession& session,
                                      AttendanceCertificatesService& attendance) {
  router.get("/c/{slug}/events/{event}/attendance-certificates", [&](http::Request& request) {
    auto context = session.context(request);
    boost::json::object extra;
    std::string notice_key;
    const std::string notice = request.query_param("notice").value_or("");
    if (notice == "issued") {
      notice_key = "notice_attendance_certificates_issued";
      extra["issued_now"] = request.query_param("issued").value_or("0");
    } else if (notice == "revoked" || notice == "reissued") {
      notice_key = "notice_certificates_" + notice;
    }
    return overview_page(session, attendance, context, request.param("slug"),
                         id_param(request, "event"), std::move(extra), {.notice_key = notice_key});
  });

  router.post("/c/{slug}/events/{event}/attendance-certificates", [&](http::Request& request) {
    auto context = session.context(request);
    const auto form = request.form();
    if (!session.csrf_ok(context, form)) return csrf_refused(session, context);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto outcome = attendance.issue(context.viewer, slug, event_id);
    if (!outcome) {
      if (outcome.error().http_status != 409) return session.refuse(context, outcome.error());
      // Not yet started or cancelled: the page again, saying why.
      return overview_page(session, attendance, context, slug, event_id, {},
                           {.error_text = session.error_text(context, outcome.error())}, 409);
    }
    return http::Response::redirect(page_path(slug, event_id) +
                                    "?notice=issued&issued=" + std::to_string(outcome->issued));
  });

  // From the ticket page: the member's own certificate, or a page saying
  // there is none (yet).
  router.get("/c/{slug}/events/{event}/certificate", [&](http::Request& request) {
    auto context = session.context(request);
    const std::string slug = request.param("slug");
    const std::int64_t event_id = id_param(request, "event");
    auto mine = attendance.mine(context.viewer, slug, event_id);
    if (!mine) return session.refuse(context, mine.error());
    if (mine->has_value())
      return http::Response::redirect("/certificates/" + (*mine)->number + ".pdf");
    return session.refuse(
        context, Error::not_found("no certificate of attendance for you at this event yet"));
  });
}

}  // namespace moim::events
