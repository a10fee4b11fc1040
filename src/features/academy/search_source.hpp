// The academy's part of the community's search (features/search): the
// projects of every cohort and the year-round labs, by title, summary and
// description. Everyone sees approved projects, as on the project page;
// organizers also find proposals under review.
#pragma once

#include "features/search/search_source.hpp"

namespace moim::academy {

search::SearchSource projects_search_source();

}  // namespace moim::academy
