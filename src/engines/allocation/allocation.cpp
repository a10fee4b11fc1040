// allocate(): runs a mode, cancels under-filled projects one at a time when
// asked, then explains the result per applicant and per choice.
#include "engines/allocation/allocation.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "engines/allocation/market.hpp"
#include "engines/allocation/rank_maximal.hpp"
#include "engines/allocation/stable.hpp"

namespace moim::allocation {

namespace {

using detail::kNone;
using detail::Market;

// Seats taken per project, pins included.
std::vector<int> fill_of(const Market& market, const std::vector<int>& edge_of) {
  std::vector<int> filled = market.pinned_count;
  for (int a = 0; a < market.applicant_count; ++a)
    if (edge_of[a] != kNone) ++filled[market.edge_project[edge_of[a]]];
  return filled;
}

// How many could ever sit in each project: pins plus everyone (not pinned
// elsewhere) who listed it and was not declined.
std::vector<int> demand_of(const Market& market) {
  std::vector<int> demand = market.pinned_count;
  for (int a = 0; a < market.applicant_count; ++a) {
    if (market.pinned_project[a] != kNone) continue;
    for (int e = market.edge_begin[a]; e < market.edge_begin[a + 1]; ++e)
      if (!market.edge_declined[e]) ++demand[market.edge_project[e]];
  }
  return demand;
}

// The project to cancel next. One at a time, because the people it releases
// may lift another project over its minimum. First the hopeless ones (fewer
// possible applicants than the minimum), then the emptiest relative to its
// minimum, ties by seed. A project with pins is never cancelled: an
// organizer placed someone there on purpose.
int next_to_cancel(const Market& market, const std::vector<int>& demand,
                   const std::vector<int>& filled, const std::vector<char>& cancelled) {
  int worst = kNone;
  const auto hopeless = [&](int p) { return demand[p] < market.min_seats[p]; };
  for (int p = 0; p < market.project_count; ++p) {
    if (cancelled[p] || market.pinned_count[p] > 0 || filled[p] >= market.min_seats[p]) continue;
    if (worst == kNone) {
      worst = p;
      continue;
    }
    if (hopeless(p) != hopeless(worst)) {
      if (hopeless(p)) worst = p;
      continue;
    }
    // filled[p] / min[p] < filled[worst] / min[worst], without division.
    const long long lhs = static_cast<long long>(filled[p]) * market.min_seats[worst];
    const long long rhs = static_cast<long long>(filled[worst]) * market.min_seats[p];
    if (lhs < rhs || (lhs == rhs && market.project_lottery[p] < market.project_lottery[worst]))
      worst = p;
  }
  return worst;
}

std::vector<int> run_stable(const Market& market, bool cancel_under_minimum,
                            std::vector<char>& cancelled) {
  detail::DeferredAcceptance algorithm(market);
  algorithm.run();
  const std::vector<int> demand = cancel_under_minimum ? demand_of(market) : std::vector<int>();
  while (cancel_under_minimum) {
    const int project =
        next_to_cancel(market, demand, fill_of(market, algorithm.held_edge()), cancelled);
    if (project == kNone) break;
    cancelled[project] = 1;
    algorithm.cancel(project);
  }
  return algorithm.held_edge();
}

// Rank-maximal results are not monotone in the set of projects, so each
// cancellation re-solves from scratch.
std::vector<int> run_rank_maximal(const Market& market, bool cancel_under_minimum,
                                  std::vector<char>& cancelled) {
  std::vector<int> edge_of = detail::rank_maximal_edges(market, cancelled);
  const std::vector<int> demand = cancel_under_minimum ? demand_of(market) : std::vector<int>();
  while (cancel_under_minimum) {
    const int project = next_to_cancel(market, demand, fill_of(market, edge_of), cancelled);
    if (project == kNone) break;
    cancelled[project] = 1;
    edge_of = detail::rank_maximal_edges(market, cancelled);
  }
  return edge_of;
}

class Explainer {
 public:
  Explainer(const Instance& instance, const Market& market, Mode mode,
            const std::vector<int>& edge_of, const std::vector<char>& cancelled)
      : instance_(instance),
        market_(market),
        mode_(mode),
        edge_of_(edge_of),
        cancelled_(cancelled),
        least_preferred_(market.project_count, 0),
        least_preferred_applicant_(market.project_count, kNone),
        filled_(fill_of(market, edge_of)),
        waiting_(waiting_lines()) {
    // The key of the applicant each project likes least among those the
    // algorithm placed there (pins are the organizers' call, not the project's):
    // the one an applicant left outside would have had to beat.
    for (int a = 0; a < market.applicant_count; ++a)
      if (edge_of[a] != kNone) {
        const int p = market.edge_project[edge_of[a]];
        if (least_preferred_applicant_[p] == kNone ||
            market.edge_key[edge_of[a]] > least_preferred_[p]) {
          least_preferred_[p] = market.edge_key[edge_of[a]];
          least_preferred_applicant_[p] = a;
        }
      }
  }

