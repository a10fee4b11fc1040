#include "engines/bingo/bingo.hpp"

#include <gtest/gtest.h>

#include <set>

namespace moim::bingo {
namespace {

std::vector<std::string> pool_of(int count) {
  std::vector<std::string> pool;
  for (int index = 0; index < count; ++index) pool.push_back("k" + std::to_string(index));
  return pool;
}

Board numbered(int size) {  // cells "k0".."k(n-1)" in reading order
  return Board{size, pool_of(size * size)};
}

TEST(SplitMix64, MatchesTheReferenceSequence) {
  SplitMix64 rng(0);  // the published first outputs for seed 0
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.next(), 0x06c45d188009454fULL);
  SplitMix64 bounded(7);
  for (int draw = 0; draw < 1000; ++draw) EXPECT_LT(bounded.below(3), 3u);
}

TEST(GenerateBoard, AFixedSeedGivesAFixedBoard) {
  // The golden vector: a change here changes every stored board's replay.
  auto board = generate_board(3, pool_of(30), {"k7", "k3"}, 42);
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->cells,
            (std::vector<std::string>{"k22", "k7", "k14", "k6", "k3", "k16", "k9", "k15", "k19"}));
  EXPECT_EQ(generate_board(3, pool_of(30), {"k7", "k3"}, 42)->cells, board->cells);
  EXPECT_NE(generate_board(3, pool_of(30), {"k7", "k3"}, 43)->cells, board->cells);
}

TEST(GenerateBoard, EverySizeHoldsThePicksAndDistinctPoolKeywords) {
  for (int size : {3, 4, 5}) {
    for (std::uint64_t seed : {1ULL, 2ULL, 0xFFFFFFFFFFFFFFFFULL}) {
      const auto pool = pool_of(size * size + 4);
      auto board = generate_board(size, pool, {"k1", "k5", "k8"}, seed);
      ASSERT_TRUE(board.has_value()) << size;
      EXPECT_EQ(board->size, size);
      ASSERT_EQ(board->cells.size(), static_cast<std::size_t>(size * size));
      const std::set<std::string> distinct(board->cells.begin(), board->cells.end());
      EXPECT_EQ(distinct.size(), board->cells.size());
      for (const char* pick : {"k1", "k5", "k8"}) EXPECT_TRUE(distinct.contains(pick));
      for (const auto& cell : board->cells)
        EXPECT_NE(std::find(pool.begin(), pool.end(), cell), pool.end());
    }
  }
  // Exactly size^2 keywords: the board is the whole pool.
  auto whole = generate_board(4, pool_of(16), {}, 9);
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(std::set<std::string>(whole->cells.begin(), whole->cells.end()).size(), 16u);
}

TEST(GenerateBoard, RefusesWhatCannotMakeABoard) {
  BoardProblem problem = BoardProblem::none;
  EXPECT_FALSE(generate_board(6, pool_of(40), {}, 1, &problem));
  EXPECT_EQ(problem, BoardProblem::bad_size);
  EXPECT_FALSE(generate_board(2, pool_of(40), {}, 1, &problem));
  EXPECT_EQ(problem, BoardProblem::bad_size);
  EXPECT_FALSE(generate_board(5, pool_of(24), {}, 1, &problem));
  EXPECT_EQ(problem, BoardProblem::too_few_keywords);
  EXPECT_FALSE(generate_board(3, pool_of(9), {"nope"}, 1, &problem));
  EXPECT_EQ(problem, BoardProblem::pick_not_in_pool);
  EXPECT_FALSE(generate_board(3, pool_of(9), {"k1", "k1"}, 1, &problem));
  EXPECT_EQ(problem, BoardProblem::repeated_pick);
  EXPECT_FALSE(generate_board(3, pool_of(12), pool_of(10), 1, &problem));
  EXPECT_EQ(problem, BoardProblem::too_many_picks);
}

TEST(Marking, MarksTheOtherPlayersPicksOnceAndKeepsTheFirstMark) {
  const Board board = numbered(3);
  Marks marks(9, 0);
  EXPECT_EQ(mark_picks(board, marks, {"k0", "k4", "absent"}, 11), (std::vector<int>{0, 4}));
  EXPECT_EQ(mark_picks(board, marks, {"k4", "k8"}, 12), (std::vector<int>{8}));
  EXPECT_EQ(marks[4], 11);  // never marked twice
  EXPECT_EQ(marks[8], 12);
  EXPECT_TRUE(mark_picks(board, marks, {"k0", "k4", "k8"}, 13).empty());
  EXPECT_EQ(count_lines(3, marks), 1);  // the diagonal
}

