#include "engines/grouping/cyclic_schedule.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;

// The base rounds' state. A finite point is level·m + x; an "item" is one
// point in one base round, b·points + point. Groups are numbered b·G + g and
// the first F groups of every base round hold the fixed points.
class BaseRoundSearch {
 public:
  BaseRoundSearch(const CyclicShape& shape, int groups, int size, Rng& rng)
      : m_(shape.modulus),
        levels_(shape.levels),
        fixed_(shape.fixed),
        base_rounds_(shape.base_rounds),
        groups_per_round_(groups),
        size_(size),
        points_(shape.levels * shape.modulus),
        rng_(rng) {
    mixed_offset_ = levels_ * (m_ / 2 + 1);
    counts_.assign(static_cast<std::size_t>(mixed_offset_ + levels_ * levels_ * m_), 0);
    fixed_levels_.assign(static_cast<std::size_t>(std::max(fixed_, 1) * levels_), 0);
    groups_.resize(static_cast<std::size_t>(base_rounds_ * groups));
    group_of_.resize(static_cast<std::size_t>(base_rounds_ * points_));
    randomise();
  }

  // Tabu search over swaps of two points of one base round.
  bool solve(Clock::time_point deadline, long max_iterations) {
    const int items = base_rounds_ * points_;
    std::vector<long> tabu_until(static_cast<std::size_t>(items), 0);
    int best = cost_;
    long since_best = 0;
    const long restart_after = 400 + 40L * items;
    for (long iteration = 1; cost_ > 0; ++iteration) {
      if (iteration > max_iterations) return false;
      if ((iteration & 15) == 0 && Clock::now() >= deadline) return false;
      if (since_best > restart_after) {
        randomise();
        best = cost_;
        since_best = 0;
        std::fill(tabu_until.begin(), tabu_until.end(), 0);
        continue;
      }
      int best_delta = std::numeric_limits<int>::max();
      int chosen_u = -1, chosen_v = -1, ties = 0;
      for (int u = 0; u < items; ++u) {
        if (!in_conflict(u)) continue;  // only moves that touch a violation can fix it
        const int round_start = u / points_ * points_;
        for (int v = round_start; v < round_start + points_; ++v) {
          if (group(u) == group(v)) continue;
          const int delta = swap_delta(u, v);
          const bool tabu = tabu_until[static_cast<std::size_t>(u)] > iteration ||
                            tabu_until[static_cast<std::size_t>(v)] > iteration;
          if (tabu && cost_ + delta >= best) continue;  // aspiration: a new best is allowed
          if (delta < best_delta) {
            best_delta = delta;
            chosen_u = u;
            chosen_v = v;
            ties = 1;
          } else if (delta == best_delta && rng_.below(static_cast<std::size_t>(++ties)) == 0) {
            chosen_u = u;
            chosen_v = v;
          }
        }
      }
      if (chosen_u < 0) {
        since_best = restart_after + 1;
        continue;
      }
      apply_swap(chosen_u, chosen_v);
      for (int item : {chosen_u, chosen_v})
        tabu_until[static_cast<std::size_t>(item)] =
            iteration + 3 + static_cast<long>(rng_.below(8));
      if (cost_ < best) {
        best = cost_;
        since_best = 0;
      } else {
        ++since_best;
      }
    }
    return true;
  }

  // Round b·m + t: base round b with every finite point shifted by t.
  std::vector<Groups> develop(int rounds) const {
    std::vector<Groups> schedule;
    for (int r = 0; r < rounds; ++r) {
      const int b = r / m_;
      const int t = r % m_;
      Groups round;
      for (int g = 0; g < groups_per_round_; ++g) {
        std::vector<std::size_t> members;
        if (g < fixed_) members.push_back(static_cast<std::size_t>(points_ + g));
        for (int item : groups_[static_cast<std::size_t>(b * groups_per_round_ + g)]) {
          const int point = item % points_;
          const int level = point / m_;
          members.push_back(static_cast<std::size_t>(level * m_ + (point % m_ + t) % m_));
        }
        std::sort(members.begin(), members.end());
        round.push_back(std::move(members));
      }
      schedule.push_back(std::move(round));
    }
    return schedule;
  }

 private:
  static constexpr int kBad = -1;

  std::size_t group(int item) const { return group_of_[static_cast<std::size_t>(item)]; }
  // The fixed point of a group, or −1.
  int fixed_of(std::size_t g) const {
    const int within = static_cast<int>(g) % groups_per_round_;
    return within < fixed_ ? within : -1;
  }
  int level(int item) const { return item % points_ / m_; }
  int slots(std::size_t g) const { return fixed_of(g) >= 0 ? size_ - 1 : size_; }

  // The difference class a pair uses; kBad for the half-way difference of an
  // even modulus, which the shifts would repeat.
  int pair_class(int u, int v) const {
    u %= points_;
    v %= points_;
    int lu = u / m_, lv = v / m_, xu = u % m_, xv = v % m_;
    if (lu == lv) {
      int d = ((xv - xu) % m_ + m_) % m_;
      d = std::min(d, m_ - d);
      if (m_ % 2 == 0 && d == m_ / 2) return kBad;
      return lu * (m_ / 2 + 1) + d;
    }
    if (lu > lv) {
      std::swap(lu, lv);
      std::swap(xu, xv);
    }
    const int d = ((xv - xu) % m_ + m_) % m_;
    return mixed_offset_ + (lu * levels_ + lv) * m_ + d;
  }

