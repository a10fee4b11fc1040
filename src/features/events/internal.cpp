#include "features/events/internal.hpp"

#include <boost/json/serialize.hpp>

#include <cctype>

#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::events::internal {

namespace {
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // 31, no 0/O 1/I/L
constexpr std::string_view kKinds[] = {"conference", "meetup", "demo_day", "hackathon", "online"};
constexpr std::string_view kStatuses[] = {"confirmed", "offered", "waitlisted", "cancelled"};
}  // namespace

std::string_view kind_name(Kind kind) { return kKinds[static_cast<int>(kind)]; }
std::string_view status_name(RegistrationStatus status) {
  return kStatuses[static_cast<int>(status)];
}
RegistrationStatus parse_registration_status(std::string_view name) {
  for (int index = 0; index < 4; ++index) {
    if (kStatuses[index] == name) return static_cast<RegistrationStatus>(index);
  }
  return RegistrationStatus::cancelled;
}

Event event_from(const db::Row& row) {
  Event event;
  event.id = row.int64(0);
  event.community_id = row.int64(1);
  event.title = row.text(2);
  event.description = row.text(3);
  const std::string kind = row.text(4);
  for (int index = 0; index < 5; ++index) {
    if (kKinds[index] == kind) event.kind = static_cast<Kind>(index);
  }
  event.venue = row.text(5);
  event.address = row.text(6);
  event.map_url = row.text(7);
  event.online_url = row.text(8);
  event.starts_at = row.int64(9);
  event.ends_at = row.int64(10);
  event.registration_opens_at = row.int64(11);
  event.registration_closes_at = row.int64(12);
  event.visibility = parse_visibility(row.text(13)).value_or(Visibility::public_);
  event.status = row.text(14) == "cancelled" ? EventStatus::cancelled : EventStatus::published;
  event.claim_hours = static_cast<int>(row.int64(15));
  event.confirmed = row.int64(16);
  event.waitlisted = row.int64(17);
  event.checked_in = row.int64(18);
  event.cancelled = row.int64(19);
  event.created_at = row.int64(20);
  return event;
}

Registration registration_from(const db::Row& row) {
  Registration registration;
  registration.id = row.int64(0);
  registration.event_id = row.int64(1);
  registration.ticket_type_id = row.int64(2);
  registration.ticket_type_name = row.text(3);
  registration.user_id = row.opt_int64(4);
  registration.name = row.text(5);
  registration.email = row.text(6);
  registration.status = parse_registration_status(row.text(7));
  registration.waitlist_position = row.opt_int64(8);
  registration.offered_until = row.opt_int64(9);
  registration.ticket_code = row.text(10);
  registration.source = row.text(11);
  registration.checked_in_at = row.opt_int64(12);
  registration.checked_in_by = row.text(13);
  registration.created_at = row.int64(14);
  registration.language = row.text(15);
  return registration;
}

Result<std::vector<TicketType>> ticket_types(db::Transaction& transaction, std::int64_t event_id) {
  auto rows = transaction.query(
      "SELECT id, name, capacity, held, price_cents, sales_open_at, sales_close_at, "
      "organizers_only FROM event_ticket_types WHERE event_id = ? ORDER BY position, id",
      {event_id});
  if (!rows) return rows.error();
  std::vector<TicketType> types;
  for (const auto& row : rows.value()) {
    types.push_back({.id = row.int64(0),
                     .name = row.text(1),
                     .capacity = row.int64(2),
                     .held = row.int64(3),
                     .price_cents = row.int64(4),
                     .sales_open_at = row.opt_int64(5),
                     .sales_close_at = row.opt_int64(6),
                     .organizers_only = row.boolean(7)});
  }
  return types;
}

Result<std::optional<Registration>> registration_where(db::Transaction& transaction,
                                                       const std::string& condition,
                                                       std::initializer_list<db::Value> params) {
  auto row = transaction.query_one(
      std::string("SELECT ") + kRegistrationColumns + kRegistrationFrom + "WHERE " + condition,
      params);
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Registration>{};
  Registration registration = registration_from(**row);
  if (registration.status == RegistrationStatus::waitlisted) {
    auto place = queue_place(transaction, registration);
    if (!place) return place.error();
    registration.waitlist_position = place.value();
  } else {
    registration.waitlist_position.reset();
  }
  return std::optional<Registration>{std::move(registration)};
}

Result<std::int64_t> queue_place(db::Transaction& transaction, const Registration& registration) {
  auto row = transaction.query_one(
      "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = 'waitlisted' "
      "AND waitlist_position <= ?",
      {registration.event_id, registration.waitlist_position.value_or(0)});
  if (!row) return row.error();
  return (*row)->int64(0);
}

std::string new_ticket_code() {
  const std::string bytes = crypto::random_bytes(8);
  std::string code;
  for (std::size_t index = 0; index < 8; ++index) {
    if (index == 4) code += '-';
    code += kCodeAlphabet[static_cast<unsigned char>(bytes[index]) % kCodeAlphabet.size()];
  }
  return code;
}

