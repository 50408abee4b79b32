"""Chinese as a station keeper reads it: no doubled words, no spaces inside a time phrase.

The Chinese .ts fills placeholders with words the code supplies: a payment method
("微信支付"), an age ("10 秒", "5 分钟"). A template that adds 支付 after the method printed
"微信支付支付"; one that wrote "%2 前" printed "10 秒 前".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "station_zh_CN.ts"


def translations(path: Path = TS) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message, each plural form its own entry."""
    found = []
    for context in ET.parse(path).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")]
            found += [(name, source, text) for text in forms or [translation.text or ""]]
    return found


def doubled_payment_words(path: Path = TS) -> list[str]:
    """Templates whose payment-method placeholder is followed by 支付 (微信支付 + 支付)."""
    return [f"{context}: {text}" for context, source, text in translations(path)
            if re.search(r"(paid by|by) %\d", source) and re.search(r"%\d\s*支付", text)]


def spaced_ages(path: Path = TS) -> list[str]:
    """Templates that put a space between an age placeholder and 前 ("10 秒 前")."""
    return [f"{context}: {text}" for context, source, text in translations(path)
            if re.search(r"\bago\b|oldest %\d", source) and re.search(r"%\d\s+前", text)]


def test_a_payment_method_is_not_followed_by_its_own_word() -> None:
    assert doubled_payment_words() == []


def test_an_age_runs_into_qian_without_a_space() -> None:
    assert spaced_ages() == []
