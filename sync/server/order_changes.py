"""Orders whose life a station's events changed, published on the orders stream once each.

Head office keeps each order as it is now (handed over, on the shelf with its slot and
deadline, returned) and the change log keeps only the newest entry per order
(changelog.append_changes), so a counter pulling from the start sees every order as it is
now, and a finished order without the resident's personal data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.protocol import (
    GoodsReceivedPayload,
    HandoverCompletedPayload,
    OrderSlottedPayload,
    OrderSortedPayload,
    ReturnShippedPayload,
)
from sync.server.changelog import append_changes
from sync.server.headoffice import order_data
from sync.server.models import Order, OrderLine

FINISHED = ("handed_over", "cancelled", "returned")


class OrderChanges:
    """Collects, per order, what the accepted events of one batch changed."""

    def __init__(self, session: Session, station_id: str) -> None:
        self.session = session
        self.station_id = station_id
        self.changed: dict[str, dict[str, Any]] = {}

    def note(self, event_id: str, payload: BaseModel | None, occurred_at: datetime) -> None:
        if isinstance(payload, HandoverCompletedPayload):
            self._set(payload.order_no, state="handed_over",
                      finished_at=payload.handed_over_at.astimezone(UTC))
        elif isinstance(payload, GoodsReceivedPayload):
            for order_no in (*payload.ready_orders, *payload.short_orders):
                self._set(order_no, state="ready")
            for placed in payload.orders:
                self._set(placed.order_no, state=placed.state, slot=placed.slot,
                          holding_deadline=placed.holding_deadline.astimezone(UTC))
        elif isinstance(payload, OrderSortedPayload):
            self._set(payload.order_no, state=payload.state, slot=payload.slot,
                      holding_deadline=payload.holding_deadline.astimezone(UTC))
        elif isinstance(payload, OrderSlottedPayload):
            self._set(payload.order_no, slot=payload.slot)
        elif isinstance(payload, ReturnShippedPayload):
            for order_no in payload.returned_orders:
                self._set(order_no, state="returned", finished_at=occurred_at)

    def _set(self, order_no: str, **values: Any) -> None:
        current = self.changed.setdefault(order_no, {})
        if current.get("state") in FINISHED and values.get("state") not in FINISHED:
            values.pop("state", None)  # a finished order stays finished
        current.update(values)

    def publish(self, now: datetime) -> int:
        """Apply the changes to head office's orders and publish them. Returns how many."""
        if not self.changed:
            return 0
        orders = self.session.scalars(select(Order).where(
            Order.order_no.in_(list(self.changed)), Order.station_id == self.station_id)).all()
        lines: dict[str, list[dict[str, Any]]] = {}
        for line in self.session.scalars(select(OrderLine).where(
                OrderLine.order_no.in_([o.order_no for o in orders]))
                .order_by(OrderLine.order_no, OrderLine.line_no)):
            lines.setdefault(line.order_no, []).append(
                {"line_no": line.line_no, "sku": line.sku, "quantity": line.quantity,
                 "unit_price_fen": line.unit_price_fen})
        published = []
        for order in orders:
            values = self.changed[order.order_no]
            if order.state in FINISHED and values.get("state") not in FINISHED:
                values.pop("state", None)
            for key, value in values.items():
                setattr(order, key, value)
            published.append((order.station_id, order.order_no,
                              order_data(_row(order), lines.get(order.order_no, []))))
        self.session.flush()
        return append_changes(self.session, "orders", published, now)


def _row(order: Order) -> dict[str, Any]:
    return {column: getattr(order, column) for column in (
        "order_no", "station_id", "pickup_code", "masked_phone", "phone_tail", "customer_name",
        "slot", "state", "holding_deadline", "created_at", "finished_at")}
