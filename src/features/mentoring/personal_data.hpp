// What the mentoring room holds about one person (offers, applications, pairs and their sessions,
// notes they wrote, check-ins, feedback), for the privacy room's /me/data and "download my data"
// (features/privacy). Read inside the caller's transaction; never a secret (no hash, no token, no
// sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::mentoring {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): offers and applications lose every text
// (pending ones are withdrawn), private notes go; pairs, sessions, check-ins and feedback stay
// without comments.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): offers,
// applications, rules, runs, pairs, sessions, notes, check-ins and feedback go; programs stay
// (created_by is required: kept, as the program's founder).
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::mentoring
