// Helpers shared by the events service's files; not part of its interface.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "features/events/events_service.hpp"

namespace moim::events::internal {

// The columns event_from() reads, in order.
inline constexpr const char* kEventColumns =
    "e.id, e.community_id, e.title, e.description, e.kind, e.venue, e.address, e.map_url, "
    "e.online_url, e.starts_at, e.ends_at, e.registration_opens_at, e.registration_closes_at, "
    "e.visibility, e.status, e.claim_hours, e.confirmed_count, e.waitlisted_count, "
    "e.checked_in_count, e.cancelled_count, e.created_at";
Event event_from(const db::Row& row);

// The columns registration_from() reads, in order (r: registrations,
// t: ticket types, s: the staff member who checked in).
inline constexpr const char* kRegistrationColumns =
    "r.id, r.event_id, r.ticket_type_id, t.name, r.user_id, r.name, r.email, r.status, "
    "r.waitlist_position, r.offered_until, r.ticket_code, r.source, r.checked_in_at, "
    "COALESCE(s.display_name, ''), r.created_at, r.language";
inline constexpr const char* kRegistrationFrom =
    " FROM event_registrations r JOIN event_ticket_types t ON t.id = r.ticket_type_id "
    "LEFT JOIN users s ON s.id = r.checked_in_by ";
Registration registration_from(const db::Row& row);

Result<std::vector<TicketType>> ticket_types(db::Transaction& transaction, std::int64_t event_id);
Result<std::optional<Registration>> registration_where(db::Transaction& transaction,
                                                       const std::string& condition,
                                                       std::initializer_list<db::Value> params);
// Where a waitlisted person stands now: 1 for the next in line.
Result<std::int64_t> queue_place(db::Transaction& transaction, const Registration& registration);

std::string_view kind_name(Kind kind);
std::string_view status_name(RegistrationStatus status);
RegistrationStatus parse_registration_status(std::string_view name);

// "K7QX-M3PD": 8 characters from 32 that cannot be mistaken for each other
// (no 0/O, 1/I/L), 40 random bits.
std::string new_ticket_code();
// What staff type or scan, tidied: upper case, no spaces, the dash put back.
std::string normalize_code(const std::string& typed);

std::string lower_ascii(std::string text);
std::string like_pattern(const std::string& text);
std::string csv_cell(const std::string& value);

Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now);

// The kept figures (event_registration_tallies): the registrations that
// `condition` picks leave (delta -1) or join (+1) the tally of their ticket
// type, stage, status and check-in. Called with -1 right before a statement
// changes one of those and with +1 right after, in the same transaction.
Status tally(db::Transaction& transaction, int delta, const std::string& condition,
             std::initializer_list<db::Value> params);

// The outbox idempotency key of a registration's mail (enqueue_mail).
std::string mail_key(std::int64_t registration_id, const std::string& key_suffix);

// Mail to one registration's person through the outbox, in the community's
// language unless the member chose one, with the ticket's link. The ticket
// mail ("events.ticket") also carries the QR code and event.ics, whose URL
// starts with `base_url`.
Status enqueue_mail(db::Transaction& transaction, const Event& event,
                    const Registration& registration, const std::string& template_name,
                    const std::string& key_suffix, const std::string& private_link,
                    std::int64_t now, const std::string& base_url = "");

// The ticket's QR code (PNG, inline as "qr_cid") and calendar entry
// (event.ics) as the mail payload's "attachments" (ticket_mail.cpp).
Status add_ticket_attachments(boost::json::object& payload, const Event& event,
                              const Registration& registration, const std::string& event_url,
                              std::int64_t now);

// Hands a freed seat of `ticket_type_id` to the first waitlisted person of
// the event (an offer with a claim deadline and a mail). Returns whether
// someone was promoted; the seat stays held either way when so.
Result<bool> offer_next(db::Transaction& transaction, const Event& event,
                        std::int64_t ticket_type_id, std::int64_t now);

}  // namespace moim::events::internal

namespace moim::events {

struct EventsService::Place {
  communities::Community community;
  communities::Standing standing;
};

// An event with what the caller's standing allows, loaded once per call.
struct EventsService::Loaded {
  Event event;
  communities::Community community;
  communities::Standing standing;
  bool staff = false;  // on the event's staff list
  bool manages() const { return standing.can_manage(); }
  bool at_the_door() const { return manages() || staff; }
};

struct EventsService::Managed {
  db::Transaction transaction;
  Loaded loaded;
};

}  // namespace moim::events
