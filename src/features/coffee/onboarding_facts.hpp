// What the wiki's onboarding path asks the coffee room (its step "a first
// coffee chat"): whether a person was ever grouped into a coffee chat of the
// community. The app wires it (features/wiki/wiki_service.hpp,
// OnboardingFacts); read in a transaction of its own.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::coffee {

Result<bool> was_grouped(db::Database& database, std::int64_t community_id, std::int64_t user_id);

}  // namespace moim::coffee
