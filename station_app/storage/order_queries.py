"""Reading orders the way the counter shows them: each with its lines, items, handover and
per-line outcomes, in one statement.

A scan at the counter waits for this read. Loading `Order` objects and then their relations
took three statements and most of the lookup's time, and building a statement (and its cache
key) costs more than SQLite takes to run it, so each statement is built once.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Integer,
    and_,
    bindparam,
    case,
    func,
    select,
)

from station_app.storage.models import (
    CatalogueItem,
    Handover,
    HandoverLine,
    Order,
    OrderLine,
    PrintJob,
    Staff,
)


class ViewsBy(StrEnum):
    """What a lookup picks orders by (see `views_statement`)."""

    PICKUP_CODE = "pickup_code"
    ORDER_NO = "order_no"
    PHONE_TAIL = "phone_tail"  # of `:station`, in the `:states` a resident may still collect
    ID = "id"


@cache
def views_statement(by: ViewsBy) -> Executable:
    """The statement reading the orders `by` picks for `:value` (`:station` and `:states`
    too, for phone tails): one row per order line, the orders in the lookup's order (pickup
    codes are reused across weeks: newest first), an order without lines as one row."""
    value: BindParameter[Any] = bindparam("value")
    criterion: ColumnElement[bool]
    order_by: ColumnElement[Any]
    match by:
        case ViewsBy.PICKUP_CODE | ViewsBy.ORDER_NO:
            column = Order.pickup_code if by is ViewsBy.PICKUP_CODE else Order.order_no
            criterion, order_by, limit = column == value, Order.created_at.desc(), 20
        case ViewsBy.PHONE_TAIL:
            criterion = and_(Order.phone_tail == value,
                             Order.state.in_(bindparam("states", expanding=True)),
                             Order.station_id == bindparam("station"))
            order_by, limit = Order.holding_deadline.asc(), 50
        case ViewsBy.ID:
            criterion, order_by, limit = Order.id == value, Order.id.asc(), 1
    picked = select(Order.id).where(criterion).order_by(order_by).limit(limit).subquery()
    return (
        select(Order.id, Order.order_no, Order.station_id, Order.pickup_code,
               Order.masked_phone, Order.customer_name, Order.slot, Order.state,
               Order.holding_deadline, Order.shortage, Handover.handed_over_at,
               Staff.name.label("handed_over_by"), OrderLine.id.label("line_id"),
               OrderLine.line_no, OrderLine.sku, CatalogueItem.name.label("item_name"),
               CatalogueItem.unit, OrderLine.quantity, OrderLine.unit_price_fen,
               OrderLine.short_quantity, OrderLine.placed_quantity, Order.sorted_at,
               HandoverLine.outcome)
        .select_from(picked)
        .join(Order, Order.id == picked.c.id)
        .outerjoin(Handover, Handover.order_id == Order.id)
        .outerjoin(Staff, Staff.id == Handover.staff_id)
        .outerjoin(OrderLine, OrderLine.order_id == Order.id)
        .outerjoin(CatalogueItem, CatalogueItem.sku == OrderLine.sku)
        .outerjoin(HandoverLine, and_(HandoverLine.handover_id == Handover.id,
                                      HandoverLine.order_line_id == OrderLine.id))
        .order_by(order_by, Order.id, OrderLine.line_no, HandoverLine.id)
    )


@cache
def recent_handovers_statement() -> Executable:
    """The newest `:limit` handovers with their order, staff, units, and lines whose outcome
    is not `:taken`.

    The handovers are picked by their own key before anything is joined: left to itself,
    SQLite once walked all 100,000 orders to find them (16 ms, with the statistics knowing
    the orders but not the handovers), and every scan after a handover queued behind it on
    the database lane."""
    newest = (select(Handover.id).order_by(Handover.id.desc())
              .limit(bindparam("limit", type_=Integer)).subquery())
    counts = (select(HandoverLine.handover_id,
                     func.sum(HandoverLine.quantity).label("units"),
                     func.sum(case((HandoverLine.outcome != bindparam("taken"), 1), else_=0))
                     .label("exceptions"))
              .join(newest, newest.c.id == HandoverLine.handover_id)
              .group_by(HandoverLine.handover_id).subquery())
    return (
        select(Handover.id, Order.order_no, Order.customer_name, Order.masked_phone,
               Order.slot, Handover.handed_over_at, Staff.name.label("staff_name"),
               func.coalesce(counts.c.units, 0).label("units"),
               func.coalesce(counts.c.exceptions, 0).label("exceptions"))
        .select_from(newest)
        .join(Handover, Handover.id == newest.c.id)
        .join(Order, Order.id == Handover.order_id)
        .join(Staff, Staff.id == Handover.staff_id)
        .outerjoin(counts, counts.c.handover_id == Handover.id)
        .order_by(Handover.id.desc())
    )


@cache
def latest_print_jobs_statement() -> Executable:
    """The print jobs of the orders `:references` (a list), oldest first: the last one seen
    for an order is its newest."""
    return (select(PrintJob.id, PrintJob.reference, PrintJob.status)
            .where(PrintJob.reference.in_(bindparam("references", expanding=True)))
            .order_by(PrintJob.id))
