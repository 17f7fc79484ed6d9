#!/usr/bin/env bash
# Rebuilds the offline map data shipped in map/data from open data the registries provide:
#   1. kaltim-atlas.json.gz: boundaries (Kab/Kota, kecamatan), kelurahan points, neighbours;
#      from GADM 4.1 (npm geojson-indonesia 1.0.1) and idn-area-data (server/data/idn-area).
#   2. kaltim.pmtiles: the raster base map (z5-z12) drawn from that atlas.
# The outputs are committed; run this only to refresh them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/map-build"
mkdir -p "$work"
cd "$work"
if [ ! -d venv ]; then python3 -m venv venv; fi
venv/bin/pip install -q shapely==2.1.2
if [ ! -f package/geojson/gadm41_IDN_4.json ]; then
  npm pack geojson-indonesia@1.0.1 --silent >/dev/null
  tar xzf geojson-indonesia-1.0.1.tgz
fi
venv/bin/python "$root/map/tools/build_atlas.py" package/geojson "$root/server/data/idn-area" \
  "$root/map/data/kaltim-atlas.json.gz"
cd "$root"
cargo run --release -p eptsp-map --features build --bin eptsp-map-build -- map/data/kaltim-atlas.json.gz map/data/kaltim.pmtiles
