#!/usr/bin/env bash
# The sync fault campaign (tests/sync_faults.rs), bigger than CI runs it: K desktops'
# workers and live channels, two officers, the real server and PostgreSQL behind a relay
# that cuts and delays connections, workers killed, the server restarted once; then the
# planner's property test with many more schedules. Prints the campaign's counts.
# Usage: scripts/faults.sh [DESKTOPS] [SECONDS] [SEED]   (default 12 desktops, 90 s)
# Loopback only; everything it starts it stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh >/dev/null
[ -f ui/dist/index.html ] || (cd ui && npm ci --silent && npm run --silent build)
pg=$(scripts/pg.sh faults 55440 fast)
export EPTSP_TEST_PG="$pg"
trap 'scripts/pg.sh faults stop || true' EXIT INT TERM
export EPTSP_FAULT_DESKTOPS=${1:-12} EPTSP_FAULT_SECS=${2:-90}
[ -n "${3:-}" ] && export EPTSP_FAULT_SEED=$3
scripts/keyring-session.sh cargo nextest run --locked -p eptsp-desktop --no-capture \
  -E 'binary(sync_faults)' 2>&1 | grep -E '^fault campaign|PASS|FAIL|panicked|left|right'
EPTSP_PLAN_CASES=20000 cargo nextest run --locked -p eptsp-desktop --lib plan 2>&1 | grep -E 'PASS|FAIL|Summary'
