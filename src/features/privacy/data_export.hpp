// "Download my data", prepared in the background (issue #16): a request is a
// row of data_exports, asked by the person themselves or by an organizer of a
// community on the member's request (the reason goes to the audit log). The
// request's transaction enqueues an outbox row of kind kDataExportKind; the
// outbox worker's connector (features/integrations/data_export_connector.hpp)
// calls build(), which makes the ZIP with PrivacyService::export_zip, keeps
// it, and mails the person (never the organizer) a link holding a random
// token that is stored only as its digest. The link works for the signed-in
// owner until expires_at; after that it answers 410 and the retention job
// empties the bytes (expire_data_exports, counts only).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/privacy/on_request.hpp"
#include "features/privacy/privacy_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::privacy {

// The outbox rows the worker turns into a ZIP: payload {"export_id"}.
inline constexpr const char* kDataExportKind = "data_export";
inline constexpr std::int64_t kExportLifetimeDays = 7;
inline constexpr std::size_t kMaxExportReasonChars = kMaxRequestReasonChars;  // on_request.hpp
inline constexpr int kShownExports = 10;            // the most recent, on /me/data and the API
inline constexpr int kMaxExportsPerDay = 10;        // requests a person's account gets a day
inline constexpr std::size_t kMaxTokenChars = 128;  // longer "tokens" are forged: 404

// queued -> ready -> expired; queued -> failed (the build kept failing or the
// account is gone).
struct DataExport {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> requested_by;
  std::optional<std::int64_t> community_id;  // an organizer's request: their community
  std::string reason;                        // an organizer's
  std::string state;                         // "queued" | "ready" | "failed" | "expired"
  std::int64_t created_at = 0;
  std::optional<std::int64_t> ready_at;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> byte_size;

  bool by_organizer() const { return requested_by && *requested_by != user_id; }
};

struct DataExportConfig {
  std::int64_t lifetime_days = kExportLifetimeDays;
  std::string base_url = "http://127.0.0.1:8080";  // the link in the mail
  // README.txt of the ZIP in a language ("ko", "en"), from the catalog.
  std::function<std::string(const std::string& language)> readme;
};

class DataExportService {
 public:
  DataExportService(db::Database& database, const Clock& clock,
                    communities::CommunitiesService& communities,
                    std::shared_ptr<PrivacyService> privacy, DataExportConfig config);

  // The signed-in person's own request. While one is still queued, that one
  // is returned (no second row). 429 after kMaxExportsPerDay in a day.
  Result<DataExport> request_own(const accounts::Viewer& viewer);
  // An organizer of `slug` (or an admin) on the member's request, with the
  // reason (required, 400 "reason"), audited as member.data_export_requested.
  // The link is mailed to the member. 403 for anyone else, 404 for a person
  // who is no member of the community.
  Result<DataExport> request_for_member(const accounts::Viewer& viewer, const std::string& slug,
                                        std::int64_t member_id, const std::string& reason);
  // The viewer's most recent requests, newest first (a ready one past its
  // expiry reads "expired").
  Result<std::vector<DataExport>> mine(const accounts::Viewer& viewer);
  // The ZIP behind a mailed link: only for its signed-in owner. A forged
  // token or someone else's is 404 (nothing says it exists); an expired
  // one 410 "export_expired".
  Result<std::string> download(const accounts::Viewer& viewer, const std::string& token);

  // The worker's step: builds the ZIP of the request, keeps it, mails the
  // link. Nothing to do when it is not queued any more. 404 when there is
  // no such request, 410 when the account is gone (the request is failed).
  Status build(std::int64_t export_id);
  // Gives up on a request whose build kept failing.
  Status fail(std::int64_t export_id);

 private:
  Result<DataExport> insert(db::Transaction& transaction, std::int64_t user_id,
                            std::int64_t requested_by, std::optional<std::int64_t> community_id,
                            const std::string& reason, std::int64_t now);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::shared_ptr<PrivacyService> privacy_;  // shared: the worker may outlive the routes
  DataExportConfig config_;
};

// The retention job's part: ready exports past expires_at lose their bytes
// and read "expired"; the number of them (a dry run only counts).
Result<std::int64_t> expire_data_exports(db::Transaction& transaction, std::int64_t now,
                                         bool dry_run);

// The person's export requests, for /me/data ("data_exports"): when, by whom
// (themselves or an organizer, with the reason), state and expiry. Never
// the bytes or the token digest.
Result<web::PersonalData> data_export_personal_data(db::Transaction& transaction,
                                                    std::int64_t user_id);
// Erasure: the person's exports are deleted (they hold all of their data);
// requests they made for others keep no pointer to them.
Status erase_data_exports(db::Transaction& transaction, const web::Erasure& erasure,
                          web::ErasureReport& report);

}  // namespace moim::privacy
