#!/usr/bin/env bash
# The networking bingo benchmark (issue #14): a generated conference of
# 10,000 guests, registered and joined through the API, on one moim on
# SQLite and on two moim sharing one PostgreSQL:
#   1. exchanges/s through POST .../bingo/exchanges at 64 and 1,000
#      concurrent clients (wrk, bench/http/exchange.lua): p99, errors
#      (answers other than 201 counted by wrk, plus connections it saw fail);
#   2. every player's stream open at once (10,000) while exchanges run at a
#      steady rate: delay from each exchange's 201 to the note on both
#      players' streams (p50/p99/max), resident memory of each moim;
#   3. beside them, the plain page rate of the same server (/healthz and the
#      event page), so figures compare across runs on a shared machine.
#
# Usage: bench/http/bingo.sh BUILD_DIR    (needs wrk; PostgreSQL 15 for part two)
# Environment: MOIM_BINGO_ONLY=sqlite|postgres, MOIM_BINGO_PLAYERS (10000),
#   MOIM_BINGO_SECONDS (each wrk run, 10), MOIM_BINGO_LIVE_RATE
#   (exchanges/s while the streams are open, 200), MOIM_BINGO_LIVE_SECONDS (15).
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/http/bingo.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
moim=${MOIM_BENCH_MOIM:-$build_dir/src/cli/moim}
players=${MOIM_BINGO_PLAYERS:-10000}
seconds=${MOIM_BINGO_SECONDS:-10}
# Pairs of one run: k from its offset on; runs are spaced so that none
# reaches the next one's pairs below 30,000 exchanges/s (a repeated pair would
# answer 409 and show as errors).
spacing=$((seconds * 30000))
live_rate=${MOIM_BINGO_LIVE_RATE:-200}
live_seconds=${MOIM_BINGO_LIVE_SECONDS:-15}
threads=${MOIM_BENCH_THREADS:-2}
source "$root/bench/http/common.sh"

# create_game PORT: the demo organizer makes an event for every player and
# opens a 5x5 bingo on it (40 keywords, 3 picks each, no per-player limit);
# prints the event's API path.
create_game() {
  local base="http://127.0.0.1:$1" jar="$work/cookies.$1" start end event keywords
  curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"organizer@moim.demo","password":"moim-demo-2026"}' "$base/api/v1/auth/login" >/dev/null
  start=$(date -u -d '+1 day' '+%Y-%m-%dT10:00:00Z')
  end=$(date -u -d '+1 day' '+%Y-%m-%dT18:00:00Z')
  event=$(curl -sf -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"title\":\"PseudoCon bench\",\"starts_at\":\"$start\",\"ends_at\":\"$end\",\"capacity\":$((players + 100))}" \
    "$base/api/v1/communities/pseudolab-demo/events" | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["id"])')
  keywords=$(python3 -c 'import json; print(json.dumps([f"k{i:02d}" for i in range(40)]))')
  curl -sf -b "$jar" -X PUT -H 'Content-Type: application/json' \
    -d "{\"size\":5,\"picks\":3,\"keywords\":$keywords,\"prizes\":[{\"lines\":1,\"stock\":100000}],\"rate_limit_seconds\":0}" \
    "$base/api/v1/communities/pseudolab-demo/events/$event/bingo" >/dev/null
  echo "/api/v1/communities/pseudolab-demo/events/$event"
}

# 201s per second of the run (wrk's Requests/sec counts every answer).
run_rate() {
  awk -v seconds="$seconds" '/^status 201 / { printf "%.0f", $3 / seconds; found = 1 }
    END { if (!found) print 0 }' "$1"
}
# Answers other than 201 (wrk's status lines) plus connect/read/write errors and timeouts.
errors_of() {
  awk '/^status / && $2 != "201" { n += $3 }
       /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       END { print n + 0 }' "$1"
}

# exchange_run NAME CONNECTIONS OFFSET PORT...: wrk against each port at
# once for $seconds, the connections shared; pairs start at OFFSET.
exchange_run() {
  local name=$1 connections=$2 offset=$3
  shift 3
  local ways=$# phase=0 wrk_pids=()
  for port in "$@"; do
    MOIM_BINGO_PLAYERS="$work/players.tsv" \
      MOIM_BINGO_PATH="$event_path/bingo/exchanges" MOIM_BINGO_OFFSET=$offset MOIM_BINGO_PHASE=$phase \
      MOIM_BINGO_WAYS=$ways MOIM_BINGO_THREADS=2 \
      wrk -t 2 -c $((connections / ways)) -d "${seconds}s" --timeout 10s --latency -s "$root/bench/http/exchange.lua" \
      "http://127.0.0.1:$port" >"$work/$name.$phase.out" 2>&1 &
    wrk_pids+=("$!")
    phase=$((phase + 1))
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid"; done
}

