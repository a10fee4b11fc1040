#!/usr/bin/env bash
# The HTTP benchmark: wrk against moim (SQLite, demo community seeded) and,
# right before each moim run, against the bare Beast hello-world built from
# bench/http/hello_world.cpp with the same thread count and keep-alive
# connections. Prints req/s, p99 latency, the ratio to the hello-world, and
# moim's peak resident memory (VmRSS from /proc) while under load.
#
# Usage: bench/http/run.sh BUILD_DIR
# Environment: MOIM_BENCH_THREADS (server threads, default 2),
#   MOIM_BENCH_CONNECTIONS (64), MOIM_BENCH_DURATION (wrk -d per round, 5s),
#   MOIM_BENCH_ROUNDS (3), MOIM_BENCH_WRK_THREADS (2), MOIM_BENCH_MOIM (another
#   moim binary to measure, e.g. an older build for a before/after comparison).
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/http/run.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
threads=${MOIM_BENCH_THREADS:-2}
connections=${MOIM_BENCH_CONNECTIONS:-64}
duration=${MOIM_BENCH_DURATION:-5s}
rounds=${MOIM_BENCH_ROUNDS:-3}
wrk_threads=${MOIM_BENCH_WRK_THREADS:-2}
moim_bin=${MOIM_BENCH_MOIM:-$build_dir/src/cli/moim}
hello_bin=$build_dir/bench/moim_bench_hello
for binary in "$moim_bin" "$hello_bin"; do
  [[ -x $binary ]] || { echo "bench/http: $binary is not built" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench/http: wrk is missing (scripts/install-deps.sh bench)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for_port() {  # wait_for_port FILE PID -> prints the port
  for _ in $(seq 1 600); do
    if [[ -s $1 ]]; then cat "$1"; return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "bench/http: server $2 exited early" >&2; return 1; }
    sleep 0.1
  done
  echo "bench/http: server $2 did not start" >&2
  return 1
}

"$hello_bin" "$work/hello.port" "$threads" &
hello_pid=$!
pids+=("$hello_pid")
# wrk's connections all come from one address: the per-client limit (64 by
# default, as many as wrk opens) answered 503 to a reconnect that arrived
# before its predecessor's slot was freed.
"$moim_bin" serve --listen 127.0.0.1:0 --port-file "$work/moim.port" --database "sqlite:$work/moim.db" \
  --web-root "$root/web" --threads "$threads" --demo --no-access-log --log-level warn \
  --max-connections-per-client 4096 2>"$work/moim.log" &
moim_pid=$!
pids+=("$moim_pid")
hello_port=$(wait_for_port "$work/hello.port" "$hello_pid")
moim_port=$(wait_for_port "$work/moim.port" "$moim_pid")

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
peak_rss_kb=$(rss_kb "$moim_pid")

# Samples moim's VmRSS every 100 ms while wrk runs; prints the peak in kB.
sample_rss() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null && [[ ! -e $work/stop-sampling ]]; do
    now=$(rss_kb "$moim_pid" 2>/dev/null || echo 0)
    (( now > peak )) && peak=$now
    sleep 0.1
  done
  echo "$peak"
}

# run_wrk URL NAME -> writes $work/NAME.out; fails if any response was not 2xx.
run_wrk() {
  wrk -t "$wrk_threads" -c "$connections" -d "$duration" --latency "$1" >"$work/$2.out"
  if grep -q "Non-2xx or 3xx" "$work/$2.out"; then
    echo "bench/http: $1 answered with errors:" >&2
    cat "$work/$2.out" >&2
    return 1
  fi
}
# CPU time a server has used so far, in clock ticks (utime + stime from /proc).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
# cpu_us_per_request PID_TICKS_BEFORE PID_TICKS_AFTER WRK_OUTPUT
cpu_us_per_request() {
  awk -v before="$1" -v after="$2" -v hz="$ticks_per_second" '/ requests in / {
    printf "%.1f\n", ($1 > 0) ? (after - before) * 1e6 / hz / $1 : 0 }' "$3"
}
requests_per_second() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
p99_ms() {  # wrk prints 1.23ms, 456.00us or 1.02s
  awk '$1 == "99%" {
    value = $2; unit = value; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", value)
    if (unit == "us") value /= 1000; else if (unit == "s") value *= 1000; else if (unit == "m") value *= 60000
    printf "%.2f", value }' "$1"
}

