// CSV exports for people (issue #12): a service writes its CSV with stable
// column names and values ("stage", "runner"); the page route that hands it
// to a person rewrites the header and the enumerated values in the viewer's
// language. Quoted cells (commas, quotes, line breaks) pass through intact,
// and so does the UTF-8 byte order mark that Excel needs.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace moim::web {

using CellText = std::function<std::string(const std::string&)>;

// `header_text(column)` names each column; `values[column](cell)` rewrites
// that column's unquoted cells (empty cells stay empty).
std::string localize_csv(std::string_view csv, const CellText& header_text,
                         const std::map<std::string, CellText>& values);

}  // namespace moim::web