  Outcome explain() const {
    Outcome outcome;
    outcome.summary.by_rank.assign(market_.max_rank(), 0);
    outcome.applicants.reserve(market_.applicant_count);
    for (int a = 0; a < market_.applicant_count; ++a) outcome.applicants.push_back(applicant(a));
    for (const auto& result : outcome.applicants) {
      if (!result.project)
        ++outcome.summary.unassigned;
      else if (result.rank == 0)
        ++outcome.summary.pinned_outside_choices;
      else
        ++outcome.summary.by_rank[result.rank - 1];
    }
    outcome.projects = projects();
    for (const auto& project : outcome.projects)
      if (project.cancelled) ++outcome.summary.cancelled_projects;
    return outcome;
  }

 private:
  ApplicantResult applicant(int a) const {
    const Applicant& input = instance_.applicants[a];
    ApplicantResult result{.id = input.id};
    int placed_project = kNone, placed_rank = 0;
    if (market_.pinned_project[a] != kNone) {
      placed_project = market_.pinned_project[a];
      for (int e = market_.edge_begin[a]; e < market_.edge_begin[a + 1]; ++e)
        if (market_.edge_project[e] == placed_project) placed_rank = market_.rank_of(e, a);
    } else if (edge_of_[a] != kNone) {
      placed_project = market_.edge_project[edge_of_[a]];
      placed_rank = market_.rank_of(edge_of_[a], a);
    }
    if (placed_project != kNone) result.project = instance_.projects[placed_project].id;
    result.rank = placed_rank;
    result.choices.reserve(input.choices.size());
    for (int e = market_.edge_begin[a]; e < market_.edge_begin[a + 1]; ++e) {
      const int rank = market_.rank_of(e, a);
      result.choices.push_back(
          {input.choices[rank - 1], choice_outcome(a, e, rank, placed_project, placed_rank)});
    }
    return result;
  }

  ChoiceOutcome choice_outcome(int a, int e, int rank, int placed_project, int placed_rank) const {
    const int p = market_.edge_project[e];
    if (placed_rank == rank) return ChoiceOutcome::placed;
    if (placed_rank != 0 && rank > placed_rank) return ChoiceOutcome::higher_choice_placed;
    if (cancelled_[p]) return ChoiceOutcome::project_cancelled;
    if (market_.edge_declined[e]) return ChoiceOutcome::declined_by_builders;
    if (market_.pinned_project[a] != kNone) return ChoiceOutcome::not_reached;
    // A higher choice they did not get. Both modes only leave that when it
    // is full; say who filled it, truthfully (issue #12).
    if (filled_[p] < market_.pinned_count[p] + market_.seats[p])
      throw std::logic_error("allocation: a higher choice with a free seat was passed over");
    (void)placed_project;
    const int rival = least_preferred_applicant_[p];
    if (rival == kNone)  // nobody seated by the algorithm: pins took every seat, or none exist
      return market_.pinned_count[p] > 0 ? ChoiceOutcome::filled_by_pins : ChoiceOutcome::no_seats;
    if (mode_ == Mode::rank_maximal && market_.edge_key[e] < least_preferred_[p])
      return ChoiceOutcome::filled_to_maximise_ranks;
    // Without the pins, the first pinned_count[p] people in p's line would
    // have had those seats: if they include this applicant, the pins did it.
    if (market_.pinned_count[p] > 0 &&
        line_position(p, market_.edge_key[e]) < static_cast<std::size_t>(market_.pinned_count[p]))
      return ChoiceOutcome::filled_by_pins;
    // The project preferred everyone the algorithm seated there; the rival is
    // the least preferred of them. Name the tie-break that put them first.
    constexpr std::uint64_t kUnranked = std::numeric_limits<std::uint32_t>::max();
    if ((least_preferred_[p] >> 32) != kUnranked) return ChoiceOutcome::filled_by_higher_ranked;
    if (instance_.applicants[rival].priority != instance_.applicants[a].priority)
      return ChoiceOutcome::filled_by_priority;
    return ChoiceOutcome::filled_by_seed_order;
  }

