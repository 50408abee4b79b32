"""Time source for the core: always timezone-aware UTC, replaceable in tests and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
