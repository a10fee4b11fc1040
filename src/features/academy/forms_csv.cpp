// libcsv does the quoting (doubled quotes, embedded CR/LF, quoted commas);
// this file adds the BOM, the encoding check and the table shape.
#include "features/academy/forms_csv.hpp"

#include <csv.h>

#include <cstdint>
#include <memory>

namespace moim::academy {

namespace {

struct Collector {
  CsvTable table;
  std::vector<std::string> row;
  bool header_done = false;
  std::size_t line = 1;       // line where the current row started
  std::size_t next_line = 1;  // advanced by the newlines we have consumed
  bool too_wide = false;
  bool too_long = false;
  std::string ragged_error;
};

void on_field(void* data, std::size_t size, void* context) {
  auto& collector = *static_cast<Collector*>(context);
  if (collector.row.size() >= kMaxImportColumns) {
    collector.too_wide = true;
    return;
  }
  collector.row.emplace_back(static_cast<const char*>(data), size);
}

void on_row(int /*terminator*/, void* context) {
  auto& collector = *static_cast<Collector*>(context);
  std::vector<std::string> row = std::move(collector.row);
  collector.row.clear();
  const int line = static_cast<int>(collector.line);
  collector.line = collector.next_line + 1;  // rows end at a newline
  // A blank line (one empty field) is no row at all.
  if (row.size() == 1 && row.front().empty()) return;
  if (!collector.header_done) {
    collector.table.headers = std::move(row);
    collector.header_done = true;
    return;
  }
  const std::size_t width = collector.table.headers.size();
  while (row.size() > width) {
    if (!row.back().empty()) {
      if (collector.ragged_error.empty())
        collector.ragged_error = "line " + std::to_string(line) + " has more cells than the header";
      return;
    }
    row.pop_back();
  }
  row.resize(width);
  if (collector.table.rows.size() >= kMaxImportRows) {
    collector.too_long = true;
    return;
  }
  collector.table.rows.push_back(std::move(row));
  collector.table.lines.push_back(line);
}

struct ParserDeleter {
  void operator()(csv_parser* parser) const {
    csv_free(parser);
    delete parser;
  }
};

}  // namespace

bool is_utf8(std::string_view text) {
  std::size_t idx = 0;
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  while (idx < text.size()) {
    const unsigned char lead = byte(idx);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      ++idx;
      continue;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1, code = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2, code = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3, code = lead & 0x07;
    } else {
      return false;
    }
    if (idx + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const unsigned char next = byte(idx + k);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF))
      return false;
    idx += extra + 1;
  }
  return true;
}

Result<CsvTable> read_csv(std::string_view bytes, const std::string& field) {
  if (bytes.size() > kMaxImportBytes) return Error::invalid(field, field + " is larger than 5 MiB");
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (!is_utf8(bytes)) {
    return Error::invalid(field, field +
                                     " is not UTF-8 text; it is likely CP949/EUC-KR — download "
                                     "the responses from Google Forms/Sheets as CSV (UTF-8) or "
                                     "save it as \"CSV UTF-8\"");
  }
  std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser{});
  if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI) != 0)
    return Error::internal("cannot start the CSV reader");
  Collector collector;
  // Feed line by line so each row knows the file line it began on.
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t end = bytes.find('\n', at);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    const std::string_view chunk = bytes.substr(at, end - at);
    if (csv_parse(parser.get(), chunk.data(), chunk.size(), on_field, on_row, &collector) !=
        chunk.size()) {
      return Error::invalid(field, field + " has a stray quote near line " +
                                       std::to_string(collector.next_line) + " (" +
                                       csv_strerror(csv_error(parser.get())) + ")");
    }
    if (chunk.back() == '\n') ++collector.next_line;
    at = end;
  }
  if (csv_fini(parser.get(), on_field, on_row, &collector) != 0)
    return Error::invalid(field, field + " ends inside a quoted cell");
  if (collector.too_wide)
    return Error::invalid(
        field, field + " has more than " + std::to_string(kMaxImportColumns) + " columns");
  if (collector.too_long)
    return Error::invalid(field,
                          field + " has more than " + std::to_string(kMaxImportRows) + " rows");
  if (!collector.ragged_error.empty())
    return Error::invalid(field, field + ": " + collector.ragged_error);
  if (!collector.header_done || collector.table.headers.empty())
    return Error::invalid(field, field + " is empty; the first row must name the columns");
  return std::move(collector.table);
}

}  // namespace moim::academy
