#include "engines/allocation/stable.hpp"

#include <algorithm>

namespace moim::allocation::detail {

DeferredAcceptance::DeferredAcceptance(const Market& market)
    : market_(market),
      seats_(market.seats),
      next_offset_(market.applicant_count, 0),
      held_edge_(market.applicant_count, kNone),
      held_by_(market.project_count) {
  free_.reserve(market.applicant_count);
  // Pinned applicants are placed by the organizers, outside the market.
  for (int a = market.applicant_count - 1; a >= 0; --a)
    if (market.pinned_project[a] == kNone) free_.push_back(a);
}

void DeferredAcceptance::run() {
  while (!free_.empty()) {
    const int applicant = free_.back();
    free_.pop_back();
    propose_from(applicant);
  }
}

void DeferredAcceptance::propose_from(int applicant) {
  const int first = market_.edge_begin[applicant];
  while (next_offset_[applicant] < market_.degree(applicant)) {
    const int edge = first + next_offset_[applicant]++;
    const int project = market_.edge_project[edge];
    if (market_.edge_declined[edge] || seats_[project] <= 0) continue;
    auto& held = held_by_[project];
    const std::uint64_t key = market_.edge_key[edge];
    const auto worse = [](const auto& x, const auto& y) { return x.first < y.first; };
    if (static_cast<int>(held.size()) < seats_[project]) {
      held.emplace_back(key, applicant);
      std::push_heap(held.begin(), held.end(), worse);
      held_edge_[applicant] = edge;
      return;
    }
    if (key < held.front().first) {
      const int displaced = held.front().second;
      std::pop_heap(held.begin(), held.end(), worse);
      held.back() = {key, applicant};
      std::push_heap(held.begin(), held.end(), worse);
      held_edge_[applicant] = edge;
      held_edge_[displaced] = kNone;
      free_.push_back(displaced);
      return;
    }
  }
}

void DeferredAcceptance::cancel(int project) {
  seats_[project] = 0;
  for (const auto& [key, applicant] : held_by_[project]) {
    held_edge_[applicant] = kNone;
    free_.push_back(applicant);
  }
  held_by_[project].clear();
  run();
}

}  // namespace moim::allocation::detail
