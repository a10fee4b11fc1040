// The line diff, table-driven: equal texts, insertions, deletions, changes
// shown side by side, line endings, and a huge middle that falls back to
// removed-then-added instead of a quadratic table.
#include "features/wiki/line_diff.hpp"

#include <gtest/gtest.h>

namespace moim::wiki::diff {
namespace {

std::string shape(const std::vector<Line>& lines) {
  std::string out;
  for (const auto& line : lines)
    out += (line.change == Change::kSame    ? " "
            : line.change == Change::kAdded ? "+"
                                            : "-") +
           line.text + "\n";
  return out;
}

TEST(LineDiff, SplitsLines) {
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("a"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(split_lines("a\r\nb\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split_lines("a\n\nb"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(LineDiff, TableOfCases) {
  struct Case {
    const char* before;
    const char* after;
    const char* expected;
  };
  const Case cases[] = {
      {"a\nb\nc", "a\nb\nc", " a\n b\n c\n"},
      {"", "a\nb", "+a\n+b\n"},
      {"a\nb", "", "-a\n-b\n"},
      {"a\nc", "a\nb\nc", " a\n+b\n c\n"},
      {"a\nb\nc", "a\nc", " a\n-b\n c\n"},
      {"a\nb\nc", "a\nx\nc", " a\n-b\n+x\n c\n"},
      {"x\na\nb", "a\nb\ny", "-x\n a\n b\n+y\n"},
      {"# 제목\n본문", "# 제목\n고친 본문\n추가", " # 제목\n-본문\n+고친 본문\n+추가\n"},
      {"a\nb\nc\nd", "b\na\nc\nd", "-a\n b\n+a\n c\n d\n"},
  };
  for (const Case& one : cases)
    EXPECT_EQ(shape(line_diff(one.before, one.after)), one.expected)
        << one.before << " → " << one.after;
}

TEST(LineDiff, NumbersBothSides) {
  const auto lines = line_diff("a\nb\nc", "a\nx\ny\nc");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], (Line{Change::kSame, 1, 1, "a"}));
  EXPECT_EQ(lines[1], (Line{Change::kRemoved, 2, 0, "b"}));
  EXPECT_EQ(lines[2], (Line{Change::kAdded, 0, 2, "x"}));
  EXPECT_EQ(lines[3], (Line{Change::kAdded, 0, 3, "y"}));
  EXPECT_EQ(lines[4], (Line{Change::kSame, 3, 4, "c"}));
  const auto counts = count_changes(lines);
  EXPECT_EQ(counts.added, 2);
  EXPECT_EQ(counts.removed, 1);
}

TEST(LineDiff, SideBySidePairsChanges) {
  const auto rows = side_by_side(line_diff("a\nb\nc", "a\nx\ny\nc"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].kind, "same");
  EXPECT_EQ(rows[1].kind, "changed");
  EXPECT_EQ(rows[1].left, "b");
  EXPECT_EQ(rows[1].right, "x");
  EXPECT_EQ(rows[2].kind, "added");
  EXPECT_EQ(rows[2].left_number, 0);
  EXPECT_EQ(rows[2].right, "y");
  EXPECT_EQ(rows[3].kind, "same");
  EXPECT_EQ(side_by_side(line_diff("a\nb", "a"))[1].kind, "removed");
}

TEST(LineDiff, HugeMiddleStaysLinear) {
  std::string before, after;
  for (int idx = 0; idx < 3000; ++idx) {
    before += "left " + std::to_string(idx) + "\n";
    after += "right " + std::to_string(idx) + "\n";
  }
  const auto lines = line_diff("head\n" + before + "tail", "head\n" + after + "tail");
  const auto counts = count_changes(lines);
  EXPECT_EQ(counts.removed, 3000);
  EXPECT_EQ(counts.added, 3000);
  EXPECT_EQ(lines.front().change, Change::kSame);
  EXPECT_EQ(lines.back().text, "tail");
}

}  // namespace
}  // namespace moim::wiki::diff