TEST(Lines, RowsColumnsAndBothDiagonalsOnEverySize) {
  for (int size : {3, 4, 5}) {
    const int cells = size * size;
    Marks marks(static_cast<std::size_t>(cells), 0);
    EXPECT_EQ(count_lines(size, marks), 0);
    for (int column = 0; column < size; ++column) marks[static_cast<std::size_t>(column)] = 1;
    EXPECT_EQ(count_lines(size, marks), 1) << "first row, size " << size;
    for (int row = 1; row < size; ++row) marks[static_cast<std::size_t>(row * size)] = 1;
    EXPECT_EQ(count_lines(size, marks), 2) << "and the first column";
    for (int step = 1; step < size; ++step)
      marks[static_cast<std::size_t>(step * size + size - 1 - step)] = 1;
    EXPECT_EQ(count_lines(size, marks), 3) << "and the anti-diagonal";
    Marks full(static_cast<std::size_t>(cells), 5);
    EXPECT_EQ(count_lines(size, full), 2 * size + 2);
    Marks diagonal(static_cast<std::size_t>(cells), 0);
    for (int step = 0; step < size; ++step)
      diagonal[static_cast<std::size_t>(step * size + step)] = 1;
    EXPECT_EQ(count_lines(size, diagonal), 1);
  }
  EXPECT_EQ(count_lines(3, Marks(8, 1)), 0);  // a malformed board counts nothing
}

TEST(Stamp, MarksTheCellThatBringsALineClosestThenReadingOrder) {
  const Board board = numbered(3);
  Marks marks(9, 0);
  EXPECT_EQ(stamp(board, marks, 1), 0);  // empty board: the first cell
  marks = {1, 1, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(stamp(board, marks, 2), 2);  // completes the first row
  marks = {0, 0, 0, 0, 7, 0, 0, 0, 7};
  EXPECT_EQ(stamp(board, marks, 3), 0);  // the diagonal has two: its free cell
  EXPECT_EQ(marks[0], 3);
  Marks full(9, 4);
  EXPECT_FALSE(stamp(board, full, 5).has_value());
  for (int size : {4, 5}) {
    const Board bigger = numbered(size);
    Marks few(static_cast<std::size_t>(size * size), 0);
    for (int count = 0; count < size * size; ++count) ASSERT_TRUE(stamp(bigger, few, 9 + count));
    EXPECT_EQ(count_lines(size, few), 2 * size + 2);
  }
}

TEST(Replay, VoidingAnExchangeLetsALaterOneMarkItsCells) {
  const Board board = numbered(3);
  const std::vector<Action> all = {
      {10, false, {"k0", "k1"}}, {11, false, {"k1", "k2"}}, {12, true, {}}};
  auto everything = replay(board, all);
  // The stamp goes to a cell closest to a line: row 0 is full, so every free
  // cell's best line has one mark; k3 comes first in reading order.
  EXPECT_EQ(everything.marks, (Marks{10, 10, 11, 12, 0, 0, 0, 0, 0}));
  EXPECT_EQ(everything.lines, 1);
  EXPECT_EQ(everything.lines_reached_by, 11);

  auto without_first = replay(board, {all[1], all[2]});  // exchange 10 voided
  EXPECT_EQ(without_first.marks[1], 11);                 // the cell 10 had, now 11's
  EXPECT_EQ(without_first.marks[0], 12);                 // and the stamp finishes the row
  EXPECT_EQ(without_first.marks[3], 0);
  EXPECT_EQ(without_first.lines, 1);
  EXPECT_EQ(without_first.lines_reached_by, 12);
  auto only_stamp = replay(board, {all[2]});
  EXPECT_EQ(only_stamp.marks, (Marks{12, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(only_stamp.lines, 0);
  EXPECT_EQ(only_stamp.lines_reached_by, 0);
  const auto nothing = replay(board, {});
  EXPECT_EQ(nothing.marks, Marks(9, 0));
}

TEST(Replay, AStampInTheMiddleIsReplayedOnTheBoardAsItWasThen) {
  const Board board = numbered(3);
  auto replayed = replay(board, {{1, false, {"k0", "k1"}}, {2, true, {}}, {3, false, {"k2"}}});
  EXPECT_EQ(replayed.marks[2], 2);  // the stamp completed row 0; exchange 3 found it marked
  EXPECT_EQ(replayed.lines, 1);
  EXPECT_EQ(replayed.lines_reached_by, 2);
}

}  // namespace
}  // namespace moim::bingo
