"""The desks the counter window offers after handover, in the order of the desk bar."""

from __future__ import annotations

from collections.abc import Callable

from ui.desks.base import Desk, DeskContext

DeskFactory = Callable[[DeskContext], Desk]


def default_desks() -> list[tuple[str, DeskFactory]]:
    """(name, factory) per desk: Alt+2 onwards, in the order of a station's day."""
    return []
