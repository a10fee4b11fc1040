// The members' source: accounts finds people by their public profile in its
// own index, communities says which of them belong to this community. Both
// rooms sit below this one; neither reads the other's tables.
#include "features/accounts/profile_search.hpp"
#include "features/search/search_service.hpp"

namespace moim::search {

namespace {

// Matching profiles are read in batches and kept when their person is a
// member; past this many read, the search stops looking (a query that
// common across a large platform is refined, not paged through).
constexpr int kBatch = 200;
constexpr int kMostRead = 4000;

}  // namespace

SearchSource members_search_source(communities::CommunitiesService& communities) {
  auto find = [&communities](db::Transaction& transaction,
                             const SearchRequest& request) -> Result<std::vector<SearchHit>> {
    std::vector<SearchHit> hits;
    // The profile page's rule (CommunitiesService::profile): signed-in
    // people who share a community with the person, and platform admins.
    if (!request.viewer.signed_in() || (!request.viewer.is_member && !request.viewer.can_manage))
      return hits;
    for (int offset = 0; offset < kMostRead && static_cast<int>(hits.size()) < request.limit;
         offset += kBatch) {
      auto matches = accounts::profiles_matching(transaction, request.text, request.viewer.user_id,
                                                 offset, kBatch);
      if (!matches) return matches.error();
      std::vector<std::int64_t> ids;
      for (const auto& match : *matches) ids.push_back(match.user_id);
      auto members = communities.stages_of(request.community_id, ids);
      if (!members) return members.error();
      for (const auto& match : *matches) {
        if (!members->contains(match.user_id)) continue;
        if (static_cast<int>(hits.size()) >= request.limit) break;
        hits.push_back({.kind = "member",
                        .id = match.user_id,
                        .title = match.display_name,
                        .text = match.bio,
                        .url = "/u/" + std::to_string(match.user_id),
                        .score = match.in_name ? kTitleScore : kTextScore,
                        .time = match.created_at});
      }
      if (static_cast<int>(matches->size()) < kBatch) break;
    }
    return hits;
  };
  return {"member", find};
}

}  // namespace moim::search
