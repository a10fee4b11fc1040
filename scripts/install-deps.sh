#!/usr/bin/env bash
# Installs what moim needs from Debian 12 packages, and only what is missing.
# Usage: scripts/install-deps.sh [build|test|bench]...   (default: build)
#   build  compilers and libraries to build and run moim
#   test   build + PostgreSQL 15 server, Chromium, node/npm and the browser tests'
#          npm packages (tests/e2e), pdftotext, SMTP test server
#   bench  build + wrk
# Idempotent: a second run with everything present does nothing and is fast.
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build ccache pkg-config make git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev
  libkainjow-mustache-dev libtomlplusplus-dev libcli11-dev
  liblemon-dev libspdlog-dev libfmt-dev libhowardhinnant-date-dev tzdata
  libmd4c-dev libmd4c-html0-dev libqrencode-dev libcsv-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libpng-dev libjpeg-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libexpat1-dev
  libjemalloc-dev
)
# The privacy room's "download my data" ZIP (src/features/privacy).
build_pkgs+=(libzip-dev)
# `make run` starts the local Notion and Discord stand-ins (tests/standins/),
# and connects the demo community to Discord's with curl.
build_pkgs+=(python3 curl)
# The door scanner's QR decoder for browsers without BarcodeDetector (jsQR,
# from the npm registry, pinned by web/vendor/package-lock.json).
build_pkgs+=(nodejs npm)
test_pkgs=(postgresql-15 postgresql-client-15 chromium nodejs npm poppler-utils python3-aiosmtpd python3-icalendar)
# zbar-tools: the certificate tests read the QR code back with zbarimg.
test_pkgs+=(zbar-tools)
bench_pkgs=(wrk)

wanted=("${build_pkgs[@]}")
for group in "$@"; do
  case "$group" in
    build) ;;
    test) wanted+=("${test_pkgs[@]}") ;;
    bench) wanted+=("${bench_pkgs[@]}") ;;
    *) echo "install-deps: unknown group '$group' (build, test, bench)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# node and npm may come from outside Debian on some machines: accept what is on PATH.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for pkg in "${missing[@]}"; do [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg"); done
  missing=("${filtered[@]}")
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

root="$(cd "$(dirname "$0")/.." && pwd)"

# Every group: jsQR for the door page, installed exactly from its lock file
# (npm ci; its cache serves a second install offline) and copied to
# web/static/vendor/jsQR.js (git-ignored), which the door page loads when
# present. Without it the door still takes typed codes and BarcodeDetector.
vendor="$root/web/vendor"
vendor_stamp="$vendor/node_modules/.moim-lock-sha256"
vendor_sum=$(sha256sum "$vendor/package-lock.json" | cut -d' ' -f1)
if [[ ! -f "$vendor_stamp" || "$(cat "$vendor_stamp")" != "$vendor_sum" ]]; then
  echo "install-deps: npm ci in web/vendor"
  if (cd "$vendor" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "$vendor_sum" >"$vendor_stamp"
  else
    echo "install-deps: warning: jsQR not installed; the door page scans only where the browser has BarcodeDetector" >&2
  fi
fi
if [[ -f "$vendor/node_modules/jsqr/dist/jsQR.js" ]]; then
  mkdir -p "$root/web/static/vendor"
  cmp -s "$vendor/node_modules/jsqr/dist/jsQR.js" "$root/web/static/vendor/jsQR.js" ||
    cp "$vendor/node_modules/jsqr/dist/jsQR.js" "$root/web/static/vendor/jsQR.js"
fi

# The npm packages of the tests, each folder installed exactly from its lock
# file, and skipped when node_modules already came from that very lock file:
#   tests/e2e       playwright-core only (it drives the chromium above and
#                   downloads no browser)
#   tests/contract  the official descriptions of Discord's and Notion's APIs
#                   that every request the stand-ins receive is checked against
for group in "$@"; do
  [[ "$group" == test ]] || continue
  for folder in tests/e2e tests/contract; do
    dir="$root/$folder"
    stamp="$dir/node_modules/.moim-lock-sha256"
    lock_sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
      echo "install-deps: npm ci in $folder"
      (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
      echo "$lock_sum" >"$dir/node_modules/.moim-lock-sha256"
    fi
  done
done
