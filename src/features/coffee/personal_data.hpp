// What the coffee room holds about one person (coffee-chat sign-ups, hours, who they asked not to
// meet, their groups), for the privacy room's /me/data and "download my data" (features/privacy).
// Read inside the caller's transaction; never a secret (no hash, no token, no sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::coffee {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): opt-ins, slots and avoid lists go; past
// groups stay, so pairs never repeat.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): opt-ins, slots,
// avoid lists, groups and their members go; programs and rounds stay without who made or closed
// them.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::coffee
