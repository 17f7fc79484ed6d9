#!/usr/bin/env bash
# The project's measured figures, each beside what a user would compare it with (no timed
# assertions live in the tests). Everything is built with the release profile; what a
# measure needs (PostgreSQL, the server, Chromium) is started and stopped here. Each
# benchmark prints its own lines and `BENCH {json}` rows; the rows end in one table and in
# target/bench/latest.json (scripts/bench-table.py). Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
# Chromium prints the PDFs' HTML twins (the comparison of Cetak Resi and Cetak Izin).
if ! command -v chromium >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "==> apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
mkdir -p target/bench
rows=target/bench/rows.jsonl
: >"$rows"
# Runs a benchmark: its own lines to the terminal, its rows to $rows.
bench() {
  "$@" | while IFS= read -r line; do
    case $line in
      "BENCH "*) printf '%s\n' "${line#BENCH }" >>"$rows" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
}

# The ciphers and hashes are generic code, compiled (and so optimised) where they are
# used, so an unoptimised build measures nothing a user would see.
bench cargo run --quiet --locked --release --example bench_file_import
bench cargo run --quiet --locked --release --example bench_pdf
bench cargo run --quiet --locked --release --example bench_izin
bench cargo run --quiet --locked --release --example bench_search
# The upload benchmark needs the real server, so a real PostgreSQL.
if [ -z "${EPTSP_TEST_PG:-}" ]; then
  EPTSP_TEST_PG=$(scripts/pg.sh bench 55434 fast)
  export EPTSP_TEST_PG
  trap 'scripts/pg.sh bench stop' EXIT
fi
bench cargo run --quiet --locked --release --example bench_upload
# The live channel: idle traffic, decision-to-desktop latency with 1000 connected desktops,
# server memory per connection (the release server as its own process).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cargo build --quiet --locked --release -p eptsp-server
bench cargo run --quiet --locked --release --example bench_push
# The public lookups (Monitoring Izin, the permit page, resis never given) beside
# `pgbench -S` on the same PostgreSQL, the release server as its own process.
cargo build --quiet --locked --release -p eptsp-server --example bench_lookup
lookup=$(scripts/bench-lookup.sh "$EPTSP_TEST_PG")
echo "public lookups: $lookup"
python3 - "$lookup" >>"$rows" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
pg = [r["pgbench_select_tps"]]
for key, name in [("monitoring_per_s", "Monitoring Izin by resi"),
                  ("permit_page_per_s", "permit page /v/{id}"),
                  ("unknown_resi_per_s", "a resi never given")]:
    print(json.dumps({"measure": f"public lookup: {name}, {r['clients']} clients",
                      "unit": "requests/s", "samples": [r[key]],
                      "comparison": "pgbench -S, same clients, same PostgreSQL",
                      "comparison_samples": pg, "goal": "≥ 0.4"}))
PY
# Cold start and memory of the app beside a minimal Tauri window (tests/hello), both as
# release programs in a real window under Xvfb, driven by WebDriver as the E2E tests are.
cargo build --quiet --locked --release -p eptsp-desktop --bin eptsp-desktop
cargo build --quiet --locked --release -p eptsp-hello
cargo build --quiet --locked --release -p eptsp-e2e --example bench_start --example bench_dossier
bench xvfb-run -a -s "-screen 0 1280x900x24" target/release/examples/bench_start \
  target/release/eptsp-desktop target/release/eptsp-hello
# A verifier's dossier of 20 attachments opened offline, in the release app's window (its
# "Tetap masuk" key in a real Secret Service, as in the end-to-end tests).
EPTSP_DESKTOP_BIN="$PWD/target/release/eptsp-desktop" bench xvfb-run -a -s "-screen 0 1280x900x24" \
  scripts/keyring-session.sh target/release/examples/bench_dossier
# The offline map: tile reads from the shipped pack and static previews, optimised as shipped.
bench cargo run --quiet --locked --release -p eptsp-map --no-default-features --example bench_map
echo
python3 scripts/bench-table.py "$rows" target/bench/latest.json