report() {  # report LABEL NAME PORT...
  local label=$1 name=$2 rps=0 errs=0 p99=0 made=0
  shift 2
  for index in $(seq 0 $(($# - 1))); do
    local out="$work/$name.$index.out"
    rps=$((rps + $(run_rate "$out")))
    errs=$((errs + $(errors_of "$out")))
    made=$((made + $(awk '/^status 201 / {print $3}' "$out" | head -1 || echo 0)))
    p99=$(awk -v a="$p99" -v b="$(p99_ms "$out")" 'BEGIN {print (b > a) ? b : a}')
  done
  printf '%-34s %8s %12s %8s %7s %11s %9s\n' "$label" "$made" "$rps" "$p99" "$errs" "$page_rps" \
    "$(awk -v a="$rps" -v b="$page_rps" 'BEGIN {printf "%.2fx", (b > 0) ? a / b : 0}')"
  for index in $(seq 0 $(($# - 1))); do
    grep -h '^ *Latency  ' "$work/$name.$index.out" | sed "s/^ */  (wrk $index: avg stdev max +-stdev: /; s/\$/)/" || true
    grep -h 'Socket errors' "$work/$name.$index.out" | sed "s/^ */  (wrk $index: /; s/\$/)/" || true
  done
}

# SQLite's one writer: seconds it was held so far (moim_db_writer_busy_seconds_total).
writer_busy() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/^moim_db_writer_busy_seconds_total/ {print $2}'; }
# writer_share BEFORE PORT NAME: what share of the run the writer was held,
# and for how long per exchange (the ceiling of one SQLite is 1 / that).
writer_share() {
  local after made
  after=$(writer_busy "$2")
  made=$(awk '/^status 201 / {print $3}' "$work/$3.0.out" | head -1)
  awk -v before="$1" -v after="$after" -v seconds="$seconds" -v made="${made:-0}" 'BEGIN {
    if (after == "" || after - before <= 0) exit
    printf "  (SQLite writer held %.0f%% of the run, %.0f us per exchange: at most %.0f exchanges/s)\n",
      100 * (after - before) / seconds, 1e6 * (after - before) / made, made / (after - before) }'
}

page_rate() {  # page_rate NAME PORT: sets $page_rps (the event page), prints /healthz too
  wrk -t 2 -c 64 -d 5s "http://127.0.0.1:$2/healthz" >"$work/$1.healthz" 2>&1
  wrk -t 2 -c 64 -d 5s "http://127.0.0.1:$2/c/pseudolab-demo/events/${event_path##*/}" >"$work/$1.page" 2>&1
  page_rps=$(rate "$work/$1.page")
  echo "  (same server: healthz $(rate "$work/$1.healthz") req/s, event page $page_rps req/s)"
}

# bench_setup LABEL NAME PORT...: players, then the two exchange runs and the live part.
bench_all() {
  local label=$1 name=$2
  shift 2
  local urls
  urls=$(printf 'http://127.0.0.1:%s,' "$@")
  urls=${urls%,}
  python3 "$root/bench/http/bingo_load.py" setup --urls "$urls" --base "$event_path" \
    --players "$players" --out "$work/players.tsv"
  page_rate "$name" "$1"
  printf '%-34s %8s %12s %8s %7s %11s %9s\n' "setup" "201s" "exchanges/s" "p99 ms" "errors" \
    "page req/s" "ex/page"
  local busy
  busy=$(writer_busy "$1")
  exchange_run "$name.64" 64 0 "$@"
  report "$label, 64 clients" "$name.64" "$@"
  writer_share "$busy" "$1" "$name.64"
  busy=$(writer_busy "$1")
  exchange_run "$name.1000" 1000 "$spacing" "$@"
  report "$label, 1,000 clients" "$name.1000" "$@"
  writer_share "$busy" "$1" "$name.1000"
  echo "$label, $players streams open while exchanges run at $live_rate/s:"
  python3 "$root/bench/http/bingo_load.py" live --urls "$urls" --base "$event_path" \
    --players "$work/players.tsv" --offset $((2 * spacing)) --rate "$live_rate" \
    --seconds "$live_seconds" --server-pids "$server_pids" | sed 's/^/  /' || true
}

echo "Networking bingo: $players guests, $seconds s per exchange run, server threads $threads, $(nproc) cores"
only=${MOIM_BINGO_ONLY:-}
if [[ $only != postgres ]]; then
  start_moim sqlite "sqlite:$work/moim.db" --demo
  server_pids=$started_pid
  event_path=$(create_game "$started_port")
  bench_all "one moim, SQLite" sqlite "$started_port"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  pids=()
fi

if [[ $only == sqlite ]]; then
  :
elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
  eval "$(bash "$root/scripts/test-postgres.sh" start)"
  pg_dir=$MOIM_TEST_PG_DIR
  start_moim pg1 "$MOIM_TEST_POSTGRES_URL" --demo
  first=$started_port
  server_pids=$started_pid
  event_path=$(create_game "$first")
  start_moim pg2 "$MOIM_TEST_POSTGRES_URL" --no-outbox-worker
  server_pids="$server_pids,$started_pid"
  bench_all "two moim, one PostgreSQL" pg "$first" "$started_port"
else
  echo "two moim, one PostgreSQL: skipped (no PostgreSQL 15 binaries)"
fi
