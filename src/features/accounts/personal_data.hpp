// What the accounts room holds about one person (the profile, interests, and when and where they
// signed in), for the privacy room's /me/data and "download my data" (features/privacy). Read
// inside the caller's transaction; never a secret (no hash, no token, no sealed key).
#pragma once

#include <cstdint>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::accounts {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): the sign-in data and the profile go;
// the user row stays, emptied and named kErasedName, so kept records still have an author. Runs
// last.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the person (issue #16, platform/web/erasure.hpp): the sign-in data and the profile go;
// the user row stays, emptied and named kErasedName, so kept records still have an author. The
// privacy room runs it last, after every other room's rule.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

}  // namespace moim::accounts
