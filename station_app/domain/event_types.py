"""The facts a station tells head office: one name per kind of event, shared by the services
that write them, the replay that re-applies them and the sync protocol that carries them."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    HANDOVER_COMPLETED = "handover.completed"
    GOODS_RECEIVED = "goods.received"
    ORDER_SLOTTED = "order.slotted"
    ORDER_SORTED = "order.sorted"  # every unit in its bag (or short), or a sort taken back
    SALE_COMPLETED = "sale.completed"
    SALE_REFUNDED = "sale.refunded"
    STOCK_COUNTED = "stock.counted"
    REFUND_REQUESTED = "refund.requested"
    ORDER_REMINDED = "order.reminded"
    RETURN_SHIPPED = "return.shipped"
    SHIFT_OPENED = "shift.opened"
    CASH_MOVED = "cash.moved"
    SHIFT_CLOSED = "shift.closed"
    STAFF_CHANGED = "staff.changed"  # added or deactivated (names and roles, never a PIN)
    HOLDING_PERIOD_SET = "holding_period.set"
