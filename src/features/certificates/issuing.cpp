// Issuing a closed cohort's certificates to those who completed, and an
// organizer revoking or re-issuing one (the old number then points to the new).
#include "features/certificates/certificates_service.hpp"

#include <boost/json/serialize.hpp>

#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificate_number.hpp"
#include "features/certificates/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

using namespace internal;

Result<IssueOutcome> CertificatesService::issue_cohort(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       const std::string& cohort_key) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  std::int64_t cohort_id = 0;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto cohort =
        reader->query_one("SELECT id FROM cohorts WHERE community_id = ? AND cohort_key = ?",
                          {access->community.id, cohort_key});
    if (!cohort) return cohort.error();
    if (!cohort->has_value()) return Error::not_found("no such cohort");
    cohort_id = (*cohort)->int64(0);
  }
  return issue(cohort_id, viewer.user_id());
}

Result<IssueOutcome> CertificatesService::issue_closed_cohort(std::int64_t cohort_id) {
  return issue(cohort_id, std::nullopt);
}

Result<IssueOutcome> CertificatesService::issue(std::int64_t cohort_id,
                                                std::optional<std::int64_t> actor) {
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto cohort = transaction->query_one(
      "SELECT co.community_id, co.name, cm.name, cm.default_locale, cm.time_zone, "
      "(SELECT COUNT(*) FROM cohort_closures cc WHERE cc.cohort_id = co.id) "
      "FROM cohorts co JOIN communities cm ON cm.id = co.community_id WHERE co.id = ?",
      {cohort_id});
  if (!cohort) return cohort.error();
  if (!cohort->has_value()) return Error::not_found("no such cohort");
  const db::Row& cohort_row = **cohort;
  const std::int64_t community_id = cohort_row.int64(0);
  const std::string cohort_name = cohort_row.text(1);
  const std::string community_name = cohort_row.text(2);
  const std::string community_locale = cohort_row.text(3);
  const std::string zone = cohort_row.text(4);
  if (cohort_row.int64(5) == 0)
    return Error::conflict("cohort", "certificates are issued once the cohort is closed");
  auto stored = load_template(*transaction, community_id);
  if (!stored) return stored.error();

  IssueOutcome outcome;
  auto completers = transaction->query(
      "SELECT COUNT(*) FROM completion_results WHERE cohort_id = ? AND outcome = 'completed'",
      {cohort_id});
  if (!completers) return completers.error();
  outcome.completers = static_cast<int>(completers->front().int64(0));
  auto missing = transaction->query(
      "SELECT r.project_id, r.user_id, r.role, p.title, p.starts_on, p.ends_on, u.display_name, "
      "u.email, COALESCE(u.locale, '') "
      "FROM completion_results r JOIN academy_projects p ON p.id = r.project_id "
      "JOIN users u ON u.id = r.user_id "
      // An erased account (issue #16) gets no new certificate: no name to print.
      "WHERE r.cohort_id = ? AND r.outcome = 'completed' AND u.erased_at IS NULL AND NOT EXISTS "
      "(SELECT 1 FROM certificates c WHERE c.project_id = r.project_id AND c.user_id = r.user_id) "
      "ORDER BY r.project_id, r.user_id",
      {cohort_id});
  if (!missing) return missing.error();
  const std::string issued_on = format_local(now, zone, "%Y-%m-%d");
  for (const auto& row : *missing) {
    const std::string language =
        certificate_language(stored->settings, row.text(8), community_locale);
    const CertificateFacts facts{.recipient_name = row.text(6),
                                 .community_name = community_name,
                                 .cohort_name = cohort_name,
                                 .project_title = row.text(3),
                                 .role = row.text(2),
                                 .starts_on = row.text(4),
                                 .ends_on = row.text(5),
                                 .issued_on = issued_on};
    const std::string number = new_certificate_number(now);
    auto inserted = transaction->execute(
        "INSERT INTO certificates (number, community_id, cohort_id, project_id, user_id, role, "
        "language, content, logo_digest, issued_at, issued_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {number, community_id, cohort_id, row.int64(0), row.int64(1), row.text(2), language,
         boost::json::serialize(certificate_content_json(stored->settings, facts, language)),
         db::maybe(stored->logo_digest), now, db::maybe(actor)});
    if (!inserted) return inserted.error();
    if (auto queued = outbox::enqueue(*transaction,
                                      {.kind = "email",
                                       .target = row.text(7),
                                       .payload = {{"template", "certificates.issued"},
                                                   {"language", language},
                                                   {"to_name", row.text(6)},
                                                   {"community_name", community_name},
                                                   {"cohort_name", cohort_name},
                                                   {"project_title", row.text(3)},
                                                   {"number", number},
                                                   {"download_url", download_url(number)},
                                                   {"verify_url", verify_url(number)}},
                                       .idempotency_key = "certificates.issued:" + number,
                                       .community_id = community_id,
                                       .cohort_id = cohort_id},
                                      now);
        !queued)
      return queued.error();
    ++outcome.issued;
  }
  outcome.already = outcome.completers - outcome.issued;
  if (outcome.issued > 0) {
    if (auto logged = communities::write_audit(
            *transaction, community_id, actor.value_or(0), "certificates.issue",
            std::to_string(cohort_id), {{"issued", outcome.issued}, {"cohort_id", cohort_id}}, now);
        !logged)
      return logged.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return outcome;
}

