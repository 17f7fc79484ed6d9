#!/usr/bin/env bash
# Builds the Debian package of the desktop app (tauri build) with the map picker as its
# sidecar (bundle.externalBin) and the Kalimantan Timur base map as a resource
# (tauri.bundle.conf.json), then checks it: both are in the package, and the app unpacked
# from it finds them — the end-to-end map tests run against the unpacked app, which (a
# packaged build) has no way to the source tree's copy of the map.
#
# Usage: scripts/package.sh [--debug]
#   --debug   an unoptimised package, much faster to build (the same layout)
# The package is left in target/{release,debug}/bundle/deb/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "Dependencies"
scripts/deps.sh

profile=release
tauri_args=()
cargo_args=(--release)
if [ "${1:-}" = --debug ]; then
  profile=debug
  tauri_args=(--debug)
  cargo_args=()
fi
triple=$(rustc -vV | sed -n 's/^host: //p')

step "The map picker ($profile), as the sidecar Tauri expects: binaries/eptsp-map-picker-$triple"
# Through the workspace, as the tests build it: after scripts/test.sh this builds nothing.
cargo build --workspace --locked "${cargo_args[@]}" --bin eptsp-map-picker
mkdir -p binaries
cp "target/$profile/eptsp-map-picker" "binaries/eptsp-map-picker-$triple"

step "tauri build (deb)"
# The Tauri CLI from npm (its Linux binary is the package @tauri-apps/cli-linux-x64-gnu),
# kept out of the UI's lock file: the registry does not hold every platform's binary at
# the CLI's version, which `npm ci` would require.
cli="target/tauri-cli/node_modules/.bin/tauri"
if [ ! -x "$cli" ] || [ "$("$cli" --version 2>/dev/null)" != "tauri-cli 2.12.5" ]; then
  mkdir -p target/tauri-cli
  npm install --prefix target/tauri-cli --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5
fi
rm -rf "target/$profile/bundle/deb"
"$cli" build "${tauri_args[@]}" --bundles deb --config tauri.bundle.conf.json
deb=$(ls -t "target/$profile"/bundle/deb/*.deb | head -n 1)
echo "$deb ($(du -h "$deb" | cut -f1))"

step "What the package holds"
contents=$(dpkg-deb -c "$deb")
echo "$contents" | awk '{ print $6, $7, $8 }' | grep -v '/$'
for f in usr/bin/eptsp-desktop usr/bin/eptsp-map-picker "usr/lib/E-PTSP Kaltim/maps/kaltim.pmtiles"; do
  if ! grep -qF "$f" <<<"$contents"; then
    echo "missing from the package: $f"
    exit 1
  fi
done
echo "the app, the picker and the base map are in the package"

step "The unpacked app in a real window: the map tests (Xvfb + tauri-driver)"
unpacked=$(mktemp -d)
if [ -n "${EPTSP_TEST_PG:-}" ]; then
  # Called by scripts/test.sh, which started the test cluster and stops it.
  trap 'rm -rf "$unpacked"' EXIT
else
  EPTSP_TEST_PG=$(scripts/pg.sh test 55433 fast)
  trap 'rm -rf "$unpacked"; scripts/pg.sh test stop' EXIT
fi
export EPTSP_TEST_PG
dpkg-deb -x "$deb" "$unpacked"
export EPTSP_DESKTOP_BIN="$unpacked/usr/bin/eptsp-desktop"
export EPTSP_E2E_SCREENSHOTS="$root/target/package-screenshots"
rm -rf "$EPTSP_E2E_SCREENSHOTS"
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
  cargo nextest run --workspace --locked --test-threads 1 --no-fail-fast -E 'binary(peta)' 2>&1 |
  grep -vE '^dbus-daemon|xdg-desktop-portal|pw.conf|^\s*$|RealtimeKit|PipeWire|SpiRegistry|max threads value|Could not connect'
echo "package: $deb"
