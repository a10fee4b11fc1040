// What an organizer does on a member's request (erasure, a data export)
// starts the same way: the community they organize (404/401/403, as every
// management page), a reason that says whose request it is (required, at
// most kMaxRequestReasonChars, written to the audit log), and a person who
// is a member of that community (404 otherwise).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "features/communities/communities_service.hpp"

namespace moim::privacy {

inline constexpr std::size_t kMaxRequestReasonChars = 500;

struct OnRequest {
  communities::Community community;
  std::string reason;  // trimmed
};

Result<OnRequest> organizer_on_request(communities::CommunitiesService& communities,
                                       const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& reason, std::string_view refusal);

// 404 unless `member_id` is a member of `community_id`.
Status check_member_of(db::Transaction& transaction, std::int64_t member_id,
                       std::int64_t community_id);

}  // namespace moim::privacy
