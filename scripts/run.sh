#!/usr/bin/env bash
# Runs the product on this machine: installs what is missing, starts a PostgreSQL cluster
# in .dev/, migrates and seeds the server (reference data + one demo account per role),
# starts a local mail server that prints every e-mail here (codes and PINs), starts the
# central server, builds the UI and opens the desktop app connected to it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/deps.sh
pg=$(scripts/pg.sh dev 55432)
psql "$pg/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = 'eptsp'" | grep -q 1 ||
  psql "$pg/postgres" -qc "CREATE DATABASE eptsp"
export DATABASE_URL="$pg/eptsp"

echo "==> building the UI and the Rust binaries"
(cd ui && npm run --silent build)
cargo build -p eptsp-server -p eptsp-desktop --locked

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

export EPTSP_SMTP_HOST=127.0.0.1 EPTSP_SMTP_PORT=${EPTSP_SMTP_PORT:-2525}
target/debug/eptsp-server mailsink "127.0.0.1:$EPTSP_SMTP_PORT" &
pids+=($!)

target/debug/eptsp-server seed-demo
export EPTSP_BIND=${EPTSP_BIND:-127.0.0.1:8787}
target/debug/eptsp-server serve > .dev/server.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://$EPTSP_BIND/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$EPTSP_BIND/api/v1/health" >/dev/null || { echo "server did not start; see .dev/server.log"; exit 1; }
echo "==> server on http://$EPTSP_BIND (log: .dev/server.log, API: http://$EPTSP_BIND/api/v1/openapi.json)"
echo "==> e-mails (verification codes, PINs) are printed below as they are sent"

export EPTSP_SERVER_URL="http://$EPTSP_BIND"
export EPTSP_DATA_DIR=${EPTSP_DATA_DIR:-$root/.dev/desktop}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> no display: the app runs in a virtual one (xvfb-run)"
  xvfb-run -a target/debug/eptsp-desktop
else
  target/debug/eptsp-desktop
fi
