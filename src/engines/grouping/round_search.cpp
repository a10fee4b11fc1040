#include "engines/grouping/round_search.hpp"

#include <algorithm>
#include <limits>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;

class Search {
 public:
  Search(const RoundModel& model, const std::vector<int>& sizes, Rng& rng,
         const SearchLimits& limits)
      : model_(model), rng_(rng), limits_(limits) {
    std::vector<std::size_t> order(model.people());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    rng_.shuffle(order);
    group_of_.resize(order.size());
    std::size_t next = 0;
    for (int size : sizes) {
      auto& group = groups_.emplace_back();
      for (int k = 0; k < size; ++k) {
        group_of_[order[next]] = groups_.size() - 1;
        group.push_back(order[next++]);
      }
    }
    scores_.resize(groups_.size());
    level_.resize(groups_.size());
    contrib_.resize(order.size());
    for (std::size_t g = 0; g < groups_.size(); ++g) rescore(g);
  }

  std::vector<std::vector<std::size_t>> run() {
    repair_conflicts();
    improve_soft();
    return std::move(groups_);
  }

 private:
  bool out_of_time() {
    // The clock is read every 64 steps: cheap, and the budget is coarse anyway.
    if ((++steps_ & 63) != 0) return timed_out_;
    timed_out_ = timed_out_ || Clock::now() >= limits_.deadline;
    return timed_out_;
  }

  static bool is_conflicted(const GroupScore& s) { return s.hard > 0 || s.repeated_pairs > 0; }

