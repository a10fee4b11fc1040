// The activity room's part of the community's search (features/search):
// growth logs their authors made public ("public means every member"), by
// what they learned and what blocked them, for members and organizers of
// the community. Private logs and logs kept to a project never show, not
// even to their author here: the search shows everyone the same logs.
#pragma once

#include "features/search/search_source.hpp"

namespace moim::activity {

search::SearchSource growth_logs_search_source();

}  // namespace moim::activity
