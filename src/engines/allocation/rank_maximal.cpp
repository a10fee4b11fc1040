// Phase i adds the edges of rank i and augments a maximum flow (LEMON's
// Preflow, warm-started from the previous phase's flow). Between phases the
// Gallai–Edmonds decomposition of the current graph — read off the residual
// network — says which vertices are matched in *every* maximum matching
// (odd or unreachable ones); their edges of later ranks are deleted, and so
// are odd–odd and odd–unreachable edges, which no maximum matching uses.
// That pruning is what keeps the earlier ranks' counts while later ranks are
// added, so one max-flow per rank replaces lexicographic costs, whose
// weights ((n+1)^(ranks-1)) would overflow 64 bits at 100k applicants.
#include "engines/allocation/rank_maximal.hpp"

#include <lemon/circulation.h>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace moim::allocation::detail {

namespace {

enum class Side : char { unreachable, even, odd };

class RankMaximal {
 public:
  RankMaximal(const Market& market, const std::vector<char>& cancelled)
      : market_(market),
        n_(market.applicant_count),
        m_(market.project_count),
        edge_applicant_(market.edge_count()),
        alive_(market.edge_count(), 0),
        matched_(market.applicant_count, kNone),
        load_(market.project_count, 0) {
    for (int a = 0; a < n_; ++a) {
      if (market.pinned_project[a] != kNone) continue;  // placed by the organizers
      for (int e = market.edge_begin[a]; e < market.edge_begin[a + 1]; ++e) {
        edge_applicant_[e] = a;
        const int p = market.edge_project[e];
        alive_[e] = !market.edge_declined[e] && !cancelled[p] && market.seats[p] > 0;
      }
    }
  }

  std::vector<int> solve() {
    const int ranks = market_.max_rank();
    std::vector<int> was_matched, was_load;
    for (int rank = 1; rank <= ranks; ++rank) {
      was_matched = matched_;
      was_load = load_;
      augment(rank);
      if (rank < ranks) prune(rank);
    }
    if (ranks > 0) prefer_projects_choices(ranks, was_matched, was_load);
    return std::move(matched_);
  }

 private:
  bool in_phase(int edge, int rank) const {
    return alive_[edge] && market_.rank_of(edge, edge_applicant_[edge]) <= rank;
  }

  // Nodes: 0 = source, 1 + i = the i-th applicant in seed order (so the seed
  // decides between equally good matchings), then projects, then the sink.
  // StaticDigraph wants the arcs sorted by their source node. Returns the
  // edge of each arc (kNone for source and sink arcs); sink arcs come last.
  std::vector<int> build_network(int rank, lemon::StaticDigraph& graph) const {
    const int source = 0, sink = n_ + m_ + 1;
    std::vector<std::pair<int, int>> arcs;
    std::vector<int> arc_edge;
    arcs.reserve(n_ + market_.edge_count() + m_);
    arc_edge.reserve(arcs.capacity());
    for (int i = 0; i < n_; ++i) {
      arcs.emplace_back(source, 1 + i);
      arc_edge.push_back(kNone);
    }
    for (int i = 0; i < n_; ++i) {
      const int a = market_.seed_order[i];
      for (int e = market_.edge_begin[a]; e < market_.edge_begin[a + 1]; ++e) {
        if (!in_phase(e, rank)) continue;
        arcs.emplace_back(1 + i, 1 + n_ + market_.edge_project[e]);
        arc_edge.push_back(e);
      }
    }
    for (int p = 0; p < m_; ++p) {
      arcs.emplace_back(1 + n_ + p, sink);
      arc_edge.push_back(kNone);
    }
    graph.build(n_ + m_ + 2, arcs.begin(), arcs.end());
    return arc_edge;
  }

