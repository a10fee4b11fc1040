// Outbox retention (issue #16): a finished row (delivered, dead or
// cancelled) keeps its kind, state, key and times, so figures and
// exactly-once delivery hold, but loses its address and body once it is
// older than the community's period. Inside the caller's transaction; a dry
// run only counts.
#pragma once

#include <cstdint>
#include <optional>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::outbox {

// community_id empty: the rows of no community (account mails).
Result<std::int64_t> purge_finished_payloads(db::Transaction& transaction,
                                             std::optional<std::int64_t> community_id,
                                             std::int64_t created_before, bool dry_run);

}  // namespace moim::outbox
