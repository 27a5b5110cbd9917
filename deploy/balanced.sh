#!/usr/bin/env bash
# Runs REPLICAS (default 2) copies of the release server behind nginx
# (Debian's package) on 127.0.0.1:PORT (default 8080), all sharing one
# PostgreSQL database: the scale-out set-up, on one machine.
#
#   cargo leptos build --release --precompress
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/results deploy/balanced.sh
#
# Other settings (SMTP_URL, PUBLIC_URL, …) pass through to every replica.
# SHOW_REPLICA=1 adds an X-Replica header naming the replica that answered
# (the browser tests use it to check that both replicas served the journey).
# Stays in the foreground; Ctrl-C or SIGTERM stops nginx and every replica
# gracefully. If any of them exits, the rest are stopped too.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${SERVER_BIN:-$ROOT/target/release/server}"
PORT="${PORT:-8080}"
REPLICAS="${REPLICAS:-2}"
FIRST_REPLICA_PORT="${FIRST_REPLICA_PORT:-$((PORT + 1))}"
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"

die() { echo "balanced.sh: $*" >&2; exit 1; }
[[ "${DATABASE_URL:-}" == postgres* ]] || die "DATABASE_URL must be a postgres:// URL: replicas share one PostgreSQL database"
[ -x "$BIN" ] || die "no server binary at $BIN (cargo leptos build --release --precompress)"
[ -x "$NGINX" ] || die "nginx not found (apt-get install nginx)"

WORK="$(mktemp -d /tmp/results-online-balanced.XXXXXX)"
export PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$PORT}"
export TRUSTED_PROXY_HEADER=X-Forwarded-For
# Every replica needs the same server key, or a share code or authenticator
# app added on one would be unknown to the other: one key for this run
# unless one is given.
export SERVER_KEY="${SERVER_KEY:-${SHARE_CODE_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
export LEPTOS_OUTPUT_NAME=results-online
export LEPTOS_ENV=PROD

pids=()
stop_all() {
  trap - EXIT INT TERM
  # Replicas first get SIGTERM: they finish requests in flight and the email in hand.
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop_all EXIT INT TERM

upstreams=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((FIRST_REPLICA_PORT + i - 1))
  LEPTOS_SITE_ADDR="127.0.0.1:$port" "$BIN" serve > >(sed -u "s/^/[replica $i] /") 2>&1 &
  pids+=("$!")
  upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done

for i in $(seq 1 "$REPLICAS"); do
  port=$((FIRST_REPLICA_PORT + i - 1))
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || die "replica $i exited during start-up"
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null || die "replica $i not ready after 60 s"
done

mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
replica_header=""
if [ -n "${SHOW_REPLICA:-}" ]; then replica_header='add_header X-Replica $upstream_addr always;'; fi
sed -e "s#@WORK@#$WORK#g" -e "s#@LISTEN@#127.0.0.1:$PORT#" -e "s%\# @REPLICA_HEADER@%$replica_header%" "$ROOT/deploy/nginx.conf.template" \
  | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' > "$WORK/nginx.conf"
"$NGINX" -t -q -p "$WORK" -c "$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
pids+=("$!")
echo "balanced.sh: nginx on http://127.0.0.1:$PORT in front of $REPLICAS replicas (ports $FIRST_REPLICA_PORT-$((FIRST_REPLICA_PORT + REPLICAS - 1)))"

# Whichever process ends first ends the whole set.
wait -n "${pids[@]}"
