// What the activity room holds about one person (attendance, submissions, passes, growth logs,
// retrospectives, completion and drop-outs), for the privacy room's /me/data and "download my data"
// (features/privacy). Read inside the caller's transaction; never a secret (no hash, no token, no
// sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::activity {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): private growth logs, check-in failures
// and calendar feeds go; attendance, submissions (without link and text), retrospectives,
// completion results and drop-outs (without the reason) stay.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): attendance and its
// changes, check-ins, submissions and passes, growth logs, retrospectives, completion results,
// drop-outs and calendar feeds go; sessions stay without presenter and notes, deadlines and rules
// without who set them.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::activity
