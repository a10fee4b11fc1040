#!/usr/bin/env bash
# Runs a command (moim serve) with the local Discord stand-in
# (tests/standins/discord_standin.py) on loopback and moim pointed at it
# (MOIM_DISCORD_API_URL, MOIM_DISCORD_OAUTH_URL, the stand-in's OAuth
# client), and connects the demo community to it once the server answers,
# as its organizer would. Nothing reaches the real Discord: "Link Discord" on
# /me/discord is approved by the stand-in at once, and what moim creates shows
# at http://127.0.0.1:PORT/_standin/state. The stand-in stops with the command.
#   bash scripts/with-discord-standin.sh build/release/src/cli/moim serve --demo --dev
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${DISCORD_STANDIN_PORT:-8091}"
folder="${DISCORD_STANDIN_DIR:-$root/var/discord-standin}"
listen="${MOIM_LISTEN:-127.0.0.1:8080}"
mkdir -p "$folder"
rm -f "$folder/port"
python3 "$root/tests/standins/discord_standin.py" "$folder" --port "$port" \
  --guild-name "가짜연구소 (stand-in)" --seed-members 12 >"$folder/standin.log" 2>&1 &
standin=$!
trap 'kill "$standin" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  [ -s "$folder/port" ] && break
  if ! kill -0 "$standin" 2>/dev/null; then
    echo "discord stand-in did not start (is port $port taken?): see $folder/standin.log" >&2
    exit 1
  fi
  sleep 0.1
done
discord="http://127.0.0.1:$port"
export MOIM_DISCORD_API_URL="$discord"
export MOIM_DISCORD_OAUTH_URL="$discord/oauth2/authorize"
export MOIM_DISCORD_CLIENT_ID=standin-client
export MOIM_DISCORD_CLIENT_SECRET=standin-secret

# Once the server answers, connect the demo community (a second start finds
# it connected and connects it again: harmless).
(
  for _ in $(seq 1 300); do
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
    echo "discord stand-in: $discord (inspect: /_standin/state); the demo community is connected" >&2
  else
    echo "discord stand-in: $discord (the demo community was not connected: is the demo seeded?)" >&2
  fi
  rm -f "$jar"
) &
"$@"
