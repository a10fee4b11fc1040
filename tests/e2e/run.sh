#!/usr/bin/env bash
# Browser tests: start the built moim on a fresh SQLite database and a free
# port, drive Debian's chromium through playwright-core, stop the server.
#
#   bash tests/e2e/run.sh BUILD_DIR            # every test
#   MOIM_E2E_GREP=journey bash tests/e2e/run.sh BUILD_DIR   # tests whose name contains "journey"
#
# Screenshots of failed tests (and the server log, on failure) go to
# BUILD_DIR/e2e-screenshots. The last line is "e2e: N passed, M failed";
# the exit status is non-zero when anything failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: tests/e2e/run.sh BUILD_DIR}" && pwd)

moim=""
for candidate in "$build/src/cli/moim" "$build/moim"; do
  if [[ -x "$candidate" ]]; then moim=$candidate; break; fi
done
if [[ -z "$moim" ]]; then
  echo "e2e: no moim binary in $build (build the moim target first)" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
chromium=${MOIM_E2E_CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || [[ ! -x "$chromium" ]] ||
  [[ ! -d "$here/node_modules/playwright-core" ]]; then
  echo "e2e: needs node, $chromium and tests/e2e/node_modules: run 'bash scripts/install-deps.sh test'" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi

shots="$build/e2e-screenshots"
mkdir -p "$shots"
rm -f "$shots"/*.png "$shots"/server.log

work=$(mktemp -d "${TMPDIR:-/tmp}/moim-e2e.XXXXXX")
server_pid=""
server_status=0
stop_server() {  # SIGTERM, then wait for the graceful shutdown; sets server_status
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  if [[ -n "$server_pid" ]]; then
    server_status=0
    wait "$server_pid" 2>/dev/null || server_status=$?
    server_pid=""
  fi
}
standin_pid=""
cleanup() {
  stop_server
  [[ -n "${sink_pid:-}" ]] && kill "$sink_pid" 2>/dev/null || true
  if [[ -n "$standin_pid" ]]; then kill "$standin_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

database="sqlite:$work/moim.db"
admin_email="admin@e2e.moim.test"
admin_password="e2e-admin-password-$RANDOM$RANDOM"

# A platform admin without a saved language, so each test's browser language decides.
MOIM_PASSWORD="$admin_password" "$moim" user create --database "$database" --log-level warn \
  --email "$admin_email" --name "E2E Admin" --admin >"$work/user.log" 2>&1 || {
  cat "$work/user.log" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
}

# Mail goes to a local aiosmtpd sink, so tests read what people receive.
# Debian's Python, where python3-aiosmtpd is installed (a python3 earlier on
# PATH, e.g. pyenv's, may lack it).
mail_dir="$work/mail"
mkdir -p "$mail_dir"
/usr/bin/python3 "$root/src/features/integrations/testing/smtp_sink.py" "$mail_dir" >"$work/smtp.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$mail_dir/port" ]] && break
  sleep 0.1
done
smtp_port=$(tr -d '[:space:]' <"$mail_dir/port" 2>/dev/null || true)
if [[ -z "$smtp_port" ]]; then
  echo "e2e: the SMTP sink did not start:" >&2
  cat "$work/smtp.log" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
# The Discord stand-in (tests/standins): "Link Discord" follows the real
# redirect chain to its OAuth page and back. Discord sends the browser to
# moim's public URL, so moim listens on a port chosen here, not on :0.
mkdir -p "$work/discord"
python3 "$root/tests/standins/discord_standin.py" "$work/discord" --port 0 \
  --seed-members 12 >"$work/discord.log" 2>&1 &
standin_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$work/discord/port" ]] && break
  sleep 0.1
done
if [[ ! -s "$work/discord/port" ]]; then
  echo "e2e: the Discord stand-in did not start:" >&2
  cat "$work/discord.log" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
discord="http://127.0.0.1:$(tr -d '[:space:]' <"$work/discord/port")"
listen_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

started=$SECONDS
MOIM_DISCORD_API_URL="$discord" MOIM_DISCORD_OAUTH_URL="$discord/oauth2/authorize" \
  MOIM_DISCORD_CLIENT_ID=standin-client MOIM_DISCORD_CLIENT_SECRET=standin-secret \
  "$moim" serve --listen "127.0.0.1:$listen_port" --port-file "$work/port" --database "$database" \
  --web-root "$root/web" --threads 2 --dev --demo --log-level warn \
  --signups-per-address-per-hour 100000 --mail-links-per-address-per-hour 100000 \
  --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-tls none --outbox-poll-ms 200 \
  >"$work/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 1 300); do  # up to 30 s: the demo seeding hashes a dozen passwords
  if [[ -s "$work/port" ]]; then
    port=$(tr -d '[:space:]' <"$work/port")
    [[ -n "$port" ]] && break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "e2e: moim did not start:" >&2
  cat "$work/server.log" >&2
  cp "$work/server.log" "$shots/server.log"
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi

echo "e2e: moim is serving http://127.0.0.1:$port (demo seeded in $((SECONDS - started)) s)"

summary="$work/summary"
node_status=0
MOIM_E2E_BASE_URL="http://127.0.0.1:$port" \
  MOIM_E2E_ADMIN_EMAIL="$admin_email" \
  MOIM_E2E_ADMIN_PASSWORD="$admin_password" \
  MOIM_E2E_WEB_ROOT="$root/web" \
  MOIM_E2E_MAIL_DIR="$mail_dir" \
  MOIM_E2E_CHROMIUM="$chromium" \
  MOIM_E2E_SCREENSHOTS="$shots" \
  MOIM_E2E_SUMMARY="$summary" \
  MOIM_E2E_DISCORD_URL="$discord" \
  node "$here/main.mjs" || node_status=$?

stop_server
passed=0
failed=1
if [[ -s "$summary" ]]; then read -r passed failed <"$summary"; fi
if [[ "$server_status" != 0 ]]; then
  echo "e2e: the server exited with status $server_status on SIGTERM (expected 0)" >&2
  failed=$((failed + 1))
fi
if [[ "$failed" != 0 || "$node_status" != 0 ]]; then
  cp "$work/server.log" "$shots/server.log"
  echo "e2e: screenshots and the server log are in $shots" >&2
  [[ "$failed" != 0 ]] || failed=1
fi
echo "e2e: $passed passed, $failed failed ($((SECONDS - started)) s)"
[[ "$failed" == 0 ]]
