// One CSV cell for people's spreadsheets: quoted when it holds a comma, a
// quote or a line break, and defused when it starts like a formula (=, +, -,
// @), which a spreadsheet would otherwise run.
#pragma once

#include <string>

namespace moim::web {

inline std::string csv_cell(const std::string& value) {
  std::string cell = value;
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@'))
    cell = "'" + cell;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char ch : cell) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

}  // namespace moim::web
