// People found by their public profile (/u/{id}: the name and the bio),
// for the community search (features/search), through the users' search
// index (migrations/0039_search.sql). Only people who let fellow members
// see their profile (the profile_visible consent, as the profile page asks),
// and the viewer themself; the caller keeps to people who share the
// community with the viewer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::accounts {

struct ProfileMatch {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string bio;
  bool in_name = false;  // the name holds the query (ranks first)
  std::int64_t created_at = 0;
};

// Best first (name matches, then the newest accounts), from `offset`, at
// most `limit`. `viewer_id` (0 for nobody) is found whatever their consent.
Result<std::vector<ProfileMatch>> profiles_matching(db::Transaction& transaction,
                                                    const std::string& text, std::int64_t viewer_id,
                                                    int offset, int limit);

}  // namespace moim::accounts
