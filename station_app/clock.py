"""Time source for the core: always timezone-aware UTC, replaceable in tests and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# The stations' business day: order numbers, receipts, day close and reports all use the local
# date in China (UTC+8, no daylight saving), whatever the counter PC's own zone is set to.
CHINA = timezone(timedelta(hours=8), "CST")
