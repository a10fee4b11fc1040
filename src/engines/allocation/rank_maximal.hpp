// Rank-maximal allocation: the most applicants at their 1st choice, then the
// most at their 2nd, and so on (Irving, Kavitha, Mehlhorn, Michail, Paluch:
// "Rank-maximal matchings", ACM TALG 2006; capacitated projects as in
// Paluch, "Capacitated rank-maximal matchings", CIAC 2013).
#pragma once

#include <vector>

#include "engines/allocation/market.hpp"

namespace moim::allocation::detail {

// The edge each applicant is placed through (kNone = unassigned), for the
// market without the cancelled projects. Pinned applicants stay kNone.
std::vector<int> rank_maximal_edges(const Market& market, const std::vector<char>& cancelled);

}  // namespace moim::allocation::detail
