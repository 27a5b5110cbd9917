#!/usr/bin/env bash
# Starts the release server for the browser tests: a fresh SQLite database
# loaded through the centre's CSV import, mail through MailDev's SMTP port.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${SERVER_BIN:-$ROOT/target/release/server}"
WORK="$(mktemp -d /tmp/results-online-e2e.XXXXXX)"
PORT="${E2E_PORT:-3100}"

now() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
cat > "$WORK/entries.csv" <<CSV
id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at
PWT000001,4821,Marie,Lefebvre,B2 First,2026-06-13,$(now '-1 day')
PWT000002,1907,Thomas,Moreau,C1 Advanced,2026-06-13,$(now '+2 days')
PWT000003,6634,Chloé,Girard,B2 First,2026-06-13,$(now '-1 day')
PWT000004,5512,Hugo,Roux,B2 First,2026-06-13,$(now '-1 day')
PWT000005,2468,Léa,Fournier,B2 First,2026-06-13,$(now '-1 day')
PWT000006,1357,Nathan,Mercier,C1 Advanced,2026-06-13,$(now '+2 days')
PWT000007,8642,Emma,Bonnet,B2 First,2026-06-13,$(now '-1 day')
PWT000008,3141,Jules,Garnier,B2 First,2026-06-13,$(now '-1 day')
PWT000010,2718,Inès,Faure,B2 First,2026-06-13,$(now '-1 day')
PWT000011,1618,Louis,Chevalier,B2 First,2026-06-13,$(now '-1 day')
PWT000012,1414,Manon,Lambert,B2 First,2026-06-13,$(now '-1 day')
PWT000013,1732,Paul,Rousseau,B2 First,2026-06-13,$(now '-1 day')
PWT000014,2236,Camille,Blanc,B2 First,2026-06-13,$(now '-1 day')
PWT000015,3606,Lucie,Perrin,B2 First,2026-06-13,$(now '-1 day')
PWT000016,4217,Arthur,Dumas,B2 First,2026-06-13,$(now '-1 day')
PWT000017,6081,Chloé,Garnier,B2 First,2026-06-13,$(now '-1 day')
PWT000018,9753,Zoé,Lefèvre-Çelik,C1 Advanced,2026-06-13,$(now '-1 day')
PWT000019,8531,Théo,Nguyễn,B2 First,2026-06-13,$(now '-1 day')
PWT000023,7373,Élise,Martin,B2 First,2026-06-13,$(now '-1 day')
PWT000024,2024,Claire,Dupont,B2 First,2025-06-14,$(now '-1 day')
PWT000025,2025,Claire,Dupont,C1 Advanced,2026-11-28,$(now '+2 days')
PWT000026,2026,Yanis,Morel,B2 First,2025-06-14,$(now '-1 day')
PWT000027,2027,Yanis,Morel,C1 Advanced,2026-11-28,$(now '-1 day')
CSV
cat > "$WORK/results.csv" <<CSV
id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english
PWT000001,176,B,B2,172,168,181,183,
PWT000002,193,B,C1,190,186,199,196,194
PWT000003,162,C,B1,158,160,165,167,
PWT000004,184,A,C1,180,179,188,190,
PWT000005,176,B,B2,172,168,181,183,
PWT000006,193,B,C1,190,186,199,196,194
PWT000007,168,C,B2,165,170,166,171,
PWT000008,176,B,B2,172,168,181,183,
PWT000010,176,B,B2,172,168,181,183,
PWT000011,176,B,B2,172,168,181,183,
PWT000012,176,B,B2,172,168,181,183,
PWT000013,176,B,B2,172,168,181,183,
PWT000014,176,B,B2,172,168,181,183,
PWT000015,181,B,B2,178,176,184,186,
PWT000016,170,C,B2,168,171,169,172,
PWT000017,184,A,B2,182,180,187,186,
PWT000018,193,B,C1,190,186,199,196,194
PWT000019,176,B,B2,172,168,181,183,
PWT000023,181,B,B2,178,176,184,186,
PWT000024,176,B,B2,172,168,181,183,
PWT000026,176,B,B2,172,168,181,183,
PWT000027,193,B,C1,190,186,199,196,194
CSV

# localhost, not 127.0.0.1: browsers offer passkeys only for a domain name.
export PUBLIC_URL="http://localhost:$PORT"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:1025}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
export LEPTOS_OUTPUT_NAME="results-online"
export LEPTOS_ENV=PROD
# The release tests wait for real releases: a short spread keeps them short.
export RELEASE_SPREAD_SECONDS="${RELEASE_SPREAD_SECONDS:-5}"
# Where the release tests load entries whose release is seconds away.
mkdir -p "$ROOT/target"
if [ -z "${E2E_BALANCED:-}" ]; then
  export DATABASE_URL="sqlite://$WORK/e2e.db?mode=rwc"
  echo "$DATABASE_URL" > "$ROOT/target/e2e-database-url"
  "$BIN" import entries "$WORK/entries.csv"
  "$BIN" import results "$WORK/results.csv"
  exec "$BIN"
fi

# E2E_BALANCED=1: the scale-out set-up, nginx in front of two replicas
# sharing a fresh PostgreSQL database (deploy/balanced.sh).
PG="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
DB="results_e2e_$(date +%s)_$$"
psql "$PG/postgres" -qc "CREATE DATABASE $DB"
trap 'psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true' EXIT
export DATABASE_URL="$PG/$DB"
echo "$DATABASE_URL" > "$ROOT/target/e2e-database-url"
"$BIN" import entries "$WORK/entries.csv"
"$BIN" import results "$WORK/results.csv"
# Replicas on the two ports above the balancer's.
PORT="$PORT" SHOW_REPLICA=1 "$ROOT/deploy/balanced.sh" &
trap 'kill -TERM $! 2>/dev/null; wait; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true' EXIT INT TERM
wait
