#!/usr/bin/env bash
# Set up everything and run every check: lint, types, and the whole test suite.
#   scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

export QT_QPA_PLATFORM=offscreen
export PATH="$PWD/.venv/bin:$PATH"

# --- PostgreSQL for the head-office server tests (tests/sync) ----------------------------------
# As root on a Debian-like machine (CI): install the server, start its cluster, make a test role
# and database, export the URL. Elsewhere set STATION_TEST_POSTGRES_URL yourself; without it the
# PostgreSQL tests skip (and fail when CI is set).
if [[ -z "${STATION_TEST_POSTGRES_URL:-}" && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    echo "== installing PostgreSQL"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
      >/dev/null
  fi
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_lsclusters -h | grep -q "^$pg_version main " || pg_createcluster "$pg_version" main >/dev/null
  pg_lsclusters -h | grep -q "^$pg_version main .* online" || pg_ctlcluster "$pg_version" main start
  pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}')
  pg_sql() { su postgres -c "psql -p $pg_port -qtAc \"$1\"" ; }
  [[ $(pg_sql "SELECT 1 FROM pg_roles WHERE rolname = 'station_test'") == 1 ]] \
    || pg_sql "CREATE ROLE station_test LOGIN PASSWORD 'station_test'"
  [[ $(pg_sql "SELECT 1 FROM pg_database WHERE datname = 'station_test'") == 1 ]] \
    || pg_sql "CREATE DATABASE station_test OWNER station_test"
  export STATION_TEST_POSTGRES_URL="postgresql+psycopg://station_test:station_test@127.0.0.1:$pg_port/station_test"
fi

echo "== ruff"; ruff check .
echo "== mypy --strict (station_app, sync, ui)"; mypy
echo "== pytest"
# pytest exits 5 when it collected nothing: that is a failure here, like any non-zero code.
python -m pytest "$@"
