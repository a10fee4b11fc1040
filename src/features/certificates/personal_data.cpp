#include "features/certificates/personal_data.hpp"

namespace moim::certificates {

// The records; the PDFs go into the export through CertificatesService::pdf.
// A revocation's reason is the organizers' (as on /verify): left out.
Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id) {
  web::PersonalData out;
  if (auto status = web::add_personal_records(
          out, transaction, "certificates", {"certificates"},
          "SELECT number, kind, role, language, content, issued_at, revoked_at FROM certificates "
          "WHERE user_id = ? ORDER BY issued_at, id",
          {user_id},
          {"number", "kind", "role", "language", "@content", "#issued_at", "#revoked_at"});
      !status)
    return status.error();
  return out;
}

}  // namespace moim::certificates
