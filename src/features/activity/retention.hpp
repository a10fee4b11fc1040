// For the retention job (features/privacy): the cohorts closed at wrap-up
// before a time, whose leftovers other rooms may then purge.
#pragma once

#include <cstdint>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::activity {

Result<std::vector<std::int64_t>> cohorts_closed_before(db::Transaction& transaction,
                                                        std::int64_t closed_before);

}  // namespace moim::activity
