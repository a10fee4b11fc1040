// What a ticket mail carries besides its words: the QR code the door
// scanner reads (a PNG shown inline, since many mail clients drop SVG) and
// the event as a calendar entry (event.ics). Added to the outbox payload at
// enqueue time, so the mail connector needs to know nothing of events.
#include <boost/json/array.hpp>

#include "features/events/internal.hpp"
#include "platform/crypto/base64.hpp"
#include "platform/web/ical.hpp"

namespace moim::events::internal {

namespace {

// The HTML part shows the image as <img src="cid:...">.
constexpr const char* kQrContentId = "ticket-qr@moim";

}  // namespace

Status add_ticket_attachments(boost::json::object& payload, const Event& event,
                              const Registration& registration, const std::string& event_url,
                              std::int64_t now) {
  web::CalendarEvent entry;
  // One UID per registration: a ticket sent again (claimed after an offer,
  // re-sent) updates the entry a calendar already holds instead of adding a
  // second one; the sequence, taken from the clock, only ever grows.
  entry.uid = "ticket-" + std::to_string(registration.id) + "@moim";
  entry.sequence = now;
  entry.starts_at = event.starts_at;
  if (event.ends_at > event.starts_at) entry.ends_at = event.ends_at;
  entry.summary = event.title;
  entry.description = registration.ticket_code + " · " + registration.ticket_type_name;
  entry.url = event_url;
  entry.location = !event.venue.empty()
                       ? event.venue + (event.address.empty() ? "" : ", " + event.address)
                       : event.online_url;
  entry.cancelled = event.status == EventStatus::cancelled;
  const std::string calendar = web::ical_calendar(event.community_name, {entry}, now);
  payload["qr_cid"] = kQrContentId;
  payload["attachments"] = boost::json::array{
      boost::json::object{{"filename", "ticket-" + registration.ticket_code + ".png"},
                          {"content_type", "image/png"},
                          {"content_id", kQrContentId},
                          // The same text as the ticket page's QR code: what
                          // the door accepts. Drawn when the mail is sent, not
                          // inside the registration's transaction.
                          {"qr_text", registration.ticket_code}},
      boost::json::object{{"filename", "event.ics"},
                          {"content_type", "text/calendar; charset=UTF-8; method=PUBLISH"},
                          {"base64", crypto::base64(calendar)}}};
  return ok_status();
}

}  // namespace moim::events::internal
