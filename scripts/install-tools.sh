#!/usr/bin/env bash
# Installs every build and test tool the project needs, skipping what is already there.
# Idempotent: safe to run before every build. Only package registries are used
# (crates.io, npm, Debian), because nothing else is reachable on our build machines.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96
# The CLI must match the wasm-bindgen library pinned in Cargo.toml exactly.
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132 # Debian's binaryen 108 produces a WASM that does not hydrate

log() { printf '[install-tools] %s\n' "$*"; }
# Tools are built once per machine and only run by the build: their own
# release profiles (fat LTO, one codegen unit) make the build several
# minutes longer for a speed nobody notices. Cargo's configuration beats
# the installed crate's manifest profile.
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores)"
  cargo_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Without --locked: the registry lacks one of its locked dependencies.
  cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm tools live in the repository's own node_modules (root package.json):
# wasm-opt from binaryen, MailDev, Playwright.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/maildev ] \
   || [ ! -d node_modules/@playwright/test ] || [ ! -d node_modules/@axe-core/playwright ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# Debian packages: Chromium for the browser tests, nginx for the
# load-balanced set-up (deploy/balanced.sh), psql to create its database,
# pdftotext to read the Statement of Results as a reader's tools do.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v psql > /dev/null || missing+=(postgresql-client)
command -v pdftotext > /dev/null || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  # The nginx package would start a system-wide server on port 80 where an
  # init system runs; we only use the binary.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq "${missing[@]}"
fi
log "all tools present"
