// Reading certificates: a cohort's for its organizers, a member's own, one
// by number and its PDF, and the public verification page's answer.
#include "features/certificates/certificates_service.hpp"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "features/certificates/certificate_content.hpp"
#include "features/certificates/holder_name.hpp"
#include "features/certificates/internal.hpp"
#include "features/certificates/pdf_renderer.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

using namespace internal;

Result<CohortCertificates> CertificatesService::cohort_certificates(const accounts::Viewer& viewer,
                                                                    const std::string& slug,
                                                                    const std::string& cohort_key,
                                                                    int page) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto cohort = reader->query_one(
      "SELECT co.id, co.name, (SELECT COUNT(*) FROM cohort_closures cc WHERE cc.cohort_id = "
      "co.id), "
      "(SELECT COUNT(*) FROM completion_results r WHERE r.cohort_id = co.id "
      "AND r.outcome = 'completed'), "
      "(SELECT COUNT(*) FROM certificates c WHERE c.cohort_id = co.id) "
      "FROM cohorts co WHERE co.community_id = ? AND co.cohort_key = ?",
      {access->community.id, cohort_key});
  if (!cohort) return cohort.error();
  if (!cohort->has_value()) return Error::not_found("no such cohort");
  CohortCertificates result{.community = access->community,
                            .cohort_key = cohort_key,
                            .cohort_name = (*cohort)->text(1),
                            .closed = (*cohort)->int64(2) > 0,
                            .completers = static_cast<int>((*cohort)->int64(3)),
                            .total = static_cast<int>((*cohort)->int64(4))};
  std::string sql = internal::certificate_select() +
                    "WHERE c.cohort_id = ? ORDER BY c.project_id, c.user_id, c.id";
  std::vector<db::Value> params{(*cohort)->int64(0)};
  if (page > 0) {
    sql += " LIMIT ? OFFSET ?";
    params.emplace_back(std::int64_t{kCertificatesPerPage});
    params.emplace_back(std::int64_t{page - 1} * kCertificatesPerPage);
  }
  auto rows = reader->query(sql, params);
  if (!rows) return rows.error();
  for (const auto& row : *rows)
    result.certificates.push_back(certificate_from_row(row).certificate);
  return result;
}

Result<std::vector<Certificate>> CertificatesService::mine(const accounts::Viewer& viewer) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      internal::certificate_select() + "WHERE c.user_id = ? ORDER BY c.issued_at DESC, c.id DESC",
      {viewer.user_id()});
  if (!rows) return rows.error();
  std::vector<Certificate> result;
  for (const auto& row : *rows) result.push_back(certificate_from_row(row).certificate);
  return result;
}

Result<Certificate> CertificatesService::certificate(const accounts::Viewer& viewer,
                                                     const std::string& number) {
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto loaded = load_by_number(*reader, number);
  if (!loaded) return loaded.error();
  if (loaded->certificate.user_id == viewer.user_id()) return loaded->certificate;
  auto access = managed(viewer, loaded->certificate.community_slug);
  // Someone else's certificate: the same answer as an unknown number.
  if (!access) return Error::not_found("no certificate has this number");
  return loaded->certificate;
}

Result<std::string> CertificatesService::pdf(const accounts::Viewer& viewer,
                                             const std::string& number) {
  auto allowed = certificate(viewer, number);
  if (!allowed) return allowed.error();
  // A revoked certificate's PDF would read as valid: it is refused (410),
  // and the page says it was revoked.
  if (allowed->revoked_at) return Error{410, "revoked", "this certificate was revoked", "number"};
  // Its holder deleted their account: the certificate is no longer printed
  // for anyone (it would carry no name); /verify still answers for it.
  if (allowed->name_erased_at)
    return Error{410, "name_erased", "this certificate's holder has deleted their account",
                 "number"};
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto loaded = load_by_number(*reader, number);
  if (!loaded) return loaded.error();
  auto logo = load_logo(*reader, loaded->logo_digest);
  if (!logo) return logo.error();
  CertificateContent content = content_from_json(loaded->content, loaded->certificate.number,
                                                 verify_url(loaded->certificate.number));
  content.language = loaded->certificate.language;
  content.logo_png = std::move(logo.value());
  return render_certificate_pdf(content);
}