  // How many in p's line the project prefers to the applicant with this key.
  std::size_t line_position(int p, std::uint64_t key) const {
    const auto& line = waiting_[p];
    return static_cast<std::size_t>(
        std::lower_bound(line.begin(), line.end(), std::pair<std::uint64_t, int>{key, -1}) -
        line.begin());
  }

  // Line of p: applicants (not pinned) who listed p, were not declined, and
  // are unplaced or placed at a lower choice; in p's order of preference.
  std::vector<std::vector<std::pair<std::uint64_t, int>>> waiting_lines() const {
    std::vector<std::vector<std::pair<std::uint64_t, int>>> waiting(market_.project_count);
    for (int a = 0; a < market_.applicant_count; ++a) {
      if (market_.pinned_project[a] != kNone) continue;
      const int end = edge_of_[a] == kNone ? market_.edge_begin[a + 1] : edge_of_[a];
      for (int e = market_.edge_begin[a]; e < end; ++e) {
        const int p = market_.edge_project[e];
        if (!market_.edge_declined[e] && !cancelled_[p])
          waiting[p].emplace_back(market_.edge_key[e], a);
      }
    }
    for (auto& line : waiting) std::sort(line.begin(), line.end());
    return waiting;
  }

  // Waitlist of p: its line (see waiting_lines()).
  std::vector<ProjectResult> projects() const {
    std::vector<ProjectResult> results;
    results.reserve(market_.project_count);
    for (int p = 0; p < market_.project_count; ++p) {
      ProjectResult result{
          .id = instance_.projects[p].id, .filled = filled_[p], .cancelled = cancelled_[p] != 0};
      result.waitlist.reserve(waiting_[p].size());
      for (const auto& entry : waiting_[p])
        result.waitlist.push_back(instance_.applicants[entry.second].id);
      results.push_back(std::move(result));
    }
    return results;
  }

  const Instance& instance_;
  const Market& market_;
  Mode mode_;
  const std::vector<int>& edge_of_;
  const std::vector<char>& cancelled_;
  std::vector<std::uint64_t> least_preferred_;
  std::vector<int> least_preferred_applicant_;  // kNone: nobody placed by the algorithm
  std::vector<int> filled_;
  std::vector<std::vector<std::pair<std::uint64_t, int>>> waiting_;
};

}  // namespace

Outcome allocate(const Instance& instance, Mode mode) {
  // No validate() here: it is the caller's precondition and would cost more
  // than stable mode itself. build_market() throws on ids it cannot resolve.
  const Market market = detail::build_market(instance);
  std::vector<char> cancelled(market.project_count, 0);
  const std::vector<int> edge_of =
      mode == Mode::stable ? run_stable(market, instance.cancel_under_minimum, cancelled)
                           : run_rank_maximal(market, instance.cancel_under_minimum, cancelled);
  return Explainer(instance, market, mode, edge_of, cancelled).explain();
}

}  // namespace moim::allocation
