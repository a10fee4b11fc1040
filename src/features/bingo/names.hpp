// Names on bingo boards and the bingo_name consent (issue #16,
// features/accounts/consents.hpp). A player who does not agree to show their
// name on boards is stored with an empty display_name and shown everywhere
// (boards, the leaderboard, the projector, staff pages, the API) under a
// neutral label: "#" and their player number (kShownName).
#pragma once

#include <cstdint>
#include <string>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::bingo {

// The SQL for a player's shown name, `alias` being bingo_players' alias.
inline std::string shown_name_sql(const std::string& alias) {
  return "CASE WHEN " + alias + ".display_name = '' THEN '#' || CAST(" + alias +
         ".id AS TEXT) ELSE " + alias + ".display_name END";
}

// Withdrawn: every board of `user_id` loses its name, inside the caller's
// transaction (src/app/consent_pages.cpp).
Status hide_names(db::Transaction& transaction, std::int64_t user_id);
// Granted again: their boards show `name` (the account's display name).
Status show_names(db::Transaction& transaction, std::int64_t user_id, const std::string& name);

}  // namespace moim::bingo
