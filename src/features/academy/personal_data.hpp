// What the academy room holds about one person (applications and their answers, proposed projects,
// places in projects, published allocation results, seat offers), for the privacy room's /me/data
// and "download my data" (features/privacy). Read inside the caller's transaction; never a secret
// (no hash, no token, no sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::academy {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): applications, seat offers, waitlist
// places and organizers' pins about the person go; project rosters and allocation results stay.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

}  // namespace moim::academy
