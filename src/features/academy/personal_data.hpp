// What the academy room holds about one person (applications and their answers, proposed projects,
// places in projects, published allocation results, seat offers), for the privacy room's /me/data
// and "download my data" (features/privacy). Read inside the caller's transaction; never a secret
// (no hash, no token, no sealed key).
#pragma once

#include <cstdint>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::academy {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): applications, seat offers, waitlist
// places and organizers' pins about the person go; project rosters and allocation results stay.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): applications and
// their answers and choices, seat offers, waitlists, pins, allocation runs and results, and the
// rosters (builders, runners, co-runners, auditors) go; cohorts and projects stay (certificates
// name them) without proposed_by or the review comment.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);
// Before a community is erased: its cohorts and its projects (in cohorts and year-round labs).
Result<std::vector<std::int64_t>> cohort_ids_of(db::Transaction& transaction,
                                                std::int64_t community_id);
Result<std::vector<std::int64_t>> project_ids_of(db::Transaction& transaction,
                                                 std::int64_t community_id);

}  // namespace moim::academy