Result<Certificate> CertificatesService::revoke(const accounts::Viewer& viewer,
                                                const std::string& number,
                                                const std::string& raw_reason) {
  const std::string reason = web::trim(raw_reason);
  if (reason.empty()) return Error::invalid("reason", "say why the certificate is revoked");
  if (web::utf8_length(reason) > kMaxRevokeReasonChars)
    return Error::invalid("reason", "reason must be at most " +
                                        std::to_string(kMaxRevokeReasonChars) + " characters");
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load_by_number(*transaction, number);
  if (!loaded) return loaded.error();
  auto access = managed(viewer, loaded->certificate.community_slug);
  if (!access) {
    if (loaded->certificate.user_id == viewer.user_id()) return access.error();
    return Error::not_found("no certificate has this number");
  }
  if (loaded->certificate.revoked_at)
    return Error::conflict("number", "this certificate is already revoked");
  auto updated = transaction->execute(
      "UPDATE certificates SET revoked_at = ?, revoke_reason = ?, revoked_by = ? WHERE id = ? "
      "AND revoked_at IS NULL",
      {now, reason, viewer.user_id(), loaded->certificate.id});
  if (!updated) return updated.error();
  if (auto logged = communities::write_audit(
          *transaction, loaded->community_id, viewer.user_id(), "certificates.revoke",
          loaded->certificate.number,
          {{"reason", reason}, {"user_id", loaded->certificate.user_id}}, now);
      !logged)
    return logged.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  Certificate result = loaded->certificate;
  result.revoked_at = now;
  result.revoke_reason = reason;
  return result;
}

