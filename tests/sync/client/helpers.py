"""What head office and the counter hold, read the way the sync tests compare them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select

from station_app.counter import Counter
from station_app.storage.models import Order
from sync.server.db import HeadOfficeDb
from sync.server.models import ReceivedEvent, StockMovement
from sync.server.order_factory import generate_orders
from tests.helpers import rows


def new_orders(ho: HeadOfficeDb, station_id: str, count: int, seed: int,
               now: datetime | None = None) -> list[str]:
    return generate_orders(ho, station_id, count, seed=seed, now=now)


def hand_over_all(counter: Counter, order_nos: list[str]) -> list[str]:
    """Confirm each order at the counter, as staff would offline. Returns the event ids."""
    return [counter.handovers.confirm(order_no, counter.staff_id, _code(counter, order_no)).event_id
            for order_no in order_nos]


def _code(counter: Counter, order_no: str) -> str:
    order = counter.handovers.order(order_no)
    assert order is not None
    return order.pickup_code


def local_ready(counter: Counter, order_nos: list[str]) -> int:
    with counter.db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Order).where(
            Order.order_no.in_(order_nos), Order.state == "ready")) or 0)


def held_events(ho: HeadOfficeDb, station_id: str) -> list[tuple[int, str, str]]:
    """(seq, event id, status) of every event head office holds, by seq."""
    with ho.reading() as session:
        return [(r.station_seq, r.event_id, r.status) for r in session.execute(
            select(ReceivedEvent.station_seq, ReceivedEvent.event_id, ReceivedEvent.status)
            .where(ReceivedEvent.station_id == station_id)
            .order_by(ReceivedEvent.station_seq))]


def head_office_stock(ho: HeadOfficeDb, station_id: str) -> dict[str, int]:
    with ho.reading() as session:
        return {sku: int(total) for sku, total in session.execute(
            select(StockMovement.sku, func.sum(StockMovement.delta))
            .where(StockMovement.station_id == station_id).group_by(StockMovement.sku))}


def station_outbox(counter: Counter) -> list[tuple[int, str, bool]]:
    """(seq, event id, acknowledged) of the counter's outbox, by seq."""
    return [(r.station_seq, r.event_id, r.acked_at is not None) for r in rows(
        counter.db, "SELECT station_seq, event_id, acked_at FROM outbox_event ORDER BY 1")]


def movements_of(counter: Counter, event_ids: set[str]) -> dict[str, int]:
    """Per SKU, the sum of movements the given events carry (what head office should add)."""
    totals: dict[str, int] = defaultdict(int)
    for event_id, payload in rows(counter.db, "SELECT event_id, payload FROM outbox_event"):
        if event_id in event_ids:
            import json

            for movement in json.loads(payload)["movements"]:
                totals[movement["sku"]] += movement["delta"]
    return {sku: total for sku, total in totals.items() if total}


def assert_head_office_holds_all(counter: Counter, ho: HeadOfficeDb, station_id: str) -> None:
    """Every outbox event acknowledged, held exactly once, in sequence; stock sums agree."""
    outbox = station_outbox(counter)
    held = held_events(ho, station_id)
    assert [seq for seq, _, _ in held] == list(range(1, len(outbox) + 1))
    assert [(seq, event_id) for seq, event_id, _ in held] == \
        [(seq, event_id) for seq, event_id, _ in outbox]
    assert all(acked for _, _, acked in outbox)
    applied = {event_id for _, event_id, status in held if status == "applied"}
    stock = {sku: total for sku, total in head_office_stock(ho, station_id).items() if total}
    assert stock == movements_of(counter, applied)
