#!/usr/bin/env bash
# make test: install what is missing, build twice (AddressSanitizer+UBSan, and
# Release), and run every test on SQLite and on a throwaway PostgreSQL:
# unit, HTTP integration, and (on the Release build) the browser tests.
# Ends with ctest's summary line; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
# ccache: paths inside the checkout are hashed relative to it, and the build
# folder is left out of the hash, so a fresh clone anywhere (CI's) reuses what
# an earlier build of the same sources compiled.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

bash scripts/install-deps.sh build test

eval "$(bash scripts/test-postgres.sh start)"
trap 'bash scripts/test-postgres.sh stop "$MOIM_TEST_PG_DIR"' EXIT
export MOIM_TEST_REQUIRE_POSTGRES=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

configure() {  # configure DIR TYPE [extra cmake args...]
  local dir=$1 type=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DMOIM_WERROR=ON -DMOIM_BUILD_TESTS=ON "$@" >/dev/null
}

echo "== build: AddressSanitizer + UndefinedBehaviorSanitizer"
configure build/asan Debug -DMOIM_SANITIZE=ON -DMOIM_BUILD_BENCH=OFF
cmake --build build/asan -j "$JOBS"
echo "== build: Release"
configure build/test-release Release -DMOIM_BUILD_BENCH=OFF -DMOIM_BROWSER_TESTS=ON
cmake --build build/test-release -j "$JOBS"

echo "== tests under the sanitizers"
(cd build/asan && ctest -j "$JOBS" --output-on-failure --timeout 900)
echo "== tests on the Release build, browser tests included"
(cd build/test-release && ctest -j "$JOBS" --output-on-failure --timeout 900)
