// The academy's part of the organizer's count
// (platform/outbox/organizer_count.hpp): the seats of a cohort's projects
// that hold a runner ("count_seats"). Selection fills them, the waitlist
// refills them; pins and co-runners are the organizers' and builders' own
// decisions and already count by hand in the audit log.
#pragma once

#include "platform/outbox/organizer_count.hpp"

namespace moim::academy {

Result<outbox::CountPart> seats_count(db::Transaction& transaction,
                                      const outbox::CountScope& scope);

}  // namespace moim::academy
