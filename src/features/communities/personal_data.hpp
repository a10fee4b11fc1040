// What the communities room holds about one person (memberships, growth stages and their history,
// the audit entries about them), for the privacy room's /me/data and "download my data"
// (features/privacy). Read inside the caller's transaction; never a secret (no hash, no token, no
// sealed key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"
#include "platform/web/erasure.hpp"
#include "platform/web/personal_data.hpp"

namespace moim::communities {

Result<web::PersonalData> personal_data(db::Transaction& transaction, std::int64_t user_id);

// Erasing the person (issue #16, platform/web/erasure.hpp): memberships and their stage history go
// (the member counts with them); audit entries about the person lose their detail; what they did as
// an organizer stays.
Status erase_personal(db::Transaction& transaction, const web::Erasure& erasure,
                      web::ErasureReport& report);

// Erasing the whole community (issue #16, platform/web/community_erasure.hpp): memberships and
// their stage history, privacy notices and agreements go; audit entries stay without actor, subject
// and detail; the community row stays as a tombstone (erased_at, no description) so its
// certificates keep their issuer and its slug stays taken.
Status erase_community(db::Transaction& transaction, const web::CommunityErasure& erasure,
                       web::ErasureReport& report);

// Before an erasure is asked for: the names of the communities whose only
// organizer the person is (refused until another is named), and the ids of
// every community they belong to.
Result<std::vector<std::string>> communities_left_without_organizer(db::Transaction& transaction,
                                                                    std::int64_t user_id);
Result<std::vector<std::int64_t>> communities_of(db::Transaction& transaction,
                                                 std::int64_t user_id);

// Before a community is erased: everyone who is a member of it (for the rooms' steps), and whether
// it already is erased (read in the erasure's transaction).
Result<std::vector<std::int64_t>> member_ids_of(db::Transaction& transaction,
                                                std::int64_t community_id);
Result<bool> community_erased(db::Transaction& transaction, std::int64_t community_id);

}  // namespace moim::communities
