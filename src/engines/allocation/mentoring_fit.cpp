// Best total fit: the most mentees matched, then the highest total score.
//
// A min-cost flow (LEMON's NetworkSimplex): source → mentee (1) → mentor
// (1, cost −(M + score)) → sink (the mentor's free seats), and a bypass
// source → sink for those left out. M is larger than any total of scores, so
// one more pair always beats any gain in score.
//
// Ten million candidate pairs do not fit in a fast flow, so it is solved on
// each mentee's best few pairs first, and then proved optimal on all of them
// from the flow's node potentials: a pair left out can only improve the
// answer if its reduced cost is negative. Such pairs are added and the flow
// is solved again, until none is left (usually at once). The answer is the
// exact optimum over every pair, never an approximation.
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "engines/allocation/mentoring_prepared.hpp"

namespace moim::allocation::mentoring::detail {

namespace {

struct Candidate {
  int mentee, mentor, score;
};

class FitSolver {
 public:
  FitSolver(const Prepared& prepared, std::size_t first_candidates, std::size_t max_kept)
      : max_kept_(max_kept),
        p_(prepared),
        first_candidates_(first_candidates),
        big_(static_cast<long long>(prepared.max_score + 1) * (prepared.mentees + 1)) {}

  std::vector<int> solve(std::vector<Reach>& reach) {
    std::vector<int> result = p_.pinned_to;
    std::vector<std::vector<Candidate>> chosen(static_cast<std::size_t>(p_.mentees));
    all_offsets_.assign(1, 0);
    kept_all_ = p_.mentors < (1 << 21) && p_.max_score < (1 << kScoreBits);
    for (int i = 0; i < p_.mentees; ++i) {
      if (p_.pinned_to[static_cast<std::size_t>(i)] == kNone) {
        auto& best = chosen[static_cast<std::size_t>(i)];
        p_.for_each_allowed(i, reach[static_cast<std::size_t>(i)], [&](int j, const Fit& fit) {
          best.push_back({i, j, fit.score});
          if (kept_all_)
            all_.push_back(static_cast<std::uint32_t>(j) << kScoreBits |
                           static_cast<std::uint32_t>(fit.score));
          if (best.size() > 4 * first_candidates_) keep_best(best);
        });
        keep_best(best);
      }
      all_offsets_.push_back(all_.size());
      if (all_.size() > max_kept_) {  // too many to keep: the proof scores them again
        kept_all_ = false;
        all_ = {};
      }
    }
    while (true) {
      std::vector<Candidate> arcs;
      for (const auto& list : chosen) arcs.insert(arcs.end(), list.begin(), list.end());
      run_flow(arcs, result);
      if (!add_improving(chosen)) break;
    }
    return result;
  }

 private:
  // The first_candidates_ best, ties by the seed.
  void keep_best(std::vector<Candidate>& list) const {
    const auto better = [&](const Candidate& a, const Candidate& b) {
      if (a.score != b.score) return a.score > b.score;
      return p_.mentor_order[static_cast<std::size_t>(a.mentor)] <
             p_.mentor_order[static_cast<std::size_t>(b.mentor)];
    };
    if (list.size() > first_candidates_) {
      std::nth_element(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(first_candidates_),
                       list.end(), better);
      list.resize(first_candidates_);
    }
  }

  long long cost(int score) const { return -(big_ + score); }

  void run_flow(const std::vector<Candidate>& arcs, std::vector<int>& result) {
    // Nodes: 0 source, 1 sink, 2.. mentees, then mentors.
    const int n = p_.mentees, m = p_.mentors;
    const int source = 0, sink = 1;
    const auto mentee_node = [](int i) { return 2 + i; };
    const auto mentor_node = [n](int j) { return 2 + n + j; };
    // StaticDigraph wants the arcs sorted by source.
    std::vector<std::pair<int, int>> ends;
    std::vector<long long> costs;
    std::vector<int> capacities;
    ends.reserve(arcs.size() + static_cast<std::size_t>(n + m + 1));
    ends.emplace_back(source, sink);
    costs.push_back(0);
    capacities.push_back(n);
    for (int i = 0; i < n; ++i) {
      ends.emplace_back(source, mentee_node(i));
      costs.push_back(0);
      capacities.push_back(p_.pinned_to[static_cast<std::size_t>(i)] == kNone ? 1 : 0);
    }
    std::vector<Candidate> sorted = arcs;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Candidate& a, const Candidate& b) { return a.mentee < b.mentee; });
    for (const auto& arc : sorted) {
      ends.emplace_back(mentee_node(arc.mentee), mentor_node(arc.mentor));
      costs.push_back(cost(arc.score));
      capacities.push_back(1);
    }
    for (int j = 0; j < m; ++j) {
      ends.emplace_back(mentor_node(j), sink);
      costs.push_back(0);
      capacities.push_back(std::max(0, p_.free_capacity[static_cast<std::size_t>(j)]));
    }
    lemon::StaticDigraph graph;
    graph.build(2 + n + m, ends.begin(), ends.end());
    lemon::StaticDigraph::ArcMap<long long> cost_map(graph);
    lemon::StaticDigraph::ArcMap<int> capacity_map(graph);
    for (int a = 0; a < static_cast<int>(ends.size()); ++a) {
      cost_map[lemon::StaticDigraph::arc(a)] = costs[static_cast<std::size_t>(a)];
      capacity_map[lemon::StaticDigraph::arc(a)] = capacities[static_cast<std::size_t>(a)];
    }
    lemon::NetworkSimplex<lemon::StaticDigraph, int, long long> simplex(graph);
    simplex.costMap(cost_map)
        .upperMap(capacity_map)
        .stSupply(lemon::StaticDigraph::node(source), lemon::StaticDigraph::node(sink), n);
    if (simplex.run() != decltype(simplex)::OPTIMAL)
      throw std::logic_error("mentoring: the flow has no optimum");
    result = p_.pinned_to;
    const std::size_t first_pair = 1 + static_cast<std::size_t>(n);
    for (std::size_t a = 0; a < sorted.size(); ++a)
      if (simplex.flow(lemon::StaticDigraph::arc(static_cast<int>(first_pair + a))) > 0)
        result[static_cast<std::size_t>(sorted[a].mentee)] = sorted[a].mentor;
    potential_.assign(static_cast<std::size_t>(2 + n + m), 0);
    for (int v = 0; v < 2 + n + m; ++v)
      potential_[static_cast<std::size_t>(v)] = simplex.potential(lemon::StaticDigraph::node(v));
  }

