"""What a printed or exported document says that is not in its language.

Chinese documents: no English words, except codes (anything with a digit: SKUs, order, shift
and report numbers), single letters (the X and Z of the reports) and the few names staff know
in English. English documents: no Chinese, except the station's data (its name, staff and
product names), which the caller passes in as `data`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from station_app.devices.report import TextReport

# Hanzi and the full-width punctuation that only Chinese text uses (the full-width yen is the
# currency sign of both languages on paper: GBK printers print ¥ badly, see money.format_fen).
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5d]+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-./]*")
ALLOWED_ENGLISH = {"sku", "qr", "pin", "csv", "pdf"}


def report_texts(report: TextReport) -> list[str]:
    return [report.title, report.footer, *(s.heading for s in report.sections),
            *(text for s in report.sections for row in s.rows for text in row)]


def wrong_language(texts: Iterable[str], language: str, data: Iterable[str] = ()) -> list[str]:
    """Fragments of `texts` that are not in `language` ("zh_CN" or "en")."""
    found: list[str] = []
    names = sorted({name for name in data if name}, key=len, reverse=True)
    for original in texts:
        text = original
        for name in names:
            text = text.replace(name, " ")
        if language == "en":
            found += CHINESE.findall(text)
            continue
        for word in WORD.findall(text):
            if any(ch.isdigit() for ch in word) or len(word) < 2:
                continue
            if word.lower() not in ALLOWED_ENGLISH:
                found.append(word)
    return found
