// Erasing a whole community (issue #16, platform/web/community_erasure.hpp):
// the platform's part. The community's outbox rows not yet sent are
// cancelled and every row of it loses its address, body and the remote's
// answer (kind, state, key and times stay, so figures and exactly-once
// hold); its webhook endpoints (URLs, secrets, who added them) are deleted.
// Run it before any room queues what the erasure itself sends (Discord role
// removals), so those survive.
#pragma once

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"

namespace moim::outbox {

Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::outbox
