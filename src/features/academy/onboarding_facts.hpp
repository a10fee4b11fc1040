// What the wiki's onboarding path asks the academy (its step "a first
// audit"): whether a person audits a project of the community. The app
// wires it (features/wiki/wiki_service.hpp, OnboardingFacts); read in a
// transaction of its own.
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::academy {

Result<bool> audits_in(db::Database& database, std::int64_t community_id, std::int64_t user_id);

}  // namespace moim::academy
