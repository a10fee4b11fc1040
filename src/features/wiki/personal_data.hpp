// What the wiki room holds about one person (the revisions they wrote, their
// onboarding ticks and finishes), for the privacy room's /me/data and
// "download my data" (features/privacy). Read inside the caller's
// transaction.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::wiki {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): the revisions
// they wrote and the images they attached stay (a page's history is the
// community's) and lose their author; their onboarding ticks and finish go,
// with the funnel's counts.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp):
// every page, revision, image, step, tick and count of its wiki goes.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::wiki
