// Generated cohorts of 1k/10k/100k applicants × 50/500/2,000 projects × 5
// choices, popularity Zipf-skewed. Baseline in the same run: sorting the
// input's (applicant, choice) pairs by the projects' preference keys, the
// least any allocation has to do with that input.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

#include "engines/allocation/allocation.hpp"
#include "engines/allocation/testing/generate.hpp"

namespace {

using moim::allocation::Instance;
using moim::allocation::Mode;

const Instance& cohort(int applicants, int projects) {
  static std::map<std::pair<int, int>, std::unique_ptr<Instance>> cache;
  auto& slot = cache[{applicants, projects}];
  if (!slot)
    slot = std::make_unique<Instance>(moim::allocation::testing::generate_cohort(
        {.applicants = applicants, .projects = projects, .choices = 5, .seed = 2026}));
  return *slot;
}

void report(benchmark::State& state, const Instance& instance,
            const moim::allocation::Outcome& outcome) {
  state.counters["first_choice_%"] =
      100.0 * outcome.summary.by_rank[0] / static_cast<double>(instance.applicants.size());
  state.counters["unassigned"] = outcome.summary.unassigned;
  state.counters["edges"] = static_cast<double>(instance.applicants.size()) * 5;
}

void BM_Allocate(benchmark::State& state, Mode mode) {
  const Instance& instance = cohort(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  moim::allocation::Outcome outcome;
  for (auto _ : state) {
    outcome = moim::allocation::allocate(instance, mode);
    benchmark::DoNotOptimize(outcome);
  }
  report(state, instance, outcome);
}

// Baseline: copy and sort every (project, applicant id) pair of the input.
void BM_SortBaseline(benchmark::State& state) {
  const Instance& instance = cohort(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) {
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    pairs.reserve(instance.applicants.size() * 5);
    for (const auto& applicant : instance.applicants)
      for (const auto& choice : applicant.choices) pairs.emplace_back(choice, applicant.id);
    std::sort(pairs.begin(), pairs.end());
    benchmark::DoNotOptimize(pairs.data());
  }
}

void sizes(benchmark::internal::Benchmark* bench) {
  for (int applicants : {1'000, 10'000, 100'000})
    for (int projects : {50, 500, 2'000}) bench->Args({applicants, projects});
  bench->ArgNames({"applicants", "projects"})->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_SortBaseline)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Allocate, stable, Mode::stable)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Allocate, rank_maximal, Mode::rank_maximal)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
