#!/usr/bin/env bash
# The server under hostile load, heavier than CI runs it, in release builds, with figures:
#   1. the hostile-load suite (server/tests/pressure.rs) in release: peak memory under 200
#      concurrent logins, another user's latency during 20 concurrent PATCHes, the time to
#      the first 503 with PostgreSQL stopped and to recovery once it is back;
#   2. the body property test with many more cases per write endpoint;
#   3. schemathesis (PyPI) against /api/v1/openapi.json of a real release server on
#      loopback, every operation, bounded in examples and time; the server's own log
#      counts the 5xx answers (must be 0) and schemathesis checks each status is declared.
# Usage: scripts/pressure.sh [EXAMPLES_PER_OPERATION]   (default 30)
# Loopback only; everything it starts it stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
examples=${1:-30}
out="$root/target/pressure"
mkdir -p "$out"

scripts/deps.sh >/dev/null
pg=$(scripts/pg.sh pressure 55439 fast)
export EPTSP_TEST_PG="$pg"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  scripts/pg.sh pressure stop || true
}
trap cleanup EXIT INT TERM

run_logged() { # LOG CMD...: runs CMD into LOG; on failure shows the end of LOG and stops
  local log=$1; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "failed: $*" >&2
    exit 1
  fi
}

echo "==> 1. the hostile-load suite, release build"
run_logged "$out/suite.log" cargo nextest run --release --locked -p eptsp-server \
  --no-capture -E 'binary(pressure)'
grep -E '^(40 |60 |200 |20 |PostgreSQL)|Summary' "$out/suite.log"

echo "==> 2. every write endpoint's body, 400 cases each"
export EPTSP_FUZZ_CASES=400
run_logged "$out/fuzz.log" cargo nextest run --release --locked \
  -p eptsp-server --no-capture -E 'binary(fuzz_bodies) | test(wrong_tte)'
grep -E 'write endpoints|wrong passphrases|Summary' "$out/fuzz.log"

echo "==> 3. schemathesis against a release server"
venv="$root/.dev/venv-schemathesis"
if [ ! -x "$venv/bin/st" ]; then
  # Debian's own python3 needs python3-venv for this.
  python3 -m venv "$venv" 2>/dev/null || {
    rm -rf "$venv"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq python3-venv >/dev/null; else sudo apt-get install -y -qq python3-venv >/dev/null; fi
    python3 -m venv "$venv"
  }
  "$venv/bin/pip" install -q "schemathesis==4.*"
fi
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS eptsp_pressure WITH (FORCE)"
psql "$pg/postgres" -qc "CREATE DATABASE eptsp_pressure"
cargo build --release --locked -p eptsp-server
bin="$root/target/release/eptsp-server"
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
smtp=$(free_port)
port=$(free_port)
export DATABASE_URL="$pg/eptsp_pressure" EPTSP_SMTP_HOST=127.0.0.1 EPTSP_SMTP_PORT=$smtp
export EPTSP_BIND="127.0.0.1:$port" EPTSP_BLOB_DIR="$out/blobs"
"$bin" mailsink "127.0.0.1:$smtp" >"$out/mail.log" 2>&1 &
pids+=($!)
"$bin" seed-demo >/dev/null
RUST_LOG=tower_http=debug,eptsp_server=info "$bin" serve >"$out/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://$EPTSP_BIND/api/v1/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
token_of() {
  curl -fsS "http://$EPTSP_BIND/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# Each role over its own endpoints (a logout would end the run's session: left out).
st_status=0
schemathesis() { # LOGIN PASSWORD LABEL FILTER...
  local token label=$3
  token=$(token_of "$1" "$2")
  shift 3
  echo "--- schemathesis as $label"
  set +e
  timeout 900 "$venv/bin/st" --no-color run "http://$EPTSP_BIND/api/v1/openapi.json" \
    --url "http://$EPTSP_BIND" -H "Authorization: Bearer $token" \
    --exclude-path /api/v1/auth/logout "$@" \
    --checks not_a_server_error,status_code_conformance \
    --max-examples "$examples" --request-timeout 20 \
    --generation-deterministic >"$out/schemathesis-$label.log" 2>&1
  local rc=$?
  set -e
  sed -n '/SUMMARY/,$p' "$out/schemathesis-$label.log" | grep -E 'Tested|passed|failed|Warnings|⚠|error' || true
  [ "$rc" -eq 0 ] || st_status=$rc
}
schemathesis pemohon@dpmptsp.test Pemohon2026 pemohon --exclude-path-regex '^/api/v1/(admin|office)/'
schemathesis verifikator@dpmptsp.test Verifikator2026 verifikator --include-path-regex '^/api/v1/office/'
schemathesis admin@dpmptsp.test Admin2026 admin --include-path-regex '^/api/v1/admin/'
fivexx=$(grep -cE 'status=5[0-9]{2}' "$out/server.log" || true)
total=$(grep -cE 'finished processing request' "$out/server.log" || true)
echo
echo "schemathesis: exit $st_status, $total requests answered, 5xx answers: $fivexx (logs in $out)"
[ "$fivexx" -eq 0 ] || { echo "a 5xx is a bug:"; grep -E 'status=5[0-9]{2}|internal error' "$out/server.log" | head -20; exit 1; }
exit "$st_status"
