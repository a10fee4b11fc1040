// What the integrations room holds about one person (the Discord account they linked), for the
// privacy room's /me/data and "download my data" (features/privacy). Read inside the caller's
// transaction; never a secret (no hash, no token, no sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::automation {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): the moim roles they hold on each
// connected Discord server are taken through the outbox (while the link still says who they are
// there), then the link, any Discord sign-in in progress and their mail preferences go. The
// Notion project pages drop them at the next plan (notion/page_content.cpp skips erased accounts).
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): for every member
// with a linked Discord account, each role moim made on the community's server (bot mode) is taken
// through the outbox; plans lose their actions (their summaries name people), settings and
// connections who set them. Discord links are the person's, not the community's: they stay.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

}  // namespace moim::automation
