# What the HTTP load benchmarks (rush.sh, bingo.sh) share; sourced after the
# caller set $root, $moim and $threads. Gives $work (a scratch folder),
# $pids (servers to stop) and $pg_dir (a throwaway PostgreSQL to stop),
# cleaned up on exit, and:
#   start_moim NAME DATABASE [ARGS]  a server in the background (in this
#       shell, so cleanup stops it; never inside $(...), whose pipe the
#       server would hold open); sets $started_port and $started_pid
#   p99_ms WRK_OUTPUT, rate WRK_OUTPUT  wrk's p99 in ms and its Requests/sec
work=$(mktemp -d)
pids=()
pg_dir=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n $pg_dir ]] && bash "$root/scripts/test-postgres.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

start_moim() {
  "$moim" serve --listen 127.0.0.1:0 --port-file "$work/$1.port" --database "$2" \
    --web-root "$root/web" --threads "$threads" --no-access-log --log-level warn \
    --event-registrations-per-address-per-minute 0 --max-connections 4096 \
    --max-connections-per-client 4096 --max-streams 20000 ${3:-} >"$work/$1.out" 2>"$work/$1.log" &
  started_pid=$!
  pids+=("$started_pid")
  for _ in $(seq 1 600); do
    [[ -s $work/$1.port ]] && { started_port=$(cat "$work/$1.port"); return 0; }
    kill -0 "$started_pid" 2>/dev/null || { cat "$work/$1.log" >&2; return 1; }
    sleep 0.1
  done
  return 1
}

p99_ms() {
  awk '$1 == "99%" { value = $2; unit = value; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", value)
    if (unit == "us") value /= 1000; else if (unit == "s") value *= 1000; else if (unit == "m") value *= 60000
    printf "%.1f", value }' "$1"
}
rate() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
