#include "engines/grouping/rotational_schedule.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;

class RotationalSearch {
 public:
  RotationalSearch(int groups, int size, RotationalGroup group, Rng& rng)
      : kind_(group),
        s_(size),
        h_(size - 1),
        n_(groups * size - 1),
        w_(n_ / h_),
        blocks_((groups - 1) / h_),
        rng_(rng),
        block_of_(static_cast<std::size_t>(w_), -1),
        lift_(static_cast<std::size_t>(w_), 0),
        counts_(static_cast<std::size_t>(n_), 0) {}

  // Depth-first search: first the multiplier construction, then blocks
  // filled in turn, each starting from the smallest free residue and growing
  // by larger ones (so each set of blocks is met once), options in a seeded
  // order; a difference is taken only if it is unused and outside H.
  bool depth_first(Clock::time_point deadline, long max_nodes) {
    deadline_ = deadline;
    work_limit_ = max_nodes;
    timed_out_ = false;
    if (multiplier_search()) return true;
    if (timed_out_) return false;
    // Randomised restarts with a growing node limit: the search times are
    // heavy-tailed, so many short tries beat one long one.
    for (long limit = 2000;; limit += limit / 2) {
      std::fill(counts_.begin(), counts_.end(), 0);
      std::fill(block_of_.begin(), block_of_.end(), -1);
      node_limit_ = nodes_ + limit;
      if (place(0, 0, 0)) return true;
      if (timed_out_) return false;
      if (nodes_ <= node_limit_) {  // the whole tree was searched: no solution
        exhausted_ = true;
        return false;
      }
    }
  }

  bool exhausted() const { return exhausted_; }

  std::vector<Groups> develop(int rounds) const {
    std::vector<Groups> schedule;
    const auto point = [](int e) { return static_cast<std::size_t>(e); };
    for (int t = 0; t < rounds; ++t) {
      Groups round;
      std::vector<std::size_t> infinity_group{static_cast<std::size_t>(n_)};
      for (int j = 0; j < h_; ++j) infinity_group.push_back(point(add(j * w_, t)));
      std::sort(infinity_group.begin(), infinity_group.end());
      round.push_back(std::move(infinity_group));
      for (int block = 0; block < blocks_; ++block)
        for (int j = 0; j < h_; ++j) {
          std::vector<std::size_t> members;
          for (int c = 1; c < w_; ++c)
            if (block_of_[static_cast<std::size_t>(c)] == block)
              members.push_back(point(add(add(element(c), j * w_), t)));
          std::sort(members.begin(), members.end());
          round.push_back(std::move(members));
        }
      schedule.push_back(std::move(round));
    }
    return schedule;
  }

 private:
  // The multiplier construction (as in Netto's and Wilson's cyclic
  // difference families): with a unit λ of Z_N of order k = number of
  // blocks, take blocks B, λB, λ²B, … — then only B is searched, a few
  // thousand nodes. Not every size has such a λ or such a B; the general
  // search follows.
  bool multiplier_search() {
    // λ acts on Z_N by multiplication, on Z_w × Z_h on both parts; its order
    // is then taken modulo lcm(w, h).
    const long modulus = kind_ == RotationalGroup::kCyclic ? n_
                         : kind_ == RotationalGroup::kSplit
                             ? std::lcm(static_cast<long>(w_), static_cast<long>(h_))
                             : h_;
    for (long lambda = 2; lambda < modulus; ++lambda) {
      if (std::gcd(lambda, modulus) != 1) continue;
      long power = 1;
      int order = 0;
      do {
        power = power * lambda % modulus;
        ++order;
      } while (power != 1 && order <= blocks_);
      if (order != blocks_) continue;
      multipliers_.assign(1, 1);
      for (int i = 1; i < blocks_; ++i)
        multipliers_.push_back(multipliers_.back() * lambda % modulus);
      std::fill(counts_.begin(), counts_.end(), 0);
      std::fill(block_of_.begin(), block_of_.end(), -1);
      node_limit_ = nodes_ + 200000;
      if (place_orbit(0, 0)) return true;
      if (timed_out_) return false;
    }
    return false;
  }

