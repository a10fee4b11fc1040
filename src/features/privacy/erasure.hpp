// Erasure (issue #16): "delete my account" from /me, an organizer's erasure
// of a member on their request, and the leader's job that carries out what
// is due. A request waits kDeletionGraceDays (signing in cancels it,
// features/accounts/account_deletion.hpp); then every room's rule runs in one
// transaction (platform/web/erasure.hpp), accounts last, and the request
// keeps the counts of what went. Certificates keep a keyed hash of the name,
// so /verify can still answer "is this the holder's name?".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "features/accounts/account_deletion.hpp"
#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"

namespace moim::privacy {

// One room's rule, run in the erasure's transaction.
using Eraser = std::function<Status(db::Transaction&, const web::Erasure&, web::ErasureReport&)>;

// The rooms below this one and the platform's outbox; app/ adds the rooms
// above (integrations). Accounts is not among them: it always runs last.
std::vector<Eraser> room_erasers();

struct ErasureConfig {
  std::int64_t grace_days = accounts::kDeletionGraceDays;
  std::string base_url = "http://127.0.0.1:8080";  // links in the mails
  std::string name_key;  // certificates' keyed name hash (web::Erasure::name_key)
};

class ErasureService {
 public:
  ErasureService(db::Database& database, const Clock& clock,
                 communities::CommunitiesService& communities, std::vector<Eraser> erasers,
                 ErasureConfig config);

  // The signed-in person, confirming with their password (422 "password").
  // Signs them out everywhere. 409 "account" when the only organizer of a
  // community (the message names it) or the only platform admin.
  Result<accounts::AccountDeletion> request_own(const accounts::Viewer& viewer,
                                                const std::string& password);
  // An organizer of `slug` (or an admin) on the member's request, with the
  // reason (required), written to the community's audit log. The person is
  // mailed and may still cancel by signing in. A person who also belongs to
  // another community is refused (409 "member"): only they or a platform
  // admin may end an account other communities rely on.
  Result<accounts::AccountDeletion> request_for_member(const accounts::Viewer& viewer,
                                                       const std::string& slug,
                                                       std::int64_t member_id,
                                                       const std::string& reason);
  // The leader's job: every request due now, each in its own transaction;
  // the number carried out. One that fails is logged and tried next time.
  Result<std::int64_t> erase_due();
  // Carries out one request now (the job's step).
  Result<web::ErasureReport> erase(const accounts::AccountDeletion& deletion);

 private:
  Status check_allowed(db::Transaction& transaction, std::int64_t user_id);

  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::vector<Eraser> erasers_;
  ErasureConfig config_;
};

}  // namespace moim::privacy