  void set_capacity(const std::vector<int>& arc_edge,
                    lemon::StaticDigraph::ArcMap<int>& capacity) const {
    const int first_sink_arc = static_cast<int>(arc_edge.size()) - m_;
    for (int i = 0; i < first_sink_arc; ++i) capacity[lemon::StaticDigraph::arc(i)] = 1;
    for (int p = 0; p < m_; ++p)
      capacity[lemon::StaticDigraph::arc(first_sink_arc + p)] = std::max(0, market_.seats[p]);
  }

  template <class FlowOf>
  void read_matching(const std::vector<int>& arc_edge, const FlowOf& flow_of) {
    std::fill(matched_.begin(), matched_.end(), kNone);
    std::fill(load_.begin(), load_.end(), 0);
    const int first_sink_arc = static_cast<int>(arc_edge.size()) - m_;
    for (int i = n_; i < first_sink_arc; ++i) {
      if (flow_of(lemon::StaticDigraph::arc(i)) == 0) continue;
      const int e = arc_edge[i];
      matched_[edge_applicant_[e]] = e;
      ++load_[market_.edge_project[e]];
    }
  }

  // Lower bounds that keep everyone the previous phases placed placed, and
  // every project at least as full: Irving et al.'s argument needs the new
  // matching to be an *augmentation* of the previous one (the vertices that
  // every maximum matching covers keep only edges of earlier ranks, so
  // keeping them covered keeps the counts of those ranks).
  void set_lower_bounds(const std::vector<int>& arc_edge, const std::vector<int>& was_matched,
                        const std::vector<int>& was_load,
                        lemon::StaticDigraph::ArcMap<int>& lower) const {
    const int first_sink_arc = static_cast<int>(arc_edge.size()) - m_;
    for (int i = 0; i < static_cast<int>(arc_edge.size()); ++i)
      lower[lemon::StaticDigraph::arc(i)] = 0;
    for (int i = 0; i < n_; ++i)
      lower[lemon::StaticDigraph::arc(i)] = was_matched[market_.seed_order[i]] != kNone;
    for (int p = 0; p < m_; ++p) lower[lemon::StaticDigraph::arc(first_sink_arc + p)] = was_load[p];
  }

  bool keeps(const std::vector<int>& was_matched, const std::vector<int>& was_load) const {
    for (int a = 0; a < n_; ++a)
      if (was_matched[a] != kNone && matched_[a] == kNone) return false;
    for (int p = 0; p < m_; ++p)
      if (load_[p] < was_load[p]) return false;
    return true;
  }

  // A maximum flow in the graph of ranks <= rank. Preflow, warm-started
  // from the previous matching, finds its size fast; push-relabel may
  // reroute though, and leave someone placed earlier unplaced. Then LEMON's
  // Circulation finds a flow of that size within the lower bounds (one
  // exists: augmenting the previous matching along paths reaches it).
  void augment(int rank) {
    const std::vector<int> was_matched = matched_, was_load = load_;
    lemon::StaticDigraph graph;
    const std::vector<int> arc_edge = build_network(rank, graph);
    lemon::StaticDigraph::ArcMap<int> capacity(graph), flow(graph);
    set_capacity(arc_edge, capacity);
    const int first_sink_arc = static_cast<int>(arc_edge.size()) - m_;
    for (int i = 0; i < first_sink_arc; ++i) {
      const int e = arc_edge[i];
      flow[lemon::StaticDigraph::arc(i)] =
          i < n_ ? (matched_[market_.seed_order[i]] != kNone) : (matched_[edge_applicant_[e]] == e);
    }
    for (int p = 0; p < m_; ++p) flow[lemon::StaticDigraph::arc(first_sink_arc + p)] = load_[p];

    const auto source = lemon::StaticDigraph::node(0);
    const auto sink = lemon::StaticDigraph::node(n_ + m_ + 1);
    lemon::Preflow<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<int>> preflow(
        graph, capacity, source, sink);
    if (!preflow.init(flow))
      throw std::logic_error("rank-maximal: the previous phase's matching is not a flow");
    preflow.startFirstPhase();
    preflow.startSecondPhase();
    read_matching(arc_edge, [&](lemon::StaticDigraph::Arc arc) { return preflow.flow(arc); });
    if (keeps(was_matched, was_load)) return;

    lemon::StaticDigraph::ArcMap<int> lower(graph);
    set_lower_bounds(arc_edge, was_matched, was_load, lower);
    lemon::StaticDigraph::NodeMap<int> supply(graph, 0);
    supply[source] = preflow.flowValue();
    supply[sink] = -preflow.flowValue();
    lemon::Circulation<lemon::StaticDigraph, lemon::StaticDigraph::ArcMap<int>,
                       lemon::StaticDigraph::ArcMap<int>, lemon::StaticDigraph::NodeMap<int>>
        circulation(graph, lower, capacity, supply);
    if (!circulation.run())
      throw std::logic_error("rank-maximal: no maximum flow keeps the earlier placements");
    read_matching(arc_edge, [&](lemon::StaticDigraph::Arc arc) { return circulation.flow(arc); });
  }

