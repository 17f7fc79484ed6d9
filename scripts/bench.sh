#!/usr/bin/env bash
# Prints the project's measured figures (no timed assertions live in the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
cargo run --quiet --locked --example bench_file_import
