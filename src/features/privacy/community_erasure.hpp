// Erasing a whole community (issue #16): a platform admin's decision,
// confirmed by typing the community's slug and giving a reason. Every room's
// step (platform/web/community_erasure.hpp) runs in one transaction, so it
// is done whole or not at all; the community row stays as a tombstone
// (communities.erased_at), its certificates stay verifiable at /verify, and
// its audit log gets one entry, `community.erased`, with the reason and the
// counts of what went (never the data). Afterwards its pages answer 410, it
// leaves every list, and its slug stays taken. Accounts are not touched.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "platform/base/clock.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"
#include "platform/web/community_erasure.hpp"

namespace moim::privacy {

inline constexpr std::size_t kMaxCommunityErasureReasonChars = 1000;

// One room's step, run in the erasure's transaction.
using CommunityEraser =
    std::function<Status(db::Transaction&, const web::CommunityErasure&, web::ErasureReport&)>;

// The platform's outbox and the rooms below this one, in the order they
// must run (the outbox first, bingo before events, communities last); app/
// adds the rooms above (integrations).
std::vector<CommunityEraser> community_erasers();

struct CommunityErasureResult {
  std::string slug;
  std::string name;
  std::int64_t erased_at = 0;
  web::ErasureReport report;
};

class CommunityErasureService {
 public:
  CommunityErasureService(db::Database& database, const Clock& clock,
                          communities::CommunitiesService& communities,
                          std::vector<CommunityEraser> erasers, std::string name_key);

  // The community an admin is about to erase, for the page (the same
  // 401/403/404/410 as erase()).
  Result<communities::Community> erasable(const accounts::Viewer& viewer, const std::string& slug);
  // Platform admins only (403 for everyone else, organizers too); 404 for
  // no such community, 410 once erased. `confirm` must be the slug (422
  // "confirm"), `reason` is required (400 "reason").
  Result<CommunityErasureResult> erase(const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& confirm, const std::string& reason);

 private:
  db::Database& database_;
  const Clock& clock_;
  communities::CommunitiesService& communities_;
  std::vector<CommunityEraser> erasers_;
  std::string name_key_;
};

}  // namespace moim::privacy
