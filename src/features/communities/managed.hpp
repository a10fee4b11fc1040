// The check every organizers-only read or change begins with, for rooms and
// services outside CommunitiesService: the community by its slug (404), a
// signed-in viewer (401), who organizes it or is a platform admin (403,
// with `refusal` as the message).
#pragma once

#include <string>
#include <string_view>

#include "features/communities/communities_service.hpp"

namespace moim::communities {

Result<Community> managed_community(CommunitiesService& communities, const accounts::Viewer& viewer,
                                    const std::string& slug, std::string_view refusal);

}  // namespace moim::communities