  // Adds element e to B (and its images to the other blocks), then recurses.
  bool place_orbit(int filled, int last) {
    if (filled == s_) return true;
    if (++nodes_ > node_limit_) return false;
    if (nodes_ > work_limit_ || ((nodes_ & 1023) == 0 && Clock::now() >= deadline_))
      timed_out_ = true;
    if (timed_out_) return false;
    for (int e = last + 1; e < n_; ++e) {
      int placed = 0;
      bool ok = true;
      for (int i = 0; i < blocks_ && ok; ++i) {
        const int image = mul(multipliers_[static_cast<std::size_t>(i)], e);
        const int c = image % w_;
        if (c == 0 || block_of_[static_cast<std::size_t>(c)] >= 0) {
          ok = false;
          break;
        }
        block_of_[static_cast<std::size_t>(c)] = i;
        lift_[static_cast<std::size_t>(c)] = image / w_;
        if (!fits(c)) {
          block_of_[static_cast<std::size_t>(c)] = -1;
          ok = false;
          break;
        }
        touch(c, +1);
        ++placed;
      }
      if (ok && place_orbit(filled + 1, e)) return true;
      for (int i = placed - 1; i >= 0; --i) {  // undo in reverse
        const int c = mul(multipliers_[static_cast<std::size_t>(i)], e) % w_;
        touch(c, -1);
        block_of_[static_cast<std::size_t>(c)] = -1;
      }
      if (timed_out_ || nodes_ > node_limit_) return false;
    }
    return false;
  }

  // Places the next element: block `block`, which already has `filled`
  // members, the last with residue `last`. False when exhausted, out of
  // nodes or out of time.
  bool place(int block, int filled, int last) {
    if (block == blocks_) return true;
    if (++nodes_ > node_limit_) return false;
    if (nodes_ > work_limit_ || ((nodes_ & 1023) == 0 && Clock::now() >= deadline_))
      timed_out_ = true;
    if (timed_out_) return false;
    if (filled == s_) return place(block + 1, 0, 0);
    std::vector<std::pair<int, int>> options;  // (residue, lift)
    if (filled == 0) {                         // a block starts at the smallest free residue
      int first = 1;
      while (first < w_ && block_of_[static_cast<std::size_t>(first)] >= 0) ++first;
      // Shifting the base round by a multiple of w maps solutions to
      // solutions, so the very first element keeps lift 0.
      for (int j = 0; j < (block == 0 ? 1 : h_); ++j) options.emplace_back(first, j);
    } else {
      for (int c = last + 1; c < w_; ++c)
        if (block_of_[static_cast<std::size_t>(c)] < 0)
          for (int j = 0; j < h_; ++j) options.emplace_back(c, j);
    }
    rng_.shuffle(options);
    for (const auto& [c, j] : options) {
      lift_[static_cast<std::size_t>(c)] = j;
      block_of_[static_cast<std::size_t>(c)] = block;
      if (fits(c)) {
        touch(c, +1);
        if (place(block, filled + 1, c)) return true;
        touch(c, -1);
      }
      block_of_[static_cast<std::size_t>(c)] = -1;
      if (timed_out_ || nodes_ > node_limit_) return false;
    }
    return false;
  }

  // Whether residue c (already assigned its block and lift) adds only unused
  // differences outside H.
  bool fits(int c) {
    const int block = block_of_[static_cast<std::size_t>(c)];
    scratch_.clear();
    for (int d = 1; d < w_; ++d) {
      if (d == c || block_of_[static_cast<std::size_t>(d)] != block) continue;
      const int diff = sub(element(c), element(d));
      for (int x : {diff, neg(diff)}) {
        if (x % w_ == 0 || counts_[static_cast<std::size_t>(x)] > 0) return false;
        if (std::find(scratch_.begin(), scratch_.end(), x) != scratch_.end()) return false;
        scratch_.push_back(x);
      }
    }
    return true;
  }

