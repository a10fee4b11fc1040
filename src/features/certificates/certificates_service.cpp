// Certificates: the community's template (words, signature, logo), the
// cohorts that can issue, and a preview. Issuing, revoking and re-issuing
// are in issuing.cpp; reading and verifying in certificate_lookups.cpp.
//
// PDFs are rendered on demand rather than stored: a certificate row keeps
// the words it states (content JSON) and the digest of the logo it was
// issued with, and the renderer is deterministic, so the same certificate
// always gives the same bytes. That keeps the database small (a PDF with an
// embedded CJK font subsets is ~100-300 KB; 150 completers a cohort, many
// cohorts) and a revocation or re-issue never leaves a stale file behind.
#include "features/certificates/certificates_service.hpp"

#include <sodium.h>
#include <boost/json/parse.hpp>

#include "features/certificates/certificate_content.hpp"
#include "features/certificates/certificate_number.hpp"
#include "features/certificates/internal.hpp"
#include "features/certificates/pdf_renderer.hpp"
#include "platform/base/time_zone.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/web/input.hpp"

namespace moim::certificates {

namespace {

std::string content_text(const boost::json::object& object, std::string_view key) {
  const boost::json::value* found = object.if_contains(key);
  return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

constexpr const char* kTemplateColumns =
    "title_ko, title_en, body_ko, body_en, signature_name, signature_title, language, "
    "logo_digest, updated_at";

TemplateSettings template_from_row(const db::Row& row) {
  TemplateSettings settings;
  settings.title_ko = row.text(0);
  settings.title_en = row.text(1);
  settings.body_ko = row.text(2);
  settings.body_en = row.text(3);
  settings.signature_name = row.text(4);
  settings.signature_title = row.text(5);
  settings.language = row.text(6);
  settings.has_logo = !row.is_null(7);
  settings.updated_at = row.int64(8);
  return settings;
}

}  // namespace

namespace internal {

// Columns read by certificate_from_row, over `certificates c` joined with
// communities cm, cohorts co (none for attendance and mentoring) and the certificate that
// re-issued it (nxt).
const std::string& certificate_select() {
  static const std::string kSelect =
      "SELECT c.id, c.number, cm.slug, COALESCE(co.cohort_key, ''), COALESCE(c.project_id, 0), "
      "c.user_id, c.role, c.language, c.content, c.issued_at, c.revoked_at, c.revoke_reason, "
      "nxt.number, c.community_id, c.logo_digest, cm.time_zone, c.kind, c.event_id, "
      "c.program_id, c.name_erased_at "
      "FROM certificates c JOIN communities cm ON cm.id = c.community_id "
      "LEFT JOIN cohorts co ON co.id = c.cohort_id "
      "LEFT JOIN certificates nxt ON nxt.replaces_id = c.id ";
  return kSelect;
}

Loaded certificate_from_row(const db::Row& row) {
  Loaded loaded;
  Certificate& cert = loaded.certificate;
  cert.id = row.int64(0);
  cert.number = row.text(1);
  cert.community_slug = row.text(2);
  cert.cohort_key = row.text(3);
  cert.project_id = row.int64(4);
  cert.user_id = row.int64(5);
  cert.role = row.text(6);
  cert.language = row.text(7);
  boost::system::error_code parse_error;
  boost::json::value content = boost::json::parse(row.text(8), parse_error);
  if (!parse_error && content.is_object()) loaded.content = content.as_object();
  cert.recipient_name = content_text(loaded.content, "recipient_name");
  cert.community_name = content_text(loaded.content, "community_name");
  cert.cohort_name = content_text(loaded.content, "cohort_name");
  cert.project_title = content_text(loaded.content, "project_title");
  cert.starts_on = content_text(loaded.content, "starts_on");
  cert.ends_on = content_text(loaded.content, "ends_on");
  cert.issued_at = row.int64(9);
  cert.revoked_at = row.opt_int64(10);
  cert.revoke_reason = row.text(11);
  cert.replaced_by = row.opt_text(12);
  loaded.community_id = row.int64(13);
  loaded.logo_digest = row.opt_text(14);
  cert.time_zone = row.text(15);
  cert.kind = row.text(16);
  cert.event_id = row.opt_int64(17);
  cert.event_title = content_text(loaded.content, "event_title");
  cert.venue = content_text(loaded.content, "venue");
  cert.program_id = row.opt_int64(18);
  cert.program_name = content_text(loaded.content, "program_name");
  cert.name_erased_at = row.opt_int64(19);
  return loaded;
}

Result<StoredTemplate> load_template(db::Transaction& reader, std::int64_t community_id) {
  auto row = reader.query_one(std::string("SELECT ") + kTemplateColumns +
                                  " FROM certificate_templates WHERE community_id = ?",
                              {community_id});
  if (!row) return row.error();
  if (!row->has_value()) return StoredTemplate{};
  return StoredTemplate{template_from_row(**row), (*row)->opt_text(7)};
}

Result<Loaded> load_by_number(db::Transaction& reader, const std::string& raw_number) {
  const std::string number = normalized_certificate_number(raw_number);
  if (number.empty()) return Error::not_found("no certificate has this number");
  auto row = reader.query_one(internal::certificate_select() + "WHERE c.number = ?", {number});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("no certificate has this number");
  return certificate_from_row(**row);
}

Result<std::string> load_logo(db::Transaction& reader, const std::optional<std::string>& digest) {
  if (!digest) return std::string();
  auto row =
      reader.query_one("SELECT png_base64 FROM certificate_logos WHERE digest = ?", {*digest});
  if (!row) return row.error();
  if (!row->has_value()) return std::string();
  const std::string encoded = (*row)->text(0);
  std::string bytes(encoded.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(),
                        encoded.data(), encoded.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return Error::internal("a stored certificate logo is not valid base64");
  bytes.resize(length);
  return bytes;
}

}  // namespace internal

namespace {

using internal::load_logo;
using internal::load_template;

std::string to_base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Status check_text(const std::optional<std::string>& value, const std::string& field,
                  std::size_t max_chars) {
  if (value && web::utf8_length(*value) > max_chars)
    return Error::invalid(field,
                          field + " must be at most " + std::to_string(max_chars) + " characters");
  if (value && value->find_first_of("\r\n") != std::string::npos)
    return Error::invalid(field, field + " must be one line");
  return ok_status();
}

Status check_template_input(const TemplateInput& input) {
  const std::pair<const std::optional<std::string>*, std::pair<const char*, std::size_t>> fields[] =
      {{&input.title_ko, {"title_ko", kMaxTitleChars}},
       {&input.title_en, {"title_en", kMaxTitleChars}},
       {&input.body_ko, {"body_ko", kMaxBodyChars}},
       {&input.body_en, {"body_en", kMaxBodyChars}},
       {&input.signature_name, {"signature_name", kMaxSignatureChars}},
       {&input.signature_title, {"signature_title", kMaxSignatureChars}}};
  for (const auto& [value, rule] : fields) {
    if (auto status = check_text(*value, rule.first, rule.second); !status) return status;
  }
  if (input.language && *input.language != "member" && *input.language != "ko" &&
      *input.language != "en")
    return Error::invalid("language", "language must be member, ko or en");
  if (input.logo_png) return check_logo_png(*input.logo_png);
  return ok_status();
}

}  // namespace

CertificatesService::CertificatesService(db::Database& database, const Clock& clock,
                                         communities::CommunitiesService& communities,
                                         std::string base_url, std::string holder_name_key)
    : database_(database),
      clock_(clock),
      communities_(communities),
      base_url_(std::move(base_url)),
      holder_name_key_(std::move(holder_name_key)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string CertificatesService::verify_url(const std::string& number) const {
  return base_url_ + "/verify/" + number;
}

std::string CertificatesService::download_url(const std::string& number) const {
  return base_url_ + "/certificates/" + number + ".pdf";
}

Result<CertificatesService::Managed> CertificatesService::managed(const accounts::Viewer& viewer,
                                                                  const std::string& slug) {
  auto community = communities_.find(slug);
  if (!community) return community.error();
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto standing = communities_.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage())
    return Error::forbidden("only this community's organizers manage certificates");
  return Managed{community.value()};
}

Result<TemplateSettings> CertificatesService::template_settings(const accounts::Viewer& viewer,
                                                                const std::string& slug) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto stored = load_template(*reader, access->community.id);
  if (!stored) return stored.error();
  return stored->settings;
}

Result<TemplateSettings> CertificatesService::update_template(const accounts::Viewer& viewer,
                                                              const std::string& slug,
                                                              const TemplateInput& input) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  if (auto status = check_template_input(input); !status) return status.error();
  const std::int64_t now = clock_.now_seconds();
  const std::int64_t community_id = access->community.id;
  auto transaction = database_.write();
  if (!transaction) return transaction.error();
  auto stored = load_template(*transaction, community_id);
  if (!stored) return stored.error();
  TemplateSettings next = stored->settings;
  const auto apply = [](std::string& target, const std::optional<std::string>& value) {
    if (value) target = web::trim(*value);
  };
  apply(next.title_ko, input.title_ko);
  apply(next.title_en, input.title_en);
  apply(next.body_ko, input.body_ko);
  apply(next.body_en, input.body_en);
  apply(next.signature_name, input.signature_name);
  apply(next.signature_title, input.signature_title);
  if (input.language) next.language = *input.language;
  std::optional<std::string> logo_digest = stored->logo_digest;
  if (input.remove_logo) logo_digest.reset();
  if (input.logo_png) {
    logo_digest = crypto::token_digest(*input.logo_png);
    auto known =
        transaction->query_one("SELECT 1 FROM certificate_logos WHERE digest = ?", {*logo_digest});
    if (!known) return known.error();
    if (!known->has_value()) {
      auto saved = transaction->execute(
          "INSERT INTO certificate_logos (digest, community_id, png_base64, created_at) "
          "VALUES (?, ?, ?, ?)",
          {*logo_digest, community_id, to_base64(*input.logo_png), now});
      if (!saved) return saved.error();
    }
  }
  next.has_logo = logo_digest.has_value();
  next.updated_at = now;
  auto removed = transaction->execute("DELETE FROM certificate_templates WHERE community_id = ?",
                                      {community_id});
  if (!removed) return removed.error();
  auto saved = transaction->execute(
      "INSERT INTO certificate_templates (community_id, title_ko, title_en, body_ko, body_en, "
      "signature_name, signature_title, language, logo_digest, updated_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {community_id, next.title_ko, next.title_en, next.body_ko, next.body_en, next.signature_name,
       next.signature_title, next.language, db::maybe(logo_digest), viewer.user_id(), now});
  if (!saved) return saved.error();
  if (auto logged = communities::write_audit(*transaction, community_id, viewer.user_id(),
                                             "certificates.template_update", "",
                                             {{"logo", input.logo_png      ? "replaced"
                                                       : input.remove_logo ? "removed"
                                                                           : "kept"}},
                                             now);
      !logged)
    return logged.error();
  if (auto committed = transaction->commit(); !committed) return committed.error();
  return next;
}

