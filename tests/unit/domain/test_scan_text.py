"""Classifying what came out of a scanner or a keyboard, including garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.scan_text import (
    ScanKind,
    ScanProblem,
    ScanText,
    UnusableScan,
    classify,
)


@pytest.mark.parametrize(("raw", "kind", "value"), [
    ("224906", ScanKind.PICKUP_CODE, "224906"),
    ("  224906\r\n", ScanKind.PICKUP_CODE, "224906"),
    ("２２４９０６", ScanKind.PICKUP_CODE, "224906"),  # full-width digits from an IME
    ("224 906", ScanKind.PICKUP_CODE, "224906"),
    ("8888", ScanKind.PHONE_TAIL, "8888"),
    ("xf01-261125-0042", ScanKind.ORDER_NO, "XF01-261125-0042"),
    ("XF01-261125-0042\x1d", ScanKind.ORDER_NO, "XF01-261125-0042"),  # GS from GS1 scanners
    ("PT1.ABCDEF", ScanKind.TOKEN, "PT1.ABCDEF"),
    ("pt1.abcdef", ScanKind.TOKEN, "PT1.ABCDEF"),  # a scanner typing with Caps Lock on
])
def test_codes_are_recognised(raw: str, kind: ScanKind, value: str) -> None:
    assert classify(raw) == ScanText(kind, value, "XF01" if kind is ScanKind.ORDER_NO else None)


@pytest.mark.parametrize(("raw", "problem"), [
    ("", ScanProblem.EMPTY),
    ("   \r\n", ScanProblem.EMPTY),
    ("\x00\x07\x1b", ScanProblem.UNREADABLE),
    (b"\xff\xfe\x80abc", ScanProblem.UNREADABLE),
    ("x" * 10_000, ScanProblem.TOO_LONG),
    ("1" * 300, ScanProblem.TOO_LONG),
    ("'; DROP TABLE orders; --", ScanProblem.NOT_A_CODE),
    ("12345", ScanProblem.NOT_A_CODE),
    ("6901234500017", ScanProblem.NOT_A_CODE),  # a product barcode is no pickup code
])
def test_garbage_is_named_not_raised(raw: str | bytes, problem: ScanProblem) -> None:
    result = classify(raw)
    assert isinstance(result, UnusableScan)
    assert result.problem is problem
    assert len(result.shown) <= 24


@given(st.one_of(st.text(), st.binary()))
def test_classify_never_raises(raw: str | bytes) -> None:
    result = classify(raw)
    assert isinstance(result, ScanText | UnusableScan)
