#!/usr/bin/env bash
# Runs every test: unit tests of the shared validation, integration tests of
# the server functions and import against SQLite and PostgreSQL, and the
# Playwright browser tests against the server the tests built, serving the
# release build of the site, with MailDev.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

./scripts/install-tools.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
./scripts/ensure-postgres.sh

# A one-off build (CI's fresh clone) gains nothing from incremental caches
# but their disk space and time.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi

LOG="$(mktemp -d)"
# Each step says when it starts (seconds since the script began), so a slow
# CI run shows where its time went.
step() { printf '\n== [%ss] %s\n' "$SECONDS" "$*"; }

# Packages named one by one: `--workspace` would also build `frontend`, whose
# `hydrate` feature must never meet the server's `ssr` in one build. Every
# cargo command names the same packages: another set unifies other
# dependency features and rebuilds half the dependency graph.
PACKAGES=(-p app -p migration -p server -p loadtest)

step "formatting and lints (rustfmt, clippy with warnings as errors, server and WASM builds)"
cargo fmt --all --check
cargo clippy "${PACKAGES[@]}" --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit and integration tests (SQLite and PostgreSQL)"
cargo test "${PACKAGES[@]}" 2>&1 | tee "$LOG/cargo.txt"

step "enumeration benchmark, smoke mode (identical answers; timings only reported by cargo bench)"
BENCH_SMOKE=1 cargo test "${PACKAGES[@]}" --bench enumeration

step "release build of the site (WASM, styles, assets: hashed and precompressed)"
# The front only: the smoke load and browser tests below run the server
# binary that `cargo test` built (the same code, unoptimised). A release
# server compiles its ~400 dependencies a second time: on two cores that
# took 10 to 19 minutes here. Releases build both (README, Running in production).
cargo leptos build --release --precompress --frontend-only
# The server finds the site's hashed file names beside its binary.
cp target/release/hash.txt target/debug/hash.txt
export SERVER_BIN="$ROOT/target/debug/server"

step "load-test harness, smoke mode (a few seconds per phase; the numbers mean nothing, rot does)"
# The harness and the server built by the tests above (unoptimised, which
# a smoke run allows): release builds would compile their dependencies a
# second time.
target/debug/loadtest --smoke > "$LOG/loadtest.txt" 2>&1 || { cat "$LOG/loadtest.txt"; exit 1; }
tail -n 3 "$LOG/loadtest.txt"

step "browser tests (Playwright, Chromium, MailDev)"
(cd end2end && npx playwright test) 2>&1 | tee "$LOG/e2e.txt"

step "the journey and the centre portal again, through nginx in front of two replicas sharing PostgreSQL (deploy/balanced.sh)"
(cd end2end && E2E_BALANCED=1 npx playwright test journey.spec.ts centre.spec.ts) 2>&1 | tee "$LOG/e2e-balanced.txt"

cargo_passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$LOG/cargo.txt" | awk '{ s += $4 } END { print s + 0 }')
e2e_passed=$(cat "$LOG/e2e.txt" "$LOG/e2e-balanced.txt" | grep -Eo '^ *[0-9]+ passed' | grep -Eo '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
printf '\nRust tests: %s passed; browser tests: %s passed\n' "$cargo_passed" "${e2e_passed:-0}"
printf 'Every step done in %ss\n' "$SECONDS"
printf '%s passed, 0 failed\n' "$((cargo_passed + ${e2e_passed:-0}))"
