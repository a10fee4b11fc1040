#include "engines/grouping/symmetric_schedule.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <numeric>
#include <utility>

namespace moim::grouping::detail {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kMaxPeople = 64;                // points fit one 64-bit mask
constexpr long kMaxCandidateGroups = 100000;  // C(people, size): all are listed once
constexpr int kMaxLevels = 4;  // more levels (a smaller group) = too many invariant rounds
constexpr std::size_t kMaxRounds = 200000;
constexpr long kRestartUnit = 500;  // search nodes

// --- A small catalogue of groups, as Cayley tables -------------------------

SymmetryGroup cyclic(int n) {
  SymmetryGroup group{"Z_" + std::to_string(n), {}};
  group.product.assign(static_cast<std::size_t>(n), std::vector<int>(static_cast<std::size_t>(n)));
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      group.product[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = (a + b) % n;
  return group;
}

SymmetryGroup direct_product(const SymmetryGroup& a, const SymmetryGroup& b, std::string name) {
  const int m = a.order() * b.order();
  SymmetryGroup group{std::move(name), {}};
  group.product.assign(static_cast<std::size_t>(m), std::vector<int>(static_cast<std::size_t>(m)));
  const auto at = [](const SymmetryGroup& g, int x, int y) {
    return g.product[static_cast<std::size_t>(x)][static_cast<std::size_t>(y)];
  };
  for (int x = 0; x < m; ++x)
    for (int y = 0; y < m; ++y)
      group.product[static_cast<std::size_t>(x)][static_cast<std::size_t>(y)] =
          at(a, x / b.order(), y / b.order()) * b.order() + at(b, x % b.order(), y % b.order());
  return group;
}

// ⟨a, b | a^n = 1, b² = a^t, b·a·b⁻¹ = a^r⟩ with elements a^i·b^j stored as
// 2i + j: dihedral (r = −1, t = 0) and dicyclic/quaternion (r = −1, t = n/2).
SymmetryGroup metacyclic(int n, int r, int t, std::string name) {
  const int m = 2 * n;
  SymmetryGroup group{std::move(name), {}};
  group.product.assign(static_cast<std::size_t>(m), std::vector<int>(static_cast<std::size_t>(m)));
  for (int x = 0; x < m; ++x)
    for (int y = 0; y < m; ++y) {
      const int i = x / 2, j = x % 2, k = y / 2, l = y % 2;
      // a^i b^j a^k b^l = a^(i + r^j k) b^(j + l), and b² = a^t.
      int exponent = i + (j == 1 ? r * k : k);
      int b_power = j + l;
      if (b_power == 2) {
        exponent += t;
        b_power = 0;
      }
      group.product[static_cast<std::size_t>(x)][static_cast<std::size_t>(y)] =
          ((exponent % n + n) % n) * 2 + b_power;
    }
  return group;
}

// p when m = p^k for a prime p and k ≥ 2, else 0.
int prime_power_base(int m) {
  for (int p = 2; p * p <= m; ++p) {
    if (m % p != 0) continue;
    int rest = m;
    while (rest % p == 0) rest /= p;
    return rest == 1 ? p : 0;
  }
  return 0;
}

std::vector<SymmetryGroup> groups_of_order(int m) {
  std::vector<SymmetryGroup> found;
  if (const int p = prime_power_base(m); p != 0) {
    SymmetryGroup elementary = cyclic(p);
    int k = 1;
    for (int order = p; order < m; order *= p)
      elementary = direct_product(elementary, cyclic(p),
                                  "Z_" + std::to_string(p) + "^" + std::to_string(++k));
    found.push_back(std::move(elementary));
  }
  found.push_back(cyclic(m));
  if (m % 4 == 0 && m >= 8)  // (for m = 2 mod 4 it is Z_m again, for m = 4 it is Z_2^2)
    found.push_back(
        direct_product(cyclic(m / 2), cyclic(2), "Z_" + std::to_string(m / 2) + " x Z_2"));
  if (m % 2 == 0 && m >= 6)
    found.push_back(metacyclic(m / 2, m / 2 - 1, 0, "D_" + std::to_string(m / 2)));
  if (m % 4 == 0 && m >= 8)
    found.push_back(metacyclic(m / 2, m / 2 - 1, m / 4, "Q_" + std::to_string(m)));
  return found;
}

long binomial(int n, int k) {
  long result = 1;
  for (int i = 1; i <= k; ++i) {
    result = result * (n - k + i) / i;
    if (result > kMaxCandidateGroups) return result;
  }
  return result;
}

}  // namespace

std::vector<SymmetryGroup> symmetry_groups(int groups, int size, int rounds) {
  const int people = groups * size;
  if (groups < 2 || size < 2 || rounds < 1 || people > kMaxPeople ||
      binomial(people, size) > kMaxCandidateGroups)
    return {};
  std::vector<SymmetryGroup> found;
  for (int m = 2; m <= people; ++m)
    if (people % m == 0 && people / m <= kMaxLevels)
      for (auto& group : groups_of_order(m)) found.push_back(std::move(group));
  return found;
}

// --- The invariant rounds ----------------------------------------------------

struct SymmetricSearch::Model {
  struct Round {
    std::vector<int> orbits;          // the pair orbits its groups cover
    std::vector<std::size_t> blocks;  // the group orbits that make it up
  };
  int people = 0;
  std::vector<int> pair_orbit_size;
  std::vector<std::vector<std::vector<std::size_t>>> block_orbits;  // each: its groups
  std::vector<Round> rounds;
  // Per pair orbit: each person it touches and in how many of its pairs.
  std::vector<std::vector<std::pair<int, int>>> orbit_people;
  int unmet_per_person = 0;  // others each person never meets: (people − 1) − w·(s − 1)
};

namespace {

// Lists the G-orbits of groups whose members are pairwise disjoint (only those
// can sit in one invariant round), the pair orbits, and every invariant
// round. Null when the lists would be too large. Sets of people are 64-bit
// masks here, so this stays fast in unoptimised test builds too.
std::unique_ptr<SymmetricSearch::Model> build_model(int groups, int size, int rounds,
                                                    const SymmetryGroup& group) {
  const int people = groups * size;
  const int m = group.order();
  const auto act = [&](int g, int point) {
    return (point / m) * m +
           group.product[static_cast<std::size_t>(g)][static_cast<std::size_t>(point % m)];
  };
  auto model = std::make_unique<SymmetricSearch::Model>();
  model->people = people;
  model->unmet_per_person = (people - 1) - rounds * (size - 1);
  if (model->unmet_per_person < 0) return nullptr;

  // Pair orbits.
  std::vector<int> pair_orbit(static_cast<std::size_t>(people * people), -1);
  const auto pair_index = [&](int a, int b) { return static_cast<std::size_t>(a * people + b); };
  for (int a = 0; a < people; ++a)
    for (int b = a + 1; b < people; ++b) {
      if (pair_orbit[pair_index(a, b)] >= 0) continue;
      const int id = static_cast<int>(model->pair_orbit_size.size());
      int count = 0;
      std::vector<int> touches(static_cast<std::size_t>(people), 0);
      for (int g = 0; g < m; ++g) {
        const int x = act(g, a), y = act(g, b);
        if (pair_orbit[pair_index(x, y)] >= 0) continue;
        ++count;
        ++touches[static_cast<std::size_t>(x)];
        ++touches[static_cast<std::size_t>(y)];
        pair_orbit[pair_index(x, y)] = pair_orbit[pair_index(y, x)] = id;
      }
      model->pair_orbit_size.push_back(count);
      auto& touched = model->orbit_people.emplace_back();
      for (int p = 0; p < people; ++p)
        if (touches[static_cast<std::size_t>(p)] > 0)
          touched.emplace_back(p, touches[static_cast<std::size_t>(p)]);
    }

  // Group orbits, each listed once, from its member with the smallest mask.
  std::vector<std::uint64_t> orbit_points;
  std::vector<std::vector<int>> orbit_pairs;
  std::vector<int> block(static_cast<std::size_t>(size));
  std::iota(block.begin(), block.end(), 0);
  std::vector<std::uint64_t> images(static_cast<std::size_t>(m));
  for (;;) {
    std::uint64_t self = 0;
    for (int p : block) self |= std::uint64_t{1} << p;
    bool smallest = true;
    for (int g = 0; g < m && smallest; ++g) {
      std::uint64_t image = 0;
      for (int p : block) image |= std::uint64_t{1} << act(g, p);
      images[static_cast<std::size_t>(g)] = image;
      smallest = image >= self;
    }
    if (smallest) {
      std::sort(images.begin(), images.end());
      const auto distinct =
          static_cast<int>(std::unique(images.begin(), images.end()) - images.begin());
      std::uint64_t points = 0;
      for (int i = 0; i < distinct; ++i) points |= images[static_cast<std::size_t>(i)];
      if (std::popcount(points) == distinct * size) {  // the groups are disjoint
        std::vector<std::vector<std::size_t>> orbit;
        std::vector<int> pairs;
        for (int i = 0; i < distinct; ++i) {
          std::vector<std::size_t> members;
          for (std::uint64_t rest = images[static_cast<std::size_t>(i)]; rest != 0;
               rest &= rest - 1)
            members.push_back(static_cast<std::size_t>(std::countr_zero(rest)));
          for (std::size_t a = 0; a < members.size(); ++a)
            for (std::size_t b = a + 1; b < members.size(); ++b)
              pairs.push_back(pair_orbit[pair_index(static_cast<int>(members[a]),
                                                    static_cast<int>(members[b]))]);
          orbit.push_back(std::move(members));
        }
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
        model->block_orbits.push_back(std::move(orbit));
        orbit_points.push_back(points);
        orbit_pairs.push_back(std::move(pairs));
      }
    }
    // Next size-subset in lexicographic order.
    int i = size - 1;
    while (i >= 0 && block[static_cast<std::size_t>(i)] == people - size + i) --i;
    if (i < 0) break;
    ++block[static_cast<std::size_t>(i)];
    for (int j = i + 1; j < size; ++j)
      block[static_cast<std::size_t>(j)] = block[static_cast<std::size_t>(j - 1)] + 1;
  }

  // Invariant rounds: exact covers of the people by group orbits, the
  // smallest uncovered person first (an orbit that covers it has it as its
  // smallest member, so the orbits are indexed by that). Orbits in one round
  // share no person, so they share no pair either.
  std::vector<std::vector<std::size_t>> by_first(static_cast<std::size_t>(people));
  for (std::size_t i = 0; i < orbit_points.size(); ++i)
    by_first[static_cast<std::size_t>(std::countr_zero(orbit_points[i]))].push_back(i);
  const std::uint64_t everyone =
      people == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << people) - 1;
  std::vector<std::size_t> chosen;
  bool too_many = false;
  const auto cover = [&](auto&& self, std::uint64_t used) -> void {
    if (too_many) return;
    if (used == everyone) {
      SymmetricSearch::Model::Round round{{}, chosen};
      for (std::size_t b : chosen)
        round.orbits.insert(round.orbits.end(), orbit_pairs[b].begin(), orbit_pairs[b].end());
      std::sort(round.orbits.begin(), round.orbits.end());
      model->rounds.push_back(std::move(round));
      too_many = model->rounds.size() > kMaxRounds;
      return;
    }
    const int first = std::countr_one(used);
    for (std::size_t i : by_first[static_cast<std::size_t>(first)]) {
      if ((orbit_points[i] & used) != 0) continue;
      chosen.push_back(i);
      self(self, used | orbit_points[i]);
      chosen.pop_back();
    }
  };
  cover(cover, 0);
  if (too_many) return nullptr;
  return model;
}

// Packs `rounds` invariant rounds with disjoint pair orbits by dancing links
// (Knuth's Algorithm X): pair orbits are the columns, rounds the rows. Each
// node takes the open pair orbit with the fewest ways left — an alive round
// that covers it, or leaving it unmet while everyone it touches may still
// miss that many others (in a complete schedule each person misses exactly
// (people − 1) − w·(s − 1) others; 1 for 8-4-10, so the unmet pairs form a
// perfect matching) — so every set of rounds is met once. Covering an orbit
// unlinks every round through it from the other orbits' lists, so the work
// per node is proportional to the rounds still alive.
class Packing {
 public:
  Packing(const SymmetricSearch::Model& model, int rounds)
      : model_(model),
        rounds_(rounds),
        columns_(model.pair_orbit_size.size()),
        closed_(columns_, 0),
        room_(static_cast<std::size_t>(model.people), model.unmet_per_person),
        column_order_(columns_) {
    std::iota(column_order_.begin(), column_order_.end(), std::size_t{0});
    std::size_t nodes = columns_;
    for (const auto& round : model.rounds) nodes += round.orbits.size();
    up_.resize(nodes);
    down_.resize(nodes);
    column_.resize(nodes);
    size_.resize(columns_);
  }

