"""The words of what the station prints and exports (receipts, labels, X/Z reports, sheets,
report files), from the same Qt Linguist catalogue as the window, read without Qt.

A paper text is written in English, the source language, where it is used, and marked for
lupdate with `QT_TRANSLATE_NOOP("paper: sale receipt", "Change")`: `scripts/translations.py
update` collects it into `resources/translations/station_*.ts` next to the window's `tr()` texts,
and `tests/unit/test_translations.py` fails while one is missing or untranslated, as for a
screen. The marker only records the text; `PaperText.in_language` looks it up when the document
is laid out, because a receipt speaks the receipt language, not the window's
(`config.receipt_language`). The .ts files are read with the standard library, once per language.

lupdate's Python parser recognises a call by its name and literal arguments only: keep the name
`QT_TRANSLATE_NOOP`, write the context and text as string literals (no f-strings, no names), and
pass a disambiguation as the third literal when one context needs the same English twice with two
meanings. A text with a count says `%n` and passes a literal `1` fourth (lupdate then makes it a
plural message, whose English forms live in station_en.ts like the window's); other values are
`%1`, `%2`… as on screen.

Contexts name the document and start with "paper: ". Being lower case they sort after every
window context (class names) in the catalogue.
"""

from __future__ import annotations

import logging
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger("station.paper_words")

LANGUAGES = ("zh_CN", "en")  # English is the source language: the texts in the code
CONTEXT_PREFIX = "paper: "

# Which plural form a count takes, as Qt numbers them for these languages.
_PLURAL_FORM: dict[str, Callable[[int], int]] = {
    "zh_CN": lambda n: 0,
    "en": lambda n: 0 if n == 1 else 1,
}
_ARGUMENT = re.compile(r"%(\d)")


@dataclass(frozen=True)
class PaperText:
    """One text of a printed or exported document, in the source language (English)."""

    context: str
    source: str
    disambiguation: str = ""
    counted: bool = False  # says %n: has plural forms

    def in_language(self, language: str, *arguments: object, n: int | None = None) -> str:
        """The text in `language` ("zh_CN" or "en"), `%1`… filled with `arguments` and `%n`
        with `n`. A text missing from the catalogue shows in English, as Qt shows it.
        Raises ValueError for another language, or a count given to the wrong kind of text."""
        if language not in LANGUAGES:
            raise ValueError(f"paper language must be one of {LANGUAGES}, not {language!r}")
        if (n is not None) != self.counted:
            raise ValueError(f"{self.source!r} {'needs' if self.counted else 'takes no'} count")
        text = self.source
        forms = _catalogue(language).get((self.context, self.source, self.disambiguation))
        if forms and n is None:
            text = forms[0]
        elif forms and n is not None:
            text = forms[min(_PLURAL_FORM[language](n), len(forms) - 1)]
        if n is not None:
            text = text.replace("%n", str(n))

        def argument(found: re.Match[str]) -> str:  # one pass: "%2" inside %1's value stays
            number = int(found.group(1))
            return str(arguments[number - 1]) if 0 < number <= len(arguments) else found[0]

        return _ARGUMENT.sub(argument, text)


_MARKED: list[PaperText] = []  # every text marked so far (tests check each is in the catalogue)


def QT_TRANSLATE_NOOP(context: str, source: str, disambiguation: str = "",
                      counted: int = 0, /) -> PaperText:
    """Mark `source` (English) as a paper text of `context`; lupdate collects it from this call.
    `counted`: a literal 1 for a text with `%n` (plural forms)."""
    if not context.startswith(CONTEXT_PREFIX):
        raise ValueError(f"paper context {context!r} must start with {CONTEXT_PREFIX!r}")
    if ("%n" in source) != bool(counted):
        raise ValueError(f"{source!r}: a text with %n passes 1 as `counted`, no other does")
    text = PaperText(context, source, disambiguation, bool(counted))
    _MARKED.append(text)
    return text


def marked_texts() -> tuple[PaperText, ...]:
    """The paper texts of every module imported so far."""
    return tuple(_MARKED)


def translations_dir() -> Path:
    """resources/translations of a checkout, or of the frozen build (installer/station-app.spec
    ships the .ts files with the .qm files)."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parent.parent
    return base / "resources" / "translations"


@cache
def _catalogue(language: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """(context, source, disambiguation) → the translation, or its plural forms; what lrelease
    would put in the .qm (no vanished, obsolete or empty translations)."""
    path = translations_dir() / f"station_{language}.ts"
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        # A receipt in English beats no receipt; like the window without its .qm (ui/i18n).
        log.error("paper texts in %s unavailable, printing English: %s", language, error)
        return {}
    found: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            forms = tuple(form.text or "" for form in translation.iter("numerusform")) \
                or (translation.text or "",)
            if all(forms):
                key = (name, message.findtext("source") or "", message.findtext("comment") or "")
                found[key] = forms
    return found
