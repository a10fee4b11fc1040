#!/usr/bin/env bash
# The registration rush (issue #13): 10,000 guest registrations for 255
# seats from 1,000 concurrent connections, against one moim on SQLite and
# against two moim sharing one PostgreSQL (500 connections each), beside the
# plain page rate (/healthz and the event page) of the same server in the
# same run. Prints the registrations made (read back through the API),
# registrations/s, p99, errors (answers other than 2xx counted by the
# servers, plus connections wrk saw fail or time out after 10 s), and
# oversold (confirmed seats beyond the capacity).
#
# Usage: bench/http/rush.sh BUILD_DIR     (needs wrk; PostgreSQL 15 binaries for the second part)
#        MOIM_RUSH_ONLY=sqlite|postgres runs one part; MOIM_RUSH_PG_INSTANCES=1
#        puts one moim instead of two on PostgreSQL.
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/http/rush.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
moim=${MOIM_BENCH_MOIM:-$build_dir/src/cli/moim}
total=${MOIM_RUSH_TOTAL:-10000}
connections=${MOIM_RUSH_CONNECTIONS:-1000}
seats=${MOIM_RUSH_SEATS:-255}
threads=${MOIM_BENCH_THREADS:-2}
source "$root/bench/http/common.sh"

# Logs the demo organizer in and creates the event; prints its id.
create_event() {  # create_event PORT
  local base="http://127.0.0.1:$1" jar="$work/cookies.$1"
  curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email":"organizer@moim.demo","password":"moim-demo-2026"}' "$base/api/v1/auth/login" >/dev/null
  local start end
  start=$(date -u -d '+30 days' '+%Y-%m-%dT10:00:00Z')
  end=$(date -u -d '+30 days' '+%Y-%m-%dT18:00:00Z')
  curl -sf -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Rush\",\"starts_at\":\"$start\",\"ends_at\":\"$end\",\"capacity\":$seats}" \
    "$base/api/v1/communities/pseudolab-demo/events" | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["id"])'
}

# The rush's rate: each wrk thread stops once its share is answered, but wrk
# divides by the whole -d duration, so its "Requests/sec" is too low. The
# per-thread "Req/Sec" average is sampled only while the thread runs: times
# the thread count it is the rate during the rush.
# Connect, read and write errors and timeouts wrk saw (answers it never got).
socket_errors() { awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; found = 1 } END { if (!found) print 0 }' "$1"; }
rush_rate() {
  awk -v threads=2 '$1 == "Req/Sec" { value = $2; k = (value ~ /k$/); sub(/k$/, "", value)
    printf "%.0f", value * (k ? 1000 : 1) * threads }' "$1"
}
# Answers other than 2xx to the registrations, counted by the server
# (/metrics), so requests still in flight when wrk stopped count too.
server_errors() {  # server_errors PORT
  curl -sf "http://127.0.0.1:$1/metrics" |
    awk '/^moim_http_requests_total/ && /route="\/api\/v1\/communities\/\{slug\}\/events\/\{event\}\/registrations"/ &&
         !/status="2/ { n += $NF } END { print n + 0 }'
}

