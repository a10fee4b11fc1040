// Small helpers the coffee service's files share: comma lists in a column,
// and the community audit log.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::coffee {

// "a,b" <-> {"a", "b"}; empty items are dropped.
std::vector<std::string> split_tags(const std::string& text);
std::string join_tags(const std::vector<std::string>& tags);

// actor_id 0: the system (a round closed when due).
Status write_audit(db::Transaction& transaction, std::int64_t community_id, std::int64_t actor_id,
                   const std::string& action, const std::string& subject,
                   const boost::json::object& detail, std::int64_t now);

}  // namespace moim::coffee
