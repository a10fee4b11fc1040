// Shared by the files of CommunitiesService: a member from its row (the
// columns id, display_name, email, stage, joined_at, in that order).
#pragma once

#include "features/communities/communities_service.hpp"

namespace moim::communities {

Member member_from_row(const db::Row& row);

}  // namespace moim::communities
