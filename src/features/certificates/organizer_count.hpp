// The certificates' part of the organizer's count
// (platform/outbox/organizer_count.hpp): the certificates issued for a
// cohort (completion) or an event (attendance), re-issues included: each
// was a document an organizer once made and mailed by hand.
#pragma once

#include "platform/outbox/organizer_count.hpp"

namespace moim::certificates {

Result<outbox::CountPart> certificates_count(db::Transaction& transaction,
                                             const outbox::CountScope& scope);

}  // namespace moim::certificates
