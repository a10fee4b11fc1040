// Privacy (issue #16): what moim holds about the signed-in person, read from
// every room that holds personal data (each room's personal_data.hpp, so
// this room never names another room's tables), shown on /me/data and handed
// out as "download my data": a ZIP of one JSON file per section and the
// PDFs of their certificates (the certificates room's renderer). Never a
// secret: no password or token hash, no session token, no sealed key.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/certificates/certificates_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::privacy {

// One room's contribution: what it holds about `user_id`, read in the
// caller's transaction.
using Source = std::function<Result<web::PersonalData>(db::Transaction&, std::int64_t user_id)>;

// The rooms below this one (accounts ... mentoring); app/ adds the rooms
// above (integrations).
std::vector<Source> room_sources();

// The section of the mails moim wrote to the person (the platform's outbox).
inline constexpr const char* kMailsFile = "mails";

struct MyData {
  std::int64_t user_id = 0;
  std::int64_t generated_at = 0;
  web::PersonalData sections;  // in the order of the sources, then the mails
};

struct Document {
  std::string name;  // e.g. "certificates/CERT-2026-ABCD.pdf"
  std::string bytes;
};

class PrivacyService {
 public:
  PrivacyService(db::Database& database, const Clock& clock,
                 certificates::CertificatesService& certificates, std::vector<Source> sources);

  // The signed-in viewer's own data, one read snapshot; anonymous: 401.
  Result<MyData> my_data(const accounts::Viewer& viewer);
  // The PDFs of the viewer's certificates that still hold (revoked ones are
  // in the records, without a document).
  Result<std::vector<Document>> documents(const accounts::Viewer& viewer);
  // "Download my data": README.txt (`readme`, in the reader's language from
  // the catalog), <section>.json for each section and the documents, as ZIP
  // bytes.
  Result<std::string> export_zip(const accounts::Viewer& viewer, const std::string& readme);

 private:
  db::Database& database_;
  const Clock& clock_;
  certificates::CertificatesService& certificates_;
  std::vector<Source> sources_;
};

// {"user_id", "generated_at", "sections": [{"file", "tables", "count", "rows"}]}
boost::json::object my_data_json(const MyData& data);

}  // namespace moim::privacy
