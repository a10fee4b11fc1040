// Reading a Google Forms CSV export: RFC 4180 quoting (parsed by libcsv),
// an optional UTF-8 BOM, strictly UTF-8 text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/base/error.hpp"

namespace moim::academy {

inline constexpr std::size_t kMaxImportBytes = 5 * 1024 * 1024;  // 5 MiB
inline constexpr std::size_t kMaxImportRows = 20000;
inline constexpr std::size_t kMaxImportColumns = 200;

struct CsvTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each padded to headers.size()
  std::vector<int> lines;                      // the file line each row starts on
};

// Errors name `field` (the upload's form field): too large, not UTF-8 (most
// likely a CP949/EUC-KR export), malformed quoting, no header row, too many
// columns or rows. Ragged rows are padded with empty cells; a row with more
// cells than the header keeps only the header's width if the extra cells
// are empty, and is refused otherwise.
Result<CsvTable> read_csv(std::string_view bytes, const std::string& field);

// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_utf8(std::string_view text);

}  // namespace moim::academy
