// Small helpers the coffee service's files share: comma lists in a column,
// and the community audit log.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "features/communities/communities_service.hpp"
#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::coffee {

// "a,b" <-> {"a", "b"}; empty items are dropped.
std::vector<std::string> split_tags(const std::string& text);
std::string join_tags(const std::vector<std::string>& tags);

// The community's audit log belongs to communities: written through its
// service, inside the caller's transaction (actor_id 0 for the system: a round closed when due).
using communities::write_audit;

}  // namespace moim::coffee
