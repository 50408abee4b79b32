#!/usr/bin/env bash
# Build the counter app for Linux: the PyInstaller one-folder app, its self-test, the .deb.
#   installer/build.sh [OUT_DIR]          (default: dist/)
# gives OUT_DIR/app/station-app/ (the one-folder app) and OUT_DIR/station-app_VERSION_ARCH.deb.
# Needs the dev environment (scripts/setup.sh --dev: PyInstaller) and dpkg-deb; PYTHON picks
# the interpreter (default: .venv/bin/python, else python3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)
if [[ -z "${PYTHON:-}" ]]; then
  PYTHON=python3; [[ -x "$ROOT/.venv/bin/python" ]] && PYTHON="$ROOT/.venv/bin/python"
fi
export PYTHON
cd "$ROOT"
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
say() { printf '\033[1;34m[build]\033[0m %s\n' "$*"; }

say "translations"
"$PYTHON" scripts/translations.py build
say "one-folder app $VERSION (PyInstaller)"
started=$SECONDS
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT/app" \
  --workpath "$OUT/work" installer/station-app.spec
say "built in $((SECONDS - started)) s, $(du -sh "$OUT/app/station-app" | cut -f1)"
say "self-test of the frozen app"
"$OUT/app/station-app/station-app" --self-test
say "Debian package"
DEB=$(bash installer/debian/make_deb.sh "$OUT/app/station-app" "$VERSION" "$OUT")
say "$DEB ($(du -h "$DEB" | cut -f1))"