  // One search with a node limit, rows and columns in a seeded order; true
  // when found (then chosen() holds it).
  bool search(Rng& rng, long node_limit, Clock::time_point deadline) {
    std::vector<std::size_t> rows(model_.rounds.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    rng.shuffle(rows);
    rng.shuffle(column_order_);
    link(rows);
    std::fill(closed_.begin(), closed_.end(), 0);
    std::fill(room_.begin(), room_.end(), model_.unmet_per_person);
    node_limit_ = steps_ + node_limit;
    deadline_ = deadline;
    cut_short_ = false;
    chosen_.clear();
    return step();
  }

  long steps() const { return steps_; }
  bool cut_short() const { return cut_short_; }
  bool timed_out() const { return timed_out_; }
  const std::vector<std::size_t>& chosen() const { return chosen_; }

 private:
  // Column headers are nodes 0..columns−1; each row's nodes follow in one
  // block, so a row is walked by index without left/right links.
  void link(const std::vector<std::size_t>& rows) {
    row_of_node_.clear();
    row_start_.clear();
    alive_ = static_cast<long>(rows.size());
    for (std::size_t c = 0; c < columns_; ++c) {
      up_[c] = down_[c] = c;
      column_[c] = c;
      size_[c] = 0;
    }
    std::size_t node = columns_;
    for (std::size_t r : rows) {
      const std::size_t position = row_start_.size();
      row_start_.push_back(node);
      for (int orbit : model_.rounds[r].orbits) {
        const auto c = static_cast<std::size_t>(orbit);
        column_[node] = c;
        up_[node] = up_[c];
        down_[node] = c;
        down_[up_[c]] = node;
        up_[c] = node;
        ++size_[c];
        row_of_node_.push_back(position);
        ++node;
      }
    }
    row_start_.push_back(node);
    rows_ = rows;
  }

  // The nodes of the row that holds `node`: [first, last).
  std::pair<std::size_t, std::size_t> block(std::size_t node) const {
    const std::size_t position = row_of_node_[node - columns_];
    return {row_start_[position], row_start_[position + 1]};
  }

  void cover(std::size_t c) {
    closed_[c] = 1;
    for (std::size_t i = down_[c]; i != c; i = down_[i]) {
      --alive_;
      const auto [first, last] = block(i);
      for (std::size_t j = first; j < last; ++j)
        if (j != i) {
          down_[up_[j]] = down_[j];
          up_[down_[j]] = up_[j];
          --size_[column_[j]];
        }
    }
  }

  void uncover(std::size_t c) {
    for (std::size_t i = up_[c]; i != c; i = up_[i]) {
      ++alive_;
      const auto [first, last] = block(i);
      for (std::size_t j = last; j-- > first;)
        if (j != i) {
          ++size_[column_[j]];
          down_[up_[j]] = j;
          up_[down_[j]] = j;
        }
    }
    closed_[c] = 0;
  }

  bool may_stay_unmet(std::size_t orbit) const {
    return std::all_of(model_.orbit_people[orbit].begin(), model_.orbit_people[orbit].end(),
                       [&](const auto& touch) {
                         return room_[static_cast<std::size_t>(touch.first)] >= touch.second;
                       });
  }

  void leave_unmet(std::size_t orbit, int sign) {
    for (const auto& [person, pairs] : model_.orbit_people[orbit])
      room_[static_cast<std::size_t>(person)] -= sign * pairs;
  }

  bool step() {
    if (static_cast<int>(chosen_.size()) == rounds_) return true;
    if (++steps_ > node_limit_)
      cut_short_ = true;
    else if ((steps_ & 255) == 0 && Clock::now() >= deadline_)
      cut_short_ = timed_out_ = true;
    if (cut_short_) return false;
    if (alive_ < rounds_ - static_cast<long>(chosen_.size())) return false;
    std::size_t pick = columns_;
    int fewest = 0;
    for (std::size_t c : column_order_) {
      if (closed_[c]) continue;
      if (pick < columns_ && size_[c] >= fewest) continue;  // cannot beat the pick
      const int options = size_[c] + (may_stay_unmet(c) ? 1 : 0);
      if (pick == columns_ || options < fewest) {
        pick = c;
        fewest = options;
      }
    }
    if (pick == columns_ || fewest == 0) return false;
    cover(pick);
    for (std::size_t i = down_[pick]; i != pick; i = down_[i]) {
      const auto [first, last] = block(i);
      for (std::size_t j = first; j < last; ++j)
        if (j != i) cover(column_[j]);
      chosen_.push_back(rows_[row_of_node_[first - columns_]]);
      if (step()) return true;  // the links stay as they are; the next search relinks
      chosen_.pop_back();
      for (std::size_t j = last; j-- > first;)
        if (j != i) uncover(column_[j]);
      if (cut_short_) break;
    }
    if (!cut_short_ && may_stay_unmet(pick)) {  // the pick stays unmet
      leave_unmet(pick, 1);
      if (step()) return true;
      leave_unmet(pick, -1);
    }
    uncover(pick);
    return false;
  }

  const SymmetricSearch::Model& model_;
  int rounds_;
  std::size_t columns_;
  std::vector<std::size_t> up_, down_, column_;  // the links, per node
  std::vector<int> size_;                        // per column: alive rows through it
  std::vector<std::size_t> rows_;                // the rounds, in this search's order
  std::vector<std::size_t> row_start_;           // first node of each row block, then the end
  std::vector<std::size_t> row_of_node_;         // per row node: its row's position in rows_
  std::vector<char> closed_;                     // per pair orbit: covered, or left unmet
  std::vector<int> room_;  // per person: how many more others they may never meet
  std::vector<std::size_t> column_order_;
  long alive_ = 0;
  long steps_ = 0, node_limit_ = 0;
  Clock::time_point deadline_;
  bool cut_short_ = false, timed_out_ = false;
  std::vector<std::size_t> chosen_;
};

}  // namespace

namespace {

// The Luby sequence 1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, … (i ≥ 1):
// within a log factor of the best fixed restart limit, without knowing it.
long luby(long i) {
  for (long k = 1;; ++k) {
    const long end = (1L << k) - 1;
    if (i == end) return 1L << (k - 1);
    if (i < end) return luby(i - (1L << (k - 1)) + 1);
  }
}

}  // namespace

SymmetricSearch::SymmetricSearch(int groups, int size, int rounds, SymmetryGroup group)
    : groups_(groups), size_(size), rounds_(rounds), group_(std::move(group)) {}

SymmetricSearch::~SymmetricSearch() = default;

SymmetricOutcome SymmetricSearch::run(Rng& rng, Clock::time_point deadline, long max_nodes) {
  if (finished_) return {std::nullopt, true};
  if (!model_) {
    model_ = build_model(groups_, size_, rounds_, group_);
    if (!model_) {
      finished_ = true;
      return {std::nullopt, true};
    }
  }
  // Seeded restarts with node limits in the Luby sequence (1, 1, 2, 1, 1, 2,
  // 4, … times a unit), carried on across calls: the search times are
  // heavy-tailed, and for 8-4-10 this cuts the mean work about 20-fold
  // against limits that grow by half each restart. A restart that ends
  // without being cut short has searched the whole space.
  Packing packing(*model_, rounds_);
  while (packing.steps() < max_nodes) {
    const long limit = kRestartUnit * luby(++restarts_);
    if (packing.search(rng, std::min(limit, max_nodes - packing.steps()), deadline)) {
      std::vector<Groups> schedule;
      for (std::size_t r : packing.chosen()) {
        Groups round;
        for (std::size_t b : model_->rounds[r].blocks)
          for (const auto& members : model_->block_orbits[b]) round.push_back(members);
        std::sort(round.begin(), round.end());
        schedule.push_back(std::move(round));
      }
      return {std::move(schedule), false};
    }
    if (!packing.cut_short()) {
      finished_ = true;
      return {std::nullopt, true};
    }
    if (packing.timed_out()) break;
  }
  return {std::nullopt, false};
}

}  // namespace moim::grouping::detail
