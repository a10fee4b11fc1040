// Certificates of attendance (참가 확인서): issued for an event's checked-in
// members from what the events room hands over (AttendanceBatch). This room
// never reads events tables: the event is a reference by id, and the words
// the certificate states are fixed at issue, as for completion certificates.
// Everything else is shared: the number, the PDF renderer, the QR code, the
// /verify page, revocation and re-issue.
#include <boost/json/serialize.hpp>

#include "features/accounts/account_deletion.hpp"
#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificate_number.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/internal.hpp"
#include "features/certificates/pdf_renderer.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

namespace {

constexpr std::size_t kMaxHolders = 10000;
constexpr std::size_t kMaxEventTitleChars = 200;
constexpr std::size_t kMaxVenueChars = 200;
constexpr std::size_t kMaxHolderNameChars = 100;

Status check_batch(const AttendanceBatch& batch) {
  if (batch.event_id <= 0) return Error::invalid("event", "the event is missing");
  const std::string title = web::trim(batch.event_title);
  if (title.empty() || web::utf8_length(title) > kMaxEventTitleChars)
    return Error::invalid("event_title", "the event's title must be 1 to " +
                                             std::to_string(kMaxEventTitleChars) + " characters");
  if (web::utf8_length(batch.venue) > kMaxVenueChars)
    return Error::invalid(
        "venue", "the venue must be at most " + std::to_string(kMaxVenueChars) + " characters");
  if (batch.starts_at <= 0 || batch.ends_at < batch.starts_at)
    return Error::invalid("starts_at", "the event's times are not valid");
  if (batch.holders.size() > kMaxHolders)
    return Error::invalid(
        "holders", "at most " + std::to_string(kMaxHolders) + " certificates are issued at once");
  for (const AttendanceHolder& holder : batch.holders) {
    if (holder.user_id <= 0)
      return Error::invalid("holders", "certificates go to members with an account only");
    const std::string name = web::trim(holder.name);
    if (name.empty() || web::utf8_length(name) > kMaxHolderNameChars)
      return Error::invalid("holders", "every holder needs a name of 1 to " +
                                           std::to_string(kMaxHolderNameChars) + " characters");
  }
  return ok_status();
}

}  // namespace

