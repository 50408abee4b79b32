"""Every visible string of the window exists in Simplified Chinese, and the .ts is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "station_zh_CN.ts"


def sources(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    return {(context.findtext("name") or "", message.findtext("source") or ""): message
            for context in tree.iter("context") for message in context.iter("message")}


def test_every_message_has_a_finished_chinese_translation() -> None:
    missing = []
    for (context, source), message in sources(TS).items():
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if not text or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(f"{context}: {source}")
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_the_ts_file_holds_every_string_the_code_shows(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).with_name(
        "pyside6-lupdate"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sorted(str(p) for p in (REPO / "ui").glob("*.py")), "-ts",
                    str(fresh), "-no-obsolete"], check=True, capture_output=True, timeout=120)
    in_code = set(sources(fresh))
    in_ts = set(sources(TS))
    assert in_code - in_ts == set(), "run: python scripts/translations.py update"
    assert in_ts - in_code == set(), "strings no longer in the code: update the .ts"


def test_placeholders_survive_translation() -> None:
    for (_context, source), message in sources(TS).items():
        text = "".join(message.find("translation").itertext())  # type: ignore[union-attr]
        for placeholder in ("%1", "%2", "%n"):
            assert (placeholder in source) == (placeholder in text), (source, text)
