#!/usr/bin/env bash
# Set up everything the counter app needs on a Debian-like machine (Debian, Ubuntu, UOS, Kylin):
# system libraries for Qt, fonts for Chinese, the app's virtual environment from the lock file,
# and the translations. Safe to run again: it only does what is missing.
#
#   scripts/setup.sh            the app
#   scripts/setup.sh --dev      the app plus test tools and the receipt oracle (Python 3.13)
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[[ "${1:-}" == "--dev" ]] && DEV=1

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- system packages -------------------------------------------------------------------------
APT_PACKAGES=(
  python3-venv                                    # venvs on Debian's Python
  libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0   # Qt widgets
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0      # Qt on a real (X11) screen
  fonts-wqy-microhei                              # Chinese on screen and in receipt previews
  libzbar0                                        # pyzbar decoder back-end
  libusb-1.0-0                                    # USB receipt printers
  libpulse0                                       # scan sounds (QtMultimedia)
)
[[ $DEV == 1 ]] && APT_PACKAGES+=(xvfb imagemagick)  # screenshots of the window under Xvfb
# installer/ and tests/installer: readelf for the .deb's glibc floor, the desktop-entry check,
# NSIS to compile the Windows installer on Linux and 7-Zip to list what it holds.
[[ $DEV == 1 ]] && APT_PACKAGES+=(binutils desktop-file-utils nsis p7zip-full)

if command -v dpkg-query >/dev/null; then
  missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if (( ${#missing[@]} )); then
    say "installing system packages: ${missing[*]}"
    SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
else
  say "not a Debian-like system: install Qt's runtime libraries and a CJK font yourself"
fi

# --- the app's Python environment ------------------------------------------------------------
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Python 3.11 or newer is needed (found $("$PYTHON" --version))"; exit 1; }
if [[ ! -x .venv/bin/python ]]; then
  say "creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
LOCK=requirements.lock
[[ $DEV == 1 ]] && LOCK=requirements-dev.lock
if ! cmp -s "$LOCK" .venv/.installed-lock 2>/dev/null; then
  say "installing locked dependencies ($LOCK)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$LOCK"
  cp "$LOCK" .venv/.installed-lock
fi
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null \
  || .venv/bin/python -m pip install -q --no-deps -e .
.venv/bin/python scripts/translations.py build

# --- the receipt oracle (tests only): emupos needs Python >= 3.13 ----------------------------
find_python313() {
  # pyenv shims answer `command -v` even when that version is not selected: try each one.
  local candidate
  for candidate in python3.13 python3.14 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3 \
      /root/.pyenv/versions/3.1[3-9]*/bin/python3 /usr/local/bin/python3.1[3-9] \
      /usr/bin/python3.1[3-9]; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if [[ $DEV == 1 && ! -x .venv-oracle/bin/python ]]; then
  if PY313="$(find_python313)"; then
    say "creating .venv-oracle (emupos) with $("$PY313" --version)"
    "$PY313" -m venv .venv-oracle
    .venv-oracle/bin/python -m pip install -q -r requirements-oracle.lock
  else
    say "no Python 3.13 found: receipt oracle tests will be skipped (CI fails them)"
  fi
fi
say "ready"
