// Applications of people never placed (issue #16): once their cohort closed
// longer ago than the community's period, an application that did not end in
// a seat (and its choices and answers, and any seat offer not taken) is
// deleted. Placed runners' applications stay with their project's record.
// Which cohorts closed when is the activity room's to say (wrap-up); the
// caller passes them. Inside the caller's transaction; a dry run only counts.
#pragma once

#include <cstdint>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::academy {

Result<std::int64_t> purge_unplaced_applications(db::Transaction& transaction,
                                                 std::int64_t community_id,
                                                 const std::vector<std::int64_t>& cohort_ids,
                                                 bool dry_run);

}  // namespace moim::academy
