#!/usr/bin/env bash
# Runs the app for development: embedded SQLite with demo data, emails
# written to ./mail (and confirmation links printed in the log), live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec cargo leptos watch "$@"
