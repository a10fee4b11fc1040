#!/usr/bin/env bash
# The scale bench (issue #19): does a page's cost stay flat as the community
# grows? The demo community (`moim demo`) is grown by moim_bench_scale_seed
# (bench/scale_seed.cpp) to 1,000, 10,000 and 100,000 members with cohorts'
# applications, growth logs, sessions, mails and event registrations in
# proportion, each size in its own database with its own moim (2 threads),
# all running at once. Each page is measured after a 1-s warm-up in rounds
# that take the sizes in turn (so a busy moment of the shared machine hits
# every size alike): req/s, p99 and the CPU time per request (utime + stime
# from /proc, from before a round until the server is idle again, over the
# requests moim counted in /metrics; on PostgreSQL the database cluster's
# CPU is added, as the queries run there). The goal: every page at 100k
# within 1.25x its CPU cost at 1k, on SQLite and on PostgreSQL; pages over
# it are flagged. docs/performance.md ("Scale") has the last run.
#
# Usage: bench/http/scale.sh BUILD_DIR   (needs wrk; PostgreSQL 15 for its half)
# Environment: MOIM_SCALE_SIZES ("1000 10000 100000"), MOIM_SCALE_ROUNDS (3,
#   medians shown), MOIM_SCALE_DURATION (wrk -d per round, 2s),
#   MOIM_SCALE_CONNECTIONS (64), MOIM_SCALE_ONLY (sqlite|postgres),
#   MOIM_SCALE_PAGES (an extended regex: only the pages whose name matches,
#   e.g. 'catalog|member'), MOIM_SCALE_GOAL (1.25), MOIM_BENCH_THREADS (2).
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/http/scale.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
moim=${MOIM_BENCH_MOIM:-$build_dir/src/cli/moim}
seed=$build_dir/bench/moim_bench_scale_seed
sizes=${MOIM_SCALE_SIZES:-1000 10000 100000}
duration=${MOIM_SCALE_DURATION:-2s}
rounds=${MOIM_SCALE_ROUNDS:-3}
connections=${MOIM_SCALE_CONNECTIONS:-64}
goal=${MOIM_SCALE_GOAL:-1.25}
only_pages=${MOIM_SCALE_PAGES:-}
threads=${MOIM_BENCH_THREADS:-2}
for binary in "$moim" "$seed"; do
  [[ -x $binary ]] || { echo "bench/http/scale: $binary is not built" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench/http/scale: wrk is missing (scripts/install-deps.sh bench)" >&2; exit 1; }
source "$root/bench/http/common.sh"
results=$work/results.tsv
: >"$results"
started_at=$(date +%s)

# CPU time so far, in clock ticks (utime + stime): moim's, plus on PostgreSQL
# the whole cluster's (the postmaster, its live children and the children it
# has reaped), since there the queries run in the server, not in moim.
cpu_ticks() {
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
  if [[ -n $postmaster ]]; then
    ticks=$((ticks + $(cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$postmaster" '
      { sub(/^[0-9]+ \(.*\) /, "")   # pid and (comm): the fields shift by 2
      }
      $2 == pm { n += $12 + $13 }     # children: utime + stime (fields 14, 15)
      END { print n + 0 }') + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")))
  fi
  echo "$ticks"
}
postmaster=""

# Requests moim has answered, from its own counter (/metrics itself left out).
served() {
  curl -sf "http://127.0.0.1:$1/metrics" |
    awk '/^moim_http_requests_total/ && !/route="\/metrics"/ { n += $NF } END { printf "%d", n }'
}
# Waits until the server (and the database server) is idle: at most one
# clock tick in half a second, for up to two minutes.
drain() {
  local last now
  last=$(cpu_ticks "$1")
  for _ in $(seq 1 240); do
    sleep 0.5
    now=$(cpu_ticks "$1")
    ((now - last <= 1)) && return 0
    last=$now
  done
}
ticks_per_second=$(getconf CLK_TCK)
slug=pseudolab-demo

# One moim per size, all running at once on their own database (idle ones
# cost nothing): each page's rounds go 1k, 10k, 100k, 1k, ... so that every
# size sees the same moments of a shared machine, as run.sh alternates moim
# and the hello-world. Per size: its port, server pid, the member's cookie,
# and the ids the paths name.
declare -A port_of pid_of cookie_of organizer_cookie_of event_of project_of user_of mentoring_of

# check_page DB SIZE NAME PATH [COOKIE]: the page answers 200 (a 303 to the
# login form or a 500 would be measured as a fast page otherwise); then a
# short warm-up (thread-local template copies, page caches).
check_page() {
  local db=$1 size=$2 name=$3 path=$4 cookie=${5:-} code url
  url="http://127.0.0.1:${port_of[$size]}$path"
  local header=()
  [[ -n $cookie ]] && header=(-H "Cookie: $cookie")
  code=$(curl -s -o "$work/page.body" -w '%{http_code}' "${header[@]}" "$url")
  if [[ $code != 200 ]]; then
    echo "bench/http/scale: $db at $size members: $name ($path) answered $code:" >&2
    head -c 2000 "$work/page.body" >&2
    echo >&2
    tail -20 "$work/$db.$size.log" >&2 || true
    exit 1
  fi
  wrk -t 1 -c 2 -d 1s --timeout 60s "${header[@]}" "$url" >/dev/null
  drain "${pid_of[$size]}"
}

# measure_round DB SIZE NAME PATH ROUND [COOKIE]: one wrk run; appends a
# result line (db, size, page, CPU us/request, req/s, p99 ms).
measure_round() {
  local db=$1 size=$2 name=$3 path=$4 round=$5 cookie=${6:-} url out before after \
    served_before served_after pid=${pid_of[$2]} port=${port_of[$2]}
  url="http://127.0.0.1:$port$path"
  local header=()
  [[ -n $cookie ]] && header=(-H "Cookie: $cookie")
  out=$work/$db.$size.$name.$round.out
  before=$(cpu_ticks "$pid")
  served_before=$(served "$port")
  # A long timeout: a slow page is measured (at the few requests it answers),
  # not cut off and reported as errors.
  wrk -t 2 -c "$connections" -d "$duration" --timeout 60s --latency "${header[@]}" "$url" >"$out"
  # Requests still queued when wrk stops are answered after it: their CPU and
  # their count both go into the cost per request.
  drain "$pid"
  after=$(cpu_ticks "$pid")
  served_after=$(served "$port")
  if grep -q "Non-2xx or 3xx" "$out" || grep -q "Socket errors" "$out"; then
    echo "bench/http/scale: $db at $size members: $name ($path) answered with errors:" >&2
    cat "$out" >&2
    exit 1
  fi
  awk -v db="$db" -v size="$size" -v name="$name" -v before="$before" -v after="$after" \
    -v hz="$ticks_per_second" -v rps="$(rate "$out")" -v p99="$(p99_ms "$out")" \
    -v served=$((served_after - served_before)) 'BEGIN { printf "%s\t%s\t%s\t%.1f\t%s\t%s\n", db,
      size, name, (served > 0) ? (after - before) * 1e6 / hz / served : 0, rps, p99 }' >>"$results"
}

# measure DB NAME PATH [member|organizer]: PATH may name {event}, {project}, {user}.
measure() {
  local db=$1 name=$2 template=$3 member=${4:-} size path cookie round
  [[ -z $only_pages ]] || [[ $name =~ $only_pages ]] || return 0
  path_for() {
    local path=${template//\{event\}/${event_of[$1]}}
    path=${path//\{project\}/${project_of[$1]}}
    path=${path//\{mentoring\}/${mentoring_of[$1]}}
    echo "${path//\{user\}/${user_of[$1]}}"
  }
  for size in $sizes; do
    cookie=""
    [[ $member == member ]] && cookie=${cookie_of[$size]}
    [[ $member == organizer ]] && cookie=${organizer_cookie_of[$size]}
    check_page "$db" "$size" "$name" "$(path_for "$size")" "$cookie"
  done
  for round in $(seq 1 "$rounds"); do
    for size in $sizes; do
      cookie=""
      [[ $member == member ]] && cookie=${cookie_of[$size]}
      [[ $member == organizer ]] && cookie=${organizer_cookie_of[$size]}
      measure_round "$db" "$size" "$name" "$(path_for "$size")" "$round" "$cookie"
    done
  done
}

# start_size DB URL SIZE: the demo grown to SIZE members in its own database,
# one moim on it, the demo runner logged in (the signed-in pages are theirs).
start_size() {
  local db=$1 url=$2 size=$3 seeded=$SECONDS login port
  "$moim" demo --database "$url" >"$work/$db.$size.demo" 2>&1 ||
    { cat "$work/$db.$size.demo" >&2; return 1; }
  "$seed" "$url" "$size" | sed "s/^/  $db: /"
  echo "  $db: $size members seeded in $((SECONDS - seeded)) s"
  # No outbox worker: its polling would count as the pages' CPU.
  start_moim "$db.$size" "$url" --no-outbox-worker
  port=$started_port
  port_of[$size]=$port
  pid_of[$size]=$started_pid
  login=$(curl -sf -c "$work/jar.$size" -H 'Content-Type: application/json' \
    -d '{"email":"member@moim.demo","password":"moim-demo-2026"}' "http://127.0.0.1:$port/api/v1/auth/login")
  user_of[$size]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["user"]["id"])' "$login")
  cookie_of[$size]="moim_session=$(awk '$6 == "moim_session" {print $7}' "$work/jar.$size")"
  curl -sf -c "$work/jar.organizer.$size" -H 'Content-Type: application/json' \
    -d '{"email":"organizer@moim.demo","password":"moim-demo-2026"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" >/dev/null
  organizer_cookie_of[$size]="moim_session=$(awk '$6 == "moim_session" {print $7}' "$work/jar.organizer.$size")"
  # The past conference (the first event) and the catalog's first project.
  event_of[$size]=$(curl -sf "http://127.0.0.1:$port/api/v1/communities/$slug/events?when=past" |
    python3 -c 'import json,sys; print(min(e["id"] for e in json.load(sys.stdin)["events"]))')
  project_of[$size]=$(curl -sf "http://127.0.0.1:$port/api/v1/communities/$slug/cohorts/7/projects" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["projects"][0]["id"])')
  # The demo's running mentoring program (the first one opened).
  mentoring_of[$size]=$(curl -sf "http://127.0.0.1:$port/api/v1/communities/$slug/mentoring/programs" |
    python3 -c 'import json,sys; print(min(p["id"] for p in json.load(sys.stdin)["programs"]))')
}

# bench_database DB URL_FOR_SIZE_COMMAND: every size's server, then every page.
bench_database() {
  local db=$1 url_for=$2 size
  for size in $sizes; do start_size "$db" "$($url_for "$size")" "$size"; done
  measure "$db" "community" "/c/$slug"
  measure "$db" "catalog (cohort 7)" "/c/$slug/cohorts/7"
  measure "$db" "cohort 6 (archived)" "/c/$slug/cohorts/6"
  measure "$db" "API community" "/api/v1/communities/$slug"
  measure "$db" "API cohort 7 projects" "/api/v1/communities/$slug/cohorts/7/projects"
  measure "$db" "events list" "/c/$slug/events"
  measure "$db" "event page" "/c/$slug/events/{event}"
  measure "$db" "project page" "/c/$slug/projects/{project}"
  measure "$db" "member: community" "/c/$slug" member
  measure "$db" "member: dashboard" "/c/$slug/me" member
  measure "$db" "member: growth logs" "/c/$slug/members/{user}/logs" member
  measure "$db" "mentoring programs" "/c/$slug/mentoring"
  measure "$db" "member: mentoring program" "/c/$slug/mentoring/{mentoring}" member
  measure "$db" "member: account" "/me" member
  measure "$db" "member: API me" "/api/v1/me" member
  measure "$db" "member: my data" "/me/data" member
  measure "$db" "member: my consents" "/me/consents" member
  measure "$db" "privacy notice" "/c/$slug/privacy"
  measure "$db" "member: delete my account" "/me/delete" member
  measure "$db" "organizer: audit log" "/c/$slug/audit" organizer
  measure "$db" "organizer: audit log, members" "/c/$slug/audit?area=member" organizer
  measure "$db" "organizer: retention" "/c/$slug/retention" organizer
  measure "$db" "organizer: cohort 6 statistics" "/c/$slug/cohorts/6/statistics" organizer
  measure "$db" "organizer: statistics per cohort" "/c/$slug/statistics" organizer
  measure "$db" "organizer: event figures" "/c/$slug/events/{event}/figures" organizer
  for size in $sizes; do kill "${pid_of[$size]}" 2>/dev/null || true; done
  for size in $sizes; do wait "${pid_of[$size]}" 2>/dev/null || true; done
  pids=()
}

sqlite_url() { echo "sqlite:$work/scale.$1.db"; }
postgres_url() {  # a database per size in the throwaway cluster
  "$pg_bin/createdb" -h "$pg_host" -p "$pg_port" -U moim "scale_$1" >&2
  echo "postgresql://moim@$pg_host:$pg_port/scale_$1"
}

# report DB: one table, CPU us/req, req/s and p99 (ms) at each size, and the
# ratio of the largest size's CPU cost to the smallest's.
report() {
  python3 - "$results" "$1" "$goal" $sizes <<'EOF'
import sys
path, db, goal, sizes = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
import statistics
rounds, pages = {}, []
for line in open(path):
    d, size, name, cpu, rps, p99 = line.rstrip("\n").split("\t")
    if d != db:
        continue
    if name not in pages:
        pages.append(name)
    rounds.setdefault((name, size), []).append((float(cpu), float(rps), float(p99)))
def median(values):
    return statistics.median(values)
rows = {key: (median([r[0] for r in got]), f"{median([r[1] for r in got]):.0f}",
              f"{median([r[2] for r in got]):.1f}") for key, got in rounds.items()}
def short(size):
    n = int(size)
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)
labels = [short(s) for s in sizes]
head = f"{'page':24}" + "".join(f"{'us ' + l:>9}" for l in labels) + "".join(
    f"{'rps ' + l:>9}" for l in labels) + "".join(f"{'p99 ' + l:>9}" for l in labels)
head += f"  {labels[-1] + '/' + labels[0]:>8}"
print(f"{db}: CPU us per request, req/s, p99 ms at each size (medians of the rounds); ratio = CPU at {labels[-1]} / at {labels[0]} (goal {goal}x)")
print(head)
over = []
for name in pages:
    cells = [rows.get((name, s)) for s in sizes]
    line = f"{name:24}"
    line += "".join(f"{c[0]:9.0f}" if c else f"{'-':>9}" for c in cells)
    line += "".join(f"{c[1]:>9}" if c else f"{'-':>9}" for c in cells)
    line += "".join(f"{c[2]:>9}" if c else f"{'-':>9}" for c in cells)
    if cells[0] and cells[-1] and cells[0][0] > 0 and len(sizes) > 1:
        ratio = cells[-1][0] / cells[0][0]
        flag = "  OVER" if ratio > goal else ""
        line += f"  {ratio:7.2f}x{flag}"
        if ratio > goal:
            over.append(name)
    print(line)
print(f"{db}: {len(over)} of {len(pages)} pages over {goal}x" + (": " + ", ".join(over) if over else ""))
EOF
}

echo "Scale: the demo community grown to $sizes members; wrk -t2 -c$connections -d$duration," \
  "$rounds rounds per page after a 1-s warm-up, one moim with $threads threads, $(nproc) cores"
only=${MOIM_SCALE_ONLY:-}
if [[ $only != postgres ]]; then
  bench_database sqlite sqlite_url
  report sqlite
fi
if [[ $only == sqlite ]]; then
  :
elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
  eval "$(bash "$root/scripts/test-postgres.sh" start)"
  pg_dir=$MOIM_TEST_PG_DIR
  postmaster=$(head -1 "$pg_dir/data/postmaster.pid")
  pg_bin=/usr/lib/postgresql/15/bin
  pg_host=127.0.0.1
  pg_port=$(sed -n 4p "$pg_dir/data/postmaster.pid")
  bench_database postgres postgres_url
  report postgres
else
  echo "postgres: skipped (no PostgreSQL 15 binaries)"
fi
echo "Scale bench took $(($(date +%s) - started_at)) s"
