#include "features/wiki/line_diff.hpp"

#include <algorithm>
#include <cstdint>

namespace moim::wiki::diff {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    std::size_t content_end = end;
    if (content_end > start && text[content_end - 1] == '\r') --content_end;
    lines.emplace_back(text.substr(start, content_end - start));
    start = end + 1;
  }
  return lines;
}

namespace {

// The longest common subsequence of left[from_left..to_left) and
// right[from_right..to_right) by the classic table, walked back from the
// start so removals come before additions in each changed stretch.
void diff_middle(const std::vector<std::string>& left, const std::vector<std::string>& right,
                 std::size_t from_left, std::size_t to_left, std::size_t from_right,
                 std::size_t to_right, std::vector<Line>& out) {
  const std::size_t rows = to_left - from_left;
  const std::size_t columns = to_right - from_right;
  auto emit_removed = [&](std::size_t idx) {
    out.push_back({Change::kRemoved, static_cast<int>(idx + 1), 0, left[idx]});
  };
  auto emit_added = [&](std::size_t idx) {
    out.push_back({Change::kAdded, 0, static_cast<int>(idx + 1), right[idx]});
  };
  if (rows == 0 || columns == 0 || (rows + 1) * (columns + 1) > kMaxCells) {
    for (std::size_t idx = from_left; idx < to_left; ++idx) emit_removed(idx);
    for (std::size_t idx = from_right; idx < to_right; ++idx) emit_added(idx);
    return;
  }
  // suffix[r][c]: the LCS length of left[from_left + r..] and right[from_right + c..].
  const std::size_t width = columns + 1;
  std::vector<std::uint32_t> suffix((rows + 1) * width, 0);
  for (std::size_t row = rows; row-- > 0;) {
    for (std::size_t column = columns; column-- > 0;) {
      std::uint32_t& cell = suffix[row * width + column];
      if (left[from_left + row] == right[from_right + column])
        cell = suffix[(row + 1) * width + column + 1] + 1;
      else
        cell = std::max(suffix[(row + 1) * width + column], suffix[row * width + column + 1]);
    }
  }
  std::size_t row = 0, column = 0;
  while (row < rows && column < columns) {
    if (left[from_left + row] == right[from_right + column]) {
      out.push_back({Change::kSame, static_cast<int>(from_left + row + 1),
                     static_cast<int>(from_right + column + 1), left[from_left + row]});
      ++row;
      ++column;
    } else if (suffix[(row + 1) * width + column] >= suffix[row * width + column + 1]) {
      emit_removed(from_left + row++);
    } else {
      emit_added(from_right + column++);
    }
  }
  while (row < rows) emit_removed(from_left + row++);
  while (column < columns) emit_added(from_right + column++);
}

}  // namespace

std::vector<Line> line_diff(std::string_view before, std::string_view after) {
  const std::vector<std::string> left = split_lines(before);
  const std::vector<std::string> right = split_lines(after);
  std::size_t head = 0;
  while (head < left.size() && head < right.size() && left[head] == right[head]) ++head;
  std::size_t tail = 0;
  while (tail < left.size() - head && tail < right.size() - head &&
         left[left.size() - 1 - tail] == right[right.size() - 1 - tail])
    ++tail;
  std::vector<Line> out;
  out.reserve(std::max(left.size(), right.size()));
  for (std::size_t idx = 0; idx < head; ++idx)
    out.push_back({Change::kSame, static_cast<int>(idx + 1), static_cast<int>(idx + 1), left[idx]});
  diff_middle(left, right, head, left.size() - tail, head, right.size() - tail, out);
  for (std::size_t idx = tail; idx > 0; --idx) {
    const std::size_t left_idx = left.size() - idx;
    const std::size_t right_idx = right.size() - idx;
    out.push_back({Change::kSame, static_cast<int>(left_idx + 1), static_cast<int>(right_idx + 1),
                   left[left_idx]});
  }
  return out;
}

std::vector<Row> side_by_side(const std::vector<Line>& lines) {
  std::vector<Row> rows;
  std::size_t idx = 0;
  while (idx < lines.size()) {
    if (lines[idx].change == Change::kSame) {
      rows.push_back({"same", lines[idx].left_number, lines[idx].text, lines[idx].right_number,
                      lines[idx].text});
      ++idx;
      continue;
    }
    std::vector<const Line*> removed, added;
    while (idx < lines.size() && lines[idx].change == Change::kRemoved)
      removed.push_back(&lines[idx++]);
    while (idx < lines.size() && lines[idx].change == Change::kAdded)
      added.push_back(&lines[idx++]);
    const std::size_t paired = std::min(removed.size(), added.size());
    for (std::size_t at = 0; at < std::max(removed.size(), added.size()); ++at) {
      Row row;
      row.kind = at < paired ? "changed" : at < removed.size() ? "removed" : "added";
      if (at < removed.size()) {
        row.left_number = removed[at]->left_number;
        row.left = removed[at]->text;
      }
      if (at < added.size()) {
        row.right_number = added[at]->right_number;
        row.right = added[at]->text;
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Counts count_changes(const std::vector<Line>& lines) {
  Counts counts;
  for (const Line& line : lines) {
    if (line.change == Change::kAdded) ++counts.added;
    if (line.change == Change::kRemoved) ++counts.removed;
  }
  return counts;
}

}  // namespace moim::wiki::diff