  // The group: Z_N; or Z_w × Z_h; or Z_p^a × Z_p (w = p^a, h = p). An
  // element is c + j·w with c its coset (residue mod w) in every case; in the
  // elementary group c's base-p digits add without carry.
  int add_c(int c, int d) const {
    if (kind_ != RotationalGroup::kElementary) return (c + d) % w_;
    int sum = 0;
    for (int place = 1; place < w_; place *= h_)
      sum += ((c / place % h_ + d / place % h_) % h_) * place;
    return sum;
  }
  int mul_c(long lambda, int c) const {
    if (kind_ != RotationalGroup::kElementary) return static_cast<int>(lambda * c % w_);
    int product = 0;
    for (int place = 1; place < w_; place *= h_)
      product += static_cast<int>(lambda * (c / place % h_) % h_) * place;
    return product;
  }
  int add(int e, int f) const {
    if (kind_ == RotationalGroup::kCyclic) return (e + f) % n_;
    return add_c(e % w_, f % w_) + ((e / w_ + f / w_) % h_) * w_;
  }
  int neg(int e) const {
    if (kind_ == RotationalGroup::kCyclic) return (n_ - e) % n_;
    return mul_c(h_ * w_ - 1, e % w_) + ((h_ - e / w_) % h_) * w_;
  }
  int sub(int e, int f) const { return add(e, neg(f)); }
  int mul(long lambda, int e) const {
    if (kind_ == RotationalGroup::kCyclic) return static_cast<int>(lambda * e % n_);
    return mul_c(lambda, e % w_) + static_cast<int>(lambda * (e / w_) % h_) * w_;
  }

  int element(int c) const { return c + lift_[static_cast<std::size_t>(c)] * w_; }

  // Adds (+1) or removes (−1) the differences between residue c and the rest
  // of its block, keeping cost_ = Σ repeats + differences falling in H.
  void touch(int c, int sign) {
    const int block = block_of_[static_cast<std::size_t>(c)];
    for (int d = 1; d < w_; ++d) {
      if (d == c || block_of_[static_cast<std::size_t>(d)] != block) continue;
      const int diff = sub(element(c), element(d));
      for (int x : {diff, neg(diff)}) {
        int& count = counts_[static_cast<std::size_t>(x)];
        const bool in_h = x % w_ == 0;
        if (sign > 0) cost_ += (in_h || count >= 1) ? 1 : 0;
        count += sign;
        if (sign < 0) cost_ -= (in_h || count >= 1) ? 1 : 0;
      }
    }
  }

  RotationalGroup kind_;
  int s_, h_, n_, w_, blocks_;
  Rng& rng_;
  std::vector<int> scratch_;
  std::vector<long> multipliers_;
  long nodes_ = 0, node_limit_ = 0, work_limit_ = 0;
  bool exhausted_ = false;
  bool timed_out_ = false;
  Clock::time_point deadline_;
  std::vector<int> block_of_, lift_, counts_;
  int cost_ = 0;
};

}  // namespace

bool rotational_applies(int groups, int size, int rounds) {
  if (size < 3 || groups < 2) return false;
  const int h = size - 1;
  const int n = groups * size - 1;
  return n % h == 0 && (groups - 1) % h == 0 && rounds <= n / h;
}

bool rotational_group_fits(RotationalGroup group, int groups, int size) {
  const int h = size - 1;
  const int w = (groups * size - 1) / h;
  switch (group) {
    case RotationalGroup::kCyclic:
      return true;
    case RotationalGroup::kSplit:
      return std::gcd(w, h) > 1;  // otherwise Z_w × Z_h is Z_wh
    case RotationalGroup::kElementary: {
      for (int d = 2; d < h; ++d)
        if (h % d == 0) return false;  // h must be prime
      int power = h;
      while (power < w) power *= h;
      return power == w && w > h;  // w = h^a, a ≥ 2 (a = 1 is kSplit)
    }
  }
  return false;
}

RotationalOutcome rotational_schedule(int groups, int size, int rounds, RotationalGroup group,
                                      Rng& rng, std::chrono::steady_clock::time_point deadline,
                                      long max_nodes) {
  RotationalSearch search(groups, size, group, rng);
  if (!search.depth_first(deadline, max_nodes)) return {std::nullopt, search.exhausted()};
  return {search.develop(rounds), false};
}

}  // namespace moim::grouping::detail
