// Applicant-proposing deferred acceptance with capacities (Gale–Shapley for
// the hospitals/residents problem): the applicant-optimal stable matching.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engines/allocation/market.hpp"

namespace moim::allocation::detail {

class DeferredAcceptance {
 public:
  explicit DeferredAcceptance(const Market& market);

  // Runs until every applicant is held or has exhausted their choices.
  void run();
  // Takes the project out of the market and lets the applicants it held
  // propose on. Continuing from the current state gives the same result as a
  // fresh run without the project: every earlier rejection stays justified,
  // since a project's held set only improves.
  void cancel(int project);

  // The edge each applicant holds, kNone when unassigned (pinned: kNone too).
  const std::vector<int>& held_edge() const { return held_edge_; }

 private:
  void propose_from(int applicant);

  const Market& market_;
  std::vector<int> seats_;
  std::vector<int> next_offset_;  // next choice each applicant will propose to
  std::vector<int> held_edge_;
  // Per project, the held applicants as a max-heap on the project's key:
  // the front is the one it likes least, the first to go.
  std::vector<std::vector<std::pair<std::uint64_t, int>>> held_by_;
  std::vector<int> free_;  // applicants waiting to propose
};

}  // namespace moim::allocation::detail
