// The discord_link consent (issue #16, features/accounts/consents.hpp):
// withdrawing it unlinks the member's Discord account inside the caller's
// transaction (src/app/consent_pages.cpp), as DiscordService::unlink does.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::discord {

Status unlink_for_withdrawn_consent(db::Transaction& transaction, std::int64_t user_id);

}  // namespace moim::discord
