#include "platform/web/csv_localize.hpp"

#include <vector>

namespace moim::web {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

struct Cell {
  std::string raw;  // as written, quotes included
  bool quoted = false;
};

// Splits one record starting at `at`; returns the position after its line end.
std::size_t read_record(std::string_view csv, std::size_t at, std::vector<Cell>& cells,
                        std::string& line_end) {
  cells.clear();
  line_end.clear();
  Cell cell;
  bool in_quotes = false;
  while (at < csv.size()) {
    const char ch = csv[at];
    if (in_quotes) {
      cell.raw += ch;
      if (ch == '"') {
        if (at + 1 < csv.size() && csv[at + 1] == '"') {
          cell.raw += '"';
          ++at;
        } else {
          in_quotes = false;
        }
      }
      ++at;
      continue;
    }
    if (ch == '"' && cell.raw.empty()) {
      in_quotes = true;
      cell.quoted = true;
      cell.raw += ch;
    } else if (ch == ',') {
      cells.push_back(std::move(cell));
      cell = Cell{};
    } else if (ch == '\r' || ch == '\n') {
      line_end =
          ch == '\r' && at + 1 < csv.size() && csv[at + 1] == '\n' ? "\r\n" : std::string(1, ch);
      cells.push_back(std::move(cell));
      return at + line_end.size();
    } else {
      cell.raw += ch;
    }
    ++at;
  }
  cells.push_back(std::move(cell));
  return at;
}

std::string quoted_if_needed(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string localize_csv(std::string_view csv, const CellText& header_text,
                         const std::map<std::string, CellText>& values) {
  std::string out;
  if (csv.starts_with(kBom)) {
    out += kBom;
    csv.remove_prefix(kBom.size());
  }
  std::vector<Cell> cells;
  std::string line_end;
  std::size_t at = read_record(csv, 0, cells, line_end);
  std::vector<const CellText*> by_column;
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const std::string& column = cells[idx].raw;
    auto found = values.find(column);
    by_column.push_back(found == values.end() ? nullptr : &found->second);
    out += (idx == 0 ? "" : ",") + quoted_if_needed(header_text(column));
  }
  out += line_end;
  while (at < csv.size()) {
    at = read_record(csv, at, cells, line_end);
    for (std::size_t idx = 0; idx < cells.size(); ++idx) {
      const Cell& cell = cells[idx];
      const CellText* rewrite = idx < by_column.size() ? by_column[idx] : nullptr;
      out += idx == 0 ? "" : ",";
      out += rewrite && !cell.quoted && !cell.raw.empty() ? quoted_if_needed((*rewrite)(cell.raw))
                                                          : cell.raw;
    }
    out += line_end;
  }
  return out;
}

}  // namespace moim::web
