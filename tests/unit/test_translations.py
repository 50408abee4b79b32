"""Every visible string of the window exists in Simplified Chinese, and the .ts is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
TS = TRANSLATIONS / "station_zh_CN.ts"
EN = TRANSLATIONS / "station_en.ts"  # English is the source: only its plural forms


def sources(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {(context.findtext("name") or "", message.findtext("source") or ""): message
            for context in tree.iter("context") for message in context.iter("message")}


@pytest.mark.parametrize("ts", [TS, EN], ids=["zh_CN", "en"])
def test_every_message_has_a_finished_translation(ts: Path) -> None:
    missing = []
    for (context, source), message in sources(ts).items():
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if not text or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(f"{context}: {source}")
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize(("ts", "options"), [(TS, []), (EN, ["-pluralonly"])],
                         ids=["zh_CN", "en"])
def test_the_ts_file_holds_every_string_the_code_shows(tmp_path: Path, ts: Path,
                                                        options: list[str]) -> None:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name(
        "pyside6-lupdate"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sorted(str(p) for p in (REPO / "ui").rglob("*.py")), "-ts",
                    str(fresh), "-no-obsolete", *options], check=True, capture_output=True,
                   timeout=120)
    in_code = set(sources(fresh))
    in_ts = set(sources(ts))
    assert in_code - in_ts == set(), "run: python scripts/translations.py update"
    assert in_ts - in_code == set(), "strings no longer in the code: update the .ts"


@pytest.mark.parametrize("ts", [TS, EN], ids=["zh_CN", "en"])
def test_placeholders_survive_translation(ts: Path) -> None:
    for (_context, source), message in sources(ts).items():
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation.iter("numerusform")] or [
            translation.text or ""]
        for text in forms:
            for placeholder in ("%1", "%2", "%n"):
                assert (placeholder in source) == (placeholder in text), (source, text)
