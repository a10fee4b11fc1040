#!/usr/bin/env bash
# Runs a command with the local Notion stand-in (tests/standins/notion_standin.py)
# listening on loopback, and moim pointed at it (MOIM_NOTION_API_URL), so the
# demo community's Notion connection creates pages on this machine only.
# The stand-in stops when the command does.
#   bash scripts/with-notion-standin.sh build/release/src/cli/moim serve --demo --dev
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${NOTION_STANDIN_PORT:-7311}"
folder="${NOTION_STANDIN_DIR:-$root/var/notion-standin}"
mkdir -p "$folder"
rm -f "$folder/port"
python3 "$root/tests/standins/notion_standin.py" "$folder" --port "$port" --moim-columns yes \
  >"$folder/standin.log" 2>&1 &
standin=$!
trap 'kill "$standin" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  [ -s "$folder/port" ] && break
  if ! kill -0 "$standin" 2>/dev/null; then
    echo "notion stand-in did not start (is port $port taken?): see $folder/standin.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "notion stand-in: http://127.0.0.1:$port (inspect: /_inspect)" >&2
export MOIM_NOTION_API_URL="http://127.0.0.1:$port"
"$@"
