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
from sqlalchemy import Update, bindparam, select, update
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
from sync.server.models import Order, OrderLine, table_of

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

    def hand_over(self, order_no: str, event_id: str) -> None:
        """The event that handed the order over, written with the order's other changes."""
        self.changed.setdefault(order_no, {})["handed_over_event_id"] = event_id

    def publish(self, now: datetime) -> int:
        """Apply the changes to head office's orders and publish them. Returns how many.

        Core statements, not the ORM: one read of the orders with their lines, and one UPDATE
        per set of changed columns (executemany), however many orders the batch changed."""
        if not self.changed:
            return 0
        connection = self.session.connection()
        rows: dict[str, dict[str, Any]] = {}
        lines: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(_ORDERS_WITH_LINES, {
                "order_nos": list(self.changed), "station": self.station_id}).mappings():
            order_no = row["order_no"]
            if order_no not in rows:
                rows[order_no] = {column: row[column] for column in _ORDER_COLUMNS}
                lines[order_no] = []
            if row["line_no"] is not None:
                lines[order_no].append({key: row[key] for key in _LINE_COLUMNS})
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        published = []
        for order_no, order in rows.items():
            values = self.changed[order_no]
            if order["state"] in FINISHED and values.get("state") not in FINISHED:
                values.pop("state", None)
            order.update(values)
            updates.setdefault(tuple(sorted(values)), []).append(
                {"o_no": order_no, **{f"new_{key}": value for key, value in values.items()}})
            published.append((order["station_id"], order_no,
                              order_data(order, lines[order_no])))
        for columns, params in updates.items():
            if columns:
                connection.execute(_update_of(columns), params)
        return append_changes(self.session, "orders", published, now)


_ORDERS, _LINES = table_of(Order), table_of(OrderLine)
_ORDER_COLUMNS = ("order_no", "station_id", "pickup_code", "masked_phone", "phone_tail",
                  "customer_name", "slot", "state", "holding_deadline", "created_at",
                  "finished_at")
_LINE_COLUMNS = ("line_no", "sku", "quantity", "unit_price_fen")
# The station's orders and their lines, in one statement (an order without lines: one row
# with NULL line columns).
_ORDERS_WITH_LINES = select(*(_ORDERS.c[column] for column in _ORDER_COLUMNS),
                            *(_LINES.c[column] for column in _LINE_COLUMNS)).select_from(
    _ORDERS.outerjoin(_LINES, _LINES.c.order_no == _ORDERS.c.order_no)).where(
    _ORDERS.c.order_no.in_(bindparam("order_nos", expanding=True)),
    _ORDERS.c.station_id == bindparam("station")).order_by(_ORDERS.c.order_no,
                                                           _LINES.c.line_no)
_UPDATES: dict[tuple[str, ...], Update] = {}


def _update_of(columns: tuple[str, ...]) -> Update:
    """`UPDATE ho_orders SET <columns>` by order number; built once per set of columns."""
    statement = _UPDATES.get(columns)
    if statement is None:
        statement = _UPDATES[columns] = update(_ORDERS).where(
            _ORDERS.c.order_no == bindparam("o_no")).values(
            {column: bindparam(f"new_{column}") for column in columns})
    return statement