Result<std::vector<CohortSummary>> CertificatesService::cohorts(const accounts::Viewer& viewer,
                                                                const std::string& slug) {
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto rows = reader->query(
      "SELECT co.cohort_key, co.name, "
      "(SELECT COUNT(*) FROM cohort_closures cc WHERE cc.cohort_id = co.id), "
      "(SELECT COUNT(*) FROM completion_results r WHERE r.cohort_id = co.id "
      "AND r.outcome = 'completed'), "
      "(SELECT COUNT(*) FROM certificates c WHERE c.cohort_id = co.id AND c.revoked_at IS NULL) "
      "FROM cohorts co WHERE co.community_id = ? ORDER BY co.created_at DESC, co.id DESC",
      {access->community.id});
  if (!rows) return rows.error();
  std::vector<CohortSummary> result;
  for (const auto& row : *rows)
    result.push_back({.cohort_key = row.text(0),
                      .cohort_name = row.text(1),
                      .closed = row.int64(2) > 0,
                      .completers = static_cast<int>(row.int64(3)),
                      .issued = static_cast<int>(row.int64(4))});
  return result;
}

Result<std::string> CertificatesService::preview_pdf(const accounts::Viewer& viewer,
                                                     const std::string& slug,
                                                     const std::string& language) {
  if (language != "ko" && language != "en")
    return Error::invalid("language", "language must be ko or en");
  auto access = managed(viewer, slug);
  if (!access) return access.error();
  auto reader = database_.read();
  if (!reader) return reader.error();
  auto stored = load_template(*reader, access->community.id);
  if (!stored) return stored.error();
  auto logo = load_logo(*reader, stored->logo_digest);
  if (!logo) return logo.error();
  const bool korean = language == "ko";
  const CertificateFacts facts{
      .recipient_name = korean ? "홍길동" : "Gildong Hong",
      .community_name = access->community.name,
      .cohort_name = korean ? "10기" : "Cohort 10",
      .project_title = korean ? "LLM 논문 읽기 (미리 보기)" : "Reading LLM papers (preview)",
      .role = "runner",
      .starts_on = "2027-03-01",
      .ends_on = "2027-04-30",
      .issued_on = format_local(clock_.now_seconds(), access->community.time_zone, "%Y-%m-%d")};
  CertificateContent content =
      content_from_json(certificate_content_json(stored->settings, facts, language),
                        "CERT-000000-PREVIEW0", verify_url("CERT-000000-PREVIEW0"));
  content.language = language;
  content.logo_png = std::move(logo.value());
  return render_certificate_pdf(content);
}

}  // namespace moim::certificates
