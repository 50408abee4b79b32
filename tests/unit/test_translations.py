"""Every text the station shows or prints exists in Simplified Chinese, and the .ts is current.

One catalogue: the window's `tr()` texts (ui/) and the paper texts of the core (receipts,
labels, X/Z reports, sheets, report exports: `QT_TRANSLATE_NOOP` in station_app, see
station_app/paper_words.py) are found by the same lupdate run as `scripts/translations.py
update`, so a missing or unfinished paper text fails here exactly like a screen text.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import station_app
from station_app.paper_words import PaperText, marked_texts

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
TS = TRANSLATIONS / "station_zh_CN.ts"
EN = TRANSLATIONS / "station_en.ts"  # English is the source: only its plural forms

Key = tuple[str, str, str]  # context, source, disambiguation


def translations_script() -> ModuleType:
    """scripts/translations.py: the files and options its `update` gives lupdate."""
    spec = importlib.util.spec_from_file_location("translations_script",
                                                  REPO / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def sources(path: Path) -> dict[Key, ET.Element]:
    tree = ET.parse(path)
    return {(context.findtext("name") or "", message.findtext("source") or "",
             message.findtext("comment") or ""): message
            for context in tree.iter("context") for message in context.iter("message")}


def unfinished(messages: dict[Key, ET.Element]) -> list[str]:
    missing = []
    for (context, source, _comment), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        text = "".join(translation.itertext()).strip()
        if not text or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            missing.append(f"{context}: {source}")
    return missing


def strings_in_code(tmp_path: Path, language: str) -> set[Key]:
    """What `scripts/translations.py update` would put in the .ts of `language`."""
    script = translations_script()
    fresh = tmp_path / f"fresh_{language}.ts"
    subprocess.run([script.tool("pyside6-lupdate"), *script.sources(), "-ts", str(fresh),
                    *script.lupdate_options(language)], check=True, capture_output=True,
                   timeout=120)
    return set(sources(fresh))


@pytest.mark.parametrize("ts", [TS, EN], ids=["zh_CN", "en"])
def test_every_message_has_a_finished_translation(ts: Path) -> None:
    missing = unfinished(sources(ts))
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize(("ts", "language"), [(TS, "zh_CN"), (EN, "en")], ids=["zh_CN", "en"])
def test_the_ts_file_holds_every_string_the_code_shows(tmp_path: Path, ts: Path,
                                                        language: str) -> None:
    in_code = strings_in_code(tmp_path, language)
    in_ts = set(sources(ts))
    missing = [f"{context}: {source}" for context, source, _ in sorted(in_code - in_ts)]
    assert not missing, "run: python scripts/translations.py update\n" + "\n".join(missing)
    gone = [f"{context}: {source}" for context, source, _ in sorted(in_ts - in_code)]
    assert not gone, "no longer in the code: update the .ts\n" + "\n".join(gone)


def test_the_scan_sees_every_paper_text_the_core_marks(tmp_path: Path) -> None:
    """lupdate reads `QT_TRANSLATE_NOOP` only with literal arguments: a paper text marked any
    other way (a name for its context, an f-string) would be missing from the catalogue and
    print in English on a Chinese receipt without the test above noticing."""
    for module in pkgutil.walk_packages(station_app.__path__, "station_app."):
        if not module.name.startswith("station_app.storage.migrations") \
                and module.name != "station_app.__main__":  # __main__ starts the app
            importlib.import_module(module.name)
    marked = {(text.context, text.source, text.disambiguation) for text in marked_texts()}
    assert len(marked) > 100  # receipts, labels, X/Z reports, sheets, report exports
    unseen = [f"{context}: {source}" for context, source, _ in
              sorted(marked - strings_in_code(tmp_path, "zh_CN"))]
    assert not unseen, "marked without literal arguments, lupdate skips:\n" + "\n".join(unseen)


@pytest.mark.parametrize("ts", [TS, EN], ids=["zh_CN", "en"])
def test_placeholders_survive_translation(ts: Path) -> None:
    for (_context, source, _comment), message in sources(ts).items():
        translation = message.find("translation")
        assert translation is not None
        forms = [form.text or "" for form in translation.iter("numerusform")] or [
            translation.text or ""]
        for text in forms:
            for placeholder in ("%1", "%2", "%3", "%4", "%n"):
                assert (placeholder in source) == (placeholder in text), (source, text)


def test_paper_texts_print_from_the_catalogue() -> None:
    """The core reads the .ts itself (no Qt): Chinese from the catalogue, English as written,
    English plural forms from station_en.ts, arguments in their places."""
    items = PaperText("paper: pickup label", "%n item(s)", counted=True)
    assert [items.in_language("en", n=n) for n in (1, 2)] == ["1 item", "2 items"]
    assert items.in_language("zh_CN", n=2) == "共 2 件"
    pickup_code = PaperText("paper: handover receipt", "Pickup code")
    assert (pickup_code.in_language("zh_CN"), pickup_code.in_language("en")) == (
        "取件码", "Pickup code")
    staff = PaperText("paper: reports", "Handovers %1 · sales %2 %3 · refunds %4")
    assert staff.in_language("zh_CN", 3, 2, "￥5.00", "%1") == "取件 3 · 销售 2 ￥5.00 · 退款 %1"
    heading, count = (PaperText("paper: reports", "Sales", disambiguation)
                      for disambiguation in ("", "number of sales"))
    assert (heading.in_language("zh_CN"), count.in_language("zh_CN")) == ("销售", "销售笔数")
    with pytest.raises(ValueError, match="paper language"):
        pickup_code.in_language("fr")
