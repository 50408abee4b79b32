"""A sorted day replayed: the events of a day's receiving and sorting, replayed on the counter
as it was before (a backup restored, a replacement PC), give every order the placed and short
units, sorted time, state, deadline and shortage the day gave it, and the same stock."""

from __future__ import annotations

import shutil
from collections import Counter as Tally
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from station_app.counter import Counter, open_counter
from station_app.services.receiving import Receiving
from station_app.services.replay import replay
from station_app.services.slots import ShelfLayout
from station_app.services.sorting import Sorting
from station_app.services.sorting_views import BagView, Placement, SortingRefusal, SortingRefused
from station_app.storage.database import Database, open_database
from tests.helpers import rows, scalar
from tests.unit.services.test_receiving import MANIFEST, manifest_for, store
from tests.unit.services.test_replay import copy_database, held_events
from tests.unit.services.test_sorting import LATER, NOW, barcode

# What sorting decides about an order and its lines, and the stock (which it must not move).
COMPARED = {
    "orders": "SELECT order_no, state, slot, holding_deadline, arrived_at, shortage, sorted_at "
              "FROM orders",
    "order_line": "SELECT o.order_no, l.line_no, l.sku, l.quantity, l.placed_quantity, "
                  "l.short_quantity FROM order_line l JOIN orders o ON o.id = l.order_id",
    "stock_balance": "SELECT sku, quantity FROM stock_balance",
}
# Orders that went on the shelf on an earlier day: nothing to sort of them today.
EARLIER = ("UPDATE orders SET arrived_at = '2026-11-20T08:00:00.000000Z' "
           "WHERE arrived_at IS NOT NULL")


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(tuple(row) for row in rows(db, sql)) for table, sql in COMPARED.items()}


@pytest.fixture
def counter(_seeded: Path, tmp_path: Path) -> Iterator[Counter]:
    shutil.copytree(_seeded, tmp_path / "data")
    opened = open_counter(tmp_path / "data")
    with opened.db.writing() as session:
        session.execute(text(EARLIER))
    yield opened
    opened.close()


def receive_one_product_short(counter: Counter, ready_when: str) -> str:
    """The demo's waiting orders delivered, the product most of them want two units short.
    Returns that product."""
    store(counter.db, manifest_for(counter.db))
    receiving = Receiving(counter.db, "XF01", lambda: NOW, ShelfLayout(print_labels=False),
                          ready_when=ready_when)
    lines = receiving.manifest(MANIFEST).lines
    scarce = max(lines, key=lambda line: (line.expected, line.sku)).sku
    for line in lines:
        receiving.set_count(MANIFEST, line.sku, line.expected - (2 if line.sku == scarce else 0))
    receiving.receive(MANIFEST, counter.staff_id)
    return scarce


def sort_the_day(counter: Counter, service: Sorting) -> str:
    """A day's sorting with every kind of step: a bag sorted by order, taken back (Ctrl+Z) and
    finished again; a product that runs out on the table; the rest by product; and the last
    placement taken back, leaving its order unsorted. Returns that order."""
    staff = counter.staff_id
    lines = Tally(entry.order_no for entry in service.sheet().entries)
    by_order = min(no for no, count in lines.items() if count > 1)
    assert isinstance(service.scan(by_order, staff), BagView)
    for line in service.bag(by_order).lines:
        for _ in range(line.left):
            last = service.scan(barcode(counter.db, line.sku), staff, bag=by_order)
    assert isinstance(last, Placement) and last.finished
    assert service.undo_last(staff).reopened
    again = service.scan(barcode(counter.db, last.sku), staff, bag=by_order)
    assert isinstance(again, Placement) and again.finished

    bags = Tally(entry.sku for entry in service.sheet().entries)
    runs_out = min(sku for sku, count in bags.items() if count > 1)  # on the table for two
    service.scan(barcode(counter.db, runs_out), staff)
    assert service.short(runs_out, staff).units > 0

    for product in service.progress().products:
        while True:
            try:
                last = service.scan(barcode(counter.db, product.sku), staff)
            except SortingRefused as refused:
                assert refused.reason is SortingRefusal.ALL_PLACED
                break
    assert service.progress().left == 0 and isinstance(last, Placement)
    undone = service.undo_last(staff)
    assert undone.reopened and undone.bag.order_no == last.bag.order_no
    return undone.bag.order_no


@pytest.mark.parametrize("ready_when", ["received", "sorted"])
def test_a_sorted_day_replayed_gives_every_order_what_the_day_gave_it(
        counter: Counter, tmp_path: Path, ready_when: str) -> None:
    start = tmp_path / "start" / "station.db"
    start.parent.mkdir()
    copy_database(counter.db, start)
    before = scalar(counter.db, "SELECT max(station_seq) FROM outbox_event")

    scarce = receive_one_product_short(counter, ready_when)
    service = Sorting(counter.db, "XF01", lambda: LATER, ready_when=ready_when)
    reopened = sort_the_day(counter, service)
    events = held_events(counter.db, before)
    kinds = [event.type for event in events]
    assert kinds[0] == "goods.received" and set(kinds[1:]) == {"order.sorted"}
    assert [e.payload["sorted"] for e in events[1:]].count(False) == 2, "two bags taken back"

    day = dump(counter.db)
    assert scalar(counter.db, "SELECT state FROM orders WHERE order_no = :no", no=reopened) == \
        ("arrived" if ready_when == "sorted" else "ready")
    short_at_receiving = scalar(counter.db, "SELECT count(*) FROM order_line WHERE sku = :sku "
                                            "AND short_quantity > 0", sku=scarce)
    assert short_at_receiving and scalar(
        counter.db, "SELECT count(*) FROM orders WHERE sorted_at IS NOT NULL AND shortage "
                    "IS NOT NULL") > 0, "the day has shortages, from receiving and sorting"

    replica = open_database(start, tmp_path / "start" / "backups")
    try:
        with replica.writing() as session:
            for event in events:
                assert replay(session, counter.station_id, event, datetime.now(UTC)) == []
            # Replayed twice (a second recovery): nothing happens again.
            assert all(replay(session, counter.station_id, event, datetime.now(UTC)) is None
                       for event in events)
        replayed = dump(replica)
    finally:
        replica.close()
    for table in COMPARED:
        missing = sorted(set(day[table]) - set(replayed[table]))
        extra = sorted(set(replayed[table]) - set(day[table]))
        assert (missing, extra) == ([], []), table
