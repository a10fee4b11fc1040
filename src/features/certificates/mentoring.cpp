// Mentoring certificates: a mentor's (멘토링 확인서) and a mentee's (멘토링
// 수료증), issued for a mentoring program from what the mentoring room hands
// over (MentoringBatch), exactly as certificates of attendance are for an
// event. This room never reads mentoring tables: the program is a reference
// by id, and the words the certificate states are fixed at issue. The number,
// the PDF renderer, the QR code, /verify, revocation and re-issue are shared.
#include <boost/json/serialize.hpp>

#include "features/accounts/account_deletion.hpp"
#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificate_number.hpp"
#include "features/certificates/certificates_service.hpp"
#include "features/certificates/internal.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

namespace {

constexpr std::size_t kMaxHolders = 10000;
constexpr std::size_t kMaxProgramNameChars = 200;
constexpr std::size_t kMaxHolderNameChars = 100;

Status check_batch(const MentoringBatch& batch) {
  if (batch.program_id <= 0) return Error::invalid("program", "the program is missing");
  const std::string name = web::trim(batch.program_name);
  if (name.empty() || web::utf8_length(name) > kMaxProgramNameChars)
    return Error::invalid("program_name", "the program's name must be 1 to " +
                                              std::to_string(kMaxProgramNameChars) + " characters");
  if (batch.starts_at <= 0 || batch.ends_at < batch.starts_at)
    return Error::invalid("starts_at", "the program's dates are not valid");
  if (batch.holders.size() > kMaxHolders)
    return Error::invalid(
        "holders", "at most " + std::to_string(kMaxHolders) + " certificates are issued at once");
  for (const MentoringHolder& holder : batch.holders) {
    if (holder.user_id <= 0)
      return Error::invalid("holders", "certificates go to members with an account only");
    const std::string holder_name = web::trim(holder.name);
    if (holder_name.empty() || web::utf8_length(holder_name) > kMaxHolderNameChars)
      return Error::invalid("holders", "every holder needs a name of 1 to " +
                                           std::to_string(kMaxHolderNameChars) + " characters");
    if (holder.role != "mentor" && holder.role != "mentee")
      return Error::invalid("holders", "every holder is a mentor or a mentee");
  }
  return ok_status();
}

// The holder's mail with the download link, in the certificate's language.
Status enqueue_mail(db::Transaction& transaction, const CertificatesService& service,
                    const MentoringFacts& facts, const std::string& language,
                    const std::string& email, const std::string& number, std::int64_t community_id,
                    std::int64_t now) {
  return outbox::enqueue(transaction,
                         {.kind = "email",
                          .target = email,
                          .payload = {{"template", "certificates.mentoring_issued"},
                                      {"language", language},
                                      {"to_name", facts.recipient_name},
                                      {"community_name", facts.community_name},
                                      {"program", facts.program_name},
                                      {"program_dates", date_span(facts.starts_on, facts.ends_on)},
                                      {"is_mentor", facts.role == "mentor"},
                                      {"number", number},
                                      {"download_url", service.download_url(number)},
                                      {"verify_url", service.verify_url(number)}},
                          .idempotency_key = "certificates.issued:" + number,
                          .community_id = community_id},
                         now);
}

}  // namespace

