#!/usr/bin/env bash
# The SQL written with sqlx's checked macros (`query!`, `query_as!`, `query_scalar!`) is
# checked against the real schema when it compiles. Builds read the schema's answers from
# the committed offline data (server/.sqlx for PostgreSQL, .sqlx for the desktop's SQLite),
# so they need no database; this script makes that data again from the migrations.
#   scripts/sqlx.sh prepare   after changing a checked query or a migration: commit the result
#   scripts/sqlx.sh check     fails when the offline data is not what the sources need
# Needs EPTSP_TEST_PG (a PostgreSQL admin URL, see scripts/pg.sh) and sqlx-cli (scripts/deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-check}
case "$mode" in
  prepare) flag=() ;;
  check) flag=(--check) ;;
  *) echo "usage: scripts/sqlx.sh prepare|check" >&2; exit 2 ;;
esac
: "${EPTSP_TEST_PG:?EPTSP_TEST_PG is not set (start one: export EPTSP_TEST_PG=\$(scripts/pg.sh test 55433 fast))}"

# The server's schema: a database of its own, migrated from server/migrations.
pg_url="${EPTSP_TEST_PG%/}/eptsp_sqlx"
sqlx database drop -y --database-url "$pg_url" >/dev/null 2>&1 || true
sqlx database create --database-url "$pg_url"
sqlx migrate run --source server/migrations --database-url "$pg_url" >/dev/null
(cd server && DATABASE_URL="$pg_url" cargo sqlx prepare "${flag[@]}" -- --all-targets --locked)
sqlx database drop -y --database-url "$pg_url" >/dev/null

# The desktop's schema: an SQLite file migrated from migrations/.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lite_url="sqlite://$work/schema.sqlite"
sqlx database create --database-url "$lite_url"
sqlx migrate run --source migrations --database-url "$lite_url" >/dev/null
# (--lib: the desktop's tests also build the server, whose queries are PostgreSQL's.)
DATABASE_URL="$lite_url" cargo sqlx prepare "${flag[@]}" -- -p eptsp-desktop --lib --locked
