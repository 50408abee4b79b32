"""Keep the Qt Linguist files in step with the code, and build the .qm files.

    python scripts/translations.py update   # re-scan the code for its texts into the .ts files
    python scripts/translations.py build    # .ts → .qm (run by the setup scripts)

One catalogue for everything the station says: the window's `self.tr(...)` texts (ui/) and the
words of what it prints and exports, marked in the core with `QT_TRANSLATE_NOOP(...)`
(station_app/paper_words.py: receipts, labels, X/Z reports, sheets, report exports). Both
folders are scanned on every update: `-no-obsolete` drops any message whose folder is not.
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
SOURCE_FOLDERS = ("ui", "station_app")  # the window's texts, and the core's paper texts


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    return found


def sources() -> list[str]:
    """Every Python file lupdate reads (tests/unit/test_translations.py reads the same)."""
    return sorted(str(path) for folder in SOURCE_FOLDERS for path in (ROOT / folder).rglob("*.py"))


def lupdate_options(language: str) -> list[str]:
    return ["-no-obsolete", *(["-pluralonly"] if language in PLURAL_ONLY else [])]


def update() -> None:
    for language in LANGUAGES:
        subprocess.run([tool("pyside6-lupdate"), *sources(), "-ts",
                        str(TRANSLATIONS / f"station_{language}.ts"), "-target-language",
                        language, "-locations", "none", *lupdate_options(language)], check=True)


def build() -> None:
    for language in LANGUAGES:
        source = TRANSLATIONS / f"station_{language}.ts"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(source), "-qm",
                        str(source.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    {"update": update, "build": build}[sys.argv[1] if len(sys.argv) > 1 else "build"]()
