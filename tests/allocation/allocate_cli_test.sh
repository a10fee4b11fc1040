#!/usr/bin/env bash
# moim allocate end to end on small files: both formats, both modes, the
# --json shape, reproducibility, and exit 2 naming the problem on bad input.
# Usage: allocate_cli_test.sh MOIM_BINARY FIXTURE_DIR
set -euo pipefail
moim=$1
fixtures=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# JSON in, --json out: the documented keys, capacities and declines respected.
"$moim" allocate --input "$fixtures/cohort.json" --mode stable --seed 7 --json >"$work/stable.json"
python3 - "$work/stable.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
for key in ("assignment", "waitlists", "unassigned", "summary"):
    assert key in out, key
seats = {"cpython": 3, "nerf": 2, "recsys": 4, "pyspark": 5}
taken = {}
for applicant, project in out["assignment"].items():
    taken[project] = taken.get(project, 0) + 1
assert all(taken[p] <= seats[p] for p in taken), taken
assert out["assignment"].get("hyun") != "cpython", "declined applicant placed"
assert out["assignment"]["tae"] == "recsys", "pin not honoured"
assert out["summary"]["mode"] == "stable" and out["summary"]["seed"] == 7
assert len(out["assignment"]) + len(out["unassigned"]) == 10
PY

# Same seed, same result; CSV and JSON inputs give the same allocation.
"$moim" allocate --input "$fixtures/cohort.json" --mode stable --seed 7 --json >"$work/again.json"
cmp -s "$work/stable.json" "$work/again.json" || fail "same seed gave a different result"
"$moim" allocate --input "$fixtures/cohort.csv" --mode stable --seed 7 --json >"$work/csv.json"
cmp -s "$work/stable.json" "$work/csv.json" || fail "CSV and JSON inputs differ"

# The table, rank-maximal, with cancellation.
"$moim" allocate --input "$fixtures/cohort.csv" --mode rank-maximal --seed 7 --cancel-under-minimum >"$work/table.txt"
for expected in "Rank distribution" "1st choice" "Fill per project" "Unassigned" "Assignment"; do
  grep -q "$expected" "$work/table.txt" || fail "table lacks '$expected'"
done

# Bad input: exit 2 and every problem named with its place and field.
expect_refusal() {
  local status=0
  "$moim" allocate "$@" >"$work/out.txt" 2>"$work/err.txt" || status=$?
  [[ $status -eq 2 ]] || fail "expected exit 2, got $status for $*"
  [[ ! -s "$work/out.txt" ]] || fail "printed a result for bad input: $*"
}
expect_refusal --input "$fixtures/bad.json" --mode stable --seed 1
for expected in "projects\[0\], max" "applicants\[0\], choices: \"cpython\" is listed twice" \
                "applicants\[1\], choices: unknown project \"gan\"" "applicants\[2\], id: duplicate"; do
  grep -q "$expected" "$work/err.txt" || fail "bad.json: no '$expected' in: $(cat "$work/err.txt")"
done
expect_refusal --input "$fixtures/bad.csv" --mode rank-maximal --seed 1
grep -q 'line 4, choices: unknown project "gan"' "$work/err.txt" || fail "bad.csv: $(cat "$work/err.txt")"
grep -q 'line 5, choices: "nerf" is listed twice' "$work/err.txt" || fail "bad.csv: $(cat "$work/err.txt")"
expect_refusal --input "$fixtures/cohort.json" --mode fastest --seed 1
grep -q "mode must be stable or rank-maximal" "$work/err.txt" || fail "bad mode message"
expect_refusal --input "$work/missing.json" --mode stable --seed 1
grep -q "cannot open" "$work/err.txt" || fail "missing file message"
printf '{"projects": [' >"$work/truncated.json"
expect_refusal --input "$work/truncated.json" --mode stable --seed 1
grep -q "line 1: malformed JSON" "$work/err.txt" || fail "truncated JSON: $(cat "$work/err.txt")"
echo "allocate CLI: all checks passed"