Result<Certificate> CertificatesService::reissue(const accounts::Viewer& viewer,
                                                 const std::string& number) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load_by_number(*transaction, number);
  if (!loaded) return loaded.error();
  auto access = managed(viewer, loaded->certificate.community_slug);
  if (!access) {
    if (loaded->certificate.user_id == viewer.user_id()) return access.error();
    return Error::not_found("no certificate has this number");
  }
  const Certificate& old = loaded->certificate;
  if (!old.revoked_at)
    return Error::conflict("number", "revoke the certificate before issuing a new one");
  if (old.replaced_by)
    return Error::conflict("number",
                           "this certificate was already re-issued as " + *old.replaced_by);
  // Its holder's account was erased: there is nobody to issue to any more.
  if (old.name_erased_at)
    return Error::conflict("number", "this certificate's holder has deleted their account");
  auto stored = load_template(*transaction, loaded->community_id);
  if (!stored) return stored.error();
  auto zone = transaction->query_one("SELECT time_zone FROM communities WHERE id = ?",
                                     {loaded->community_id});
  if (!zone) return zone.error();
  const std::string fresh = new_certificate_number(now);
  if (old.kind == kAttendance || old.kind == kMentoring) {
    // The facts were handed over by another room at first issue and are
    // kept; only the mail address is today's.
    auto holder = transaction->query_one("SELECT email FROM users WHERE id = ?", {old.user_id});
    if (!holder) return holder.error();
    if (!holder->has_value()) return Error::conflict("number", "this member's account is gone");
    const std::string issued_on = format_local(now, (*zone)->text(0), "%Y-%m-%d");
    const std::string email = (*holder)->text(0);
    if (auto issued = old.kind == kAttendance
                          ? reissue_attendance(*transaction, *loaded, stored.value(), issued_on,
                                               fresh, email, viewer.user_id(), now)
                          : reissue_mentoring(*transaction, *loaded, stored.value(), issued_on,
                                              fresh, email, viewer.user_id(), now);
        !issued)
      return issued.error();
  } else {
    auto person = transaction->query_one(
        "SELECT u.display_name, u.email, COALESCE(u.locale, ''), r.outcome, co.id "
        "FROM users u JOIN completion_results r ON r.user_id = u.id AND r.project_id = ? "
        "JOIN cohorts co ON co.id = r.cohort_id WHERE u.id = ?",
        {old.project_id, old.user_id});
    if (!person) return person.error();
    if (!person->has_value() || (*person)->text(3) != "completed")
      return Error::conflict("number", "this member's completion result is no longer 'completed'");
    // The facts stay those of the original (a corrected name is taken from the
    // account now: fixing a misspelt name is a usual reason to re-issue).
    CertificateFacts facts{.recipient_name = (*person)->text(0),
                           .community_name = old.community_name,
                           .cohort_name = old.cohort_name,
                           .project_title = old.project_title,
                           .role = old.role,
                           .starts_on = old.starts_on,
                           .ends_on = old.ends_on,
                           .issued_on = format_local(now, (*zone)->text(0), "%Y-%m-%d")};
    auto inserted = transaction->execute(
        "INSERT INTO certificates (number, community_id, cohort_id, project_id, user_id, role, "
        "language, content, logo_digest, issued_at, issued_by, replaces_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {fresh, loaded->community_id, (*person)->int64(4), old.project_id, old.user_id, old.role,
         old.language,
         boost::json::serialize(certificate_content_json(stored->settings, facts, old.language)),
         db::maybe(stored->logo_digest), now, viewer.user_id(), old.id});
    if (!inserted) return inserted.error();
    if (auto queued = outbox::enqueue(*transaction,
                                      {.kind = "email",
                                       .target = (*person)->text(1),
                                       .payload = {{"template", "certificates.issued"},
                                                   {"language", old.language},
                                                   {"to_name", facts.recipient_name},
                                                   {"community_name", facts.community_name},
                                                   {"cohort_name", facts.cohort_name},
                                                   {"project_title", facts.project_title},
                                                   {"number", fresh},
                                                   {"download_url", download_url(fresh)},
                                                   {"verify_url", verify_url(fresh)}},
                                       .idempotency_key = "certificates.issued:" + fresh,
                                       .community_id = loaded->community_id,
                                       .cohort_id = (*person)->int64(4)},
                                      now);
        !queued)
      return queued.error();
  }
  if (auto logged =
          communities::write_audit(*transaction, loaded->community_id, viewer.user_id(),
                                   "certificates.reissue", fresh, {{"replaces", old.number}}, now);
      !logged)
    return logged.error();
  auto reloaded = load_by_number(*transaction, fresh);
  if (!reloaded) return reloaded.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return reloaded->certificate;
}

}  // namespace moim::certificates
