// Guest registrations after their event (issue #16): a guest (no account)
// gave a name and an address for one event. Once it ended longer ago than
// the community's period, the registration keeps its ticket type, status
// and check-in, so the event's figures hold, but loses the name, address,
// private link and answers. Inside the caller's transaction; a dry run only
// counts.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::events {

Result<std::int64_t> erase_guest_registrations(db::Transaction& transaction,
                                               std::int64_t community_id, std::int64_t ended_before,
                                               bool dry_run);

}  // namespace moim::events
