#include "engines/grouping/schedule_tabu.hpp"

#include <algorithm>
#include <limits>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;

class ScheduleSearch {
 public:
  ScheduleSearch(const ScheduleProblem& problem, Rng& rng)
      : n_(static_cast<std::size_t>(problem.people)),
        sizes_(problem.group_sizes),
        rounds_(static_cast<std::size_t>(problem.rounds)),
        rng_(rng),
        meetings_(n_ * n_, 0),
        group_of_(rounds_ * n_, 0),
        tabu_until_(rounds_ * n_, 0) {
    greedy_start();
  }

  std::vector<Groups> run(Clock::time_point deadline) {
    long best = cost_;
    std::vector<Groups> best_schedule = schedule_;
    long since_best = 0;
    const long perturb_after = 200 + 20 * static_cast<long>(n_);
    for (long iteration = 1; cost_ > 0; ++iteration) {
      if (Clock::now() >= deadline) break;
      if (since_best > perturb_after) {
        perturb();
        since_best = 0;
        continue;
      }
      if (!step(iteration, best)) {
        perturb();
        continue;
      }
      if (cost_ < best) {
        best = cost_;
        best_schedule = schedule_;
        since_best = 0;
      } else {
        ++since_best;
      }
    }
    return cost_ <= best ? schedule_ : best_schedule;
  }

 private:
  int& meetings(std::size_t a, std::size_t b) { return meetings_[a * n_ + b]; }
  std::size_t& group_of(std::size_t r, std::size_t p) { return group_of_[r * n_ + p]; }

  // Meeting p and q once more (sign +1) or once less (−1) changes the cost by:
  long meet(std::size_t p, std::size_t q, int sign) {
    int& forward = meetings(p, q);
    const long before = forward;
    forward += sign;
    meetings(q, p) = forward;
    return sign > 0 ? before : -(before - 1);
  }

  // Each round, groups are filled one person at a time with whoever has met
  // the group's members least so far (ties at random).
  void greedy_start() {
    cost_ = 0;
    for (std::size_t r = 0; r < rounds_; ++r) {
      std::vector<std::size_t> free(n_);
      for (std::size_t p = 0; p < n_; ++p) free[p] = p;
      rng_.shuffle(free);
      Groups round(sizes_.size());
      for (std::size_t g = 0; g < sizes_.size(); ++g) {
        for (int k = 0; k < sizes_[g]; ++k) {
          std::size_t best_index = 0;
          long best_score = std::numeric_limits<long>::max();
          for (std::size_t i = 0; i < free.size(); ++i) {
            long score = 0;
            for (std::size_t member : round[g]) score += meetings(free[i], member);
            if (score < best_score) {
              best_score = score;
              best_index = i;
            }
          }
          const std::size_t p = free[best_index];
          free.erase(free.begin() + static_cast<std::ptrdiff_t>(best_index));
          for (std::size_t member : round[g]) cost_ += meet(p, member, +1);
          round[g].push_back(p);
          group_of(r, p) = g;
        }
      }
      schedule_.push_back(std::move(round));
    }
  }

  long swap_delta(std::size_t r, std::size_t p, std::size_t q) {
    const auto& a = schedule_[r][group_of(r, p)];
    const auto& b = schedule_[r][group_of(r, q)];
    long delta = 0;
    // p leaves a for b, q leaves b for a; the p–q pair itself is unchanged.
    for (std::size_t x : a)
      if (x != p) delta += (1 - meetings(p, x)) + meetings(q, x);
    for (std::size_t y : b)
      if (y != q) delta += (1 - meetings(q, y)) + meetings(p, y);
    return delta;
  }

  void apply_swap(std::size_t r, std::size_t p, std::size_t q) {
    const std::size_t ga = group_of(r, p);
    const std::size_t gb = group_of(r, q);
    auto& a = schedule_[r][ga];
    auto& b = schedule_[r][gb];
    for (std::size_t x : a)
      if (x != p) cost_ += meet(p, x, -1) + meet(q, x, +1);
    for (std::size_t y : b)
      if (y != q) cost_ += meet(q, y, -1) + meet(p, y, +1);
    *std::find(a.begin(), a.end(), p) = q;
    *std::find(b.begin(), b.end(), q) = p;
    group_of(r, p) = gb;
    group_of(r, q) = ga;
  }

  bool in_conflict(std::size_t r, std::size_t p) {
    for (std::size_t x : schedule_[r][group_of(r, p)])
      if (x != p && meetings(p, x) > 1) return true;
    return false;
  }

  // One tabu step: the best swap that moves a person out of a repeated
  // pairing, unless tabu (then only if it beats the best cost seen).
  bool step(long iteration, long best) {
    long best_delta = std::numeric_limits<long>::max();
    std::size_t br = 0, bp = 0, bq = 0;
    std::size_t ties = 0;
    for (std::size_t r = 0; r < rounds_; ++r)
      for (std::size_t p = 0; p < n_; ++p) {
        if (!in_conflict(r, p)) continue;
        for (std::size_t q = 0; q < n_; ++q) {
          if (group_of(r, p) == group_of(r, q)) continue;
          const long delta = swap_delta(r, p, q);
          const bool tabu =
              tabu_until_[r * n_ + p] > iteration || tabu_until_[r * n_ + q] > iteration;
          if (tabu && cost_ + delta >= best) continue;
          if (delta < best_delta) {
            best_delta = delta;
            br = r, bp = p, bq = q;
            ties = 1;
          } else if (delta == best_delta && rng_.below(++ties) == 0) {
            br = r, bp = p, bq = q;
          }
        }
      }
    if (best_delta == std::numeric_limits<long>::max()) return false;
    apply_swap(br, bp, bq);
    tabu_until_[br * n_ + bp] = iteration + 5 + static_cast<long>(rng_.below(10));
    tabu_until_[br * n_ + bq] = iteration + 5 + static_cast<long>(rng_.below(10));
    return true;
  }

  void perturb() {
    const std::size_t swaps = 2 + rounds_;
    for (std::size_t k = 0; k < swaps; ++k) {
      const std::size_t r = rng_.below(rounds_);
      const std::size_t p = rng_.below(n_);
      const std::size_t q = rng_.below(n_);
      if (group_of(r, p) != group_of(r, q)) apply_swap(r, p, q);
    }
  }

  std::size_t n_;
  std::vector<int> sizes_;
  std::size_t rounds_;
  Rng& rng_;
  std::vector<int> meetings_;
  std::vector<std::size_t> group_of_;
  std::vector<long> tabu_until_;
  std::vector<Groups> schedule_;
  long cost_ = 0;
};

}  // namespace

std::vector<Groups> tabu_schedule(const ScheduleProblem& problem, Rng& rng,
                                  std::chrono::steady_clock::time_point deadline) {
  if (problem.group_sizes.size() < 2) {  // one group: nothing to choose
    Groups round(1);
    for (int p = 0; p < problem.people; ++p) round[0].push_back(static_cast<std::size_t>(p));
    return std::vector<Groups>(static_cast<std::size_t>(problem.rounds), round);
  }
  return ScheduleSearch(problem, rng).run(deadline);
}

}  // namespace moim::grouping::detail
