#!/usr/bin/env bash
# Installs what building, running and testing E-PTSP needs on a Debian machine, and only
# what is missing: Debian packages (WebKitGTK, Xvfb, WebKitWebDriver, PostgreSQL, nginx, mold,
# poppler, the dunst notification daemon for the notification test, gnome-keyring (a real
# Secret Service for "Tetap masuk"), Mesa's OpenGL and the X11
# libraries the map window (eframe) opens with), the UI's npm packages, tauri-driver, cargo-nextest,
# sqlx-cli and Garage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi

pkgs=(build-essential pkg-config file curl libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth dbus-x11 mold
      postgresql nginx poppler-utils dunst gnome-keyring nodejs npm
      libgl1-mesa-dri libegl1 libgl1 libxkbcommon-x11-0 libxcursor1 libxi6 libxrandr2)
missing=()
for p in "${pkgs[@]}"; do
  # nodejs/npm may come from elsewhere (nodesource, nvm): a working `npm` is enough.
  if [ "$p" = nodejs ] || [ "$p" = npm ]; then command -v npm >/dev/null && continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# CUPS for printing (the desktop prints with `lp`; the printing test runs its own cupsd
# with cups-filters' PDF driver). Without recommends: no printer discovery daemons.
cups_missing=()
for p in cups-daemon cups-client cups-filters; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || cups_missing+=("$p")
done
if [ ${#cups_missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${cups_missing[*]}"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${cups_missing[@]}" >/dev/null
fi

if ! command -v cargo-nextest >/dev/null; then
  echo "==> cargo install cargo-nextest"
  cargo install --locked cargo-nextest
fi
# sqlx-cli, the version of the sqlx the project uses: scripts/sqlx.sh makes and checks the
# offline data of the SQL checked at compile time.
sqlx_version=$(awk '/^name = "sqlx"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")
if ! sqlx --version 2>/dev/null | grep -qx "sqlx-cli $sqlx_version"; then
  echo "==> cargo install sqlx-cli $sqlx_version"
  cargo install --locked sqlx-cli --version "$sqlx_version" --no-default-features --features rustls,postgres,sqlite
fi
# Garage, the S3-compatible object store the files go to when several instances share
# them (scripts/s3.sh; the object storage tests and scripts/scale.sh). About 10 minutes to
# build on two cores, once.
if ! garage --version 2>/dev/null | grep -q "cargo:2.5.0"; then
  echo "==> cargo install garage 2.5.0"
  cargo install --locked garage --version 2.5.0
fi
if ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver 2.1.0"
  cargo install --locked tauri-driver --version 2.1.0
fi

cd "$root/ui"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (ui)"
  npm ci --no-audit --no-fund --loglevel=error
fi
