#include "engines/grouping/affine_schedule.hpp"

#include <algorithm>
#include <bit>
#include <set>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxDimension = 8;  // 256 people: enough for coffee chats, small enough to list

int log2_exact(int x) {
  return x > 0 && std::has_single_bit(static_cast<unsigned>(x))
             ? std::countr_zero(static_cast<unsigned>(x))
             : -1;
}

// Every k-dimensional subspace, as its sorted list of vectors (0 first).
std::vector<std::vector<int>> subspaces(int d, int k) {
  std::set<std::vector<int>> found;
  const int n = 1 << d;
  // Extend a basis one vector at a time, each larger than the previous
  // basis vector and outside the current span; duplicates collapse in the set.
  std::vector<int> span{0};
  const auto extend = [&](auto&& self, int depth, int last) -> void {
    if (depth == k) {
      std::vector<int> sorted = span;
      std::sort(sorted.begin(), sorted.end());
      found.insert(std::move(sorted));
      return;
    }
    for (int v = last + 1; v < n; ++v) {
      if (std::find(span.begin(), span.end(), v) != span.end()) continue;
      const std::size_t size = span.size();
      for (std::size_t i = 0; i < size; ++i) span.push_back(span[i] ^ v);
      self(self, depth + 1, v);
      span.resize(size);
    }
  };
  extend(extend, 0, 0);
  return {found.begin(), found.end()};
}

}  // namespace

bool affine_applies(int groups, int size, int rounds) {
  const int d = log2_exact(groups * size);
  const int k = log2_exact(size);
  // 2^k − 1 nonzero vectors per subspace, 2^d − 1 in all.
  return d > 0 && k > 0 && k < d && d <= kMaxDimension &&
         static_cast<long>(rounds) * ((1 << k) - 1) <= (1 << d) - 1;
}

std::optional<std::vector<Groups>> affine_schedule(int groups, int size, int rounds, Rng& rng,
                                                   std::chrono::steady_clock::time_point deadline,
                                                   long max_nodes) {
  const int d = log2_exact(groups * size);
  const int k = log2_exact(size);
  auto candidates = subspaces(d, k);
  std::vector<int> chosen;
  std::vector<char> used(static_cast<std::size_t>(1 << d), 0);  // nonzero vectors covered
  long nodes = 0, limit = 0;
  bool timed_out = false;
  // Depth-first over the candidates in a seeded order, restarted with a
  // growing node limit (a bad early choice can make the tree huge).
  const auto search = [&](auto&& self, std::size_t from) -> bool {
    if (static_cast<int>(chosen.size()) == rounds) return true;
    if (++nodes > limit) return false;
    if (nodes > max_nodes || ((nodes & 1023) == 0 && Clock::now() >= deadline)) timed_out = true;
    if (timed_out) return false;
    for (std::size_t i = from; i < candidates.size(); ++i) {
      const auto& space = candidates[i];
      if (std::any_of(space.begin() + 1, space.end(),
                      [&](int v) { return used[static_cast<std::size_t>(v)] != 0; }))
        continue;
      for (auto it = space.begin() + 1; it != space.end(); ++it)
        used[static_cast<std::size_t>(*it)] = 1;
      chosen.push_back(static_cast<int>(i));
      if (self(self, i + 1)) return true;
      chosen.pop_back();
      for (auto it = space.begin() + 1; it != space.end(); ++it)
        used[static_cast<std::size_t>(*it)] = 0;
      if (timed_out || nodes > limit) return false;
    }
    return false;
  };
  bool found = false;
  for (long budget = 1000; !found && !timed_out; budget *= 2) {
    rng.shuffle(candidates);
    chosen.clear();
    std::fill(used.begin(), used.end(), 0);
    limit = nodes + budget;
    found = search(search, 0);
    if (!found && !timed_out && nodes <= limit) return std::nullopt;  // searched it all: none
  }
  if (!found) return std::nullopt;
  std::vector<Groups> schedule;
  for (int index : chosen) {
    const auto& space = candidates[static_cast<std::size_t>(index)];
    std::vector<char> placed(static_cast<std::size_t>(1 << d), 0);
    Groups round;
    for (int x = 0; x < (1 << d); ++x) {
      if (placed[static_cast<std::size_t>(x)]) continue;
      std::vector<std::size_t> coset;
      for (int v : space) {
        coset.push_back(static_cast<std::size_t>(x ^ v));
        placed[static_cast<std::size_t>(x ^ v)] = 1;
      }
      std::sort(coset.begin(), coset.end());
      round.push_back(std::move(coset));
    }
    schedule.push_back(std::move(round));
  }
  return schedule;
}

}  // namespace moim::grouping::detail
