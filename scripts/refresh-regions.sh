#!/usr/bin/env bash
# Refreshes server/data/idn-area from the npm package idn-area-data (ODbL).
set -euo pipefail
version=${1:-3.1.2}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "idn-area-data@$version" --silent >/dev/null && tar xzf idn-area-data-*.tgz)
for f in provinces regencies districts villages; do
  gzip -9 -n -c "$tmp/package/data/$f.csv" > "$root/server/data/idn-area/$f.csv.gz"
done
cp "$tmp/package/data/LICENSE.md" "$root/server/data/idn-area/LICENSE-ODbL.md"
echo "server/data/idn-area refreshed from idn-area-data@$version"
