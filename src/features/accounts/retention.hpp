// What accounts keep past its use, for the retention job (features/privacy):
// sessions a day past their absolute expiry, one-time tokens and login links
// a week past theirs (so a late click still reads "this link expired"), and
// login failures older than a day (the throttle looks back minutes). Inside
// the caller's transaction; a dry run only counts.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::accounts {

struct ExpiredCredentials {
  std::int64_t sessions = 0;
  std::int64_t one_time_tokens = 0;
  std::int64_t login_links = 0;
  std::int64_t login_failures = 0;
};

Result<ExpiredCredentials> purge_expired_credentials(db::Transaction& transaction, std::int64_t now,
                                                     bool dry_run);

}  // namespace moim::accounts
