#!/usr/bin/env bash
# Runs a command in a D-Bus session of its own with a real Secret Service (gnome-keyring,
# its login keyring in a fresh folder, unlocked): what "Tetap masuk" keeps the account's
# key in on Linux, for the tests and the headless worker they start.
set -euo pipefail
if [ -z "${EPTSP_KEYRING_SESSION:-}" ]; then
  export EPTSP_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
home=$(mktemp -d -t eptsp-keyring-XXXXXX)
export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$home/run}"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock reads the keyring's password from stdin and creates the login keyring.
eval "$(printf 'eptsp-uji' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
status=0
"$@" || status=$?
rm -rf "$home"
exit "$status"
