// The community's search (issue #17): one box over what the rooms hold —
// projects of every cohort, public growth logs, members' public profiles,
// events, and the wiki's pages once its source is added — each found by its
// room in its own index (search_source.hpp), merged and ranked here, a page
// at a time, with the match marked in a snippet. Results follow each
// room's rules for the viewer: the page /c/{slug}/search and the API
// GET /api/v1/communities/{slug}/search show the same.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "features/accounts/accounts_service.hpp"
#include "features/communities/communities_service.hpp"
#include "features/search/search_source.hpp"
#include "platform/db/database.hpp"

namespace moim::search {

inline constexpr std::size_t kMinQueryChars = 2;  // platform/db/text_search.hpp
inline constexpr std::size_t kMaxQueryChars = 100;
inline constexpr int kPerPage = 20;
inline constexpr int kMaxPage = 50;  // 1,000 hits deep: refine the query beyond

struct SearchInput {
  std::string q;     // trimmed here
  std::string kind;  // empty: every kind
  int page = 1;
};

struct FoundHit {
  SearchHit hit;
  std::string title_html;    // escaped, the match in <mark>
  std::string snippet_html;  // escaped, the match in <mark>
};

struct SearchPage {
  std::string query;  // as searched (trimmed)
  std::string kind;
  int page = 1;
  int per_page = kPerPage;
  bool has_next = false;
  std::vector<FoundHit> hits;
};

class SearchService {
 public:
  SearchService(db::Database& database, communities::CommunitiesService& communities)
      : database_(database), communities_(communities) {}

  // A room's source; app/ adds each room's at start-up, before serving.
  void add_source(SearchSource source) { sources_.push_back(std::move(source)); }
  // The kinds the sources find, in the order they were added.
  std::vector<std::string> kinds() const;

  // The community the page is about (404 when there is none).
  Result<communities::Community> community(const std::string& slug) {
    return communities_.find(slug);
  }

  // 400 naming "q" (empty, shorter than 2 or longer than 100 characters),
  // "kind" (no source finds it) or "page"; 404 for no such community.
  Result<SearchPage> search(const accounts::Viewer& viewer, const std::string& slug,
                            const SearchInput& input);

 private:
  db::Database& database_;
  communities::CommunitiesService& communities_;
  std::vector<SearchSource> sources_;
};

// The members' source: people of the community found by their public
// profile (accounts/profile_search.hpp), for signed-in members, organizers
// and platform admins — those the profile page shows them to.
SearchSource members_search_source(communities::CommunitiesService& communities);

}  // namespace moim::search
