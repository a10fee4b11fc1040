// A line diff of two texts (a page's revisions), pure and without I/O: the
// longest common subsequence of their lines after the common head and tail
// are set aside, shown side by side. Written here because the wiki is its
// only user and the texts are small (a page's body is bounded).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace moim::wiki::diff {

enum class Change { kSame, kRemoved, kAdded };

// One line of the result: from the left text (removed), the right (added)
// or both (same). Numbers count from 1; 0 where the line is not on a side.
struct Line {
  Change change = Change::kSame;
  int left_number = 0;
  int right_number = 0;
  std::string text;
  bool operator==(const Line&) const = default;
};

// A row of the side-by-side view: a removed line beside the added line that
// replaced it ("changed"), or a line on one side only, or the same on both.
struct Row {
  std::string kind;  // "same" | "changed" | "removed" | "added"
  int left_number = 0;
  std::string left;
  int right_number = 0;
  std::string right;
};

// The lines of a text: "\r\n" and "\n" end a line; a last line without an
// ending is a line; an empty text has none.
std::vector<std::string> split_lines(std::string_view text);

// The middle part left after the common head and tail is compared line by
// line when it has at most this many cells (lines left × lines right);
// beyond it, the middle shows as all removed then all added: still true,
// only less precise, and never a quadratic cost on huge texts.
inline constexpr std::size_t kMaxCells = 4'000'000;

// Every line of both texts, in order, each removed, added or the same.
std::vector<Line> line_diff(std::string_view before, std::string_view after);

// The side-by-side rows of a diff: a run of removed lines followed by a run
// of added lines pairs up row by row ("changed"), the rest stand alone.
std::vector<Row> side_by_side(const std::vector<Line>& lines);

struct Counts {
  int added = 0;
  int removed = 0;
};
Counts count_changes(const std::vector<Line>& lines);

}  // namespace moim::wiki::diff