Result<AttendanceOutcome> CertificatesService::issue_attendance(const accounts::Viewer& viewer,
                                                                const AttendanceBatch& batch) {
  // Resolved before the transaction opens (never two connections at once).
  auto access = managed(viewer, batch.community_slug);
  if (!access) return access.error();
  if (auto checked = check_batch(batch); !checked) return checked.error();
  const communities::Community& community = access->community;
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto stored = internal::load_template(*transaction, community.id);
  if (!stored) return stored.error();

  const std::string zone = community.time_zone;
  const std::string starts_on = format_local(batch.starts_at, zone, "%Y-%m-%d");
  // An event ending at midnight belongs to the day before.
  const std::string ends_on =
      format_local(std::max(batch.starts_at, batch.ends_at - 1), zone, "%Y-%m-%d");
  const std::string issued_on = format_local(now, zone, "%Y-%m-%d");
  AttendanceOutcome outcome{.attendees = static_cast<int>(batch.holders.size())};
  for (const AttendanceHolder& holder : batch.holders) {
    // A revoked certificate counts too: issuing again is an explicit act
    // (re-issue), as for cohorts.
    auto existing = transaction->query_one(
        "SELECT 1 FROM certificates WHERE kind = 'attendance' AND event_id = ? AND user_id = ?",
        {batch.event_id, holder.user_id});
    if (!existing) return existing.error();
    if (existing->has_value()) {
      ++outcome.already;
      continue;
    }
    // An erased account (issue #16) gets none: there is no name to print.
    auto identity = accounts::account_identity(*transaction, holder.user_id);
    if (!identity) return identity.error();
    if (!identity->has_value() || (*identity)->erased) {
      ++outcome.already;
      continue;
    }
    const std::string language =
        certificate_language(stored->settings, holder.language, community.default_locale);
    const AttendanceFacts facts{.recipient_name = web::trim(holder.name),
                                .community_name = community.name,
                                .event_title = web::trim(batch.event_title),
                                .venue = batch.venue.empty() && batch.online
                                             ? certificate_label(language, "online")
                                             : web::trim(batch.venue),
                                .starts_on = starts_on,
                                .ends_on = ends_on,
                                .issued_on = issued_on};
    const std::string number = new_certificate_number(now);
    auto inserted = transaction->execute(
        "INSERT INTO certificates (number, community_id, kind, event_id, user_id, role, language, "
        "content, logo_digest, issued_at, issued_by) "
        "VALUES (?, ?, 'attendance', ?, ?, 'attendee', ?, ?, ?, ?, ?)",
        {number, community.id, batch.event_id, holder.user_id, language,
         boost::json::serialize(attendance_content_json(stored->settings, facts, language)),
         db::maybe(stored->logo_digest), now, viewer.user_id()});
    if (!inserted) return inserted.error();
    if (auto queued = outbox::enqueue(*transaction,
                                      {.kind = "email",
                                       .target = holder.email,
                                       .payload = {{"template", "certificates.attendance_issued"},
                                                   {"language", language},
                                                   {"to_name", facts.recipient_name},
                                                   {"community_name", community.name},
                                                   {"event_title", facts.event_title},
                                                   {"event_dates", date_span(starts_on, ends_on)},
                                                   {"number", number},
                                                   {"download_url", download_url(number)},
                                                   {"verify_url", verify_url(number)}},
                                       .idempotency_key = "certificates.issued:" + number,
                                       .community_id = community.id,
                                       .event_id = batch.event_id},
                                      now);
        !queued)
      return queued.error();
    ++outcome.issued;
  }
  if (outcome.issued > 0) {
    if (auto logged = communities::write_audit(
            *transaction, community.id, viewer.user_id(), "certificates.issue_attendance",
            std::to_string(batch.event_id),
            {{"issued", outcome.issued}, {"event_id", batch.event_id}}, now);
        !logged)
      return logged.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return outcome;
}

Status CertificatesService::reissue_attendance(db::Transaction& transaction,
                                               const internal::Loaded& loaded,
                                               const internal::StoredTemplate& stored,
                                               const std::string& issued_on,
                                               const std::string& fresh, const std::string& email,
                                               std::int64_t actor, std::int64_t now) {
  // The facts stay those the events room handed over at first issue; the
  // template's signature and logo are today's, as for completion.
  const Certificate& old = loaded.certificate;
  const AttendanceFacts facts{.recipient_name = old.recipient_name,
                              .community_name = old.community_name,
                              .event_title = old.event_title,
                              .venue = old.venue,
                              .starts_on = old.starts_on,
                              .ends_on = old.ends_on,
                              .issued_on = issued_on};
  auto inserted = transaction.execute(
      "INSERT INTO certificates (number, community_id, kind, event_id, user_id, role, language, "
      "content, logo_digest, issued_at, issued_by, replaces_id) "
      "VALUES (?, ?, 'attendance', ?, ?, 'attendee', ?, ?, ?, ?, ?, ?)",
      {fresh, loaded.community_id, db::maybe(old.event_id), old.user_id, old.language,
       boost::json::serialize(attendance_content_json(stored.settings, facts, old.language)),
       db::maybe(stored.logo_digest), now, actor, old.id});
  if (!inserted) return inserted.error();
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = email,
                          .payload = {{"template", "certificates.attendance_issued"},
                                      {"language", old.language},
                                      {"to_name", facts.recipient_name},
                                      {"community_name", facts.community_name},
                                      {"event_title", facts.event_title},
                                      {"event_dates", date_span(facts.starts_on, facts.ends_on)},
                                      {"number", fresh},
                                      {"download_url", download_url(fresh)},
                                      {"verify_url", verify_url(fresh)}},
                          .idempotency_key = "certificates.issued:" + fresh,
                          .community_id = loaded.community_id,
                          .event_id = old.event_id},
                         now);
}

Result<std::vector<Certificate>> CertificatesService::event_certificates(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t event_id) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(internal::certificate_select() +
                                "WHERE c.kind = 'attendance' AND c.community_id = ? AND "
                                "c.event_id = ? ORDER BY c.user_id, c.id",
                            {access->community.id, event_id});
  if (!rows) return rows.error();
  std::vector<Certificate> result;
  for (const auto& row : *rows) result.push_back(internal::certificate_from_row(row).certificate);
  return result;
}

Result<std::optional<Certificate>> CertificatesService::my_attendance(
    const accounts::Viewer& viewer, std::int64_t event_id) {
  if (!viewer.signed_in()) return std::optional<Certificate>();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto row = reader->query_one(internal::certificate_select() +
                                   "WHERE c.kind = 'attendance' AND c.event_id = ? AND "
                                   "c.user_id = ? AND c.revoked_at IS NULL",
                               {event_id, viewer.user_id()});
  if (!row) return row.error();
  if (!row->has_value()) return std::optional<Certificate>();
  return std::optional<Certificate>(internal::certificate_from_row(**row).certificate);
}

}  // namespace moim::certificates
