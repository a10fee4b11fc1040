// What the communities room holds about one person (memberships, growth stages and their history,
// the audit entries about them), for the privacy room's /me/data and "download my data"
// (features/privacy). Read inside the caller's transaction; never a secret (no hash, no token, no
// sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::communities {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

}  // namespace moim::communities
