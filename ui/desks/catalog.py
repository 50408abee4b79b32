"""The desks the counter window offers after handover, in the order of the desk bar."""

from __future__ import annotations

from collections.abc import Callable

from ui.desks.base import Desk, DeskContext
from ui.desks.count_desk import CountDesk
from ui.desks.overdue_desk import OverdueDesk
from ui.desks.receiving_desk import ReceivingDesk
from ui.desks.reports_desk import ReportsDesk
from ui.desks.returns_desk import ReturnsDesk
from ui.desks.sales_desk import SalesDesk
from ui.desks.shift_desk import ShiftDesk
from ui.desks.sorting_desk import SortingDesk
from ui.desks.stock_desk import StockDesk

DeskFactory = Callable[[DeskContext], Desk]


def default_desks() -> list[tuple[str, DeskFactory]]:
    """(name, factory) per desk: Alt+2 onwards, in the order of a station's day (sorting,
    added later, is Alt+0)."""
    return [
        ("receiving", ReceivingDesk),
        ("sales", SalesDesk),
        ("shift", ShiftDesk),
        ("returns", ReturnsDesk),
        ("overdue", OverdueDesk),
        ("stock", StockDesk),
        ("count", CountDesk),
        ("reports", ReportsDesk),
        # Last, so the keys staff know keep their numbers: Alt+0.
        ("sorting", SortingDesk),
    ]
