#!/usr/bin/env bash
# The province-scale set-up on loopback, and the scale test run against it:
#   PostgreSQL, Garage (3 nodes, replication factor 3), eptsp-server instances (release
#   build) on ports 8787-8789 behind nginx (deploy/nginx/eptsp.conf) on 8080.
# Runs server/examples/scale.rs twice, on a fresh database each time: behind 1 instance,
# then behind 3 while, half-way, one instance is killed (SIGKILL) and one Garage node
# stopped. Prints each run's figures and the scaling ratio, and stops all it started.
# Not part of scripts/test.sh (it takes minutes and some GB of disk). Environment:
#   EPTSP_SCALE_APPLICANTS (200), EPTSP_SCALE_FILE_KB (5120), EPTSP_SCALE_CONCURRENCY (24);
#   EPTSP_SCALE_SMALL=1: 20 applicants with 256 KB files and short lookups, the unoptimised
#   build: a quick check of the whole set-up (scripts/test.sh runs it; its figures mean
#   nothing). EPTSP_SCALE_PROFILE=release|debug chooses the build either way.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/.dev/scale"
mkdir -p "$work"
if [ -n "${EPTSP_SCALE_SMALL:-}" ]; then
  export EPTSP_SCALE_APPLICANTS=${EPTSP_SCALE_APPLICANTS:-20} EPTSP_SCALE_FILE_KB=${EPTSP_SCALE_FILE_KB:-256}
  export EPTSP_LOOKUP_SECONDS=${EPTSP_LOOKUP_SECONDS:-3}
  profile=${EPTSP_SCALE_PROFILE:-debug}
else
  profile=${EPTSP_SCALE_PROFILE:-release}
fi

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "==> apt-get install nginx"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nginx >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
command -v garage >/dev/null || scripts/deps.sh

echo "==> $profile build of the server and the scale test"
flags=(--quiet --locked -p eptsp-server --bin eptsp-server --example scale --example bench_lookup)
[ "$profile" = release ] && flags+=(--release)
cargo build "${flags[@]}"
server_bin="$root/target/$profile/eptsp-server"
scale_bin="$root/target/$profile/examples/scale"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  scripts/s3.sh scale stop || true
  # Some GB of files each run: the next starts with a fresh cluster (a few seconds).
  rm -rf "$root/.dev/garage-scale"
  scripts/pg.sh scale stop || true
}
trap cleanup EXIT

pg=$(scripts/pg.sh scale 55435 fast)
echo "==> Garage, 3 nodes"
s3=$(scripts/s3.sh scale 3 3910)
"$server_bin" mailsink 127.0.0.1:2526 >"$work/mailsink.log" 2>&1 &
pids+=($!)

# nginx runs the repository's config, with the upstream cut to the instances of the run.
start_nginx() {
  local n=$1
  mkdir -p "$work/nginx-temp"
  local keep="8787"
  [ "$n" -ge 2 ] && keep="$keep|8788"
  [ "$n" -ge 3 ] && keep="$keep|8789"
  grep -vE "server 127\.0\.0\.1:87[0-9]{2} " deploy/nginx/eptsp.conf >"$work/eptsp.conf.tmp"
  awk -v keep="$keep" '
    /least_conn;/ { print; n = split(keep, ports, "|");
      for (i = 1; i <= n; i++) printf "    server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n", ports[i];
      next }
    { print }' "$work/eptsp.conf.tmp" >"$work/eptsp.conf"
  cat >"$work/nginx.conf" <<EOF
user $(id -un);
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx-temp/body;
    proxy_temp_path $work/nginx-temp/proxy;
    fastcgi_temp_path $work/nginx-temp/fastcgi;
    uwsgi_temp_path $work/nginx-temp/uwsgi;
    scgi_temp_path $work/nginx-temp/scgi;
    include $work/eptsp.conf;
}
EOF
  "$nginx_bin" -p "$work" -c "$work/nginx.conf"
}

stop_nginx() {
  if [ -f "$work/nginx.pid" ]; then
    local p
    p=$(cat "$work/nginx.pid")
    kill "$p" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$work/nginx.pid"
  fi
}