  // A group's cached score, each member's share of its pair costs, and the
  // group-level cost, after the group changed.
  void rescore(std::size_t g) {
    const auto& group = groups_[g];
    scores_[g] = model_.score(group);
    level_[g] = model_.group_cost(group);
    for (std::size_t m : group) contrib_[m] = 0;
    for (std::size_t i = 0; i < group.size(); ++i)
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        const double cost = model_.pair_cost(group[i], group[j]);
        contrib_[group[i]] += cost;
        contrib_[group[j]] += cost;
      }
  }

  // Cost change if p (in its group) and q (in another) trade places: only
  // the pairs p and q leave and join change, plus the group-level terms.
  double swap_delta(std::size_t p, std::size_t q) {
    const std::size_t a = group_of_[p];
    const std::size_t b = group_of_[q];
    double delta = -contrib_[p] - contrib_[q] - level_[a] - level_[b];
    for (std::size_t x : groups_[a])
      if (x != p) delta += model_.pair_cost(q, x);
    for (std::size_t y : groups_[b])
      if (y != q) delta += model_.pair_cost(p, y);
    scratch_a_ = groups_[a];
    scratch_b_ = groups_[b];
    std::replace(scratch_a_.begin(), scratch_a_.end(), p, q);
    std::replace(scratch_b_.begin(), scratch_b_.end(), q, p);
    return delta + model_.group_cost(scratch_a_) + model_.group_cost(scratch_b_);
  }

  void apply_swap(std::size_t p, std::size_t q) {
    const std::size_t a = group_of_[p];
    const std::size_t b = group_of_[q];
    std::replace(groups_[a].begin(), groups_[a].end(), p, q);
    std::replace(groups_[b].begin(), groups_[b].end(), q, p);
    group_of_[p] = b;
    group_of_[q] = a;
    rescore(a);
    rescore(b);
    for (std::size_t g : {a, b}) flag_if_conflicted(g);
  }

  void flag_if_conflicted(std::size_t g) {
    if (listed_[g] == 0 && is_conflicted(scores_[g])) {
      listed_[g] = 1;
      conflicted_.push_back(g);
    }
  }

  double total() const {
    double sum = 0;
    for (const auto& s : scores_) sum += s.total();
    return sum;
  }

  // The member with the largest share of its group's pair costs: the one in
  // the conflict (at random among equals, e.g. for a missing common slot).
  std::size_t worst_member(std::size_t g) {
    const auto& group = groups_[g];
    std::size_t worst = group[rng_.below(group.size())];
    double worst_share = contrib_[worst];
    for (std::size_t m : group)
      if (contrib_[m] > worst_share + 1e-9) {
        worst_share = contrib_[m];
        worst = m;
      }
    return worst;
  }

  // Phase 1: take a conflicted group, move its worst member to where the
  // total drops most. Sampling first keeps 10,000 people fast; a full scan
  // when sampling finds nothing; a tabu-guarded uphill move when stuck, with
  // the best grouping seen kept.
  void repair_conflicts() {
    listed_.assign(groups_.size(), 0);
    for (std::size_t g = 0; g < groups_.size(); ++g) flag_if_conflicted(g);
    if (groups_.size() < 2) return;
    const std::size_t n = model_.people();
    std::vector<std::size_t> tabu_until(n, 0);
    double current = total();
    double best = current;
    std::vector<std::vector<std::size_t>> best_groups;
    std::size_t iteration = 0;
    std::size_t since_best = 0;
    const std::size_t patience = 50 + 20 * groups_.size();
    while (!conflicted_.empty() && !out_of_time() && since_best < patience) {
      ++iteration;
      const std::size_t pick = rng_.below(conflicted_.size());
      const std::size_t g = conflicted_[pick];
      if (!is_conflicted(scores_[g])) {
        listed_[g] = 0;
        conflicted_[pick] = conflicted_.back();
        conflicted_.pop_back();
        continue;
      }
      const std::size_t p = worst_member(g);
      std::size_t best_q = n;
      double best_delta = std::numeric_limits<double>::infinity();
      const auto consider = [&](std::size_t q) {
        if (group_of_[q] == g || tabu_until[q] > iteration) return;
        const double delta = swap_delta(p, q);
        if (delta < best_delta) {
          best_delta = delta;
          best_q = q;
        }
      };
      const std::size_t samples = std::min<std::size_t>(n, 64);
      for (std::size_t k = 0; k < samples; ++k) consider(rng_.below(n));
      if (best_delta >= 0 && n > samples)
        for (std::size_t q = 0; q < n; ++q) consider(q);
      if (best_q == n) continue;
      if (best_delta >= 0 && best_groups.empty()) best_groups = groups_;  // about to go uphill
      apply_swap(p, best_q);
      current += best_delta;
      tabu_until[p] = tabu_until[best_q] = iteration + 7 + rng_.below(10);
      if (current < best - 1e-9) {
        best = current;
        since_best = 0;
        if (!best_groups.empty()) best_groups.clear();  // the current one is the best now
      } else {
        ++since_best;
      }
    }
    if (!best_groups.empty()) restore(std::move(best_groups));
  }

  void restore(std::vector<std::vector<std::size_t>> groups) {
    groups_ = std::move(groups);
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      for (std::size_t p : groups_[g]) group_of_[p] = g;
      rescore(g);
    }
  }

  // Phase 2: random swaps that lower the total (so never add a conflict),
  // until a long run of tries finds nothing or the budget ends.
  void improve_soft() {
    const std::size_t n = model_.people();
    if (groups_.size() < 2) return;
    const std::size_t max_tries = 20 * n + 1000;
    const std::size_t patience = 3 * n + 500;
    std::size_t since_improvement = 0;
    for (std::size_t t = 0; t < max_tries && since_improvement < patience && !out_of_time(); ++t) {
      // The unhappier of two random people moves: most people are already
      // well placed, and trying them wastes the budget.
      std::size_t p = rng_.below(n);
      if (const std::size_t other = rng_.below(n); contrib_[other] > contrib_[p]) p = other;
      const std::size_t q = rng_.below(n);
      if (group_of_[p] == group_of_[q]) continue;
      // Sideways moves are taken too: they cross plateaus of equal cost.
      const double delta = swap_delta(p, q);
      if (delta <= 1e-9) apply_swap(p, q);
      if (delta < -1e-9)
        since_improvement = 0;
      else
        ++since_improvement;
    }
  }

  const RoundModel& model_;
  Rng& rng_;
  SearchLimits limits_;
  std::vector<std::vector<std::size_t>> groups_;
  std::vector<GroupScore> scores_;
  std::vector<double> level_;    // per group: group_cost
  std::vector<double> contrib_;  // per person: Σ pair_cost with its group-mates
  std::vector<std::size_t> group_of_;
  std::vector<std::size_t> conflicted_;  // may hold stale entries; checked on use
  std::vector<char> listed_;             // per group: in conflicted_
  std::vector<std::size_t> scratch_a_, scratch_b_;
  std::size_t steps_ = 0;
  bool timed_out_ = false;
};

}  // namespace

std::vector<std::vector<std::size_t>> search_round(const RoundModel& model,
                                                   const std::vector<int>& sizes, Rng& rng,
                                                   const SearchLimits& limits) {
  return Search(model, sizes, rng, limits).run();
}

}  // namespace moim::grouping::detail
