// What a room gives the community's search (issue #17): one SearchSource per
// room, which finds the query in its own tables through its own index
// (migrations/0039_search.sql, platform/db/text_search.hpp) and shows only
// what the viewer may see there. The search room merges the hits of every
// source; app/ hands it the sources, so no room reads another's tables.
//
// This room sits just above communities (tests/architecture/check_imports.py)
// so that every room with something to find may include this header.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "platform/base/error.hpp"
#include "platform/db/database.hpp"

namespace moim::search {

// What the search knows of the viewer in the community, for each source's
// own rules.
struct SearchViewer {
  std::int64_t user_id = 0;  // 0: nobody signed in
  bool is_member = false;
  bool can_manage = false;  // an organizer of the community, or a platform admin
  bool signed_in() const { return user_id != 0; }
};

struct SearchRequest {
  std::int64_t community_id = 0;
  std::string community_slug;  // for the hits' links
  std::string text;            // trimmed, kMinQueryChars..kMaxQueryChars characters
  SearchViewer viewer;
  int limit = 20;  // the source's best `limit` hits, never more
};

// A title match ranks above a match in the text only.
inline constexpr int kTitleScore = 2;
inline constexpr int kTextScore = 1;

struct SearchHit {
  std::string kind;  // "project", "growth_log", "member", "event", ...
  std::int64_t id = 0;
  std::string title;  // plain text; the page escapes it
  std::string text;   // the searched text, plain; the search cuts the snippet from it
  std::string url;    // the page that shows the thing, e.g. "/c/lab/projects/12"
  int score = kTextScore;
  std::int64_t time = 0;  // UTC seconds: the newer first among equal scores
};

// A source returns its hits best first: by score, then newest, then the
// higher id; the merge relies on that order to page across sources.
struct SearchSource {
  std::string kind;
  std::function<Result<std::vector<SearchHit>>(db::Transaction&, const SearchRequest&)> find;
};

}  // namespace moim::search
