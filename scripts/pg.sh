#!/usr/bin/env bash
# Starts (or reuses) a PostgreSQL cluster kept in the project folder: `.dev/pg-NAME`, on
# 127.0.0.1:PORT, TCP only, trust authentication for the local user `eptsp`. No system
# service is needed. Usage: scripts/pg.sh NAME PORT [fast]   ("fast" turns fsync off: tests)
#        scripts/pg.sh NAME stop
# Prints the cluster's URL. If PORT is taken by something else, a free port is used.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-dev}
port=${2:-55432}
mode=${3:-}
dir="$root/.dev/pg-$name"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed (run scripts/deps.sh)" >&2; exit 1; }

as_pg=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres system user.
  as_pg=(runuser -u postgres --)
fi

if [ "$port" = stop ]; then
  for d in "$dir" /var/tmp/eptsp-pg/"$(printf '%s' "$root" | sha256sum | cut -c1-12)-$name"; do
    [ -f "$d/postmaster.pid" ] || continue
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$d" stop -m fast >/dev/null
    else "$pgbin/pg_ctl" -D "$d" stop -m fast >/dev/null; fi
  done
  exit 0
fi
mkdir -p "$root/.dev"
chmod 755 "$root/.dev"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$root/.dev"; then
  # The postgres user cannot reach the project folder (a checkout under /root, say):
  # keep this cluster where it can, one per checkout.
  dir="/var/tmp/eptsp-pg/$(printf '%s' "$root" | sha256sum | cut -c1-12)-$name"
  mkdir -p "$(dirname "$dir")"
  chmod 755 "$(dirname "$dir")"
fi
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
if [ ! -f "$dir/PG_VERSION" ]; then
  "${as_pg[@]}" "$pgbin/initdb" -D "$dir" -U eptsp --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  # Already running: the port it listens on is the fourth line of postmaster.pid.
  port=$(sed -n 4p "$dir/postmaster.pid")
else
  # SO_REUSEADDR as PostgreSQL binds: connections of a cluster just stopped, left in
  # TIME_WAIT on the port, do not count as "taken".
  if ! python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$port" 2>/dev/null; then
    # Something else holds the port (another checkout's cluster): take a free one.
    port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  fi
  opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories="
  if [ "$mode" = fast ]; then opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "$opts" -w start >/dev/null
fi
echo "postgres://eptsp@127.0.0.1:$port"
