#!/usr/bin/env bash
# make bench: install what is missing, build the Release benchmark build in
# build/bench, run every Google Benchmark registered with moim_add_bench (the
# list CMake writes to build/bench/benchmarks.list), then the HTTP benchmark
# (bench/http/run.sh), the registration rush (rush.sh), the networking
# bingo (bingo.sh), the scale bench (scale.sh: pages at 1k, 10k and 100k
# members) and the search bench (search.sh: 5,000 projects, 50,000 logs).
# Everything goes to stdout and build/bench/benchmarks.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
build=build/bench

bash scripts/install-deps.sh build bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOIM_BUILD_BENCH=ON -DMOIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$JOBS" --target moim moim_bench_hello moim_benchmarks \
  moim_bench_scale_seed moim_bench_search_seed

exec > >(tee "$build/benchmarks.txt") 2>&1
echo "moim benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "machine: $(nproc) cores, $(awk '/^model name/ {sub(/^[^:]*: /, ""); print; exit}' /proc/cpuinfo)"
status=0
while IFS= read -r benchmark; do
  [[ -n $benchmark ]] || continue
  echo
  echo "== $(basename "$benchmark")"
  "$benchmark" --benchmark_counters_tabular=true || status=1
done <"$build/benchmarks.list"
echo
echo "== HTTP"
bash bench/http/run.sh "$build" || status=1
echo
echo "== Scale"
bash bench/http/scale.sh "$build" || status=1
echo
echo "== Search"
bash bench/http/search.sh "$build" || status=1
echo
echo "== Registration rush"
bash bench/http/rush.sh "$build" || status=1
echo
echo "== Networking bingo"
bash bench/http/bingo.sh "$build" || status=1
exit $status