median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "HTTP: wrk -t$wrk_threads -c$connections -d$duration, $rounds rounds per endpoint (hello-world then moim," \
  "medians shown), server threads $threads, $(nproc) cores; moim on SQLite with the demo community, access log off"
# CPU µs/request is the server's own CPU time (from /proc) over the requests
# it answered: steadier than req/s when other work shares the cores.
printf '%-36s %10s %8s %11s %8s %7s %14s\n' "endpoint" "moim req/s" "p99 ms" "hello req/s" "p99 ms" "ratio" \
  "CPU us/req m/h"
# The community page, the cohort 7 catalog (18 project cards; issue #19 asks
# for at least half the community page's rate), the community read and the
# project list through the API.
endpoints=(/healthz /c/pseudolab-demo /c/pseudolab-demo/cohorts/7 /api/v1/communities/pseudolab-demo
  /api/v1/communities/pseudolab-demo/cohorts/7/projects)
for endpoint in "${endpoints[@]}"; do
  name=$(echo "$endpoint" | tr -c 'a-z0-9\n' '_')
  # A short warm-up of both (thread-local template copies, SQLite page cache).
  wrk -t 1 -c 4 -d 1s "http://127.0.0.1:$moim_port$endpoint" >/dev/null
  wrk -t 1 -c 4 -d 1s "http://127.0.0.1:$hello_port/" >/dev/null
  for list in moim_rps hello_rps moim_p99 hello_p99 ratios moim_cpu hello_cpu; do : >"$work/$list"; done
  # Rounds alternate the two servers so that both see the same moments of a
  # noisy machine; the ratio of each round is taken, then their median.
  for round in $(seq 1 "$rounds"); do
    hello_ticks=$(cpu_ticks "$hello_pid")
    run_wrk "http://127.0.0.1:$hello_port/" "hello$name$round"
    cpu_us_per_request "$hello_ticks" "$(cpu_ticks "$hello_pid")" "$work/hello$name$round.out" >>"$work/hello_cpu"
    rm -f "$work/stop-sampling"
    sample_rss "$moim_pid" >"$work/rss$name$round" &
    sampler=$!
    moim_ticks=$(cpu_ticks "$moim_pid")
    run_wrk "http://127.0.0.1:$moim_port$endpoint" "moim$name$round"
    cpu_us_per_request "$moim_ticks" "$(cpu_ticks "$moim_pid")" "$work/moim$name$round.out" >>"$work/moim_cpu"
    touch "$work/stop-sampling"
    wait "$sampler"
    rss=$(cat "$work/rss$name$round")
    (( rss > peak_rss_kb )) && peak_rss_kb=$rss
    moim_rps=$(requests_per_second "$work/moim$name$round.out")
    hello_rps=$(requests_per_second "$work/hello$name$round.out")
    echo "$moim_rps" >>"$work/moim_rps"
    echo "$hello_rps" >>"$work/hello_rps"
    p99_ms "$work/moim$name$round.out" >>"$work/moim_p99"; echo >>"$work/moim_p99"
    p99_ms "$work/hello$name$round.out" >>"$work/hello_p99"; echo >>"$work/hello_p99"
    awk -v a="$moim_rps" -v b="$hello_rps" 'BEGIN {printf "%.3f\n", (b > 0) ? a / b : 0}' >>"$work/ratios"
  done
  printf '%-36s %10.0f %8s %11.0f %8s %6.2fx %14s\n' "$endpoint" "$(median <"$work/moim_rps")" \
    "$(median <"$work/moim_p99")" "$(median <"$work/hello_rps")" "$(median <"$work/hello_p99")" \
    "$(median <"$work/ratios")" "$(median <"$work/moim_cpu")/$(median <"$work/hello_cpu")"
  echo "$endpoint $(median <"$work/moim_rps")" >>"$work/summary"
done
awk '$1 == "/c/pseudolab-demo" {page = $2} $1 == "/c/pseudolab-demo/cohorts/7" {catalog = $2}
  END {if (page > 0) printf "catalog page / community page: %.2fx requests/s\n", catalog / page}' "$work/summary"
awk -v kb="$peak_rss_kb" 'BEGIN {printf "moim resident memory under load (peak VmRSS): %.1f MB\n", kb / 1024}'
