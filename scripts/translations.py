"""Keep the Qt Linguist files in step with the code, and build the .qm files.

    python scripts/translations.py update   # re-scan ui/ for tr() strings into the .ts files
    python scripts/translations.py build    # .ts → .qm (run by the setup scripts)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")
# English is the source language: its file holds only the plural forms ("1 item", "2 items").
PLURAL_ONLY = {"en"}


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def update() -> None:
    sources = sorted(str(path) for path in (ROOT / "ui").rglob("*.py"))
    for language in LANGUAGES:
        subprocess.run([tool("pyside6-lupdate"), *sources, "-ts",
                        str(TRANSLATIONS / f"station_{language}.ts"), "-target-language",
                        language, "-no-obsolete", "-locations", "none",
                        *(["-pluralonly"] if language in PLURAL_ONLY else [])], check=True)


def build() -> None:
    for language in LANGUAGES:
        source = TRANSLATIONS / f"station_{language}.ts"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(source), "-qm",
                        str(source.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    {"update": update, "build": build}[sys.argv[1] if len(sys.argv) > 1 else "build"]()