  // After the last phase, every maximum matching of the pruned graph that
  // keeps the previous phase's placements (lower bounds) is rank-maximal,
  // so a min-cost one among them can honour the projects' preferences: an
  // edge costs the applicant's position in the project's order (builders'
  // ranking, priority, seed) among those who can still reach it. Costs stay
  // below the edge count, so 64 bits never overflow.
  void prefer_projects_choices(int rank, const std::vector<int>& was_matched,
                               const std::vector<int>& was_load) {
    lemon::StaticDigraph graph;
    const std::vector<int> arc_edge = build_network(rank, graph);
    lemon::StaticDigraph::ArcMap<int> capacity(graph), lower(graph);
    lemon::StaticDigraph::ArcMap<long long> cost(graph, 0);
    set_capacity(arc_edge, capacity);
    set_lower_bounds(arc_edge, was_matched, was_load, lower);

    std::vector<std::vector<std::pair<std::uint64_t, int>>> by_project(m_);
    const int first_sink_arc = static_cast<int>(arc_edge.size()) - m_;
    for (int i = n_; i < first_sink_arc; ++i)
      by_project[market_.edge_project[arc_edge[i]]].emplace_back(market_.edge_key[arc_edge[i]], i);
    for (auto& arcs : by_project) {
      std::sort(arcs.begin(), arcs.end());
      for (std::size_t position = 0; position < arcs.size(); ++position)
        cost[lemon::StaticDigraph::arc(arcs[position].second)] = static_cast<long long>(position);
    }

    int placed = 0;
    for (int p = 0; p < m_; ++p) placed += load_[p];
    lemon::NetworkSimplex<lemon::StaticDigraph, int, long long> simplex(graph);
    simplex.lowerMap(lower).upperMap(capacity).costMap(cost).stSupply(
        lemon::StaticDigraph::node(0), lemon::StaticDigraph::node(n_ + m_ + 1), placed);
    if (simplex.run() != decltype(simplex)::OPTIMAL)
      throw std::logic_error("rank-maximal: no min-cost flow of the maximum size");
    read_matching(arc_edge, [&](lemon::StaticDigraph::Arc arc) { return simplex.flow(arc); });
  }

