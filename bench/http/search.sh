#!/usr/bin/env bash
# The search bench (issue #17): the demo community with a generated corpus of
# 5,000 projects, 50,000 public growth logs by 1,000 members and 10,000
# wiki pages (bench/search_seed.cpp), one moim (2 threads) per database. Each
# query is asked by the demo's member (every source runs: projects, growth
# logs, profiles, events, wiki pages) on one connection for a few seconds after a warm-up, so
# wrk's p50 and p99 are one query's latency, not a queue's; beside them a
# plain page read of the same server (the community's page), measured the
# same way in the same run, and each query's p50 and p99 over that page's.
# The goal: p99 under 20 ms on SQLite. docs/performance.md ("Search") has
# the last run.
#
# Usage: bench/http/search.sh BUILD_DIR   (needs wrk; PostgreSQL 15 for its half)
# Environment: MOIM_SEARCH_PROJECTS (5000), MOIM_SEARCH_LOGS (50000),
#   MOIM_SEARCH_DURATION (wrk -d per query, 3s), MOIM_SEARCH_ONLY
#   (sqlite|postgres), MOIM_BENCH_THREADS (2).
#   MOIM_SEARCH_WIKI_PAGES (10000): members-only wiki pages of ~150 words.
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/http/search.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
moim=${MOIM_BENCH_MOIM:-$build_dir/src/cli/moim}
seed=$build_dir/bench/moim_bench_search_seed
projects=${MOIM_SEARCH_PROJECTS:-5000}
logs=${MOIM_SEARCH_LOGS:-50000}
wiki_pages=${MOIM_SEARCH_WIKI_PAGES:-10000}
duration=${MOIM_SEARCH_DURATION:-3s}
threads=${MOIM_BENCH_THREADS:-2}
for binary in "$moim" "$seed"; do
  [[ -x $binary ]] || { echo "bench/http/search: $binary is not built" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench/http/search: wrk is missing (scripts/install-deps.sh bench)" >&2; exit 1; }
source "$root/bench/http/common.sh"
slug=pseudolab-demo
results=$work/results.tsv
: >"$results"

# percentile_ms WRK_OUTPUT PERCENT: a latency percentile of wrk --latency in ms.
percentile_ms() {
  awk -v want="$2%" '$1 == want { value = $2; unit = value; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", value)
    if (unit == "us") value /= 1000; else if (unit == "s") value *= 1000; else if (unit == "m") value *= 60000
    printf "%.2f", value }' "$1"
}

# measure DB NAME PATH: checks for a 200, warms up, then one connection for
# $duration; appends db, name, p50, p99, req/s.
measure() {
  local db=$1 name=$2 path=$3 url code out
  url="http://127.0.0.1:$port$path"
  code=$(curl -s -o "$work/page.body" -w '%{http_code}' -H "Cookie: $cookie" "$url")
  if [[ $code != 200 ]]; then
    echo "bench/http/search: $db: $name ($path) answered $code:" >&2
    head -c 2000 "$work/page.body" >&2
    exit 1
  fi
  wrk -t 1 -c 1 -d 1s -H "Cookie: $cookie" "$url" >/dev/null
  out=$work/$db.$RANDOM.out
  wrk -t 1 -c 1 -d "$duration" --latency -H "Cookie: $cookie" "$url" >"$out"
  if grep -q "Non-2xx or 3xx" "$out"; then
    echo "bench/http/search: $db: $name ($path) answered with errors:" >&2
    cat "$out" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$db" "$name" "$(percentile_ms "$out" 50)" \
    "$(percentile_ms "$out" 99)" "$(rate "$out")" >>"$results"
}

encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

bench_database() {
  local db=$1 url=$2 seeded=$SECONDS login
  "$moim" demo --database "$url" >"$work/$db.demo" 2>&1 || { cat "$work/$db.demo" >&2; return 1; }
  "$seed" "$url" "$projects" "$logs" "$wiki_pages" | sed "s/^/  $db: /"
  echo "  $db: corpus seeded and indexed in $((SECONDS - seeded)) s"
  start_moim "$db" "$url" --no-outbox-worker
  port=$started_port
  login=$(curl -sf -c "$work/jar.$db" -H 'Content-Type: application/json' \
    -d '{"email":"member@moim.demo","password":"moim-demo-2026"}' "http://127.0.0.1:$port/api/v1/auth/login")
  [[ -n $login ]] || { echo "bench/http/search: $db: the demo member cannot log in" >&2; exit 1; }
  cookie="moim_session=$(awk '$6 == "moim_session" {print $7}' "$work/jar.$db")"
  measure "$db" "page: community (baseline)" "/c/$slug"
  local api="/api/v1/communities/$slug/search?q="
  measure "$db" "추천 (2 syllables)" "$api$(encode 추천)"
  measure "$db" "학습 (2 syllables)" "$api$(encode 학습)"
  measure "$db" "추천시스템" "$api$(encode 추천시스템)"
  measure "$db" "트랜스포머 어텐션" "$api$(encode '트랜스포머 어텐션')"
  measure "$db" "Transformer" "$api$(encode Transformer)"
  measure "$db" "lora (any case)" "$api$(encode lora)"
  measure "$db" "없는말 (no hits)" "$api$(encode 없는말)"
  measure "$db" "추천, page 5" "$api$(encode 추천)&page=5"
  measure "$db" "추천, growth logs" "$api$(encode 추천)&kind=growth_log"
  measure "$db" "page: search 추천" "/c/$slug/search?q=$(encode 추천)"
  kill "$started_pid" 2>/dev/null || true
  wait "$started_pid" 2>/dev/null || true
  pids=()
}

report() {
  python3 - "$results" "$1" <<'PY'
import sys
path, db = sys.argv[1], sys.argv[2]
rows = [line.rstrip("\n").split("\t") for line in open(path)]
rows = [r for r in rows if r[0] == db]
base50, base99 = float(rows[0][2]), float(rows[0][3])
print(f"{db}: one connection; p50 and p99 in ms; x = over the community page's (the baseline)")
print(f"{'query':28}{'p50':>8}{'p99':>8}{'req/s':>8}{'p50 x':>8}{'p99 x':>8}")
for _, name, p50, p99, rps in rows:
    print(f"{name:28}{float(p50):8.2f}{float(p99):8.2f}{rps:>8}{float(p50) / base50:8.2f}{float(p99) / base99:8.2f}")
worst = max(float(r[3]) for r in rows[1:])
print(f"{db}: slowest query p99 {worst:.2f} ms" + (" (goal: under 20 ms)" if db == "sqlite" else ""))
PY
}

echo "Search: the demo community with $projects projects and $logs public growth logs;" \
  "wrk -t1 -c1 -d$duration per query, one moim with $threads threads, $(nproc) cores"
only=${MOIM_SEARCH_ONLY:-}
if [[ $only != postgres ]]; then
  bench_database sqlite "sqlite:$work/search.db"
  report sqlite
fi
if [[ $only == sqlite ]]; then
  :
elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
  eval "$(bash "$root/scripts/test-postgres.sh" start)"
  pg_dir=$MOIM_TEST_PG_DIR
  pg_port=$(sed -n 4p "$pg_dir/data/postmaster.pid")
  /usr/lib/postgresql/15/bin/createdb -h 127.0.0.1 -p "$pg_port" -U moim search_bench
  bench_database postgres "postgresql://moim@127.0.0.1:$pg_port/search_bench"
  report postgres
else
  echo "postgres: skipped (no PostgreSQL 15 binaries)"
fi
