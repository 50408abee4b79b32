"""One order factory for head office and the demo (issue 13, item 10): the demo's orders have
head office's formats (6-digit sequences, the station's business day), and the demo day is
the same on every machine, with its shape."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from station_app.clock import business_day
from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION, SHARED_PHONE_TAIL, seed_demo
from station_app.domain.order_factory import (
    CATALOGUE,
    make_order,
    order_number,
    order_sequence,
)
from station_app.storage.database import open_database
from station_app.storage.models import Manifest, Order, RefundRequest
from sync.server.db import HeadOfficeDb
from sync.server.headoffice import create_station
from sync.server.models import Order as HeadOfficeOrder
from sync.server.order_factory import generate_orders
from tests.helpers import rows

HEAD_OFFICE_FORMAT = re.compile(r"^(?P<station>[A-Z0-9]+)-(?P<day>\d{6})-(?P<n>\d{6})$")
LATE = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # the 26th at the station


def test_numbers_codes_and_lines_come_from_one_place() -> None:
    taken: set[str] = set()
    made = make_order(random.Random(7), "XF01", business_day(LATE), 42, taken)
    assert made.order_no == "XF01-261126-000042" == order_number("XF01", business_day(LATE), 42)
    assert order_sequence(made.order_no) == 42
    assert re.fullmatch(r"\d{6}", made.pickup_code) and taken == {made.pickup_code}
    assert re.fullmatch(r"1[3578]\d\*\*\*\*\d{4}", made.masked_phone)
    assert made.masked_phone.endswith(made.phone_tail) and made.customer_name.endswith("**")
    assert made.slot == "C-3-042"
    skus = {sku for sku, *_ in CATALOGUE}
    assert made.lines and all(line.sku in skus for line in made.lines)
    shared = make_order(random.Random(7), "XF01", business_day(LATE), 3, set(),
                        phone_tail=SHARED_PHONE_TAIL)
    assert shared.phone_tail == SHARED_PHONE_TAIL and shared.masked_phone.endswith("8888")


def test_the_demo_numbers_its_orders_as_head_office_does(
        tmp_path: Path, pc_zone: Callable[[str], None]) -> None:
    pc_zone("UTC")  # a PC in UTC calls the moment the 25th, and the day before the 24th
    db = open_database(tmp_path / "station.db", tmp_path / "backups")
    try:
        seed_demo(db, LATE)
        numbers = [n for (n,) in rows(db, "SELECT order_no FROM orders ORDER BY id")]
    finally:
        db.close()
    ho = HeadOfficeDb(f"sqlite:///{tmp_path / 'headoffice.db'}", migrate=True)
    create_station(ho, "XF07", "光明里自提点")
    made = generate_orders(ho, "XF07", 3, seed=1, now=LATE)
    for number in numbers + made:
        assert HEAD_OFFICE_FORMAT.match(number) is not None, number
    # On the station's days, not the PC's: the demo's orders were placed the day before.
    assert numbers[0] == f"{DEMO_STATION}-261125-000001"
    assert {number[5:11] for number in numbers} == {"261125"}
    assert made == ["XF07-261126-000001", "XF07-261126-000002", "XF07-261126-000003"]
    with ho.reading() as session:
        assert session.scalars(select(HeadOfficeOrder.slot)).all()
    ho.engine.dispose()


def test_head_office_needs_only_the_small_core_factory() -> None:
    code = ("import sys, sync.server.order_factory; "
            "print('station_app.demo_data' in sys.modules)")
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert answer.stdout.strip() == "False"


def snapshot(root: Path) -> list[tuple[object, ...]]:
    counter = open_counter(root, demo=True)
    try:
        with counter.db.reading() as session:
            return [(o.order_no[-6:], o.pickup_code, o.masked_phone, o.customer_name, o.slot,
                     o.state, o.station_id, tuple((line.sku, line.quantity) for line in o.lines))
                    for o in session.scalars(select(Order).order_by(Order.id))]
    finally:
        counter.close()


def test_the_demo_day_is_the_same_everywhere_and_keeps_its_shape(tmp_path: Path) -> None:
    first = snapshot(tmp_path / "one")
    assert first == snapshot(tmp_path / "two")
    counter = open_counter(tmp_path / "one", demo=True)
    try:
        db = counter.db
        states = dict(rows(db, "SELECT state, count(*) FROM orders GROUP BY state"))
        assert states == {"ready": 235, "handed_over": 40, "cancelled": 21, "not_arrived": 24}
        assert len(first) == 320
        assert rows(db, "SELECT count(*) FROM orders WHERE station_id = 'XF02'")[0][0] == 6
        assert rows(db, "SELECT count(*) FROM orders WHERE phone_tail = :t",
                    t=SHARED_PHONE_TAIL)[0][0] == 3
        with db.reading() as session:
            manifest = session.scalar(select(Manifest))
            assert manifest is not None
            waiting = {o.order_no for o in session.scalars(
                select(Order).where(Order.state == "not_arrived"))}
            assert {o.order_no for o in manifest.orders} == waiting
            assert len(session.scalars(select(RefundRequest)).all()) == 18
    finally:
        counter.close()
