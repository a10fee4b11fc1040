// The audit log's part of the organizer's count
// (platform/outbox/organizer_count.hpp): the decisions people made by hand
// for a cohort or an event, one line per area of the log
// ("audit_area_allocation": pins, runs, publishing), read through the
// scope's partial index (migrations/0035_organizer_count.sql). Entries moim
// wrote itself (no actor) are not counted here: what moim did is counted
// where it happened (the outbox, seats, certificates).
#pragma once

#include "platform/outbox/organizer_count.hpp"

namespace moim::communities {

Result<outbox::CountPart> audited_count(db::Transaction& transaction,
                                        const outbox::CountScope& scope);

}  // namespace moim::communities
