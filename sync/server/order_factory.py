"""Believable orders for a station, published by head office: what `generate-orders`, the
tests and the benchmarks use.

The orders themselves come from the core's factory (station_app.domain.order_factory), the
one the demo station seeds its day with, so numbers, codes and catalogue line up on both sides.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import business_day
from station_app.domain.order_factory import CATALOGUE, MadeOrder, make_order, order_prefix
from sync.server.changelog import lock_change_log
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import HeadOfficeError, add_orders, now_utc, upsert_catalogue
from sync.server.models import Order, Station

_INSERT_CHUNK = 2000  # orders per statement batch: bounded memory for big runs


def ensure_catalogue(db: HeadOfficeDb) -> None:
    upsert_catalogue(db, [(sku, name, unit, price, barcode)
                          for sku, name, unit, price, barcode in CATALOGUE])


def generate_orders(db: HeadOfficeDb, station_id: str, count: int, seed: int | None = None,
                    now: datetime | None = None, arrived: bool = True) -> list[str]:
    """Make `count` orders due at `station_id` and publish them. Returns their numbers.

    Raises HeadOfficeError("unknown_station").
    """
    ensure_catalogue(db)
    rng = random.Random(seed)
    now = now or now_utc()
    day = business_day(now)
    prefix = order_prefix(station_id, day)
    numbers: list[str] = []
    while len(numbers) < count:
        with db.writing() as session:
            # Numbers and codes are chosen inside the writing transaction, under the change
            # log lock, so two concurrent runs never pick the same ones.
            lock_change_log(session)
            if session.get(Station, station_id) is None:
                raise HeadOfficeError("unknown_station", f"no station {station_id}")
            taken_codes = set(session.scalars(select(Order.pickup_code).where(
                Order.station_id == station_id, Order.handed_over_event_id.is_(None))))
            start = _last_number(session, prefix)
            size = min(_INSERT_CHUNK, count - len(numbers))
            batch = [_rows(make_order(rng, station_id, day, n, taken_codes), n, now, arrived)
                     for n in range(start + 1, start + size + 1)]
            add_orders(session, batch, now)
        numbers += [order["order_no"] for order, _ in batch]
    return numbers


def _last_number(session: Session, prefix: str) -> int:
    """The day's highest order number so far: one step down the primary key's index (a
    count, or LIKE, would read every order of the station, under the change-log lock)."""
    last = session.scalar(select(func.max(Order.order_no)).where(
        Order.order_no > prefix, Order.order_no < prefix + "~"))
    tail = (last or "")[len(prefix):]
    return int(tail) if tail.isdigit() else 0


def _rows(made: MadeOrder, n: int, now: datetime, arrived: bool
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    order = {
        "order_no": made.order_no, "station_id": made.station_id,
        "pickup_code": made.pickup_code, "masked_phone": made.masked_phone,
        "phone_tail": made.phone_tail, "customer_name": made.customer_name,
        "slot": made.slot if arrived else None,
        "state": "ready" if arrived else "not_arrived",
        "holding_deadline": now + timedelta(days=2, hours=n % 24),
        "created_at": now - timedelta(hours=12, seconds=n % 3600),
        "cancelled_at": None, "handed_over_event_id": None,
    }
    lines = [{"line_no": line.line_no, "sku": line.sku, "quantity": line.quantity,
              "unit_price_fen": line.unit_price_fen} for line in made.lines]
    return order, lines