instance_pids=()
start_instances() {
  local n=$1 db=$2 prefix=$3
  instance_pids=()
  for k in $(seq "$n"); do
    local port=$((8786 + k))
    DATABASE_URL="$pg/$db" EPTSP_BIND="127.0.0.1:$port" EPTSP_S3_URL="$s3/$prefix" \
      EPTSP_TRUST_FORWARDED_FOR=true EPTSP_CHAT_AUTO_REPLY=false \
      EPTSP_JOB_PERIOD_SECS=$job_period EPTSP_JOB_WAKE_SECS=2 \
      EPTSP_SMTP_PORT=2526 EPTSP_PUBLIC_URL=http://127.0.0.1:8080 \
      RUST_LOG=eptsp_server=warn \
      "$server_bin" serve >"$work/instance-$port.log" 2>&1 &
    instance_pids+=($!)
    pids+=($!)
    echo $! >"$work/instance-$port.pid"
    # One at a time: the first creates the schema; the others find it.
    for _ in $(seq 300); do
      curl -fsS "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -fsS "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null
  done
}

stop_instances() {
  for p in "${instance_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${instance_pids[@]}"; do wait "$p" 2>/dev/null || true; done
}

# Periodic jobs every 20 s (not every hour), so that the run sees several periods.
job_period=20
results=()
run() {
  local n=$1 midway=$2
  local db="eptsp_scale_$n" prefix="run-$(date +%s)-$n"
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  start_instances "$n" "$db" "$prefix"
  start_nginx "$n"
  echo "==> $n instance(s): ${EPTSP_SCALE_APPLICANTS:-200} applicants${midway:+, midway: $midway}"
  local out
  out=$(EPTSP_SCALE_BASE=http://127.0.0.1:8080 EPTSP_SCALE_DB="$pg/$db" EPTSP_SCALE_LABEL="$n" \
    EPTSP_SCALE_MIDWAY="$midway" EPTSP_JOB_PERIOD_SECS=$job_period "$scale_bin")
  echo "$out"
  results+=("$out")
  stop_nginx
  stop_instances
}

run 1 ""
# Half-way through: instance 2 dies without warning, Garage node 3 stops.
run 3 "kill -9 \$(cat '$work/instance-8788.pid'); scripts/s3.sh scale stop-node 3"
# The public lookups on one instance, then PostgreSQL's own point selects (pgbench -S),
# with the same clients, on the same PostgreSQL.
echo "==> public lookups beside pgbench -S (8 clients, ${EPTSP_LOOKUP_SECONDS:-10} s each)"
lookup=$(scripts/bench-lookup.sh "$pg" "$root/target/$profile")
echo "$lookup"

python3 - "${results[@]}" "$lookup" <<'EOF'
import json, sys
one, three = (json.loads(r) for r in sys.argv[1:3])
lookup = json.loads(sys.argv[3])
tps = lookup["pgbench_select_tps"]
print()
print(f"{'instances':>10} {'submissions/s':>14} {'p50 ms':>9} {'p99 ms':>9} {'retried':>8}")
for r in (one, three):
    print(f"{r['label']:>10} {r['submissions_per_s']:>14.2f} {r['submit_p50_ms']:>9.0f} {r['submit_p99_ms']:>9.0f} {r['retried']:>8}")
print(f"scaling 1 -> 3 instances: {three['submissions_per_s'] / one['submissions_per_s']:.2f}x "
      "(3 instances with one killed half-way and a Garage node stopped)")
print(f"pgbench -S: {tps:.0f} tps; on one instance:")
for name, key in (("Monitoring Izin by resi", "monitoring"), ("the permit page /v/{id}", "permit_page"),
                  ("resis never given", "unknown_resi")):
    print(f"  {name}: {lookup[key + '_per_s']:.0f}/s, {lookup[key + '_per_s'] / tps:.3f}x")
print(f"  answers not as expected: {lookup['monitoring_not_ok'] + lookup['permit_page_not_ok'] + lookup['unknown_resi_not_422']}")
EOF
