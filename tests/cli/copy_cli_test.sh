#!/usr/bin/env bash
# moim copy on the command line: exit 2 naming --from or --to on bad
# arguments, and with a PostgreSQL (MOIM_TEST_POSTGRES_URL, as scripts/test.sh
# starts it) the demo copied into a fresh schema, its verified table on
# stdout, and a second copy into the same schema refused.
# Usage: copy_cli_test.sh MOIM_BINARY
set -euo pipefail
moim=$1
work=$(mktemp -d)
schema="cli_copy_$$"
cleanup() {
  if [[ -n ${MOIM_TEST_POSTGRES_URL:-} ]]; then
    psql -q "$MOIM_TEST_POSTGRES_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE TEXT COMMAND...: the command exits CODE and says TEXT.
expect() {
  local code=$1 text=$2 got=0
  shift 2
  "$@" >"$work/out" 2>&1 || got=$?
  [[ $got == "$code" ]] || { cat "$work/out" >&2; fail "exit $got, not $code: $*"; }
  grep -qF -- "$text" "$work/out" || { cat "$work/out" >&2; fail "'$text' not said by: $*"; }
}

expect 2 "--from: no SQLite database" "$moim" copy --from "sqlite:$work/none.db" --to postgresql://x@127.0.0.1:1/x
expect 2 "--from: name the SQLite database" "$moim" copy --from postgresql://x@127.0.0.1:1/x --to postgresql://y@127.0.0.1:1/y
"$moim" migrate --database "sqlite:$work/moim.db" >/dev/null
expect 2 "--to: name the PostgreSQL database" "$moim" copy --from "sqlite:$work/moim.db" --to "sqlite:$work/other.db"
[[ ! -e $work/other.db ]] || fail "a refused copy created its target"

if [[ -z ${MOIM_TEST_POSTGRES_URL:-} ]]; then
  [[ ${MOIM_TEST_REQUIRE_POSTGRES:-} != 1 ]] || fail "MOIM_TEST_REQUIRE_POSTGRES=1 but no MOIM_TEST_POSTGRES_URL"
  echo "no PostgreSQL: the copy itself is left to moim_app_test's CopyDemo"
  exit 0
fi
# The demo draws its images with cairo; under LeakSanitizer fontconfig's
# process-wide cache reads as a leak (the tests suppress it the same way).
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 "$moim" demo --database "sqlite:$work/moim.db" \
  >/dev/null 2>&1 || fail "moim demo"
psql -q "$MOIM_TEST_POSTGRES_URL" -c "CREATE SCHEMA $schema" >/dev/null
target="$MOIM_TEST_POSTGRES_URL?options=-csearch_path%3D$schema"
"$moim" copy --from "sqlite:$work/moim.db" --to "$target" >"$work/report.csv" 2>"$work/err" ||
  { cat "$work/err" >&2; fail "the copy failed"; }
[[ $(head -1 "$work/report.csv") == "table,rows,checksum" ]] || fail "no report header"
# Plain tables: the search's FTS5 tables and their shadow tables are
# SQLite's index and stay behind (PostgreSQL has its own).
tables=$(sqlite3 "$work/moim.db" "SELECT COUNT(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'" 2>/dev/null ||
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'\").fetchone()[0])" "$work/moim.db")
[[ $(($(wc -l <"$work/report.csv") - 1)) == "$tables" ]] || fail "the report lists $(wc -l <"$work/report.csv") lines for $tables tables"
grep -q "^users,[1-9]" "$work/report.csv" || fail "no users copied"
grep -q "every table's row count and checksum match" "$work/err" || fail "no verification said"
expect 2 "--to: the target database is not empty" "$moim" copy --from "sqlite:$work/moim.db" --to "$target"
echo "moim copy: $tables tables verified; a second copy refused"
