#!/usr/bin/env bash
# The live-update benchmark: N Server-Sent Events streams open on one
# process at once, M messages published, the delay from publish to receipt
# on every stream (p50/p99/max) and the server's resident memory.
#
# Usage: bench/live/run.sh BUILD_DIR [CLIENTS] [MESSAGES]
#   BUILD_DIR must be configured with -DMOIM_BUILD_BENCH=ON (Release):
#   it holds bench/moim_bench_live (bench/live/live_bench_server.cpp).
# Environment: MOIM_BENCH_DATABASE (sqlite::memory: by default; a
#   postgresql:// URL starts two servers on it and publishes on the second,
#   so messages cross instances through LISTEN/NOTIFY), MOIM_BENCH_THREADS (2).
#
# File descriptors: the server and the client each hold one per stream, so
# both need an open-file limit above CLIENTS (`ulimit -Hn`); each raises its
# soft limit to the hard one by itself.
set -euo pipefail
build_dir=$(cd "${1:?usage: bench/live/run.sh BUILD_DIR [CLIENTS] [MESSAGES]}" && pwd)
clients=${2:-10000}
messages=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
server_bin=$build_dir/bench/moim_bench_live
database=${MOIM_BENCH_DATABASE:-sqlite::memory:}
threads=${MOIM_BENCH_THREADS:-2}
[[ -x $server_bin ]] || { echo "bench/live: $server_bin is not built" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {  # $1: port file
  "$server_bin" "$1" "$database" "$threads" &
  pids+=($!)
  for _ in $(seq 100); do [[ -s $1 ]] && return; sleep 0.1; done
  echo "bench/live: the server did not start" >&2
  exit 1
}

start_server "$work/port"
stream_pid=${pids[0]}
stream_url=http://127.0.0.1:$(cat "$work/port")
publish_args=()
if [[ $database == postgres* ]]; then
  start_server "$work/publisher-port"
  publish_args=(--publish-url "http://127.0.0.1:$(cat "$work/publisher-port")")
  echo "PostgreSQL: streams on one instance, publishes on another"
fi
echo "open-file limit (hard): $(ulimit -Hn)"
python3 "$here/sse_load.py" --url "$stream_url" --clients "$clients" --messages "$messages" \
  --server-pid "$stream_pid" "${publish_args[@]}"
