#!/usr/bin/env bash
# The public lookups under load, beside PostgreSQL's own point selects, on one PostgreSQL:
#   scripts/bench-lookup.sh PG_URL [BIN_DIR]
# On a fresh database of the cluster at PG_URL: starts one server instance (BIN_DIR's
# eptsp-server, default target/release), seeds EPTSP_LOOKUP_SEED (500) applications with
# signed permits, runs server/examples/bench_lookup.rs (Monitoring Izin by resi, the permit
# page /v/{id} as its QR code opens it, then resis never given), then `pgbench -S` with the
# same client count for as long. Prints bench_lookup's JSON line with pgbench's figure and the ratios added.
# scripts/bench.sh and scripts/scale.sh run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pg=$1
bin=${2:-$root/target/release}
clients=${EPTSP_LOOKUP_CLIENTS:-8}
seconds=${EPTSP_LOOKUP_SECONDS:-10}
work="$root/.dev/bench-lookup"
rm -rf "$work"
mkdir -p "$work/files"
db=eptsp_lookup
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="$pg/$db" EPTSP_BIND="127.0.0.1:$port" EPTSP_BLOB_DIR="$work/files" \
  EPTSP_TRUST_FORWARDED_FOR=true EPTSP_SMTP_PORT=1 RUST_LOG=eptsp_server=warn \
  "$bin/eptsp-server" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

out=$(EPTSP_LOOKUP_BASE="http://127.0.0.1:$port" EPTSP_LOOKUP_DB="$pg/$db" \
  EPTSP_LOOKUP_SEED=${EPTSP_LOOKUP_SEED:-500} EPTSP_LOOKUP_CLIENTS=$clients \
  EPTSP_LOOKUP_SECONDS=$seconds "$bin/examples/bench_lookup")
kill $server 2>/dev/null || true
wait $server 2>/dev/null || true

psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS pgbench WITH (FORCE)" -c "CREATE DATABASE pgbench" >/dev/null
pgbench -q -i -s 10 "$pg/pgbench" >/dev/null 2>&1
tps=$(pgbench -S -c "$clients" -j 2 -T "$seconds" "$pg/pgbench" 2>/dev/null | awk '/^tps/ { print $3; exit }')
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS pgbench WITH (FORCE)" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null

python3 - "$out" "$tps" <<'EOF'
import json, sys
r, tps = json.loads(sys.argv[1]), float(sys.argv[2])
r["pgbench_select_tps"] = tps
r["monitoring_ratio"] = r["monitoring_per_s"] / tps
r["permit_page_ratio"] = r["permit_page_per_s"] / tps
r["unknown_resi_ratio"] = r["unknown_resi_per_s"] / tps
print(json.dumps(r))
EOF
