#!/usr/bin/env bash
# Runs every check and test on a fresh Debian machine, installing what is missing first:
# formatting, clippy, the UI's type check and unit tests, Rust unit and integration tests
# (real PostgreSQL started here, real SQLite files, real SMTP), and the end-to-end tests of
# the built app in a real window under Xvfb. CI runs exactly this (.ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
started=$(date +%s)
logs="$root/target/test-logs"
mkdir -p "$logs"
step() { printf '\n==> %s\n' "$*"; }

step "Dependencies"
scripts/deps.sh

# A clean build of everything takes some 7 GB under target/, and the test databases a few
# hundred MB while the tests run (each test's database is dropped by the next test).
free_gb=$(df -Pk "$root" | awk 'NR == 2 { print int($4 / 1048576) }')
echo "free disk: ${free_gb} GB"
if [ "$free_gb" -lt 10 ]; then
  echo "warning: less than 10 GB free on the disk holding $root; the build may not fit"
fi
if [ -n "${CI:-}" ]; then
  # A clean clone builds once: incremental compilation would only add 2 GB of caches.
  export CARGO_INCREMENTAL=0
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "UI: type check, unit tests, build"
(cd ui && npm run --silent typecheck && NO_COLOR=1 npm test --silent 2>&1 | tee "$logs/ui.log" && npm run --silent build)

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "PostgreSQL for the tests"
pg=$(scripts/pg.sh test 55433 fast)
export EPTSP_TEST_PG="$pg"

step "SQL checked against the schema: the offline data is current (sqlx prepare --check)"
scripts/sqlx.sh check
# Test databases left by a run (the template database is kept).
drop_test_dbs() {
  psql "$pg/postgres" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 't\_%'" |
    while read -r db; do psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null; done
}
trap 'drop_test_dbs || true; scripts/pg.sh test stop; scripts/s3.sh test stop' EXIT
drop_test_dbs
echo "$pg"

step "Garage (S3 object storage, one node) for the tests"
s3=$(scripts/s3.sh test 1 3900)
export EPTSP_TEST_S3="$s3"
echo "${EPTSP_TEST_S3%%:*}://…@${EPTSP_TEST_S3#*@}"

# Screenshots of the real windows (the map picker under Xvfb here, the app below).
shots="$root/tests/e2e/screenshots"
rm -rf "$shots"
export EPTSP_E2E_SCREENSHOTS="$shots"

step "Rust unit and integration tests"
# One build for everything (the end-to-end crate and the desktop binary included), so the
# end-to-end step below compiles nothing more; the filter leaves its tests for later.
# In a D-Bus session with a real Secret Service: "Tetap masuk" keeps keys there.
scripts/keyring-session.sh cargo nextest run --workspace --locked --no-fail-fast -E 'not package(eptsp-e2e)' 2>&1 | tee "$logs/rust.log"

step "TypeScript bindings generated from Rust are committed"
if git rev-parse --git-dir >/dev/null 2>&1; then
  drift=$(git status --porcelain -- ui/src/bindings)
  if [ -n "$drift" ]; then
    echo "ui/src/bindings differs from what the Rust types generate; commit the regenerated files:"
    echo "$drift"
    exit 1
  fi
  echo "up to date"
fi

step "End-to-end tests in the real app window (Xvfb + tauri-driver + WebKitWebDriver)"
xvfb-run -a -s "-screen 0 1280x900x24" scripts/keyring-session.sh \
  cargo nextest run --workspace --locked --test-threads 1 --no-fail-fast -E 'package(eptsp-e2e)' 2>&1 |
  grep -vE '^dbus-daemon|xdg-desktop-portal|pw.conf|^\s*$|RealtimeKit|PipeWire|SpiRegistry|max threads value|Could not connect' |
  tee "$logs/e2e.log"

step "Province scale, small: PostgreSQL, Garage on 3 nodes, 3 instances behind nginx, one killed"
# The whole of scripts/scale.sh, with 20 applicants and the unoptimised build; the figures
# of the real run come from scripts/scale.sh alone.
EPTSP_SCALE_SMALL=1 scripts/scale.sh 2>&1 | tee "$logs/scale.log"

step "The Debian package (unoptimised): its contents, and the map tests against the unpacked app"
scripts/package.sh --debug 2>&1 | tee "$logs/package.log"

count() { { grep -hoE "[0-9]+ tests? run: [0-9]+ passed" "$@" || true; } | awk '{ s += $4 } END { print s + 0 }'; }
rust=$(count "$logs/rust.log")
e2e=$(count "$logs/e2e.log")
packaged=$(count "$logs/package.log")
ui=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/ui.log" | { grep -oE 'Tests +[0-9]+ passed' || true; } | awk '{ print $2 }' | tail -n 1)
echo
echo "Screenshots of each end-to-end step: $shots"
echo "UI tests: ${ui:-0}, Rust tests: $rust, end-to-end tests: $e2e, end-to-end tests of the packaged app: $packaged"
echo "Took $(( $(date +%s) - started )) s"
echo "all: $(( ${ui:-0} + rust + e2e + packaged )) passed, 0 failed"
