// The search's own work on the sources' hits, without a database: merging
// them into one ranked list, the page of it, and the snippets with the
// match marked. Unit-tested in results_test.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "features/search/search_source.hpp"

namespace moim::search {

// Every source's hits (each best first) as one list, best first: by score,
// then newest, then kind and id so that the order never depends on which
// source answered first. Keeps the `count` hits after the first `skip`.
std::vector<SearchHit> merge_hits(std::vector<std::vector<SearchHit>> per_source, std::size_t skip,
                                  std::size_t count);

// Escaped HTML of `text` around the first place it holds `query` (ASCII
// letters without case), about `width` characters with "…" where it was
// cut, every occurrence inside wrapped in <mark>. Whitespace runs become one
// space. Where the text does not hold the query, its beginning.
std::string snippet_html(std::string_view text, std::string_view query, std::size_t width = 120);

// `text` escaped whole, every occurrence of `query` in <mark> (titles).
std::string marked_html(std::string_view text, std::string_view query);

}  // namespace moim::search
