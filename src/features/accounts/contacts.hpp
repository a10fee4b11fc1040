// What another room needs to write to a person, read inside that room's own
// transaction: users belong to accounts (migrations/README.md), so other
// rooms ask here instead of naming the table. Defined in accounts_service.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::accounts {

struct Contact {
  std::string email;
  std::string display_name;
  std::string locale;  // "ko", "en"; empty: the community's language
};
// The person's address and display name; none for an unknown id.
Result<std::optional<Contact>> contact(db::Transaction& transaction, std::int64_t user_id);
// Many people at once (a list page's names: a few queries, not one a row);
// unknown ids are absent from the map.
Result<std::map<std::int64_t, Contact>> contacts(db::Transaction& transaction,
                                                 const std::vector<std::int64_t>& user_ids);

}  // namespace moim::accounts
