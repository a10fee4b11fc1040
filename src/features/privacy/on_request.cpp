#include "features/privacy/on_request.hpp"

#include <algorithm>

#include "features/communities/managed.hpp"
#include "features/communities/personal_data.hpp"
#include "platform/web/input.hpp"

namespace moim::privacy {

Result<OnRequest> organizer_on_request(communities::CommunitiesService& communities,
                                       const accounts::Viewer& viewer, const std::string& slug,
                                       const std::string& reason, std::string_view refusal) {
  auto community = communities::managed_community(communities, viewer, slug, refusal);
  if (!community) return community.error();
  std::string trimmed = web::trim(reason);
  if (trimmed.empty())
    return Error::invalid("reason", "say whose request this is and how it reached you");
  if (web::utf8_length(trimmed) > kMaxRequestReasonChars)
    return Error::invalid("reason",
                          "at most " + std::to_string(kMaxRequestReasonChars) + " characters");
  return OnRequest{std::move(community.value()), std::move(trimmed)};
}

Status check_member_of(db::Transaction& transaction, std::int64_t member_id,
                       std::int64_t community_id) {
  auto belongs = communities::communities_of(transaction, member_id);
  if (!belongs) return belongs.error();
  if (std::find(belongs->begin(), belongs->end(), community_id) == belongs->end())
    return Error::not_found("no such member in this community");
  return ok_status();
}

}  // namespace moim::privacy
