#!/usr/bin/env bash
# Prints the project's measured figures (no timed assertions live in the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
# Release build: the ciphers are generic code, compiled (and so optimised) where they are
# used, so an unoptimised build measures nothing a user would see.
cargo run --quiet --locked --release --example bench_file_import
# The upload benchmark needs the real server, so a real PostgreSQL.
if [ -z "${EPTSP_TEST_PG:-}" ]; then
  EPTSP_TEST_PG=$(scripts/pg.sh bench 55434 fast)
  export EPTSP_TEST_PG
  trap 'scripts/pg.sh bench stop' EXIT
fi
cargo run --quiet --locked --release --example bench_upload
# The live channel: idle traffic, decision-to-desktop latency with 1000 connected desktops,
# server memory per connection (the release server as its own process).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cargo build --quiet --locked --release -p eptsp-server
cargo run --quiet --locked --release --example bench_push
# The public lookups (Monitoring Izin, the permit page, resis never given) beside
# `pgbench -S` on the same PostgreSQL, the release server as its own process.
cargo build --quiet --locked --release -p eptsp-server --example bench_lookup
scripts/bench-lookup.sh "$EPTSP_TEST_PG"
# The offline map: tile reads from the shipped pack and static previews, optimised as shipped.
cargo run --quiet --locked --release -p eptsp-map --no-default-features --example bench_map
