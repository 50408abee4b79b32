"""The ledger reconciles, whatever the day brings (hypothesis, stateful).

A station starts empty and enrolled with the real head office on 127.0.0.1. Random sequences of
deliveries (orders and a manifest pulled by sync), receiving with shortages, damage and extras,
handovers with every line outcome, walk-in sales (with and without going beyond the book),
refunds, returns at the counter, days passing, return shipments, stock counts and syncs run
through the real services. After every step:

- every balance equals the sum of its movements, and each movement's `balance_after` is the
  running sum (nothing was written around the ledger);
- a movement that leaves a balance below zero is a sale staff gave a reason for, or a stock
  count a manager approved: stock never goes negative silently;
- every business event carries exactly the movements posted with it;

and after each sync, head office's stock (the sum of the movements pushed to it) equals the
station's balances.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from station_app.domain.outcome import LineOutcome
from station_app.domain.staff import Role
from station_app.services.after_sales import AfterSales, ReturnRefused
from station_app.services.handover import Handovers
from station_app.services.receiving import Receiving
from station_app.services.return_shipments import (
    ReturnShipments,
    ShipmentProblem,
    ShipmentRefused,
)
from station_app.services.sales import Cart, Payment, SaleRefused, Sales
from station_app.services.shifts import Shifts
from station_app.services.stock_count import StockCounts
from station_app.storage.database import Database, open_database
from station_app.storage.models import (
    CatalogueItem,
    Order,
    Sale,
    SaleLine,
    Staff,
    Station,
    StockBalance,
    StockMovement,
)
from sync.client.backoff import Backoff
from sync.client.service import SyncService
from sync.server import headoffice
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.order_factory import generate_orders
from tests.helpers import rows
from tests.sync.client.helpers import head_office_stock

STATION = "XF01"
CLERK, MANAGER = 1, 2
EXPLAINED_NEGATIVE = {"sale", "count_adjustment"}


class StationDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-"))
        self.now = datetime.now(UTC)
        self.ho = EmbeddedHeadOffice(f"sqlite:///{self.folder / 'ho.db'}")
        self.ho.start()
        headoffice.create_station(self.ho.db, STATION, "幸福里社区自提点")
        self.db: Database = open_database(self.folder / "station.db", self.folder / "backups")
        with self.db.writing() as session:
            session.add_all([Station(id=STATION, name="幸福里社区自提点", holding_days=3,
                                     is_local=True),
                             Staff(id=CLERK, name="王丽", role=Role.CLERK.value),
                             Staff(id=MANAGER, name="陈建国", role=Role.MANAGER.value)])
        self.sync = SyncService(self.db, self.folder, use_keyring=False, timeout=(2.0, 5.0),
                                backoff=Backoff(base_s=0.01, cap_s=0.05))
        self.sync.enrol(self.ho.url, headoffice.new_enrolment_code(self.ho.db, STATION))
        self.desk = Handovers(self.db, STATION, clock=self.clock)
        self.receiving = Receiving(self.db, STATION, clock=self.clock)
        self.sales = Sales(self.db, STATION, clock=self.clock)
        # Cash goes into the clerk's drawer: the clerk's shift is open all day.
        Shifts(self.db, STATION, clock=self.clock).open(CLERK, 0)
        self.after_sales = AfterSales(self.db, STATION, clock=self.clock)
        self.returns = ReturnShipments(self.db, STATION, clock=self.clock)
        self.counts = StockCounts(self.db, STATION, clock=self.clock)
        self.deliveries = 0

    def clock(self) -> datetime:
        return self.now

    def teardown(self) -> None:
        try:
            self.sync_and_compare()
        finally:
            self.ho.stop()
            self.ho.db.dispose()
            self.db.close()

    # --- helpers --------------------------------------------------------------------------------

    def book(self) -> dict[str, int]:
        with self.db.reading() as session:
            return {b.sku: b.quantity for b in session.scalars(select(StockBalance))}

    def orders_in(self, state: str) -> list[str]:
        with self.db.reading() as session:
            return list(session.scalars(select(Order.order_no).where(
                Order.state == state, Order.station_id == STATION).order_by(Order.id)))

    def barcode(self, sku: str) -> str:
        with self.db.reading() as session:
            item = session.get(CatalogueItem, sku)
            assert item is not None and item.barcode
            return item.barcode

    # --- the day's actions ----------------------------------------------------------------------

    @rule(count=st.integers(1, 3), seed=st.integers(0, 10_000))
    def deliver(self, count: int, seed: int) -> None:
        """Head office sends orders and their manifest; the counter pulls both."""
        order_nos = generate_orders(self.ho.db, STATION, count, seed=seed, now=self.now,
                                    arrived=False)
        expected: dict[str, int] = defaultdict(int)
        for _order_no, sku, quantity in rows(
                self.ho.db, "SELECT order_no, sku, quantity FROM ho_order_lines"):
            if _order_no in order_nos:
                expected[sku] += quantity
        self.deliveries += 1
        with self.ho.db.writing() as session:
            headoffice.publish_manifest(
                session, STATION, f"M-{STATION}-{self.deliveries:04d}", "2026-11-25",
                [{"sku": sku, "quantity": q} for sku, q in sorted(expected.items())],
                order_nos, self.now)
        report = self.sync.sync_now()
        assert report.error is None, report.error

    @precondition(lambda self: bool(self.receiving.open_manifests()))
    @rule(changes=st.lists(st.tuples(st.integers(-2, 1), st.integers(0, 1)), min_size=8,
                           max_size=8), extra=st.booleans())
    def receive(self, changes: list[tuple[int, int]], extra: bool) -> None:
        manifest = self.receiving.open_manifests()[0]
        view = self.receiving.manifest(manifest.manifest_no)
        for line, (difference, damaged) in zip(view.lines, changes * 50, strict=False):
            received = max(0, line.expected + difference - damaged)
            self.receiving.set_count(manifest.manifest_no, line.sku, received,
                                     min(damaged, line.expected), "short" if difference < 0
                                     else None)
        if extra:  # something that came without being on the list
            self.receiving.scan(manifest.manifest_no, self.barcode("SNA-001"))
        self.receiving.receive(manifest.manifest_no, CLERK)

    @precondition(lambda self: bool(self.orders_in("ready")))
    @rule(pick=st.integers(0, 10_000),
          outcomes=st.lists(st.sampled_from(list(LineOutcome)), min_size=6, max_size=6))
    def hand_over(self, pick: int, outcomes: list[LineOutcome]) -> None:
        ready = self.orders_in("ready")
        order = self.desk.order(ready[pick % len(ready)])
        assert order is not None
        book = self.book()
        chosen = {}
        for line, wanted in zip(order.lines, outcomes * 20, strict=False):
            # Staff hand over what is on the shelf: a line the book does not cover is missing
            # (the counter pre-marks an order's short lines the same way).
            outcome = wanted
            if outcome in (LineOutcome.TAKEN, LineOutcome.DAMAGED) and \
                    book.get(line.sku, 0) < line.quantity:
                outcome = LineOutcome.MISSING
            if outcome in (LineOutcome.TAKEN, LineOutcome.DAMAGED):
                book[line.sku] = book.get(line.sku, 0) - line.quantity
            chosen[line.line_id] = outcome
        self.desk.confirm(order.order_no, CLERK, order.pickup_code, chosen)

    @rule(sku=st.sampled_from(["SNA-001", "VEG-001", "FRU-001", "DRI-001"]),
          quantity=st.integers(1, 4), give_reason=st.booleans())
    def sell(self, sku: str, quantity: int, give_reason: bool) -> None:
        try:
            item = self.sales.item_for_barcode(sku)
        except SaleRefused:
            return  # not in the catalogue yet (nothing pulled)
        cart = Cart().add(item, quantity)
        short = self.sales.stock_shortfalls(cart)
        reasons = {s.sku: "货架上有货，账上没有" for s in short} if give_reason else None
        try:
            self.sales.sell(cart, CLERK, Payment("cash", cart.subtotal_fen), 0, None, reasons)
        except SaleRefused as refused:
            assert short and not give_reason, refused  # only "beyond the book, no reason"

    @precondition(lambda self: bool(rows(self.db, "SELECT 1 FROM sale WHERE kind = 'sale'")))
    @rule(pick=st.integers(0, 10_000))
    def refund(self, pick: int) -> None:
        sales = [r[0] for r in rows(self.db, "SELECT sale_no FROM sale WHERE kind = 'sale'")]
        view = self.sales.sale(sales[pick % len(sales)])
        assert view is not None
        line = next((line for line in view.lines if line.refundable > 0), None)
        if line is not None:
            self.sales.refund(view.sale_no, {line.sku: 1}, CLERK, MANAGER, "不新鲜")

    @precondition(lambda self: bool(self.orders_in("handed_over")))
    @rule(pick=st.integers(0, 10_000), quantity=st.integers(1, 3))
    def customer_return(self, pick: int, quantity: int) -> None:
        done = self.orders_in("handed_over")
        order_no = done[pick % len(done)]
        order = self.desk.order(order_no)
        assert order is not None
        # More than was taken, or a line that was not taken, is refused and writes nothing.
        with contextlib.suppress(ReturnRefused):
            self.after_sales.register_return(order_no, order.lines[0].sku, quantity, "质量问题",
                                             CLERK)

    @rule(days=st.integers(1, 5))
    def days_pass(self, days: int) -> None:
        self.now += timedelta(days=days)

    @rule()
    def ship_returns(self) -> None:
        overdue = [o for o in self.orders_in("ready")
                   if (view := self.desk.order(o)) is not None and view.holding_deadline <
                   self.now]
        if overdue:
            self.returns.add_overdue(overdue, CLERK)
        with contextlib.suppress(ShipmentRefused):  # nothing waiting
            self.returns.add_refund_goods(CLERK)
        shipment = self.returns.open_shipment()
        if shipment is None or not shipment.lines:
            return
        for line in shipment.lines:
            code = line.order_no or self.barcode(line.sku)
            while True:
                current = self.returns.shipment(shipment.shipment_no)
                assert current is not None
                mine = next(x for x in current.lines if x.line_id == line.line_id)
                if mine.complete:
                    break
                self.returns.scan(code)
        try:
            self.returns.ship(shipment.shipment_no, CLERK)
        except ShipmentRefused as refused:
            # Goods the book no longer holds (sold meanwhile) are refused, never shipped into
            # a negative balance: staff take them out and ship the rest.
            assert refused.reason is ShipmentProblem.MORE_THAN_BOOK, refused
            short = {item.split(":")[0] for item in refused.items}
            for line in shipment.lines:
                if line.sku in short:
                    with contextlib.suppress(ShipmentRefused):  # gone with its order already
                        self.returns.remove_line(line.line_id, CLERK)
            current = self.returns.open_shipment()
            if current is not None and current.lines:
                self.returns.ship(current.shipment_no, CLERK)

    @precondition(lambda self: bool(self.book()))
    @rule(counted=st.lists(st.integers(0, 6), min_size=1, max_size=5))
    def count_stock(self, counted: list[int]) -> None:
        count = self.counts.start(CLERK)
        for sku, quantity in zip(sorted(self.book()), counted, strict=False):
            self.counts.set_counted(count.count_no, sku, quantity, CLERK)
        self.counts.approve(count.count_no, MANAGER)

    @rule()
    def sync_and_compare(self) -> None:
        report = self.sync.sync_now()
        assert report.error is None, report.error
        rejected = rows(self.ho.db, "SELECT type, code, message FROM ho_events "
                                    "WHERE status = 'rejected'")
        assert rejected == []
        station = {sku: q for sku, q in self.book().items() if q}
        at_head_office = {sku: q for sku, q in head_office_stock(self.ho.db, STATION).items()
                          if q}
        assert at_head_office == station

    # --- what must always hold ------------------------------------------------------------------

    @invariant()
    def every_balance_is_the_sum_of_its_movements(self) -> None:
        with self.db.reading() as session:
            balances = {b.sku: b.quantity for b in session.scalars(select(StockBalance))}
            running: dict[str, int] = defaultdict(int)
            for movement in session.scalars(select(StockMovement).order_by(StockMovement.id)):
                running[movement.sku] += movement.delta
                assert movement.balance_after == running[movement.sku], movement.id
                if movement.delta < 0 and movement.balance_after < 0:
                    assert movement.reason in EXPLAINED_NEGATIVE, (
                        f"{movement.sku} went to {movement.balance_after} silently by "
                        f"{movement.reason} {movement.reference}")
                    if movement.reason == "sale":
                        reason = session.scalar(
                            select(SaleLine.oversell_reason).join(Sale)
                            .where(Sale.sale_no == movement.reference,
                                   SaleLine.sku == movement.sku))
                        assert reason, f"sale {movement.reference} went below zero silently"
        assert balances == {sku: total for sku, total in running.items()}

    @invariant()
    def every_event_carries_exactly_its_movements(self) -> None:
        posted: dict[str, int] = defaultdict(int)
        for sku, delta in rows(self.db, "SELECT sku, delta FROM stock_movement"):
            posted[sku] += delta
        carried: dict[str, int] = defaultdict(int)
        for (payload,) in rows(self.db, "SELECT payload FROM outbox_event"):
            for movement in json.loads(payload)["movements"]:
                carried[movement["sku"]] += movement["delta"]
        assert {k: v for k, v in posted.items() if v} == {k: v for k, v in carried.items() if v}


StationDay.TestCase.settings = settings(
    max_examples=15, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_the_ledger_reconciles_through_the_whole_day = StationDay.TestCase
