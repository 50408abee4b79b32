"""Classifying what came out of a scanner or a keyboard, including garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.scan_text import (
    CodeKind,
    ScanKind,
    ScanProblem,
    ScanText,
    UnusableScan,
    classify,
    code_kind,
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


@pytest.mark.parametrize(("raw", "station"), [
    ("XF02-261205-000001", "XF02"),  # the reference head office: a 6-digit sequence
    ("xf02-261205-000001", "XF02"),
    ("GL7-261205-12345678", "GL7"),  # other station ids and up to 8 sequence digits
    ("BJCHAOYANG0001-261205-0042", "BJCHAOYANG0001"),
    ("S1-261205-00001", "S1"),
])
def test_head_office_order_numbers_are_order_numbers(raw: str, station: str) -> None:
    assert classify(raw) == ScanText(ScanKind.ORDER_NO, raw.upper(), station)


@pytest.mark.parametrize("raw", [
    "S-XF01-20261125-0001",  # a walk-in sale's receipt
    "R-XF01-20261125-0002",  # a sale refund's receipt
    "M-XF01-261125-01",  # a delivery manifest
    "CTN-261125-VEG-001",  # a carton label
    "PD-XF01-261125-001",  # a stock count
    "AS-XF01-000001",  # an after-sales request
    "Z-XF01-000001",  # a Z report
    "H-000001",  # a handover receipt
    "XF02-261205-123",  # too short a sequence
    "XF02-261205-123456789",  # too long a sequence
    "XF02-2612-000001",  # not a day
    "TOOLONGSTATIONID17-261205-000001",  # 17 characters: no station id is that long
    "138-1234-5678",  # a phone number with dashes
])
def test_other_document_numbers_are_not_order_numbers(raw: str) -> None:
    result = classify(raw)
    assert not (isinstance(result, ScanText) and result.kind is ScanKind.ORDER_NO), result


@pytest.mark.parametrize(("raw", "kind"), [
    ("224906", ScanKind.PICKUP_CODE),
    ("8888", ScanKind.PHONE_TAIL),
    ("PT1.ABCDEF", ScanKind.TOKEN),
])
def test_codes_keep_their_kind_next_to_longer_order_numbers(raw: str, kind: ScanKind) -> None:
    result = classify(raw)
    assert isinstance(result, ScanText) and result.kind is kind


@pytest.mark.parametrize(("text", "kind"), [
    ("PT1.ABCDEFGH2345", CodeKind.TOKEN),
    ("XF01-261205-000001", CodeKind.ORDER_NO),
    ("224906", CodeKind.PICKUP_CODE),
    ("8888", CodeKind.PHONE_TAIL),
    ("6901234500017", CodeKind.PRODUCT),
    ("12345670", CodeKind.PRODUCT),
    ("S-XF01-20261125-0001", CodeKind.DOCUMENT),
    ("M-XF01-20261204-01", CodeKind.DOCUMENT),
    ("CTN-261204-VEG-001", CodeKind.OTHER),
    ("", CodeKind.UNREADABLE),
])
def test_the_kind_of_a_code_tells_screens_what_they_asked_for(text: str,
                                                              kind: CodeKind) -> None:
    assert code_kind(text) is kind
