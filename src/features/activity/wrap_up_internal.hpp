// Helpers shared by the wrap-up service's files; not part of its interface.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "features/activity/wrap_up_service.hpp"
#include "features/communities/communities_service.hpp"

namespace moim::activity::wrap_up_internal {

// Everything that decides the results of one project as of `now`: its
// accepted builders, its runners and its drop-outs, with their facts.
Result<std::map<std::int64_t, MemberFacts>> gather_member_facts(db::Transaction& reader,
                                                                const academy::Project& project,
                                                                std::int64_t now);

// One mail through the outbox, addressed in the member's language (their
// locale, else the community's), with a community-relative link.
Status mail_member(db::Transaction& transaction, std::int64_t community_id, std::int64_t user_id,
                   const std::string& path, boost::json::object payload, const std::string& key,
                   std::int64_t now, std::optional<std::int64_t> cohort_id = std::nullopt);

// The community's audit log belongs to communities: written through its
// service, inside the caller's transaction (actor_id 0 for the system).
using communities::write_audit;

}  // namespace moim::activity::wrap_up_internal
