"""What the counter shows for each order state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station_app.domain.order_state import Verdict
from station_app.domain.verdict import verdict_for

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.mark.parametrize(("state", "station", "deadline", "expected"), [
    ("ready", "XF01", NOW + timedelta(days=1), Verdict.READY),
    ("ready", "XF01", NOW - timedelta(seconds=1), Verdict.OVERDUE),
    ("ready", "XF02", NOW + timedelta(days=1), Verdict.OTHER_STATION),
    ("handed_over", "XF01", NOW, Verdict.ALREADY_HANDED_OVER),
    ("cancelled", "XF01", NOW, Verdict.CANCELLED),
    ("returned", "XF01", NOW, Verdict.RETURNED),
    ("not_arrived", "XF01", NOW + timedelta(days=1), Verdict.NOT_ARRIVED),
])
def test_verdicts(state: str, station: str, deadline: datetime, expected: Verdict) -> None:
    assert verdict_for(state, station, "XF01", deadline, NOW) is expected
    assert expected.can_hand_over is (expected in (Verdict.READY, Verdict.OVERDUE))