Result<Verification> CertificatesService::verify(const std::string& number) {
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto loaded = load_by_number(*reader, number);
  if (!loaded) return loaded.error();
  const Certificate& cert = loaded->certificate;
  return Verification{.number = cert.number,
                      .kind = cert.kind,
                      .event_title = cert.event_title,
                      .venue = cert.venue,
                      .program_name = cert.program_name,
                      // After erasure only the hash is kept: no name, not even the label.
                      .recipient_name = cert.name_erased_at ? "" : cert.recipient_name,
                      .community_name = cert.community_name,
                      .cohort_name = cert.cohort_name,
                      .project_title = cert.project_title,
                      .role = cert.role,
                      .starts_on = cert.starts_on,
                      .ends_on = cert.ends_on,
                      .issued_at = cert.issued_at,
                      .time_zone = cert.time_zone,
                      .revoked_at = cert.revoked_at,
                      .name_erased = cert.name_erased_at.has_value()};
}

Result<bool> CertificatesService::check_holder_name(const std::string& number,
                                                    const std::string& name,
                                                    const std::string& client_address) {
  // The same rules (and messages) as the route's input check.
  auto typed = web::Fields(std::map<std::string, std::string>{{"name", name}})
                   .text("name", 1, kMaxHolderNameChars);
  if (!typed) return typed.error();
  constexpr std::int64_t kHour = 3600;
  const std::int64_t now = clock_.now_seconds();
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto loaded = load_by_number(*transaction, number);
  if (!loaded) return loaded.error();
  const std::int64_t certificate_id = loaded->certificate.id;
  auto stored = transaction->query_one(
      "SELECT holder_name_hash, holder_name_salt FROM certificates WHERE id = ? "
      "AND name_erased_at IS NOT NULL",
      {certificate_id});
  if (!stored) return stored.error();
  if (!stored->has_value())
    return Error{409, "name_shown", "this certificate shows its holder's name: compare it there",
                 "number"};
  // Guessing a name must stay slow: the tries of the last hour, of this
  // certificate from anyone and of this address on any certificate.
  const std::string client =
      crypto::token_digest(client_address.empty() ? std::string("unknown") : client_address);
  struct Limit {
    const char* column;
    db::Value subject;
    int per_hour;
  };
  for (const Limit& limit :
       {Limit{"certificate_id", certificate_id, kNameChecksPerCertificatePerHour},
        Limit{"client", client, kNameChecksPerClientPerHour}}) {
    auto recent = transaction->query(
        std::string("SELECT checked_at FROM certificate_name_checks WHERE ") + limit.column +
            " = ? AND checked_at > ? ORDER BY checked_at DESC LIMIT ?",
        {limit.subject, now - kHour, std::int64_t{limit.per_hour}});
    if (!recent) return recent.error();
    if (static_cast<int>(recent->size()) >= limit.per_hour) {
      // Free again when the oldest of those leaves the hour.
      const std::int64_t wait = std::max<std::int64_t>(1, recent->back().int64(0) + kHour - now);
      return Error::too_many("too many tries of this name check; try again later", wait);
    }
  }
  for (const auto& [sql, params] : std::vector<std::pair<std::string, std::vector<db::Value>>>{
           {"DELETE FROM certificate_name_checks WHERE certificate_id = ? AND checked_at <= ?",
            {certificate_id, now - kHour}},
           {"DELETE FROM certificate_name_checks WHERE client = ? AND checked_at <= ?",
            {client, now - kHour}},
           {"INSERT INTO certificate_name_checks (certificate_id, client, checked_at) "
            "VALUES (?, ?, ?)",
            {certificate_id, client, now}}}) {
    if (auto done = transaction->execute(sql, params); !done) return done.error();
  }
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return holder_name_matches(typed.value(),
                             {.hash_hex = (*stored)->text(0), .salt_hex = (*stored)->text(1)},
                             holder_name_key_);
}

}  // namespace moim::certificates
