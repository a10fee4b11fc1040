// Reminder mails (the day before and the morning of an event) and the
// post-event mail with the feedback survey, sent by a periodic job. Each
// round of an event is recorded once (event_mail_rounds, in the transaction
// that enqueues its mails) and each mail has its own idempotency key, so
// several instances or a restarted worker never send one twice.
#include "features/events/after_event.hpp"

#include <algorithm>

#include "features/accounts/api_routes.hpp"
#include "features/events/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace moim::events {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kLateAfterEnd = 7 * kDay;  // no "thank you" mail weeks later

std::int64_t local_time(const std::string& day, const char* clock, const std::string& zone) {
  return parse_local(day + "T" + clock, zone).value_or(0);
}

struct Round {
  const char* name;
  const char* template_name;
  std::int64_t due;
  std::int64_t too_late;  // found at or after this, the round is recorded without mail
};

}  // namespace

MailSchedule mail_schedule(const Event& event) {
  const std::string& zone = event.time_zone;
  const std::string day = format_local(event.starts_at, zone, "%Y-%m-%d");
  const std::int64_t noon = local_time(day, "12:00", zone);
  const std::string day_before = format_local(noon - kDay, zone, "%Y-%m-%d");
  MailSchedule schedule;
  schedule.morning = std::min(local_time(day, "07:00", zone), event.starts_at - 2 * 3600);
  schedule.day_before = std::min(local_time(day_before, "09:00", zone), schedule.morning);
  schedule.after = event.ends_at + 3600;
  return schedule;
}

AfterEventService::AfterEventService(db::Database& database, const Clock& clock,
                                     EventsService& events)
    : database_(database), clock_(clock), events_(events) {}

Result<int> AfterEventService::enqueue_due_mails() {
  const std::int64_t now = clock_.now_seconds();
  std::vector<std::pair<Event, Round>> due;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    // Events starting within three days (reminders) or ended within the week.
    auto rows = reader->query(
        std::string("SELECT ") + internal::kEventColumns +
            ", c.slug, c.name, c.time_zone FROM events e JOIN communities c ON "
            "c.id = e.community_id WHERE e.status = 'published' AND ((e.starts_at > ? AND "
            "e.starts_at <= ?) OR (e.ends_at <= ? AND e.ends_at > ?)) ORDER BY e.id LIMIT 500",
        {now, now + 3 * kDay, now, now - kLateAfterEnd - 3600});
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) {
      Event event = internal::event_from(row);
      event.community_slug = row.text(21);
      event.community_name = row.text(22);
      event.time_zone = row.text(23);
      const MailSchedule schedule = mail_schedule(event);
      const Round rounds[] = {
          {"day_before", "events.reminder_day_before", schedule.day_before, schedule.morning},
          {"morning", "events.reminder_morning", schedule.morning, event.starts_at},
          {"after", "events.after_event", schedule.after, event.ends_at + kLateAfterEnd}};
      for (const Round& round : rounds) {
        if (round.due > now) continue;
        auto done = reader->query_one(
            "SELECT 1 FROM event_mail_rounds WHERE event_id = ? AND round = ? AND starts_at = ?",
            {event.id, std::string(round.name), event.starts_at});
        if (!done) return done.error();
        if (!done->has_value()) due.emplace_back(event, round);
      }
    }
  }
  int mailed = 0;
  for (const auto& [event, round] : due) {
    auto sent = send_round(event, round.name, now < round.too_late);
    if (!sent) return sent.error();
    mailed += sent.value();
  }
  return mailed;
}

Result<int> AfterEventService::send_round(const Event& event, const std::string& round,
                                          bool in_time) {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  // Claimed first: a second worker that got here too inserts nothing and stops.
  auto claimed = transaction->execute(
      "INSERT INTO event_mail_rounds (event_id, round, starts_at, mailed, done_at) "
      "VALUES (?, ?, ?, 0, ?) ON CONFLICT (event_id, round, starts_at) DO NOTHING",
      {event.id, round, event.starts_at, now});
  if (!claimed) return claimed.error();
  if (claimed.value() == 0 || !in_time) {
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return 0;
  }
  const bool after = round == "after";
  bool survey = false;
  if (after) {
    auto questions = transaction->query_one(
        "SELECT COUNT(*) FROM event_feedback_questions WHERE event_id = ?", {event.id});
    if (!questions) return questions.error();
    survey = (*questions)->int64(0) > 0;
  }
  auto community = transaction->query_one("SELECT default_locale FROM communities WHERE id = ?",
                                          {event.community_id});
  if (!community) return community.error();
  const std::string community_language = community->has_value() ? (*community)->text(0) : "ko";
  // Reminders to everyone holding a confirmed seat; the thank-you and the
  // survey to those who came (checked in), the only ones who may answer.
  auto people = transaction->query(
      std::string("SELECT ") + internal::kRegistrationColumns + ", COALESCE(u.locale, '')" +
          internal::kRegistrationFrom +
          "LEFT JOIN users u ON u.id = r.user_id WHERE r.event_id = ? AND r.status = 'confirmed'" +
          (after ? " AND r.checked_in_at IS NOT NULL" : "") + " ORDER BY r.id",
      {event.id});
  if (!people) return people.error();
  const std::string event_path =
      "/c/" + event.community_slug + "/events/" + std::to_string(event.id);
  const std::string template_name = after                ? "events.after_event"
                                    : round == "morning" ? "events.reminder_morning"
                                                         : "events.reminder_day_before";
  int mailed = 0;
  for (const auto& row : people.value()) {
    const Registration registration = internal::registration_from(row);
    std::string language = row.text(15);
    if (language.empty()) language = community_language;
    std::string link = event_path;
    if (survey) {
      link = event_path + "/feedback";
      if (!registration.user_id) {
        // A guest's ticket token is kept only as a digest: the survey gets a
        // secret of its own, good for this registration's answers only.
        const std::string token =
            std::string(accounts::kTicketTokenPrefix) + crypto::random_token(24);
        auto stored = transaction->execute(
            "INSERT INTO event_feedback_links (registration_id, token_digest, created_at) "
            "VALUES (?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET "
            "token_digest = excluded.token_digest, created_at = excluded.created_at",
            {registration.id, crypto::token_digest(token), now});
        if (!stored) return stored.error();
        link += "/t/" + token;
      }
    }
    boost::json::object payload{
        {"template", template_name},    {"language", language},
        {"to_name", registration.name}, {"community", event.community_name},
        {"event_title", event.title},   {"link", link},
    };
    if (after) {
      payload["survey"] = survey;
    } else {
      payload["time_zone"] = event.time_zone;
      payload["starts"] = format_local(event.starts_at, event.time_zone);
      payload["venue"] = event.venue.empty() ? event.address : event.venue;
      payload["ticket_code"] = registration.ticket_code;
    }
    outbox::OutboxMessage mail{.kind = "email",
                               .target = registration.email,
                               .payload = payload,
                               .idempotency_key = "events." + std::to_string(registration.id) +
                                                  "." + round + "." +
                                                  std::to_string(event.starts_at),
                               .community_id = event.community_id,
                               .event_id = event.id,
                               .purpose = after ? "" : outbox::kPurposeReminder};
    if (auto enqueued = outbox::enqueue(transaction.value(), mail, now); !enqueued)
      return enqueued.error();
    ++mailed;
  }
  auto counted = transaction->execute(
      "UPDATE event_mail_rounds SET mailed = ? WHERE event_id = ? AND round = ? AND starts_at = ?",
      {std::int64_t{mailed}, event.id, round, event.starts_at});
  if (!counted) return counted.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return mailed;
}

}  // namespace moim::events
