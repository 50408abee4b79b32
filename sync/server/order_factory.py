"""Believable orders for a station: what `generate-orders`, the demo and the benchmarks use.

The catalogue is the demo station's (station_app.demo_data), so SKUs line up on both sides.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from station_app.clock import CHINA
from station_app.demo_data import CATALOGUE, SURNAMES
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
    prefix = f"{station_id}-{now.astimezone(CHINA).strftime('%y%m%d')}-"
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
            start = session.scalar(select(func.count()).select_from(Order)
                                   .where(Order.order_no.like(f"{prefix}%"))) or 0
            size = min(_INSERT_CHUNK, count - len(numbers))
            batch = [_one_order(rng, station_id, f"{prefix}{n:06d}", n, now, taken_codes,
                                arrived) for n in range(start + 1, start + size + 1)]
            add_orders(session, batch, now)
        numbers += [order["order_no"] for order, _ in batch]
    return numbers


def _one_order(rng: random.Random, station_id: str, order_no: str, n: int, now: datetime,
               taken_codes: set[str], arrived: bool
               ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    while (code := f"{rng.randrange(100000, 1000000)}") in taken_codes:
        pass
    taken_codes.add(code)
    tail = f"{rng.randrange(10000):04d}"
    order = {
        "order_no": order_no, "station_id": station_id, "pickup_code": code,
        "masked_phone": f"1{rng.choice('3578')}{rng.randrange(10)}****{tail}",
        "phone_tail": tail, "customer_name": f"{rng.choice(SURNAMES)}**",
        "slot": f"{'ABCD'[n % 4]}-{n % 5 + 1}-{n % 1000:03d}" if arrived else None,
        "state": "ready" if arrived else "not_arrived",
        "holding_deadline": now + timedelta(days=2, hours=n % 24),
        "created_at": now - timedelta(hours=12, seconds=n % 3600),
        "cancelled_at": None, "handed_over_event_id": None,
    }
    lines = [{"line_no": line_no, "sku": sku, "quantity": rng.choice((1, 1, 1, 2, 3)),
              "unit_price_fen": price}
             for line_no, (sku, _name, _unit, price, _barcode)
             in enumerate(rng.sample(CATALOGUE, rng.choice((1, 2, 2, 3, 3, 4, 5))), start=1)]
    return order, lines
