#!/usr/bin/env bash
# Set up everything and run every check: lint, types, and the whole test suite.
#   scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

export QT_QPA_PLATFORM=offscreen
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff"; ruff check .
echo "== mypy (core)"; mypy
echo "== pytest"
# pytest exits 5 when it collected nothing: that is a failure here, like any non-zero code.
python -m pytest "$@"
