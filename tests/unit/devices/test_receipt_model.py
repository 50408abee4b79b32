from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.devices.receipt import HandoverReceipt, ReceiptLine
from station_app.domain.outcome import LineOutcome
from tests.unit.devices.conftest import sample_receipt

lines = st.builds(
    ReceiptLine,
    name=st.text(),
    quantity=st.integers(0, 999),
    unit=st.text(max_size=3),
    unit_price_fen=st.integers(0, 10**7),
    outcome=st.sampled_from(LineOutcome),
)


@given(
    lines=st.lists(lines, max_size=6).map(tuple),
    slot=st.none() | st.text(max_size=10),
    language=st.sampled_from(["zh_CN", "en"]),
    reprint=st.booleans(),
    offset_minutes=st.integers(-720, 840),
)
def test_json_round_trip_keeps_every_field(
    lines: tuple[ReceiptLine, ...],
    slot: str | None,
    language: str,
    reprint: bool,
    offset_minutes: int,
) -> None:
    when = datetime(
        2025, 11, 25, 10, 30, 5, 123456, tzinfo=timezone(timedelta(minutes=offset_minutes))
    )
    receipt = sample_receipt(
        lines=lines, slot=slot, language=language, reprint=reprint, handed_over_at=when
    )
    again = HandoverReceipt.from_json(receipt.to_json())
    assert again == receipt
    assert again.handed_over_at.utcoffset() == when.utcoffset()


def test_json_keeps_chinese_readable() -> None:
    assert "有机菠菜" in sample_receipt().to_json()


def _mutated(**changes: object) -> str:
    raw = json.loads(sample_receipt().to_json())
    raw.update(changes)
    return json.dumps(raw)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        "null",
        '{"receipt_no": "H-1"}',
        _mutated(lines="oops"),
        _mutated(lines=[{"name": "x"}]),
        _mutated(
            lines=[
                {"name": "x", "quantity": True, "unit": "", "unit_price_fen": 1, "outcome": "taken"}
            ]
        ),
        _mutated(
            lines=[
                {"name": "x", "quantity": 1, "unit": "", "unit_price_fen": 1, "outcome": "stolen"}
            ]
        ),
        _mutated(handed_over_at="yesterday"),
        _mutated(handed_over_at="2025-11-25T10:30:05"),  # naive: which time zone?
        _mutated(slot=17),
        _mutated(language="fr"),
        _mutated(reprint="yes"),
    ],
)
def test_malformed_json_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        HandoverReceipt.from_json(text)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sample_receipt(handed_over_at=datetime(2025, 11, 25, 10, 30))


def test_total_counts_only_taken_lines() -> None:
    receipt = sample_receipt()
    assert receipt.taken_total_fen == 2 * 650 + 3290
    assert receipt.handed_over_at.tzinfo is UTC
