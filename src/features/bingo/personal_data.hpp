// What the bingo room holds about one person (their bingo boards, exchanges and prize claims), for
// the privacy room's /me/data and "download my data" (features/privacy). Read inside the caller's
// transaction; never a secret (no hash, no token, no sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::bingo {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): players carry kErasedName; their boards
// and exchanges stay for the other players.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): players, their
// exchanges and claims go; games, keywords, booths and prizes stay.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::bingo
