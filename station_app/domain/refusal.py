"""A business action refused before anything was written: why, and what it is about.

Services raise a subclass per use case with their own reason enum, so a desk can tell staff
exactly what happened and what to do next.
"""

from __future__ import annotations

from enum import StrEnum


class Refused(Exception):
    """Nothing was written. `reason` says why; `items` names what it is about, one text each
    (the orders not overdue and why, the unscanned lines, …)."""

    def __init__(self, reason: StrEnum, detail: str = "", *,
                 items: tuple[str, ...] = ()) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.items = items
