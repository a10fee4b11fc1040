// The bingo engine: boards, marks and lines of the networking bingo (issue
// #14). Pure: no I/O, no clock, no database; the bingo room stores what this
// computes.
//
// A board is size x size keywords in reading order (row by row). Marks are
// one number per cell: 0 for an unmarked cell, otherwise the id of the action
// (an exchange with another player, or a booth's stamp) that marked it. A
// cell is marked once and keeps its first mark; voiding an action is a replay
// of the remaining actions in id order (replay()), so a later action may mark
// a cell the voided one had.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moim::bingo {

inline constexpr int kMinSize = 3;
inline constexpr int kMaxSize = 5;

struct Board {
  int size = 0;
  std::vector<std::string> cells;  // size * size keywords, reading order
};

using Marks = std::vector<std::int64_t>;  // per cell: 0 unmarked, else the marking action's id

// splitmix64 (Steele, Lea and Flood 2014): the whole board depends on this
// sequence, which is the same on every platform and library (unlike
// std::shuffle and the standard distributions).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, bound), bound > 0: the next value modulo bound, drawing
  // again while the value falls in the short last stretch (below
  // 2^64 mod bound), so no index is favoured.
  std::uint64_t below(std::uint64_t bound);

 private:
  std::uint64_t state_;
};

enum class BoardProblem {
  none,
  bad_size,
  too_few_keywords,
  pick_not_in_pool,
  repeated_pick,
  too_many_picks
};

// The board of a player, reproducible from its inputs:
//  1. the pool's keywords that are not among `picks`, in pool order, get a
//     partial Fisher-Yates: for i = 0 .. need-1, swap item i with item
//     i + below(count - i); the first `need` = size^2 - picks are drawn;
//  2. the cells are the picks (in the given order) then the drawn keywords,
//     shuffled by Fisher-Yates from the end: for i = n-1 .. 1, swap cell i
//     with cell below(i + 1);
// both steps drawing from one SplitMix64(seed). The pool must hold at least
// size^2 distinct keywords, and every pick must be one of them, once.
std::optional<Board> generate_board(int size, const std::vector<std::string>& pool,
                                    const std::vector<std::string>& picks, std::uint64_t seed,
                                    BoardProblem* problem = nullptr);

// An exchange: marks every unmarked cell whose keyword the other player
// picked, with `action_id`. Returns the newly marked cells, ascending.
std::vector<int> mark_picks(const Board& board, Marks& marks,
                            const std::vector<std::string>& other_picks, std::int64_t action_id);

// A booth's stamp marks one unmarked cell: the one whose best line (row,
// column or diagonal through it) already has the most marks, so the stamp
// brings a line closest to complete; ties go to the first cell in reading
// order. nullopt when every cell is marked.
std::optional<int> stamp(const Board& board, Marks& marks, std::int64_t action_id);

// Complete lines: rows, columns and both diagonals (2 * size + 2 at most).
int count_lines(int size, const Marks& marks);

struct Action {
  std::int64_t id = 0;
  bool is_stamp = false;
  std::vector<std::string> other_picks;  // an exchange: the other player's picks
};

struct Replayed {
  Marks marks;
  int lines = 0;
  std::int64_t lines_reached_by = 0;  // the action that brought the last new line; 0: no line
};

// The board's state after `actions` in the given order (the caller passes
// them in id order, voided ones left out).
Replayed replay(const Board& board, const std::vector<Action>& actions);

}  // namespace moim::bingo
