#include "engines/allocation/market.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>

#include "engines/allocation/id_index.hpp"

namespace moim::allocation::detail {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 0xCBF29CE484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t lottery_number(std::uint64_t seed, const std::string& id) {
  return splitmix64(splitmix64(seed) ^ fnv1a(id));
}

int Market::max_rank() const {
  int longest = 0;
  for (int a = 0; a < applicant_count; ++a) longest = std::max(longest, degree(a));
  return longest;
}

namespace {

int index_of(const IdIndex& index, std::string_view id, const char* what) {
  const int position = index.find(id);
  // allocate()'s precondition is validate(); this keeps a violation defined.
  if (position < 0)
    throw std::invalid_argument(std::string("allocate: unknown ") + what + " \"" + std::string(id) +
                                "\" (run validate() first)");
  return position;
}

// (applicant, project, value) triples grouped by applicant with a counting
// sort: each applicant's own few builder rankings and declines, found by a
// short scan instead of a hash lookup per (applicant, project) pair.
struct PerApplicant {
  std::vector<int> begin;                              // size n + 1
  std::vector<std::pair<int, std::uint32_t>> entries;  // (project, value)

  PerApplicant(int n, const std::vector<std::array<int, 3>>& triples) : begin(n + 1, 0) {
    for (const auto& t : triples) ++begin[t[0] + 1];
    for (int a = 0; a < n; ++a) begin[a + 1] += begin[a];
    entries.resize(triples.size());
    std::vector<int> fill(begin.begin(), begin.end() - 1);
    for (const auto& t : triples) entries[fill[t[0]]++] = {t[1], static_cast<std::uint32_t>(t[2])};
  }

  const std::pair<int, std::uint32_t>* find(int applicant, int project) const {
    for (int i = begin[applicant]; i < begin[applicant + 1]; ++i)
      if (entries[i].first == project) return &entries[i];
    return nullptr;
  }
};

}  // namespace

Market build_market(const Instance& instance) {
  Market market;
  const int n = static_cast<int>(instance.applicants.size());
  const int m = static_cast<int>(instance.projects.size());
  market.applicant_count = n;
  market.project_count = m;

  IdIndex project_index(m), applicant_index(n);
  for (int p = 0; p < m; ++p) project_index.insert(instance.projects[p].id, p);
  for (int a = 0; a < n; ++a) applicant_index.insert(instance.applicants[a].id, a);

  // The lottery: one number per applicant from the seed and their id (not
  // their position in the file), ties between equal numbers by position.
  std::vector<std::uint64_t> lottery(n);
  for (int a = 0; a < n; ++a) lottery[a] = lottery_number(instance.seed, instance.applicants[a].id);
  market.seed_order.resize(n);
  std::iota(market.seed_order.begin(), market.seed_order.end(), 0);
  std::sort(market.seed_order.begin(), market.seed_order.end(), [&](int x, int y) {
    return lottery[x] != lottery[y] ? lottery[x] < lottery[y] : x < y;
  });
  // Base order every project shares: priority (higher first), then lottery.
  std::vector<int> by_priority = market.seed_order;
  std::stable_sort(by_priority.begin(), by_priority.end(), [&](int x, int y) {
    return instance.applicants[x].priority > instance.applicants[y].priority;
  });
  std::vector<std::uint32_t> base_rank(n);
  for (int position = 0; position < n; ++position) base_rank[by_priority[position]] = position;

  market.seats.resize(m);
  market.min_seats.resize(m);
  market.pinned_count.assign(m, 0);
  market.project_lottery.resize(m);
  std::vector<std::array<int, 3>> ranked, declined;
  for (int p = 0; p < m; ++p) {
    const Project& project = instance.projects[p];
    market.seats[p] = project.max;
    market.min_seats[p] = project.min;
    market.project_lottery[p] = lottery_number(instance.seed, project.id);
    for (std::size_t position = 0; position < project.ranking.size(); ++position)
      ranked.push_back({index_of(applicant_index, project.ranking[position], "applicant"), p,
                        static_cast<int>(position)});
    for (const auto& id : project.declined)
      declined.push_back({index_of(applicant_index, id, "applicant"), p, 0});
  }
  const PerApplicant ranking_of(n, ranked), declines_of(n, declined);

  market.pinned_project.assign(n, kNone);
  market.edge_begin.resize(n + 1);
  std::size_t edge_total = 0;
  for (const auto& applicant : instance.applicants) edge_total += applicant.choices.size();
  market.edge_project.reserve(edge_total);
  market.edge_declined.reserve(edge_total);
  market.edge_key.reserve(edge_total);
  constexpr std::uint32_t kUnranked = std::numeric_limits<std::uint32_t>::max();
  for (int a = 0; a < n; ++a) {
    const Applicant& applicant = instance.applicants[a];
    market.edge_begin[a] = static_cast<int>(market.edge_project.size());
    if (applicant.pinned) {
      const int p = index_of(project_index, *applicant.pinned, "project");
      market.pinned_project[a] = p;
      ++market.pinned_count[p];
      --market.seats[p];
    }
    for (const auto& choice : applicant.choices) {
      const int p = index_of(project_index, choice, "project");
      const auto* ranked_entry = ranking_of.find(a, p);
      const std::uint64_t position = ranked_entry ? ranked_entry->second : kUnranked;
      market.edge_project.push_back(p);
      market.edge_declined.push_back(declines_of.find(a, p) ? 1 : 0);
      market.edge_key.push_back((position << 32) | base_rank[a]);
    }
  }
  market.edge_begin[n] = static_cast<int>(market.edge_project.size());
  return market;
}

}  // namespace moim::allocation::detail
