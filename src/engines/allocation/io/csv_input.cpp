// The CSV input: one row per project or applicant, told apart by `kind`.
//   kind,id,min,max,ranking,declined,choices,priority,pinned
//   project,p1,3,20,a7;a2,a9,,,
//   applicant,a1,,,,,p1;p4,0,
// Columns may come in any order; only kind and id are required. Lists are
// separated by ';'. Quoted fields (RFC 4180) may hold commas and newlines.
// A UTF-8 byte order mark (spreadsheet exports) is skipped.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>

#include "engines/allocation/io/allocation_io.hpp"

namespace moim::allocation::io {

namespace {

struct Row {
  int line = 0;  // physical line where the row starts
  std::vector<std::string> cells;
};

// Splits the text into rows; reports malformed quoting with its line.
std::vector<Row> split_rows(std::string_view text, std::vector<InputProblem>& problems) {
  std::vector<Row> rows;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    Row row{.line = line};
    std::string cell;
    bool row_done = false;
    while (!row_done) {
      if (i < text.size() && text[i] == '"') {
        const int quote_line = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (text[i] == '\n') ++line;
          cell += text[i++];
        }
        if (!closed) {
          problems.push_back({"line " + std::to_string(quote_line), "",
                              "a quoted field is never closed"});
          return rows;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          problems.push_back({"line " + std::to_string(line), "",
                              "unexpected text after a closing quote"});
          return rows;
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n') {
        if (text[i] == '"') {
          problems.push_back({"line " + std::to_string(line), "",
                              "a quote inside an unquoted field (quote the whole field)"});
          return rows;
        }
        cell += text[i++];
      }
      if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      row.cells.push_back(std::move(cell));
      cell.clear();
      if (i >= text.size() || text[i] == '\n') {
        row_done = true;
        ++line;
      }
      ++i;
    }
    const bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  if (trim(text).empty()) return items;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(';', start);
    items.push_back(trim(text.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return items;
}

constexpr std::array<std::string_view, 9> kColumns = {
    "kind", "id", "min", "max", "ranking", "declined", "choices", "priority", "pinned"};
constexpr std::array<std::string_view, 4> kProjectOnly = {"min", "max", "ranking", "declined"};
constexpr std::array<std::string_view, 3> kApplicantOnly = {"choices", "priority", "pinned"};

class RowReader {
 public:
  RowReader(const Row& row, const std::map<std::string, std::size_t>& columns,
            std::vector<InputProblem>& problems)
      : row_(row), columns_(columns), problems_(problems), where_("line " + std::to_string(row.line)) {}

  std::string cell(std::string_view column) const {
    const auto it = columns_.find(std::string(column));
    return it == columns_.end() ? std::string() : trim(row_.cells[it->second]);
  }

  std::optional<int> integer(std::string_view column, int low, int high) const {
    const std::string text = cell(column);
    if (text.empty()) return std::nullopt;
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
      fail(column, "must be a whole number, not \"" + text + "\"");
      return std::nullopt;
    }
    if (value < low || value > high) {
      fail(column, "must be between " + std::to_string(low) + " and " + std::to_string(high));
      return std::nullopt;
    }
    return static_cast<int>(value);
  }

  template <std::size_t N>
  void must_be_empty(const std::array<std::string_view, N>& columns, std::string_view kind) const {
    for (const auto column : columns)
      if (!cell(column).empty()) fail(column, "does not apply to a " + std::string(kind) + " row");
  }

  void fail(std::string_view column, std::string message) const {
    problems_.push_back({where_, std::string(column), std::move(message)});
  }

 private:
  const Row& row_;
  const std::map<std::string, std::size_t>& columns_;
  std::vector<InputProblem>& problems_;
  std::string where_;
};

}  // namespace

ParsedInput read_csv(std::string_view text) {
  ParsedInput parsed;
  auto& problems = parsed.problems;
  if (text.size() > kMaxInputBytes) {
    problems.push_back({"input", "", "larger than the 256 MB limit"});
    return parsed;
  }
  const std::vector<Row> rows = split_rows(text, problems);
  if (!problems.empty()) return parsed;
  if (rows.empty()) {
    problems.push_back({"line 1", "", "the file is empty (expected a header row)"});
    return parsed;
  }
  std::map<std::string, std::size_t> columns;
  const std::string header_where = "line " + std::to_string(rows[0].line);
  for (std::size_t c = 0; c < rows[0].cells.size(); ++c) {
    std::string name = trim(rows[0].cells[c]);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
      problems.push_back({header_where, name, "unknown column"});
    else if (!columns.emplace(name, c).second)
      problems.push_back({header_where, name, "column appears twice"});
  }
  for (const auto required : {"kind", "id"})
    if (!columns.contains(required)) problems.push_back({header_where, required, "column is missing"});
  if (!problems.empty()) return parsed;

  // Rows by kind, remembering lines to report validate()'s problems there.
  std::vector<int> project_lines, applicant_lines;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const Row& row = rows[r];
    const RowReader reader(row, columns, problems);
    if (row.cells.size() != rows[0].cells.size()) {
      reader.fail("", "has " + std::to_string(row.cells.size()) + " fields, the header has " +
                          std::to_string(rows[0].cells.size()));
      continue;
    }
    const std::string kind = reader.cell("kind");
    if (kind == "project") {
      reader.must_be_empty(kApplicantOnly, kind);
      Project project{.id = reader.cell("id")};
      project.min = reader.integer("min", 0, kMaxSeats).value_or(0);
      const auto max = reader.integer("max", 0, kMaxSeats);
      if (!max && reader.cell("max").empty()) reader.fail("max", "is required for a project");
      project.max = max.value_or(0);
      project.ranking = split_list(reader.cell("ranking"));
      project.declined = split_list(reader.cell("declined"));
      parsed.instance.projects.push_back(std::move(project));
      project_lines.push_back(row.line);
    } else if (kind == "applicant") {
      reader.must_be_empty(kProjectOnly, kind);
      Applicant applicant{.id = reader.cell("id")};
      applicant.choices = split_list(reader.cell("choices"));
      applicant.priority = reader.integer("priority", -kMaxSeats, kMaxSeats).value_or(0);
      if (const std::string pinned = reader.cell("pinned"); !pinned.empty())
        applicant.pinned = pinned;
      parsed.instance.applicants.push_back(std::move(applicant));
      applicant_lines.push_back(row.line);
    } else {
      reader.fail("kind", "must be \"project\" or \"applicant\", not \"" + kind + "\"");
    }
  }
  if (!problems.empty()) return parsed;

  // validate() names "projects[3]"; a CSV user wants the line.
  for (auto problem : validate(parsed.instance)) {
    const bool project = problem.where.starts_with("projects[");
    const auto open = problem.where.find('['), close = problem.where.find(']');
    const auto index = std::stoul(problem.where.substr(open + 1, close - open - 1));
    problem.where = "line " + std::to_string(project ? project_lines[index] : applicant_lines[index]);
    problems.push_back(std::move(problem));
  }
  return parsed;
}

}  // namespace moim::allocation::io
