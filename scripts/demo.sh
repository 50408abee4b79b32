#!/usr/bin/env bash
# Set up everything and start the counter on the demo station (sample orders, virtual printer).
#   scripts/demo.sh [station-app options, e.g. --lang en]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "$(uname)" == "Linux" ]]; then
  # No screen (a server, CI, SSH): run on a virtual screen so the window really exists.
  command -v Xvfb >/dev/null || { SUDO=""; [[ $(id -u) != 0 ]] && SUDO="sudo";
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq xvfb >/dev/null; }
  export DISPLAY=:99
  pgrep -f "Xvfb :99" >/dev/null || (Xvfb :99 -screen 0 1366x768x24 >/dev/null 2>&1 &)
  sleep 1
  echo "No screen found: the counter runs on virtual screen :99."
  echo "Look at it with:  import -display :99 -window root counter.png"
fi
exec .venv/bin/station-app --demo "$@"
