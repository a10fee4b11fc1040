#include "engines/bingo/bingo.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace moim::bingo {

std::uint64_t SplitMix64::next() {
  state_ += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  for (;;) {
    const std::uint64_t value = next();
    if (value >= threshold) return value % bound;
  }
}

std::optional<Board> generate_board(int size, const std::vector<std::string>& pool,
                                    const std::vector<std::string>& picks, std::uint64_t seed,
                                    BoardProblem* problem) {
  auto refuse = [problem](BoardProblem why) -> std::optional<Board> {
    if (problem) *problem = why;
    return std::nullopt;
  };
  if (size < kMinSize || size > kMaxSize) return refuse(BoardProblem::bad_size);
  const std::size_t cells = static_cast<std::size_t>(size) * static_cast<std::size_t>(size);
  const std::set<std::string> distinct(pool.begin(), pool.end());
  if (distinct.size() < cells) return refuse(BoardProblem::too_few_keywords);
  if (picks.size() > cells) return refuse(BoardProblem::too_many_picks);
  std::set<std::string> picked;
  for (const auto& pick : picks) {
    if (!distinct.contains(pick)) return refuse(BoardProblem::pick_not_in_pool);
    if (!picked.insert(pick).second) return refuse(BoardProblem::repeated_pick);
  }
  std::vector<std::string> others;
  std::set<std::string> seen;
  for (const auto& keyword : pool)
    if (!picked.contains(keyword) && seen.insert(keyword).second) others.push_back(keyword);
  SplitMix64 rng(seed);
  const std::size_t need = cells - picks.size();
  for (std::size_t index = 0; index < need; ++index) {
    const std::size_t chosen = index + rng.below(others.size() - index);
    std::swap(others[index], others[chosen]);
  }
  Board board{size, picks};
  board.cells.insert(board.cells.end(), others.begin(),
                     others.begin() + static_cast<std::ptrdiff_t>(need));
  for (std::size_t index = cells - 1; index > 0; --index)
    std::swap(board.cells[index], board.cells[rng.below(index + 1)]);
  if (problem) *problem = BoardProblem::none;
  return board;
}

std::vector<int> mark_picks(const Board& board, Marks& marks,
                            const std::vector<std::string>& other_picks, std::int64_t action_id) {
  std::vector<int> marked;
  for (std::size_t cell = 0; cell < board.cells.size() && cell < marks.size(); ++cell) {
    if (marks[cell] != 0) continue;
    if (std::find(other_picks.begin(), other_picks.end(), board.cells[cell]) == other_picks.end())
      continue;
    marks[cell] = action_id;
    marked.push_back(static_cast<int>(cell));
  }
  return marked;
}

namespace {

// The lines through `cell`: its row, its column and the diagonals it is on,
// each as the list of its cells.
std::vector<std::vector<int>> lines_through(int size, int cell) {
  const int row = cell / size, column = cell % size;
  std::vector<std::vector<int>> lines(2);
  for (int other = 0; other < size; ++other) {
    lines[0].push_back(row * size + other);
    lines[1].push_back(other * size + column);
  }
  if (row == column) {
    lines.emplace_back();
    for (int step = 0; step < size; ++step) lines.back().push_back(step * size + step);
  }
  if (row + column == size - 1) {
    lines.emplace_back();
    for (int step = 0; step < size; ++step) lines.back().push_back(step * size + size - 1 - step);
  }
  return lines;
}

}  // namespace

std::optional<int> stamp(const Board& board, Marks& marks, std::int64_t action_id) {
  std::optional<int> best;
  int best_marks = -1;
  for (int cell = 0; cell < static_cast<int>(marks.size()); ++cell) {
    if (marks[static_cast<std::size_t>(cell)] != 0) continue;
    int most = 0;
    for (const auto& line : lines_through(board.size, cell)) {
      int count = 0;
      for (int member : line) count += marks[static_cast<std::size_t>(member)] != 0 ? 1 : 0;
      most = std::max(most, count);
    }
    if (most > best_marks) best = cell, best_marks = most;
  }
  if (best) marks[static_cast<std::size_t>(*best)] = action_id;
  return best;
}

int count_lines(int size, const Marks& marks) {
  if (size <= 0 || marks.size() != static_cast<std::size_t>(size * size)) return 0;
  auto marked = [&](int row, int column) {
    return marks[static_cast<std::size_t>(row * size + column)] != 0;
  };
  int lines = 0;
  bool diagonal = true, anti_diagonal = true;
  for (int first = 0; first < size; ++first) {
    bool row_full = true, column_full = true;
    for (int second = 0; second < size; ++second) {
      row_full = row_full && marked(first, second);
      column_full = column_full && marked(second, first);
    }
    lines += (row_full ? 1 : 0) + (column_full ? 1 : 0);
    diagonal = diagonal && marked(first, first);
    anti_diagonal = anti_diagonal && marked(first, size - 1 - first);
  }
  return lines + (diagonal ? 1 : 0) + (anti_diagonal ? 1 : 0);
}

Replayed replay(const Board& board, const std::vector<Action>& actions) {
  Replayed result;
  result.marks.assign(board.cells.size(), 0);
  for (const auto& action : actions) {
    if (action.is_stamp)
      (void)stamp(board, result.marks, action.id);
    else
      (void)mark_picks(board, result.marks, action.other_picks, action.id);
    const int lines = count_lines(board.size, result.marks);
    if (lines > result.lines) result.lines = lines, result.lines_reached_by = action.id;
  }
  return result;
}

}  // namespace moim::bingo
