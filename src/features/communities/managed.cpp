#include "features/communities/managed.hpp"

namespace moim::communities {

Result<Community> managed_community(CommunitiesService& communities, const accounts::Viewer& viewer,
                                    const std::string& slug, std::string_view refusal) {
  auto community = communities.find(slug);
  if (!community) return community.error();
  if (!viewer.signed_in()) return Error::unauthenticated();
  auto standing = communities.standing(viewer, community.value());
  if (!standing) return standing.error();
  if (!standing->can_manage()) return Error::forbidden(std::string(refusal));
  return community;
}

}  // namespace moim::communities
