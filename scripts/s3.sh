#!/usr/bin/env bash
# Starts (or reuses) a Garage cluster (S3-compatible object storage) kept in the project
# folder: `.dev/garage-NAME/nodeK`, on loopback. One node with replication factor 1 for the
# tests, three with replication factor 3 for scripts/scale.sh. A bucket `eptsp` and a key
# for it are made once. No system service is needed.
# Usage: scripts/s3.sh NAME [NODES [PORT]]   start; prints the EPTSP_S3_URL of node 1
#        scripts/s3.sh NAME stop              stop every node
#        scripts/s3.sh NAME stop-node K | start-node K
# Node K serves S3 on PORT + 10*(K-1) (default 3900), its RPC on the port after it; taken
# ports move the cluster to free ones when it is made.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-dev}
cmd=${2:-1}
dir="$root/.dev/garage-$name"
command -v garage >/dev/null || { echo "Garage is not installed (run scripts/deps.sh)" >&2; exit 1; }

conf() { echo "$dir/node$1/garage.toml"; }
pidfile() { echo "$dir/node$1/garage.pid"; }
running() { [ -f "$(pidfile "$1")" ] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }
nodes() { cat "$dir/nodes" 2>/dev/null || echo 0; }

start_node() {
  local k=$1
  running "$k" && return 0
  # Its own process group, so that this script's caller can end without ending it.
  setsid garage -c "$(conf "$k")" server >"$dir/node$k/server.log" 2>&1 < /dev/null &
  echo $! >"$(pidfile "$k")"
}

stop_node() {
  local k=$1
  if running "$k"; then
    local pid
    pid=$(cat "$(pidfile "$k")")
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$(pidfile "$k")"
}

wait_rpc() {
  for _ in $(seq 100); do
    garage -c "$(conf "$1")" status >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "Garage node $1 did not start; see $dir/node$1/server.log" >&2
  return 1
}

case "$cmd" in
  stop)
    for k in $(seq "$(nodes)"); do stop_node "$k"; done
    exit 0 ;;
  stop-node) stop_node "$3"; exit 0 ;;
  start-node)
    start_node "$3"; wait_rpc "$3"
    [ "$3" = 1 ] || garage -c "$(conf 1)" node connect "$(garage -c "$(conf "$3")" node id -q)" >/dev/null
    exit 0 ;;
esac

n=$cmd
port=${3:-3900}
if [ -d "$dir" ] && { [ ! -f "$dir/ready" ] || [ "$(nodes)" != "$n" ]; }; then
  # Another shape than the one kept, or a set-up that did not finish: start afresh,
  # stopping whatever nodes of it run.
  for f in "$dir"/node*/garage.pid; do
    [ -f "$f" ] || continue
    k=${f%/garage.pid}; k=${k##*/node}
    stop_node "$k"
  done
  rm -rf "$dir"
fi
mkdir -p "$dir"
free() {
  python3 -c "import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1])))" "$1" 2>/dev/null
}
if [ ! -f "$dir/nodes" ]; then
  # Each node takes its S3 port and the RPC port after it: when one of them is held by
  # something else (another checkout's cluster), the whole cluster moves to free ones.
  for _ in $(seq 20); do
    ok=1
    for k in $(seq "$n"); do
      p=$((port + 10 * (k - 1)))
      free "$p" && free $((p + 1)) || ok=
    done
    [ -n "$ok" ] && break
    port=$(python3 -c "import random; print(random.randrange(20000, 60000, 100))")
  done
  echo "$port" >"$dir/port"
  echo "$n" >"$dir/nodes"
  secret=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  for k in $(seq "$n"); do
    p=$((port + 10 * (k - 1)))
    mkdir -p "$dir/node$k"
    cat >"$(conf "$k")" <<EOF
metadata_dir = "$dir/node$k/meta"
data_dir = "$dir/node$k/data"
db_engine = "sqlite"
replication_factor = $n
rpc_bind_addr = "127.0.0.1:$((p + 1))"
rpc_public_addr = "127.0.0.1:$((p + 1))"
rpc_secret = "$secret"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$p"
root_domain = ".s3.garage.localhost"
EOF
    chmod 600 "$(conf "$k")"
  done
  # The key is this cluster's own, made here: GK + 24 hex digits, and a 64-digit secret.
  echo "GK$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')" >"$dir/key-id"
  od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$dir/key-secret"
  chmod 600 "$dir/key-secret"
  fresh=1
fi

for k in $(seq "$n"); do start_node "$k"; done
for k in $(seq "$n"); do wait_rpc "$k"; done
key_id=$(cat "$dir/key-id")
key_secret=$(cat "$dir/key-secret")
g1=(garage -c "$(conf 1)")
# The nodes find each other again at every start (they keep no peer list to bootstrap from).
for k in $(seq 2 "$n"); do
  "${g1[@]}" node connect "$(garage -c "$(conf "$k")" node id -q)" >/dev/null
done
if [ -n "${fresh:-}" ]; then
  for k in $(seq "$n"); do
    id=$(garage -c "$(conf "$k")" node id -q | cut -d@ -f1)
    "${g1[@]}" layout assign -z "z$k" -c 1G "$id" >/dev/null
  done
  "${g1[@]}" layout apply --version 1 >/dev/null
  "${g1[@]}" key import --yes -n eptsp "$key_id" "$key_secret" >/dev/null
  "${g1[@]}" bucket create eptsp >/dev/null
  "${g1[@]}" bucket allow --read --write --owner eptsp --key eptsp >/dev/null
fi
# Ready when the cluster has its layout and the bucket.
ready=
for _ in $(seq 100); do
  if "${g1[@]}" bucket info eptsp >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.2
done
[ -n "$ready" ] || { echo "Garage cluster $name is not ready; see $dir/node*/server.log" >&2; exit 1; }
touch "$dir/ready"
port=$(cat "$dir/port" 2>/dev/null || echo "$port")
echo "http://$key_id:$key_secret@127.0.0.1:$port/eptsp"