  // The Gallai–Edmonds decomposition of the graph of ranks <= rank, then
  // Irving et al.'s deletions. Even: reachable by an even alternating path
  // from a vertex with room left (an unplaced applicant, a project with a
  // free seat). Odd: by an odd one. Unreachable: neither.
  void prune(int rank) {
    // Project → its edges in this phase, to walk the graph from the right.
    std::vector<int> project_begin(m_ + 1, 0), project_edges;
    for (int e = 0; e < market_.edge_count(); ++e)
      if (in_phase(e, rank)) ++project_begin[market_.edge_project[e] + 1];
    for (int p = 0; p < m_; ++p) project_begin[p + 1] += project_begin[p];
    project_edges.resize(project_begin[m_]);
    {
      std::vector<int> fill = project_begin;
      for (int e = 0; e < market_.edge_count(); ++e)
        if (in_phase(e, rank)) project_edges[fill[market_.edge_project[e]]++] = e;
    }

    std::vector<Side> applicant_side(n_, Side::unreachable), project_side(m_, Side::unreachable);
    std::vector<int> queue;
    queue.reserve(n_ + m_);

    // From unplaced applicants: applicants reached are even, projects odd.
    // A queue entry >= 0 is an applicant, < 0 encodes project -(entry + 1).
    for (int a = 0; a < n_; ++a)
      if (matched_[a] == kNone && market_.pinned_project[a] == kNone) {
        applicant_side[a] = Side::even;
        queue.push_back(a);
      }
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const int entry = queue[head];
      if (entry >= 0) {
        for (int e = market_.edge_begin[entry]; e < market_.edge_begin[entry + 1]; ++e) {
          if (!in_phase(e, rank) || matched_[entry] == e) continue;
          const int p = market_.edge_project[e];
          if (project_side[p] != Side::unreachable) continue;
          project_side[p] = Side::odd;
          queue.push_back(-(p + 1));
        }
      } else {
        const int p = -(entry + 1);
        for (int i = project_begin[p]; i < project_begin[p + 1]; ++i) {
          const int e = project_edges[i];
          const int b = edge_applicant_[e];
          if (matched_[b] != e || applicant_side[b] != Side::unreachable) continue;
          applicant_side[b] = Side::even;
          queue.push_back(b);
        }
      }
    }

    // From projects with a free seat: projects reached are even, applicants odd.
    queue.clear();
    for (int p = 0; p < m_; ++p)
      if (load_[p] < market_.seats[p]) {
        mark_from_right(project_side[p], Side::even);
        queue.push_back(-(p + 1));
      }
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const int entry = queue[head];
      if (entry < 0) {
        const int p = -(entry + 1);
        for (int i = project_begin[p]; i < project_begin[p + 1]; ++i) {
          const int e = project_edges[i];
          const int a = edge_applicant_[e];
          // Even the applicant matched here: a project's seats are
          // interchangeable, so it reaches this project's other seat too.
          if (applicant_side[a] == Side::odd) continue;
          mark_from_right(applicant_side[a], Side::odd);
          queue.push_back(a);
        }
      } else if (matched_[entry] != kNone) {
        const int q = market_.edge_project[matched_[entry]];
        if (project_side[q] == Side::even) continue;
        mark_from_right(project_side[q], Side::even);
        queue.push_back(-(q + 1));
      }
    }

    for (int e = 0; e < market_.edge_count(); ++e) {
      if (!alive_[e]) continue;
      const int a = edge_applicant_[e];
      const Side left = applicant_side[a], right = project_side[market_.edge_project[e]];
      const bool later_rank = market_.rank_of(e, a) > rank;
      const bool remove =
          later_rank ? (left != Side::even || right != Side::even)
                     : ((left == Side::odd && right != Side::even) ||
                        (left == Side::unreachable && right == Side::odd));
      if (!remove) continue;
      if (matched_[a] == e)
        throw std::logic_error("rank-maximal: a matched edge would be pruned");
      alive_[e] = 0;
    }
  }

  // Reached from both sides would mean an augmenting path: the flow was not maximum.
  static void mark_from_right(Side& side, Side wanted) {
    if (side != Side::unreachable)
      throw std::logic_error("rank-maximal: augmenting path after a maximum flow");
    side = wanted;
  }

  const Market& market_;
  const int n_, m_;
  std::vector<int> edge_applicant_;
  std::vector<char> alive_;
  std::vector<int> matched_;  // applicant → edge
  std::vector<int> load_;     // project → applicants placed by the algorithm
};

}  // namespace

std::vector<int> rank_maximal_edges(const Market& market, const std::vector<char>& cancelled) {
  return RankMaximal(market, cancelled).solve();
}

}  // namespace moim::allocation::detail
