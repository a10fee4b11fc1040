// What the events room holds about one person (registrations and answers, feedback, talks, speaker
// entries, staff roles, stars), for the privacy room's /me/data and "download my data"
// (features/privacy). Read inside the caller's transaction; never a secret (no hash, no token, no
// sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::events {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): registrations lose name and email,
// answers, stars and staff places go; talks and speaker entries lose the bio and link and carry
// kErasedName.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): registrations
// (guests too) with their answers, check-ins, feedback and links, stars, staff places, talks and
// speaker entries go; the events, tickets and programme stay without who made them.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::events
