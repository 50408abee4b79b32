"""The household at once: a resident's several ready orders shown as one card.

The card works on line ids, which are unique across orders, so the household's lines side by
side keep their own outcomes; the core gets the first order, its proof and the others (`more`),
and checks again that they are the same resident's.
"""

from __future__ import annotations

from dataclasses import replace

from station_app.domain.order_state import Verdict
from station_app.services.handover_views import OrderView

SEPARATOR = " · "


def as_one_card(orders: tuple[OrderView, ...]) -> OrderView:
    """The orders as one card: every line (named with its order's slot), each order's slot,
    the overdue warning if any order is overdue, every shortage."""
    first = orders[0]
    if len(orders) == 1:
        return first
    lines = tuple(replace(line, name=f"[{order.slot or order.order_no}] {line.name}")
                  for order in orders for line in order.lines)
    overdue = any(order.verdict is Verdict.OVERDUE for order in orders)
    shortages = [f"{order.slot or order.order_no}: {order.shortage}"
                 for order in orders if order.shortage]
    return replace(
        first, lines=lines, household=(),
        slot=SEPARATOR.join(order.slot or "—" for order in orders),
        verdict=Verdict.OVERDUE if overdue else first.verdict,
        holding_deadline=min(order.holding_deadline for order in orders),
        shortage=SEPARATOR.join(shortages) or None)