Result<MentoringOutcome> CertificatesService::issue_mentoring(const accounts::Viewer& viewer,
                                                              const MentoringBatch& batch) {
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
  // A program ends at the local midnight after its last day: that day is
  // the last one printed.
  const std::string ends_on =
      format_local(std::max(batch.starts_at, batch.ends_at - 1), zone, "%Y-%m-%d");
  const std::string issued_on = format_local(now, zone, "%Y-%m-%d");
  MentoringOutcome outcome{.people = static_cast<int>(batch.holders.size())};
  for (const MentoringHolder& holder : batch.holders) {
    // A revoked certificate counts too: issuing again is an explicit act
    // (re-issue), as for cohorts and events. A holder listed twice in one
    // batch finds the row this loop just wrote.
    auto existing = transaction->query_one(
        "SELECT 1 FROM certificates WHERE kind = 'mentoring' AND program_id = ? AND user_id = ? "
        "AND role = ?",
        {batch.program_id, holder.user_id, holder.role});
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
    const MentoringFacts facts{.recipient_name = web::trim(holder.name),
                               .community_name = community.name,
                               .program_name = web::trim(batch.program_name),
                               .role = holder.role,
                               .starts_on = starts_on,
                               .ends_on = ends_on,
                               .issued_on = issued_on};
    const std::string number = new_certificate_number(now);
    auto inserted = transaction->execute(
        "INSERT INTO certificates (number, community_id, kind, program_id, user_id, role, "
        "language, content, logo_digest, issued_at, issued_by) "
        "VALUES (?, ?, 'mentoring', ?, ?, ?, ?, ?, ?, ?, ?)",
        {number, community.id, batch.program_id, holder.user_id, holder.role, language,
         boost::json::serialize(mentoring_content_json(stored->settings, facts, language)),
         db::maybe(stored->logo_digest), now, viewer.user_id()});
    if (!inserted) return inserted.error();
    if (auto queued = enqueue_mail(*transaction, *this, facts, language, holder.email, number,
                                   community.id, now);
        !queued)
      return queued.error();
    ++outcome.issued;
  }
  if (outcome.issued > 0) {
    if (auto logged = communities::write_audit(
            *transaction, community.id, viewer.user_id(), "certificates.issue_mentoring",
            std::to_string(batch.program_id), {{"issued", outcome.issued}}, now);
        !logged)
      return logged.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return outcome;
}

Status CertificatesService::reissue_mentoring(db::Transaction& transaction,
                                              const internal::Loaded& loaded,
                                              const internal::StoredTemplate& stored,
                                              const std::string& issued_on,
                                              const std::string& fresh, const std::string& email,
                                              std::int64_t actor, std::int64_t now) {
  // The facts stay those the mentoring room handed over at first issue; the
  // template's signature and logo are today's, as for the other kinds.
  const Certificate& old = loaded.certificate;
  const MentoringFacts facts{.recipient_name = old.recipient_name,
                             .community_name = old.community_name,
                             .program_name = old.program_name,
                             .role = old.role,
                             .starts_on = old.starts_on,
                             .ends_on = old.ends_on,
                             .issued_on = issued_on};
  auto inserted = transaction.execute(
      "INSERT INTO certificates (number, community_id, kind, program_id, user_id, role, language, "
      "content, logo_digest, issued_at, issued_by, replaces_id) "
      "VALUES (?, ?, 'mentoring', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {fresh, loaded.community_id, db::maybe(old.program_id), old.user_id, old.role, old.language,
       boost::json::serialize(mentoring_content_json(stored.settings, facts, old.language)),
       db::maybe(stored.logo_digest), now, actor, old.id});
  if (!inserted) return inserted.error();
  return enqueue_mail(transaction, *this, facts, old.language, email, fresh, loaded.community_id,
                      now);
}

Result<std::vector<Certificate>> CertificatesService::program_certificates(
    const accounts::Viewer& viewer, const std::string& slug, std::int64_t program_id) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(internal::certificate_select() +
                                "WHERE c.kind = 'mentoring' AND c.community_id = ? AND "
                                "c.program_id = ? ORDER BY c.user_id, c.role, c.id",
                            {access->community.id, program_id});
  if (!rows) return rows.error();
  std::vector<Certificate> result;
  for (const auto& row : *rows) result.push_back(internal::certificate_from_row(row).certificate);
  return result;
}

Result<std::vector<Certificate>> CertificatesService::my_mentoring(const accounts::Viewer& viewer,
                                                                   std::int64_t program_id) {
  if (!viewer.signed_in()) return std::vector<Certificate>();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(internal::certificate_select() +
                                "WHERE c.kind = 'mentoring' AND c.program_id = ? AND "
                                "c.user_id = ? AND c.revoked_at IS NULL ORDER BY c.role",
                            {program_id, viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<Certificate> result;
  for (const auto& row : *rows) result.push_back(internal::certificate_from_row(row).certificate);
  return result;
}

}  // namespace moim::certificates
