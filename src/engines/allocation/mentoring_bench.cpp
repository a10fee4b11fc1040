// Generated mentoring programs: 1k/10k/50k mentees × 100/1k/5k mentors, five
// of forty topics each, one or two languages, hours in time zones from
// UTC−8 to UTC+9 (testing/mentoring_generate.cpp). Baseline in the same run:
// scoring every pair and sorting each mentee's compatible mentors, the least
// any matcher that looks at every pair has to do.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>

#include "engines/allocation/mentoring.hpp"
#include "engines/allocation/mentoring_prepared.hpp"
#include "engines/allocation/testing/mentoring_generate.hpp"

namespace {

using moim::allocation::mentoring::Instance;
using moim::allocation::mentoring::Mode;

const Instance& program(int mentees, int mentors) {
  static std::map<std::pair<int, int>, std::unique_ptr<Instance>> cache;
  auto& slot = cache[{mentees, mentors}];
  if (!slot)
    slot = std::make_unique<Instance>(moim::allocation::testing::generate_program(
        {.mentees = mentees, .mentors = mentors, .seed = 2026}));
  return *slot;
}

void BM_Match(benchmark::State& state, Mode mode) {
  const Instance& instance =
      program(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  moim::allocation::mentoring::Outcome outcome;
  for (auto _ : state) {
    outcome = moim::allocation::mentoring::match(instance, mode);
    benchmark::DoNotOptimize(outcome);
  }
  state.counters["matched_%"] =
      100.0 * outcome.summary.matched / static_cast<double>(instance.mentees.size());
  state.counters["seats"] = outcome.summary.capacity;
  state.counters["compatible_pairs"] = static_cast<double>(outcome.summary.compatible_pairs);
}

void BM_SortBaseline(benchmark::State& state) {
  const Instance& instance =
      program(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  const moim::allocation::mentoring::detail::Prepared prepared(instance);
  std::vector<std::pair<int, int>> list;
  for (auto _ : state) {
    for (int i = 0; i < prepared.mentees; ++i) {
      list.clear();
      moim::allocation::mentoring::detail::Reach reach;
      prepared.for_each_allowed(i, reach,
                                [&](int j, const auto& fit) { list.emplace_back(-fit.score, j); });
      std::sort(list.begin(), list.end());
      benchmark::DoNotOptimize(list.data());
    }
  }
}

void sizes(benchmark::internal::Benchmark* bench) {
  bench->Args({1'000, 100})->Args({10'000, 1'000})->Args({50'000, 5'000});
  bench->ArgNames({"mentees", "mentors"})->Unit(benchmark::kMillisecond)->Iterations(1);
}

BENCHMARK(BM_SortBaseline)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Match, fit, Mode::fit)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Match, stable, Mode::stable)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
