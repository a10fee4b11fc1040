#include "engines/allocation/market.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

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

std::uint64_t pair_key(int project, int applicant) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(project)) << 32) |
         static_cast<std::uint32_t>(applicant);
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

Market build_market(const Instance& instance) {
  Market market;
  const int n = static_cast<int>(instance.applicants.size());
  const int m = static_cast<int>(instance.projects.size());
  market.applicant_count = n;
  market.project_count = m;

  std::unordered_map<std::string_view, int> project_index, applicant_index;
  project_index.reserve(m);
  applicant_index.reserve(n);
  for (int p = 0; p < m; ++p) project_index.emplace(instance.projects[p].id, p);
  for (int a = 0; a < n; ++a) applicant_index.emplace(instance.applicants[a].id, a);

  // The lottery: one number per applicant from the seed and their id (not
  // their position in the file), ties between equal numbers by position.
  std::vector<std::uint64_t> lottery(n);
  for (int a = 0; a < n; ++a) lottery[a] = lottery_number(instance.seed, instance.applicants[a].id);
  market.seed_order.resize(n);
  std::iota(market.seed_order.begin(), market.seed_order.end(), 0);
  std::sort(market.seed_order.begin(), market.seed_order.end(),
            [&](int x, int y) { return lottery[x] != lottery[y] ? lottery[x] < lottery[y] : x < y; });
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
  std::unordered_map<std::uint64_t, std::uint32_t> ranking_position;
  std::unordered_set<std::uint64_t> declined;
  for (int p = 0; p < m; ++p) {
    const Project& project = instance.projects[p];
    market.seats[p] = project.max;
    market.min_seats[p] = project.min;
    market.project_lottery[p] = lottery_number(instance.seed, project.id);
    for (std::size_t position = 0; position < project.ranking.size(); ++position)
      ranking_position.emplace(pair_key(p, applicant_index.at(project.ranking[position])),
                               static_cast<std::uint32_t>(position));
    for (const auto& id : project.declined) declined.insert(pair_key(p, applicant_index.at(id)));
  }

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
      const int p = project_index.at(*applicant.pinned);
      market.pinned_project[a] = p;
      ++market.pinned_count[p];
      --market.seats[p];
    }
    for (const auto& choice : applicant.choices) {
      const int p = project_index.at(choice);
      const auto key = pair_key(p, a);
      const auto ranked = ranking_position.find(key);
      const std::uint64_t position = ranked == ranking_position.end() ? kUnranked : ranked->second;
      market.edge_project.push_back(p);
      market.edge_declined.push_back(declined.contains(key) ? 1 : 0);
      market.edge_key.push_back((position << 32) | base_rank[a]);
    }
  }
  market.edge_begin[n] = static_cast<int>(market.edge_project.size());
  return market;
}

}  // namespace moim::allocation::detail