std::string normalize_code(const std::string& typed) {
  std::string letters;
  for (char ch : typed) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      letters += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (letters.size() > 16) break;
  }
  if (letters.size() == 8) letters.insert(4, "-");
  return letters;
}

std::string lower_ascii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

std::string like_pattern(const std::string& text) {
  std::string pattern = "%";
  for (char ch : lower_ascii(text)) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  return pattern + "%";
}

std::string csv_cell(const std::string& value) {
  std::string cell = value;
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
    cell.insert(cell.begin(), '\'');
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now) {
  return communities::write_audit(transaction, community_id, actor_id, action, subject, detail,
                                  now);
}

std::string mail_key(std::int64_t registration_id, const std::string& key_suffix) {
  return "events." + std::to_string(registration_id) + "." + key_suffix;
}

Status enqueue_mail(db::Transaction& transaction, const Event& event,
                    const Registration& registration, const std::string& template_name,
                    const std::string& key_suffix, const std::string& private_link,
                    std::int64_t now, const std::string& base_url) {
  // The member's chosen language, else the page's they registered on, else
  // the community's.
  std::string language;
  if (registration.user_id) {
    auto row = transaction.query_one("SELECT COALESCE(locale, '') FROM users WHERE id = ?",
                                     {*registration.user_id});
    if (!row) return row.error();
    if (row->has_value()) language = (*row)->text(0);
  }
  if (language.empty()) language = registration.language;
  if (language.empty()) {
    auto row = transaction.query_one("SELECT default_locale FROM communities WHERE id = ?",
                                     {event.community_id});
    if (!row) return row.error();
    language = row->has_value() ? (*row)->text(0) : "ko";
  }
  const std::string event_path =
      "/c/" + event.community_slug + "/events/" + std::to_string(event.id);
  boost::json::object payload{
      {"template", template_name},
      {"language", language},
      {"to_name", registration.name},
      {"community", event.community_name},
      {"time_zone", event.time_zone},
      {"event_title", event.title},
      {"starts", format_local(event.starts_at, event.time_zone)},
      {"venue", event.venue.empty() ? event.online_url : event.venue},
      {"ticket_code", registration.ticket_code},
      {"ticket_type", registration.ticket_type_name},
      {"link", private_link.empty() ? event_path : private_link},
  };
  if (registration.offered_until)
    payload["claim_by"] = format_local(*registration.offered_until, event.time_zone);
  if (template_name == "events.ticket") {
    if (auto attached =
            add_ticket_attachments(payload, event, registration, base_url + event_path, now);
        !attached)
      return attached.error();
  }
  outbox::OutboxMessage mail{.kind = "email",
                             .target = registration.email,
                             .payload = payload,
                             .idempotency_key = mail_key(registration.id, key_suffix),
                             .community_id = event.community_id,
                             .event_id = event.id};
  return outbox::enqueue(transaction, mail, now);
}

Result<bool> offer_next(db::Transaction& transaction, const Event& event,
                        std::int64_t ticket_type_id, std::int64_t now) {
  auto next = transaction.query_one(
      "SELECT id FROM event_registrations WHERE event_id = ? AND ticket_type_id = ? AND "
      "status = 'waitlisted' ORDER BY waitlist_position LIMIT 1",
      {event.id, ticket_type_id});
  if (!next) return next.error();
  if (!next->has_value()) return false;
  auto seat = transaction.execute(
      "UPDATE event_ticket_types SET held = held + 1 WHERE id = ? AND held < capacity",
      {ticket_type_id});
  if (!seat) return seat.error();
  if (seat.value() == 0) return false;
  const std::int64_t id = (*next)->int64(0);
  const std::int64_t until = now + std::int64_t{event.claim_hours} * 3600;
  if (auto left = tally(transaction, -1, "id = ?", {id}); !left) return left.error();
  auto offered = transaction.execute(
      "UPDATE event_registrations SET status = 'offered', offered_until = ?, updated_at = ? "
      "WHERE id = ?",
      {until, now, id});
  if (!offered) return offered.error();
  if (auto joined = tally(transaction, 1, "id = ?", {id}); !joined) return joined.error();
  auto counts = transaction.execute(
      "UPDATE events SET confirmed_count = confirmed_count + 1, "
      "waitlisted_count = waitlisted_count - 1 WHERE id = ?",
      {event.id});
  if (!counts) return counts.error();
  auto promoted = registration_where(transaction, "r.id = ?", {id});
  if (!promoted) return promoted.error();
  if (auto mailed = enqueue_mail(transaction, event, **promoted, "events.seat_offered",
                                 "offered." + std::to_string(now), "", now);
      !mailed)
    return mailed.error();
  return true;
}

}  // namespace moim::events::internal
