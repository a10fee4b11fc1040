#!/usr/bin/env bash
# `make run`: the server with the demo community, beside a local stand-in for
# Discord (tests/standins/discord_standin.py) that the demo community is
# connected to. Nothing reaches the internet: "Link Discord" on /me/discord
# is approved by the stand-in at once, and what moim does on "Discord" shows
# at http://127.0.0.1:8091/_standin/state.
#
# usage: scripts/run.sh MOIM_BINARY [extra moim serve flags]
set -euo pipefail
moim="$1"
shift
here="$(cd "$(dirname "$0")/.." && pwd)"
listen="${MOIM_LISTEN:-127.0.0.1:8080}"
discord_port="${MOIM_DEMO_DISCORD_PORT:-8091}"
discord="http://127.0.0.1:${discord_port}"
state_dir="var/standins/discord"
mkdir -p "$state_dir"
rm -f "$state_dir/port"

python3 "$here/tests/standins/discord_standin.py" "$state_dir" --port "$discord_port" \
  --guild-name "가짜연구소 (stand-in)" --seed-members 12 >/dev/null &
standin=$!
"$moim" serve --demo --dev --listen "$listen" \
  --discord-api-url "$discord" --discord-oauth-url "$discord/oauth2/authorize" \
  --discord-client-id standin-client --discord-client-secret standin-secret "$@" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; kill "$standin" 2>/dev/null' EXIT INT TERM

# Connect the demo community to the stand-in, as its organizer would.
for _ in $(seq 1 100); do
  curl -fs "http://$listen/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
jar="$(mktemp)"
if curl -fs -c "$jar" -H 'Content-Type: application/json' \
     -d '{"email":"organizer@moim.demo","password":"moim-demo-2026"}' \
     "http://$listen/api/v1/auth/login" >/dev/null &&
   curl -fs -b "$jar" -X PUT -H 'Content-Type: application/json' \
     -d '{"mode":"bot","bot_token":"standin-bot-token.moim-demo","guild_id":"900000000000000001"}' \
     "http://$listen/api/v1/communities/pseudolab-demo/discord" >/dev/null; then
  echo "discord stand-in: $discord (state: $discord/_standin/state); the demo community is connected" >&2
else
  echo "discord stand-in: $discord (the demo community could not be connected; see the log)" >&2
fi
rm -f "$jar"
wait "$server"