# rush NAME EVENT_ID PORT... : wrk against each port at once, total/ports requests each.
rush() {
  local name=$1 event=$2
  shift 2
  local per_port=$((total / $#)) per_connections=$((connections / $#)) index=0
  local wrk_pids=()
  for port in "$@"; do
    index=$((index + 1))
    # Each thread stops after its share is answered; the requests then still
    # in flight (one per connection) complete the total.
    MOIM_RUSH_REQUESTS=$(((per_port - per_connections) / 2)) MOIM_RUSH_PREFIX="$name$index" \
      MOIM_RUSH_PATH="/api/v1/communities/pseudolab-demo/events/$event/registrations" \
      wrk -t 2 -c "$per_connections" -d 120s --timeout 10s --latency -s "$root/bench/http/register.lua" \
      "http://127.0.0.1:$port" >"$work/$name.$index.out" 2>&1 &
    wrk_pids+=("$!")
  done
  for pid in "${wrk_pids[@]}"; do wait "$pid"; done
}

# What the database holds afterwards, read through the public API.
held() {  # held PORT EVENT -> "confirmed waitlisted capacity"
  curl -sf "http://127.0.0.1:$1/api/v1/communities/pseudolab-demo/events/$2" |
    python3 -c 'import json,sys; e=json.load(sys.stdin)["event"]; print(e["confirmed"], e["waitlisted"], e["capacity"])'
}

report() {  # report LABEL NAME EVENT PORT...
  local label=$1 name=$2 event=$3
  shift 3
  local port=$1 rps=0 errs=0 p99=0 index=0
  for instance_port in "$@"; do
    index=$((index + 1))
    rps=$((rps + $(rush_rate "$work/$name.$index.out")))
    errs=$((errs + $(server_errors "$instance_port") + $(socket_errors "$work/$name.$index.out")))
    p99=$(awk -v a="$p99" -v b="$(p99_ms "$work/$name.$index.out")" 'BEGIN {print (b > a) ? b : a}')
  done
  read -r confirmed waitlisted capacity < <(held "$port" "$event")
  local oversold=$((confirmed > capacity ? confirmed - capacity : 0))
  # The plain page rate of the same server, right after.
  wrk -t 2 -c 64 -d 5s --latency "http://127.0.0.1:$port/healthz" >"$work/$name.healthz" 2>&1
  wrk -t 2 -c 64 -d 5s --latency "http://127.0.0.1:$port/c/pseudolab-demo/events/$event" >"$work/$name.page" 2>&1
  local page_rps
  page_rps=$(rate "$work/$name.page")
  printf '%-26s %7s %8s %8s %7s %9s %10s %10s %11s %9s\n' "$label" "$((confirmed + waitlisted))" "$rps" \
    "$p99" "$errs" "$oversold" "$confirmed/$capacity" "$waitlisted" "$page_rps" \
    "$(awk -v a="$rps" -v b="$page_rps" 'BEGIN {printf "%.2fx", (b > 0) ? a / b : 0}')"
  awk '/^Requests\/sec:/ {printf "  (healthz %.0f req/s)\n", $2}' "$work/$name.healthz"
  for instance_port in "$@"; do
    # The servers' own view: registrations whose handler took over 1 s and 5 s.
    curl -sf "http://127.0.0.1:$instance_port/metrics" |
      awk -v port="$instance_port" '/^moim_http_request_duration_seconds_(bucket|count)/ && /\/registrations"/ {
          if ($0 ~ /le="1"/) one = $NF; else if ($0 ~ /le="5"/) five = $NF; else if ($0 ~ /_count/) n = $NF }
        END { printf "  (server %s: %d registrations, %d over 1 s, %d over 5 s in the handler)\n", port, n, n - one, n - five }'
  done
  for index in $(seq 1 "$#"); do
    grep -h 'Socket errors' "$work/$name.$index.out" | sed "s/^ */  (wrk $index: /; s/\$/)/" || true
    grep -h '^ *Latency ' "$work/$name.$index.out" | sed "s/^ */  (wrk $index: avg stdev max +-stdev: /; s/\$/)/" || true
  done
}

echo "Registration rush: $total guest registrations for $seats seats, $connections connections, server threads $threads, $(nproc) cores"
printf '%-26s %7s %8s %8s %7s %9s %10s %10s %11s %9s\n' "setup" "made" "reg/s" "p99 ms" "errors" \
  "oversold" "confirmed" "waitlisted" "page req/s" "reg/page"

only=${MOIM_RUSH_ONLY:-}
if [[ $only != postgres ]]; then
  start_moim sqlite "sqlite:$work/moim.db" --demo
  port=$started_port
  event=$(create_event "$port")
  rush sqlite "$event" "$port"
  report "one moim, SQLite" sqlite "$event" "$port"
  # The same server with 64 clients instead of 1,000: with 1,000 requests in
  # flight at once, p99 is at least 1,000 / (registrations per second) by
  # queueing alone (Little's law), so the latency of one registration shows here.
  saved_total=$total saved_connections=$connections
  total=${MOIM_RUSH_SMALL_TOTAL:-3000} connections=64
  event=$(create_event "$port")
  rush sqlite64 "$event" "$port"
  report "one moim, SQLite, 64 conn" sqlite64 "$event" "$port"
  total=$saved_total connections=$saved_connections
fi

if [[ $only == sqlite ]]; then
  :  # the PostgreSQL part was not asked for
elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
  eval "$(bash "$root/scripts/test-postgres.sh" start)"
  pg_dir=$MOIM_TEST_PG_DIR
  start_moim pg1 "$MOIM_TEST_POSTGRES_URL" --demo
  first=$started_port
  event=$(create_event "$first")
  if [[ ${MOIM_RUSH_PG_INSTANCES:-2} == 1 ]]; then
    rush pg "$event" "$first"
    report "one moim, PostgreSQL" pg "$event" "$first"
  else
    start_moim pg2 "$MOIM_TEST_POSTGRES_URL" --no-outbox-worker
    second=$started_port
    rush pg "$event" "$first" "$second"
    report "two moim, one PostgreSQL" pg "$event" "$first" "$second"
  fi
else
  echo "two moim, one PostgreSQL: skipped (no PostgreSQL 15 binaries)"
fi