  // Adds every left-out pair whose reduced cost is negative; false if none.
  // cost + π(mentee) − π(mentor) < 0 needs π(mentor) > π(mentee) − M − score,
  // so mentors are visited from the highest potential down and the visit
  // stops where no score could make a pair negative.
  bool add_improving(std::vector<std::vector<Candidate>>& chosen) const {
    const int n = p_.mentees;
    std::vector<int> by_potential(static_cast<std::size_t>(p_.mentors));
    for (int j = 0; j < p_.mentors; ++j) by_potential[static_cast<std::size_t>(j)] = j;
    const auto pi_mentor = [&](int j) { return potential_[static_cast<std::size_t>(2 + n + j)]; };
    std::sort(by_potential.begin(), by_potential.end(),
              [&](int a, int b) { return pi_mentor(a) > pi_mentor(b); });
    bool added = false;
    std::vector<char> present(static_cast<std::size_t>(p_.mentors), 0);
    for (int i = 0; i < n; ++i) {
      if (p_.pinned_to[static_cast<std::size_t>(i)] != kNone) continue;
      auto& list = chosen[static_cast<std::size_t>(i)];
      for (const auto& c : list) present[static_cast<std::size_t>(c.mentor)] = 1;
      const long long pi_mentee = potential_[static_cast<std::size_t>(2 + i)];
      const std::size_t before = list.size();
      if (kept_all_) {
        for (std::size_t k = all_offsets_[static_cast<std::size_t>(i)];
             k < all_offsets_[static_cast<std::size_t>(i) + 1]; ++k) {
          const int j = static_cast<int>(all_[k] >> kScoreBits);
          const int score = static_cast<int>(all_[k] & ((1u << kScoreBits) - 1));
          if (!present[static_cast<std::size_t>(j)] && cost(score) + pi_mentee - pi_mentor(j) < 0)
            list.push_back({i, j, score});
        }
      } else {
        for (const int j : by_potential) {
          if (pi_mentor(j) <= pi_mentee - big_ - p_.max_score) break;
          if (present[static_cast<std::size_t>(j)] || p_.forbidden(i, j)) continue;
          const Fit fit = p_.fit(i, j);
          if (!p_.compatible(fit)) continue;
          if (cost(fit.score) + pi_mentee - pi_mentor(j) < 0) list.push_back({i, j, fit.score});
        }
      }
      for (const auto& c : list) present[static_cast<std::size_t>(c.mentor)] = 0;
      added = added || list.size() != before;
    }
    return added;
  }

  // Every allowed pair with its score, by mentee (offsets), packed in four
  // bytes, while they fit in max_kept_ entries: 15% of 10k × 1k pairs is
  // 6 MB, of 50k × 5k 156 MB. Beyond, the proof scores the pairs again.
  static constexpr int kScoreBits = 11;
  const std::size_t max_kept_;
  bool kept_all_ = true;
  std::vector<std::uint32_t> all_;  // mentor << kScoreBits | score
  std::vector<std::size_t> all_offsets_;

  const Prepared& p_;
  const std::size_t first_candidates_;
  const long long big_;
  std::vector<long long> potential_;
};

}  // namespace

std::vector<int> match_fit(const Prepared& prepared, std::vector<Reach>& reach,
                           std::size_t first_candidates, std::size_t max_kept) {
  return FitSolver(prepared, std::max<std::size_t>(1, first_candidates), max_kept).solve(reach);
}

}  // namespace moim::allocation::mentoring::detail
