"""The core stays free of Qt: importing every `station_app` module never loads PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import station_app
names = [m.name for m in pkgutil.walk_packages(station_app.__path__, "station_app.")
         if not m.name.startswith("station_app.storage.migrations")
         and m.name != "station_app.__main__"]  # __main__ starts the app
for name in names:
    importlib.import_module(name)
assert len(names) > 20, names
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), loaded)
sys.exit(1 if loaded else 0)
"""


def test_core_modules_never_import_qt_or_the_ui() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("[]")
