#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the tests, in a temporary
# directory on a free loopback port, and stops it again.
#   eval "$(scripts/test-postgres.sh start)"   # exports MOIM_TEST_POSTGRES_URL, MOIM_TEST_PG_DIR
#   scripts/test-postgres.sh stop "$MOIM_TEST_PG_DIR"
set -euo pipefail
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

run_as_postgres() {
  # initdb refuses to run as root; CI runs as root.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/moim-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    port=$(free_port)
    run_as_postgres "$PG_BIN/initdb" -D "$dir/data" -U moim --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    run_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    run_as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U moim moim_test
    echo "export MOIM_TEST_PG_DIR=$dir"
    echo "export MOIM_TEST_POSTGRES_URL=postgresql://moim@127.0.0.1:$port/moim_test"
    ;;
  stop)
    dir=${2:?usage: test-postgres.sh stop DIR}
    [[ -d "$dir/data" ]] && run_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
