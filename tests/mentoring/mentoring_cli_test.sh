#!/usr/bin/env bash
# moim mentoring match end to end on small files: both modes, the --json
# shape, hard rules, explanations, reproducibility, and exit 2 naming every
# problem on bad input.
# Usage: mentoring_cli_test.sh MOIM_BINARY FIXTURE_DIR
set -euo pipefail
moim=$1
fixtures=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for mode in fit stable; do
  "$moim" mentoring match --input "$fixtures/program.json" --mode $mode --seed 3 --json >"$work/$mode.json"
  python3 - "$work/$mode.json" "$mode" <<'PY'
import json, sys
out, mode = json.load(open(sys.argv[1])), sys.argv[2]
pairs = {p["mentee"]: p for p in out["pairs"]}
assert pairs["minseo"]["mentor"] == "jiwoo", pairs
assert pairs["kofi"]["mentor"] == "amara" and pairs["kofi"]["overlap_minutes"] == 120, pairs
# Sunday 22:00 to Monday 00:30 UTC: one stretch across the week's end.
assert pairs["arjun"]["mentor"] == "priya" and pairs["arjun"]["longest_overlap_minutes"] == 90, pairs
unmatched = {u["mentee"]: u for u in out["unmatched"]}
assert unmatched["lea"]["reason"] == "no_shared_language", unmatched
assert unmatched["hana"]["reason"] == "excluded" and unmatched["hana"]["explanation"], unmatched
s = out["summary"]
assert (s["mode"], s["seed"], s["matched"], s["unmatched"], s["capacity"]) == (mode, 3, 3, 2, 4), s
assert s["total_score"] == sum(p["score"] for p in out["pairs"]), s
PY
done
"$moim" mentoring match --input "$fixtures/program.json" --mode fit --seed 3 --json >"$work/again.json"
cmp -s "$work/fit.json" "$work/again.json" || fail "same seed gave different pairs"

# The table for people.
"$moim" mentoring match --input "$fixtures/program.json" --mode stable >"$work/table.txt"
for expected in "3 of 5 mentees matched" "no mentor speaks any of their languages" "choice 1"; do
  grep -q "$expected" "$work/table.txt" || fail "table lacks '$expected'"
done

# Bad input: exit 2, nothing on stdout, every problem named.
status=0
"$moim" mentoring match --input "$fixtures/bad.json" --mode fit >"$work/out.txt" 2>"$work/err.txt" || status=$?
[[ $status -eq 2 ]] || fail "expected exit 2 for bad input, got $status"
[[ ! -s "$work/out.txt" ]] || fail "printed pairs for bad input"
for expected in "mentees\[0\], availabilty: unknown field"; do
  grep -q "$expected" "$work/err.txt" || { cat "$work/err.txt" >&2; fail "error lacks '$expected'"; }
done
status=0
"$moim" mentoring match --input "$fixtures/program.json" --mode best >/dev/null 2>"$work/err.txt" || status=$?
[[ $status -eq 2 ]] && grep -q "fit or stable" "$work/err.txt" || fail "a wrong --mode was not refused"
echo "mentoring cli: ok"
