#include "engines/allocation/testing/generate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace moim::allocation::testing {

namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t x = (state_ += 0x9E3779B97F4A7C15ULL);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  int below(int bound) { return static_cast<int>(next() % static_cast<std::uint64_t>(bound)); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (int i = static_cast<int>(items.size()) - 1; i > 0; --i) std::swap(items[i], items[below(i + 1)]);
  }

 private:
  std::uint64_t state_;
};

}  // namespace

Instance generate_cohort(const CohortShape& shape) {
  Random random(shape.seed);
  Instance instance;
  instance.seed = shape.seed;
  instance.projects.resize(shape.projects);
  const double mean_seats = shape.seat_ratio * shape.applicants / shape.projects;
  for (int p = 0; p < shape.projects; ++p) {
    auto& project = instance.projects[p];
    project.id = "p" + std::to_string(p);
    project.max = std::max(1, static_cast<int>(std::lround(mean_seats * (0.5 + random.unit()))));
    project.min = project.max / 4;
  }
  // Popularity: Zipf weights over a shuffled project order.
  std::vector<int> popularity_order(shape.projects);
  std::iota(popularity_order.begin(), popularity_order.end(), 0);
  random.shuffle(popularity_order);
  std::vector<double> cumulative(shape.projects);
  double total = 0;
  for (int i = 0; i < shape.projects; ++i) {
    total += 1.0 / std::pow(i + 1.0, shape.skew);
    cumulative[i] = total;
  }
  const int choices = std::min(shape.choices, shape.projects);
  std::vector<std::vector<int>> listed_by(shape.projects);
  instance.applicants.resize(shape.applicants);
  for (int a = 0; a < shape.applicants; ++a) {
    auto& applicant = instance.applicants[a];
    applicant.id = "a" + std::to_string(a);
    applicant.priority = random.chance(0.1) ? 1 : 0;  // returning members
    while (static_cast<int>(applicant.choices.size()) < choices) {
      const double draw = random.unit() * total;
      const int i = static_cast<int>(std::lower_bound(cumulative.begin(), cumulative.end(), draw) -
                                     cumulative.begin());
      const int p = popularity_order[std::min(i, shape.projects - 1)];
      const auto& id = instance.projects[p].id;
      if (std::find(applicant.choices.begin(), applicant.choices.end(), id) !=
          applicant.choices.end())
        continue;
      applicant.choices.push_back(id);
      listed_by[p].push_back(a);
    }
  }
  for (int p = 0; p < shape.projects; ++p) {
    auto& project = instance.projects[p];
    random.shuffle(listed_by[p]);
    for (int a : listed_by[p]) {
      if (random.chance(shape.declined_fraction))
        project.declined.push_back(instance.applicants[a].id);
      else if (random.chance(shape.ranked_fraction))
        project.ranking.push_back(instance.applicants[a].id);
    }
  }
  return instance;
}

Instance generate_small(std::uint64_t seed, int max_applicants, int max_projects,
                        int max_choices) {
  Random random(seed * 7919 + 17);
  Instance instance;
  instance.seed = random.next();
  instance.cancel_under_minimum = random.chance(0.3);
  const int project_count = 1 + random.below(max_projects);
  const int applicant_count = random.below(max_applicants + 1);
  for (int p = 0; p < project_count; ++p) {
    Project project{.id = "p" + std::to_string(p)};
    project.max = random.below(4);
    project.min = random.chance(0.4) ? random.below(project.max + 1) : 0;
    instance.projects.push_back(std::move(project));
  }
  std::vector<int> pins(project_count, 0);
  for (int a = 0; a < applicant_count; ++a) {
    Applicant applicant{.id = "a" + std::to_string(a)};
    applicant.priority = random.below(2);
    std::vector<int> order(project_count);
    std::iota(order.begin(), order.end(), 0);
    random.shuffle(order);
    const int count = random.below(std::min(max_choices, project_count) + 1);
    for (int i = 0; i < count; ++i) applicant.choices.push_back(instance.projects[order[i]].id);
    instance.applicants.push_back(std::move(applicant));
  }
  for (auto& project : instance.projects) {
    for (const auto& applicant : instance.applicants) {
      const bool listed = std::find(applicant.choices.begin(), applicant.choices.end(),
                                    project.id) != applicant.choices.end();
      if (!listed && !random.chance(0.1)) continue;  // builders may rank anyone, rarely
      const int roll = random.below(10);
      if (roll < 2)
        project.declined.push_back(applicant.id);
      else if (roll < 6)
        project.ranking.push_back(applicant.id);
    }
    random.shuffle(project.ranking);
  }
  for (auto& applicant : instance.applicants) {
    if (!random.chance(0.1)) continue;
    const int p = random.below(project_count);
    const auto& declined = instance.projects[p].declined;
    if (pins[p] >= instance.projects[p].max ||
        std::find(declined.begin(), declined.end(), applicant.id) != declined.end())
      continue;
    ++pins[p];
    applicant.pinned = instance.projects[p].id;
  }
  return instance;
}

}  // namespace moim::allocation::testing