  // Cost change of adding (sign +1) or removing (−1) the pair u, v.
  int touch(int u, int v, int sign) {
    const int c = pair_class(u, v);
    if (c == kBad) return sign;
    int& count = counts_[static_cast<std::size_t>(c)];
    int change = 0;
    if (sign > 0) change += count >= 1 ? 1 : 0;
    count += sign;
    if (sign < 0) change -= count >= 1 ? 1 : 0;
    return change;
  }

  // A fixed point meets each level once per shift cycle, so across all base
  // rounds its groups may hold each level at most once.
  int touch_fixed(int u, std::size_t g, int sign) {
    const int f = fixed_of(g);
    if (f < 0) return 0;
    int& count = fixed_levels_[static_cast<std::size_t>(f * levels_ + level(u))];
    int change = 0;
    if (sign > 0) change += count >= 1 ? 1 : 0;
    count += sign;
    if (sign < 0) change -= count >= 1 ? 1 : 0;
    return change;
  }

  int move_item(int u, std::size_t from, std::size_t to) {
    auto& source = groups_[from];
    source.erase(std::find(source.begin(), source.end(), u));
    int change = touch_fixed(u, from, -1) + touch_fixed(u, to, +1);
    for (int other : source) change += touch(u, other, -1);
    for (int other : groups_[to]) change += touch(u, other, +1);
    groups_[to].push_back(u);
    group_of_[static_cast<std::size_t>(u)] = to;
    return change;
  }

  int apply_swap(int u, int v) {
    const std::size_t a = group(u);
    const std::size_t b = group(v);
    const int change = move_item(u, a, b) + move_item(v, b, a);
    cost_ += change;
    return change;
  }

  int swap_delta(int u, int v) {
    const int change = apply_swap(u, v);
    apply_swap(u, v);  // u is now in v's group and v in u's: swapping again restores
    return change;
  }

  bool in_conflict(int u) const {
    const std::size_t g = group(u);
    if (const int f = fixed_of(g);
        f >= 0 && fixed_levels_[static_cast<std::size_t>(f * levels_ + level(u))] > 1)
      return true;
    for (int other : groups_[g]) {
      if (other == u) continue;
      const int c = pair_class(u, other);
      if (c == kBad || counts_[static_cast<std::size_t>(c)] > 1) return true;
    }
    return false;
  }

  void randomise() {
    std::fill(counts_.begin(), counts_.end(), 0);
    std::fill(fixed_levels_.begin(), fixed_levels_.end(), 0);
    for (auto& members : groups_) members.clear();
    cost_ = 0;
    std::vector<int> order(static_cast<std::size_t>(points_));
    for (int b = 0; b < base_rounds_; ++b) {
      for (int i = 0; i < points_; ++i) order[static_cast<std::size_t>(i)] = b * points_ + i;
      rng_.shuffle(order);
      std::size_t next = 0;
      for (int g = 0; g < groups_per_round_; ++g) {
        const auto index = static_cast<std::size_t>(b * groups_per_round_ + g);
        for (int k = 0; k < slots(index); ++k) {
          const int u = order[next++];
          cost_ += touch_fixed(u, index, +1);
          for (int other : groups_[index]) cost_ += touch(u, other, +1);
          groups_[index].push_back(u);
          group_of_[static_cast<std::size_t>(u)] = index;
        }
      }
    }
  }

  int m_, levels_, fixed_, base_rounds_, groups_per_round_, size_, points_;
  Rng& rng_;
  int mixed_offset_ = 0;
  std::vector<int> counts_;        // per difference class
  std::vector<int> fixed_levels_;  // per fixed point and level
  std::vector<std::vector<int>> groups_;
  std::vector<std::size_t> group_of_;
  int cost_ = 0;
};

}  // namespace

std::vector<CyclicShape> cyclic_shapes(int groups, int size, int rounds) {
  std::vector<CyclicShape> shapes;
  const int people = groups * size;
  if (size < 2 || rounds < 1 || groups < 2) return shapes;
  const int bound = (people - 1) / (size - 1);
  for (int m = 2; m <= bound; ++m) {
    // One base round truncated to `rounds` shifts, or B whole base rounds.
    const int base_rounds = m >= rounds ? 1 : rounds % m == 0 ? rounds / m : 0;
    if (base_rounds == 0 || base_rounds > 8) continue;
    for (int fixed = 0; fixed <= groups; ++fixed) {
      if ((people - fixed) % m != 0) continue;
      const int levels = (people - fixed) / m;
      if (fixed > 0 && levels < (size - 1) * base_rounds) continue;
      // Enough difference classes for the base rounds' pairs?
      const long pairs = static_cast<long>(fixed) * (size - 1) * (size - 2) / 2 +
                         static_cast<long>(groups - fixed) * size * (size - 1) / 2;
      const long classes = static_cast<long>(levels) * (levels - 1) / 2 * m +
                           static_cast<long>(levels) * ((m - 1) / 2);
      if (pairs * base_rounds > classes) continue;
      shapes.push_back({m, levels, fixed, base_rounds});
    }
  }
  // Fewest base rounds first (the smallest search), then fewest fixed points.
  std::stable_sort(shapes.begin(), shapes.end(), [](const CyclicShape& a, const CyclicShape& b) {
    return std::tie(a.base_rounds, a.fixed) < std::tie(b.base_rounds, b.fixed);
  });
  return shapes;
}

std::optional<std::vector<Groups>> develop_cyclic(const CyclicShape& shape, int groups, int size,
                                                  int rounds, Rng& rng,
                                                  std::chrono::steady_clock::time_point deadline,
                                                  long max_iterations) {
  BaseRoundSearch search(shape, groups, size, rng);
  if (!search.solve(deadline, max_iterations)) return std::nullopt;
  return search.develop(rounds);
}

}  // namespace moim::grouping::detail
