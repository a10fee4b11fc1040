// "Contains" for SQL LIKE on both databases: `%text%` with LIKE's wildcards
// escaped (use with ESCAPE '\'), so a search for "50%" finds "50%", and
// ASCII lower-cased to compare with lower(column).
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace moim::db {

inline std::string like_contains(std::string_view text) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return pattern + "%";
}

}  // namespace moim::db
