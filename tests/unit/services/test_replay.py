"""Replaying a station's events onto the database they started from writes the rows the
actions wrote: every kind of event, through the real services, compared table by table."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from station_app.counter import Counter, open_counter
from station_app.domain.outcome import LineOutcome
from station_app.services.after_sales import AfterSales
from station_app.services.overdue import Overdue
from station_app.services.receiving import Receiving
from station_app.services.replay import HeldEvent, NoteKind, Stock, replay
from station_app.services.return_shipments import ReturnShipments
from station_app.services.sales import Cart, Payment, Sales
from station_app.services.shifts import Shifts
from station_app.services.slots import ShelfLayout, slot_order
from station_app.services.stock_count import StockCounts
from station_app.storage.database import Database, open_database
from station_app.storage.models import OutboxEvent
from tests.helpers import READY, pickup_code, rows, scalar

CLERK, MANAGER = 1, 2

# The business tables a replay must rebuild, with the columns that carry facts (row ids,
# print jobs, audit entries and photos are the counter's own and never travel).
COMPARED = {
    "orders": "order_no, state, slot, holding_deadline, arrived_at, shortage, reminded_at, "
              "reminders",
    "order_line": "(SELECT order_no FROM orders WHERE orders.id = order_id), line_no, "
                  "short_quantity",
    "handover": "(SELECT order_no FROM orders WHERE orders.id = order_id), staff_id, method, "
                "handed_over_at, event_id",
    "handover_line": "(SELECT h.event_id FROM handover h WHERE h.id = handover_id), "
                     "(SELECT line_no FROM order_line l WHERE l.id = order_line_id), outcome, "
                     "quantity",
    "stock_balance": "sku, quantity",
    "stock_movement": "sku, delta, balance_after, reason, reference, staff_id, occurred_at",
    "sale": "sale_no, kind, (SELECT s.sale_no FROM sale s WHERE s.id = sale.original_sale_id), "
            "staff_id, approved_by, sold_at, subtotal_fen, discount_fen, total_fen, "
            "payment_method, payment_ref, cash_given_fen, change_fen, reason, event_id, "
            "(SELECT shift_no FROM shift WHERE shift.id = shift_id)",
    "sale_line": "(SELECT sale_no FROM sale WHERE sale.id = sale_id), line_no, sku, quantity, "
                 "unit_price_fen, oversell_reason",
    "shift": "shift_no, staff_id, state, opened_at, float_fen, blind, closed_at, closed_by, "
             "expected_cash_fen, counted_cash_fen, variance_fen, approved_by, z_no, "
             "open_event_id, close_event_id",
    "cash_movement": "(SELECT shift_no FROM shift WHERE shift.id = shift_id), kind, amount_fen, "
                     "reason, staff_id, approved_by, at, event_id",
    "cash_count": "(SELECT shift_no FROM shift WHERE shift.id = shift_id), denomination_fen, "
                  "pieces",
    "stock_count": "count_no, state, started_at, started_by, closed_at, approved_by, event_id",
    "stock_count_line": "(SELECT count_no FROM stock_count c WHERE c.id = count_id), sku, "
                        "book, counted",
    "refund_request": "request_no, order_no, sku, quantity, source, reason, staff_id, "
                      "requested_at, state, event_id",
    "return_shipment": "shipment_no, state, created_at, created_by, shipped_at, shipped_by, "
                       "event_id",
    "return_shipment_line": "(SELECT shipment_no FROM return_shipment r WHERE r.id = "
                            "shipment_id), order_no, sku, quantity, reason, scanned",
    "manifest": "manifest_no, state, received_at, received_by, event_id",
    "manifest_line": "(SELECT manifest_no FROM manifest m WHERE m.id = manifest_id), line_no, "
                     "sku, expected, received, damaged, reason, note",
    "order_note": "order_no, kind, text, staff_id, noted_at",
    "outbox_event": "event_id, station_id, station_seq, type, occurred_at, payload",
}

# Listing an order in a return shipment is a draft step, not a fact head office holds: the
# shipping is replayed, with its own note.
ONLY = {"order_note": "kind != 'return_listed'"}


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted((tuple(row) for row in rows(
        db, f"SELECT {columns} FROM {table} WHERE {ONLY.get(table, '1')}")), key=repr)
            for table, columns in COMPARED.items()}


@pytest.fixture
def counter(tmp_path: Path) -> Iterator[Counter]:
    opened = open_counter(tmp_path / "data", demo=True)
    yield opened
    opened.close()


def copy_database(db: Database, target: Path) -> None:
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with closing(sqlite3.connect(target)) as destination:
            source.backup(destination)
    finally:
        raw.close()


def a_whole_day(counter: Counter) -> None:
    """Every kind of event the counter writes, through the real services."""
    db, station = counter.db, counter.station_id
    shifts = Shifts(db, station, blind=True)
    shift = shifts.open(CLERK, 50_000)
    shifts.cash_in(shift.shift_no, CLERK, 2_000, "零钱")
    shifts.cash_out(shift.shift_no, CLERK, 1_000, "买胶带", MANAGER)
    shifts.no_sale(shift.shift_no, CLERK, "换零钱")

    code = pickup_code(db, READY)
    counter.handovers.confirm(counter.handovers.lookup(code).order.order_no, CLERK, code)  # type: ignore[union-attr]
    partial = counter.handovers.lookup(pickup_code(db, READY + " AND id IN (SELECT order_id FROM "
                                                      "order_line GROUP BY order_id "
                                                      "HAVING count(*) >= 3)")).order
    assert partial is not None
    outcomes = {partial.lines[0].line_id: LineOutcome.REFUSED,
                partial.lines[1].line_id: LineOutcome.DAMAGED,
                partial.lines[2].line_id: LineOutcome.MISSING}
    counter.handovers.confirm(partial.order_no, CLERK, partial.pickup_code, outcomes)
    taken = counter.handovers.lookup(code).order
    assert taken is not None
    AfterSales(db, station).register_return(taken.order_no, taken.lines[0].sku, 1, "不新鲜",
                                            CLERK)

    receiving = Receiving(db, station)
    manifest = receiving.open_manifests()[0].manifest_no
    lines = receiving.manifest(manifest).lines
    for number, line in enumerate(lines):
        received = line.expected - 1 if number == 0 else line.expected
        receiving.set_count(manifest, line.sku, received, 1 if number == 1 else 0,
                            note="箱子压坏" if number == 1 else None)
    done = receiving.receive(manifest, CLERK)
    slotted = done.ready_orders[0]
    slot_order(db, slotted, "D-5-020", CLERK, layout=ShelfLayout(), station_id=station)

    overdue = Overdue(db, station)
    late = [order.order_no for order in overdue.overdue()]
    overdue.remind(late[:2], CLERK)

    sales = Sales(db, station)
    apple = sales.item_for_barcode("6901234500093")
    spinach = sales.item_for_barcode("6901234500017")
    cart = Cart().add(apple, 2).add(spinach)
    sold = sales.sell(cart, CLERK, Payment("cash", cash_given_fen=10_000),
                      oversell_reasons={apple.sku: "货架上有", spinach.sku: "货架上有"})
    sales.sell(cart, CLERK, Payment("wechat", reference="4200001234202612040001"),
               discount_fen=100, approver_id=MANAGER,
               oversell_reasons={apple.sku: "货架上有", spinach.sku: "货架上有"})
    sales.refund(sold.sale.sale_no, {apple.sku: 1}, CLERK, MANAGER, "顾客不要了")

    returns = ReturnShipments(db, station)
    overdue.move_to_return(late[2:3], CLERK)
    returns.add_refund_goods(CLERK)
    shipment = returns.open_shipment()
    assert shipment is not None
    for line in shipment.lines:
        barcode = scalar(db, "SELECT barcode FROM catalogue_item WHERE sku = :s", s=line.sku)
        for _ in range(line.quantity - line.scanned):
            returns.scan(barcode)
    returns.ship(shipment.shipment_no, CLERK)

    counts = StockCounts(db, station)
    count = counts.start(CLERK)
    counts.set_counted(count.count_no, "EGG-001", 7, CLERK)
    counts.set_counted(count.count_no, "VEG-002", 0, CLERK)
    counts.approve(count.count_no, MANAGER)

    shifts.close(shift.shift_no, CLERK, {10000: 5, 2000: 2, 100: 3}, approver_id=MANAGER)


def held_events(db: Database, after_seq: int) -> list[HeldEvent]:
    with db.reading() as session:
        return [HeldEvent(e.event_id, e.station_seq, e.type, e.occurred_at,
                          json.loads(e.payload))
                for e in session.scalars(select(OutboxEvent).where(
                    OutboxEvent.station_seq > after_seq).order_by(OutboxEvent.station_seq))]


def test_a_replayed_day_writes_the_rows_the_day_wrote(counter: Counter, tmp_path: Path) -> None:
    start = tmp_path / "start" / "station.db"
    start.parent.mkdir()
    copy_database(counter.db, start)
    before = scalar(counter.db, "SELECT max(station_seq) FROM outbox_event")

    a_whole_day(counter)
    events = held_events(counter.db, before)
    kinds = {event.type for event in events}
    assert len(kinds) == 12, f"the day must write every kind of event, wrote {sorted(kinds)}"

    replica = open_database(start, tmp_path / "start" / "backups")
    try:
        now = datetime.now(UTC)
        with replica.writing() as session:
            for event in events:
                assert replay(session, counter.station_id, event, now) == []
            # A second replay of the same events changes nothing (idempotent by event id).
            assert all(replay(session, counter.station_id, event, now) is None
                       for event in events)
        original, replayed = dump(counter.db), dump(replica)
        # Replayed events are acknowledged (head office holds them); the rest is equal.
        for table in COMPARED:
            missing = sorted(set(original[table]) - set(replayed[table]), key=repr)
            extra = sorted(set(replayed[table]) - set(original[table]), key=repr)
            assert (missing, extra) == ([], []), table
        assert scalar(replica, "SELECT count(*) FROM outbox_event WHERE acked_at IS NULL "
                               "AND station_seq > :s", s=before) == 0
    finally:
        replica.close()


def test_a_replayed_handover_of_an_order_handed_over_again_keeps_both_and_says_so(
        counter: Counter, tmp_path: Path) -> None:
    start = tmp_path / "start.db"
    copy_database(counter.db, start)
    before = scalar(counter.db, "SELECT max(station_seq) FROM outbox_event")
    code = pickup_code(counter.db, READY)
    counter.handovers.confirm(counter.handovers.lookup(code).order.order_no, CLERK, code)  # type: ignore[union-attr]
    [event] = held_events(counter.db, before)

    other = open_counter(tmp_path / "other", demo=True)  # same demo day, its own database
    other.close()
    shutil.copyfile(start, tmp_path / "other" / "station.db")
    for suffix in ("-wal", "-shm"):
        (tmp_path / "other" / f"station.db{suffix}").unlink(missing_ok=True)
    restored = open_counter(tmp_path / "other")
    try:
        restored.handovers.confirm(restored.handovers.lookup(code).order.order_no, MANAGER, code)  # type: ignore[union-attr]
        with restored.db.writing() as session:
            notes = replay(session, restored.station_id,
                           HeldEvent(event.event_id, 999, event.type, event.occurred_at,
                                     event.payload), datetime.now(UTC), Stock.MOVE)
        assert notes is not None and [n.kind for n in notes] == [NoteKind.DOUBLE_HANDOVER]
        assert scalar(restored.db, "SELECT count(*) FROM handover h JOIN orders o ON "
                                   "o.id = h.order_id WHERE o.pickup_code = :c", c=code) == 1
        with restored.db.reading() as session:
            assert session.execute(text("SELECT count(*) FROM outbox_event WHERE event_id = "
                                        ":e"), {"e": event.event_id}).scalar() == 1
    finally:
        restored.close()
