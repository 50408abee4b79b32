"""What the resident sees of a handover on the customer display (ui/resident_view.py): the
orders with their masked name, slot and items, and where the handover stands. Built from the
core's views field by field, so nothing the resident must not see (the pickup code, the phone)
can come along."""

from __future__ import annotations

from station_app.domain.order_state import Verdict
from station_app.services.handover_views import HandoverDone, OrderView
from ui.messages import Severity
from ui.resident_view import (
    Outcome,
    ResidentHandover,
    ResidentItem,
    ResidentOrder,
    Tone,
)

_OUTCOME = {
    Verdict.READY: Outcome.CHECK,
    Verdict.OVERDUE: Outcome.CHECK,
    Verdict.ALREADY_HANDED_OVER: Outcome.ALREADY,
    Verdict.CANCELLED: Outcome.CANCELLED,
    Verdict.OTHER_STATION: Outcome.OTHER_STATION,
}


def resident_order(order: OrderView) -> ResidentOrder:
    return ResidentOrder(order.order_no, order.customer_name, order.slot,
                         tuple(ResidentItem(line.name, line.quantity) for line in order.lines))


def looked_up(orders: tuple[OrderView, ...], severity: Severity) -> ResidentHandover:
    """An order (or a household's) came up at the counter."""
    outcome = _OUTCOME.get(orders[0].verdict, Outcome.NOT_READY)
    return ResidentHandover(tuple(resident_order(order) for order in orders), outcome,
                            Tone(severity.value))


def handed_over(done: HandoverDone, severity: Severity) -> ResidentHandover:
    """The handover went through: all taken, or some lines not (missing, damaged…)."""
    return ResidentHandover(tuple(resident_order(order) for order in done.orders),
                            Outcome.PARTLY if done.exception_count else Outcome.HANDED_OVER,
                            Tone(severity.value))


def refused(severity: Severity) -> ResidentHandover:
    """The code did not open an order that can go out: the resident asks staff."""
    return ResidentHandover((), Outcome.REFUSED, Tone(severity.value))
