// The wiki's part of the community's search (features/search): pages by
// title and current text. Members (and platform admins) find every page of
// the community's wiki, everyone else its public pages only, as on the wiki.
#pragma once

#include "features/search/search_source.hpp"

namespace moim::wiki {

search::SearchSource pages_search_source();

}  // namespace moim::wiki
