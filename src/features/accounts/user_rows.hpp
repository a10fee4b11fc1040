// How a user is read from the users table, shared by the accounts files;
// not part of the room's interface (defined in accounts_service.cpp).
#pragma once

#include <cstddef>

#include "features/accounts/accounts_service.hpp"

namespace moim::accounts::internal {

// The columns user_from_row reads, in its order.
inline constexpr const char* kUserColumns =
    "id, email, display_name, is_admin, email_verified_at, locale, bio, github_url, blog_url, "
    "linkedin_url, "
    "created_at";
// A User from the row's columns first..first+10 (kUserColumns), interests not loaded.
User user_from_row(const db::Row& row, std::size_t first = 0);
// Adds the user's interests (user_interests) to `user`.
Status load_interests(db::Transaction& transaction, User& user);

}  // namespace moim::accounts::internal
