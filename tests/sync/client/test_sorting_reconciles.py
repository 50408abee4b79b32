"""Sorting reconciles, whatever the day brings (hypothesis, stateful).

A station starts empty and enrolled with the real head office on 127.0.0.1. Random deliveries
(random orders of a few products, with a manifest and carton labels) are received with random
counts, so some orders are short; then random sorting steps run through the real service: by
product (barcode or carton), opening a bag and placing into it, Ctrl+Z, wrong scans (a product
the bag did not buy or has all of, a product with nothing left, an unknown code, an order of
another station or not to sort), shortages, syncs, restarts (a clean one, or a power cut: the
SQLite files copied as they stand on disk and opened again) and power cuts in the middle of a
placement (the files copied while its write transaction is open, before the commit).

After every step:

- per line, placed + short units never exceed what was ordered, and the placements add up to
  the line's placed units (no unit placed twice, none lost);
- an order that arrived is sorted exactly when nothing of it is left to place; its state is
  "ready" iff sorted when the station makes orders ready at sorting, else always "ready";
  its shortage says what its lines are short of;
- an order's newest `order.sorted` event says what the order holds now when it is sorted, and
  "not sorted" when it was taken back;
- sorting never moves stock: the book is what the last receiving left;

refused scans, keys and power cuts write nothing, and after each sync head office holds every
event as applied, each order in the counter's state, and stock equal to the station's book
(also the progress and the sorting sheet count exactly what is left).

Then, with the same set-up: a replacement PC takes a sorted day back from head office, and
three problems it found (now fixed) stay as regression tests at the end.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from station_app.clock import business_day, day_end
from station_app.domain.order_factory import CATALOGUE, order_number
from station_app.domain.staff import Role
from station_app.services.receiving import SHORTAGE_SEPARATOR, Receiving
from station_app.services.slots import ShelfLayout
from station_app.services.sorting import Sorting
from station_app.services.sorting_views import (
    BagView,
    Placement,
    SortingRefusal,
    SortingRefused,
)
from station_app.setup.first_run import open_station_database
from station_app.storage.database import Database, open_database
from station_app.storage.models import Staff, Station
from sync.client.backoff import Backoff
from sync.client.puller import Puller
from sync.client.service import SyncService
from sync.server import headoffice
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.models import Order as HeadOfficeOrder
from sync.server.order_factory import ensure_catalogue
from tests.helpers import rows
from tests.sync.client.helpers import head_office_stock, held_events

STATION = "XF01"
CLERK = 1
ITEMS = {sku: (name, price, barcode) for sku, name, _unit, price, barcode in CATALOGUE}
# A few products, so that many bags want the same one and "by product" walks the shelf.
ORDERED = ("EGG-001", "VEG-003", "DAI-002", "FRU-002", "SNA-001")
NEVER_ORDERED = "HOM-002"  # in the catalogue, in nobody's order
UNKNOWN_BARCODE = "6909999999994"
ARRIVED_STATES = ("arrived", "ready")

ORDER_LINES = st.lists(st.tuples(st.sampled_from(ORDERED), st.integers(1, 3)),
                       min_size=1, max_size=3)
SCANNED = st.sampled_from((*ORDERED, NEVER_ORDERED))


def note(what: str) -> None:
    """Count what a step did (pytest --hypothesis-show-statistics shows how often)."""
    if currently_in_test_context():
        event(what)


class PowerCut(Exception):
    """The power went while a write transaction was open."""


class PowerCutDatabase(Database):
    """The station's file, whose next write transaction loses the power after its writes
    reached SQLite and before its commit: `disk_copy` copies the files as they stand then
    (what a restart finds), and the transaction never commits."""

    def __init__(self, db: Database, disk_copy: Callable[[], None]) -> None:
        super().__init__(db.path, db.engine)
        self.disk_copy = disk_copy
        self.written: tuple[object, ...] | None = None

    @contextmanager
    def writing(self) -> Iterator[Session]:
        with super().writing() as session:
            yield session
            session.flush()
            self.written = snapshot_in(session)  # what the transaction had written
            self.disk_copy()
            raise PowerCut


def snapshot_in(session: Session) -> tuple[object, ...]:
    """Everything sorting may write (and the stock it must not)."""
    queries = ("SELECT id, placed_quantity, short_quantity FROM order_line ORDER BY id",
               "SELECT id, state, sorted_at, shortage, slot, holding_deadline FROM orders "
               "ORDER BY id",
               "SELECT * FROM sort_placement ORDER BY id",
               "SELECT event_id, station_seq, type, payload FROM outbox_event ORDER BY station_seq",
               "SELECT id FROM print_job ORDER BY id",
               "SELECT sku, quantity FROM stock_balance ORDER BY sku")
    return tuple(tuple(tuple(row) for row in session.execute(text(sql))) for sql in queries)


def snapshot(db: Database) -> tuple[object, ...]:
    with db.reading() as session:
        return snapshot_in(session)


@dataclass(frozen=True)
class Line:
    """One order line with its order, as the counter holds it."""

    id: int
    order_no: str
    line_no: int
    sku: str
    quantity: int
    placed: int
    short: int
    state: str
    slot: str | None
    sorted: bool
    arrived: bool

    @property
    def left(self) -> int:
        return self.quantity - self.short - self.placed

    @property
    def sortable(self) -> bool:
        # Everything here arrives today: an arrived order is sorted until its bag is whole.
        return self.arrived and not self.sorted and self.state in ARRIVED_STATES

    def shelf_order(self) -> tuple[bool, str, str, int]:
        """The way "by product" walks: slot order, slotless bags last."""
        return self.slot is None, self.slot or "", self.order_no, self.line_no


def shortage_of(lines: list[Line]) -> str | None:
    """What an order's shortage says, from its lines (receiving and sorting word it so)."""
    said = SHORTAGE_SEPARATOR.join(f"{ITEMS[line.sku][0]} ×{line.short}"
                                   for line in sorted(lines, key=lambda x: x.line_no)
                                   if line.short)
    return said[:300] or None


class SortingDay(RuleBasedStateMachine):
    READY_WHEN = "received"

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sorting-"))
        # One business day: the clock ticks a second a step, never past the station's midnight.
        now = datetime.now(UTC).replace(microsecond=0)
        self.now = min(now, day_end(business_day(now)) - timedelta(hours=1))
        self.labels = "as_completed"
        self.ho = EmbeddedHeadOffice(f"sqlite:///{self.folder / 'ho.db'}")
        self.ho.start()
        headoffice.create_station(self.ho.db, STATION, "幸福里社区自提点")
        ensure_catalogue(self.ho.db)
        self.generation = 0
        self.open(self.station_dir)
        with self.db.writing() as session:
            session.add_all([Station(id=STATION, name="幸福里社区自提点", holding_days=3,
                                     is_local=True),
                             Staff(id=CLERK, name="王丽", role=Role.CLERK.value)])
        self.sync.enrol(self.ho.url, headoffice.new_enrolment_code(self.ho.db, STATION))
        self.synced()  # the catalogue
        self.made = self.deliveries = 0
        self.codes: set[str] = set()
        self.bag: str | None = None  # the bag open for sorting by order
        self.book: dict[str, int] = {}  # what the last receiving left in stock

    # --- the counter, its files and its restarts ------------------------------------------------

    @property
    def station_dir(self) -> Path:
        return self.folder / f"station-{self.generation}"

    def open(self, folder: Path) -> None:
        self.db: Database = open_database(folder / "station.db", folder / "backups")
        self.sync = SyncService(self.db, folder, use_keyring=False, timeout=(2.0, 5.0),
                                backoff=Backoff(base_s=0.01, cap_s=0.05))
        self.sorting = self.sorting_on(self.db)
        self.receiving = Receiving(self.db, STATION, self.clock,
                                   ShelfLayout(print_labels=False), ready_when=self.READY_WHEN)

    def sorting_on(self, db: Database) -> Sorting:
        return Sorting(db, STATION, self.clock, ready_when=self.READY_WHEN, labels=self.labels)

    def copy_disk(self) -> None:
        """The station's files as they are on disk now, for the next generation to open (the
        -shm index is memory SQLite rebuilds; a power cut leaves none that counts)."""
        shutil.copytree(self.station_dir, self.folder / f"station-{self.generation + 1}",
                        ignore=shutil.ignore_patterns("*-shm"))

    def restart_from_copy(self) -> None:
        self.db.close()  # the old process is gone; what it would still write is not seen
        self.generation += 1
        self.open(self.station_dir)

    def clock(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def teardown(self) -> None:
        try:
            if self.deliveries:
                self.sync_and_compare()
        finally:
            self.close()

    def close(self) -> None:
        self.ho.stop()
        self.ho.db.dispose()
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- reading the counter ----------------------------------------------------------------------

    def lines(self) -> list[Line]:
        return [Line(*row) for row in rows(
            self.db, "SELECT l.id, o.order_no, l.line_no, l.sku, l.quantity, l.placed_quantity, "
                     "l.short_quantity, o.state, o.slot, o.sorted_at IS NOT NULL, "
                     "o.arrived_at IS NOT NULL FROM order_line l JOIN orders o ON "
                     "o.id = l.order_id WHERE o.station_id = :s ORDER BY o.order_no, l.line_no",
            s=STATION)]

    def orders(self) -> dict[str, list[Line]]:
        found: dict[str, list[Line]] = {}
        for line in self.lines():
            found.setdefault(line.order_no, []).append(line)
        return found

    def stock(self) -> dict[str, int]:
        return {sku: quantity for sku, quantity in rows(
            self.db, "SELECT sku, quantity FROM stock_balance") if quantity}

    def carton_code(self, sku: str) -> str | None:
        found = rows(self.db, "SELECT carton_code FROM manifest_line WHERE sku = :sku AND "
                              "carton_code IS NOT NULL ORDER BY id LIMIT 1", sku=sku)
        return str(found[0][0]) if found else None

    @staticmethod
    def aimed(sku: str, aim: bool, lines: list[Line]) -> str:
        """`sku`, or when `aim`, a product one of `lines` still waits for (staff mostly scan
        what is on the table; a random pick mostly hits what is already placed)."""
        wanted = sorted({line.sku for line in lines if line.sortable and line.left > 0})
        if not aim or not wanted:
            return sku
        return wanted[(*ORDERED, NEVER_ORDERED).index(sku) % len(wanted)]

    def refused(self, action: Callable[[], object], *reasons: SortingRefusal) -> None:
        """The action is refused for one of `reasons`, and writes nothing."""
        before = snapshot(self.db)
        with pytest.raises(SortingRefused) as refusal:
            action()
        assert refusal.value.reason in reasons, (refusal.value.reason, reasons)
        note(f"refused: {refusal.value.reason}")
        assert snapshot(self.db) == before

    def synced(self) -> None:
        report = self.sync.sync_now()
        assert report.error is None, report.error

    # --- deliveries -------------------------------------------------------------------------------

    @initialize(labels=st.sampled_from(["as_completed", "at_start", "off"]),
                orders=st.lists(ORDER_LINES, min_size=1, max_size=5), cartons=st.booleans(),
                seed=st.integers(0, 10_000),
                differences=st.lists(st.integers(-3, 1), min_size=6, max_size=6))
    def first_delivery(self, labels: str, orders: list[list[tuple[str, int]]], cartons: bool,
                       seed: int, differences: list[int]) -> None:
        """Every day starts with goods received (so the steps have something to sort)."""
        self.labels = labels
        self.sorting = self.sorting_on(self.db)
        self.deliver(orders, cartons, seed)
        self.receive(differences)

    @precondition(lambda self: self.deliveries < 3)
    @rule(orders=st.lists(ORDER_LINES, min_size=1, max_size=4), cartons=st.booleans(),
          seed=st.integers(0, 10_000))
    def deliver(self, orders: list[list[tuple[str, int]]], cartons: bool, seed: int) -> None:
        """Head office publishes orders and their manifest; the counter pulls both."""
        rng, day = random.Random(seed), business_day(self.now)
        self.deliveries += 1
        batch = []
        for lines in orders:
            self.made += 1
            while (code := f"{rng.randrange(100000, 1000000)}") in self.codes:
                pass
            self.codes.add(code)
            tail = f"{rng.randrange(10000):04d}"
            batch.append(({
                "order_no": order_number(STATION, day, self.made), "station_id": STATION,
                "pickup_code": code, "masked_phone": f"138****{tail}", "phone_tail": tail,
                "customer_name": "王**", "slot": None, "state": "not_arrived",
                "holding_deadline": self.now + timedelta(days=2),
                "created_at": self.now - timedelta(hours=12), "cancelled_at": None,
                "handed_over_event_id": None,
            }, [{"line_no": number, "sku": sku, "quantity": quantity,
                 "unit_price_fen": ITEMS[sku][1]}
                for number, (sku, quantity) in enumerate(lines, start=1)]))
        expected = Counter[str]()
        for sku, quantity in (pair for lines in orders for pair in lines):
            expected[sku] += quantity
        manifest: list[dict[str, Any]] = [
            {"sku": sku, "quantity": quantity}
            | ({"carton_code": f"CT{self.deliveries}{sku}"} if cartons else {})
            for sku, quantity in sorted(expected.items())]
        with self.ho.db.writing() as session:
            headoffice.add_orders(session, batch, self.now)
            headoffice.publish_manifest(
                session, STATION, f"M-{STATION}-{self.deliveries:04d}", day.isoformat(),
                manifest, [str(order["order_no"]) for order, _ in batch], self.now)
        self.synced()

    @precondition(lambda self: bool(self.receiving.open_manifests()))
    @rule(differences=st.lists(st.integers(-3, 1), min_size=6, max_size=6))
    def receive(self, differences: list[int]) -> None:
        """Counted with random differences (some products short, some extra) and confirmed."""
        number = self.receiving.open_manifests()[0].manifest_no
        for line, difference in zip(self.receiving.manifest(number).lines, differences,
                                    strict=False):
            self.receiving.set_count(number, line.sku, max(0, line.expected + difference))
        self.receiving.receive(number, CLERK)
        self.book = self.stock()

    # --- sorting ----------------------------------------------------------------------------------

    @rule(sku=SCANNED, aim=st.booleans(), by_carton=st.booleans())
    def scan_product(self, sku: str, aim: bool, by_carton: bool) -> None:
        """By product: the next bag in shelf order that needs it gets all it needs."""
        lines = self.lines()
        sku = self.aimed(sku, aim, lines)
        waiting = sorted((line for line in lines if line.sortable and line.sku == sku
                          and line.left > 0), key=Line.shelf_order)
        code = (self.carton_code(sku) if by_carton else None) or ITEMS[sku][2]
        if not waiting:
            wanted = any(line.sku == sku and (line.sortable or line.sorted) for line in lines)
            self.refused(lambda: self.sorting.scan(code, CLERK),
                         SortingRefusal.ALL_PLACED if wanted else SortingRefusal.NOT_DELIVERED)
            return
        first = waiting[0]
        placed = self.sorting.scan(code, CLERK)
        assert isinstance(placed, Placement)
        assert (placed.bag.order_no, placed.sku, placed.units) == \
            (first.order_no, sku, first.left), "the first bag in shelf order, all it needs"
        assert placed.product_left == sum(line.left for line in waiting) - first.left
        after = [line for line in self.lines() if line.order_no == first.order_no]
        assert placed.finished == all(line.left == 0 for line in after)
        note("placed by product" + (", finished" if placed.finished else ""))

    @rule(pick=st.integers(0, 10_000), lower_case=st.booleans())
    def open_bag(self, pick: int, lower_case: bool) -> None:
        """By order: the bag label (the order number) opens its bag."""
        orders = self.orders()
        if not orders:
            return
        order_no = sorted(orders)[pick % len(orders)]
        first = orders[order_no][0]
        scanned = order_no.lower() if lower_case else order_no
        if not first.sortable:
            self.refused(lambda: self.sorting.scan(scanned, CLERK), SortingRefusal.NOT_TO_SORT)
            return
        before = snapshot(self.db)
        view = self.sorting.scan(scanned, CLERK)
        assert isinstance(view, BagView) and view.order_no == order_no and not view.sorted
        assert [(x.sku, x.quantity, x.placed, x.short) for x in view.lines] == \
            [(x.sku, x.quantity, x.placed, x.short) for x in orders[order_no]]
        assert snapshot(self.db) == before, "opening a bag writes nothing"
        self.bag = order_no
        note("bag opened")

    @precondition(lambda self: self.bag is not None)
    @rule(sku=SCANNED, aim=st.booleans())
    def scan_into_bag(self, sku: str, aim: bool) -> None:
        """One unit into the open bag, or a refusal that writes nothing."""
        assert self.bag is not None
        bag = self.bag
        mine = self.orders()[bag]
        sku = self.aimed(sku, aim, mine)
        wanted = [line for line in mine if line.sku == sku]
        if not mine[0].sortable:
            reason = SortingRefusal.NOT_TO_SORT
        elif not wanted:
            reason = SortingRefusal.NOT_IN_ORDER
        elif not any(line.left for line in wanted):
            reason = SortingRefusal.ORDER_HAS_IT
        else:
            first = next(line for line in wanted if line.left)
            placed = self.sorting.scan(ITEMS[sku][2], CLERK, bag=bag.lower())
            assert isinstance(placed, Placement)
            assert (placed.bag.order_no, placed.units) == (bag, 1)
            after = {line.id: line for line in self.orders()[bag]}
            assert after[first.id].placed == first.placed + 1
            assert placed.finished == all(line.left == 0 for line in after.values())
            note("placed in bag" + (", finished" if placed.finished else ""))
            return
        self.refused(lambda: self.sorting.scan(ITEMS[sku][2], CLERK, bag=bag), reason)

    @rule()
    def undo(self) -> None:
        """Ctrl+Z takes back the newest placement, and reopens its order if it was sorted."""
        newest = rows(self.db, "SELECT order_line_id, units FROM sort_placement "
                               "ORDER BY id DESC LIMIT 1")
        if not newest:
            self.refused(lambda: self.sorting.undo_last(CLERK), SortingRefusal.NOTHING_TO_UNDO)
            return
        line_id, units = newest[0]
        before = next(line for line in self.lines() if line.id == line_id)
        undone = self.sorting.undo_last(CLERK)
        assert (undone.sku, undone.units, undone.reopened) == (before.sku, units, before.sorted)
        after = next(line for line in self.lines() if line.id == line_id)
        assert (after.placed, after.short, after.sorted) == (before.placed - units, before.short,
                                                             False)
        note("undone" + (", reopened" if undone.reopened else ""))

    @rule(sku=SCANNED, aim=st.booleans(), in_bag=st.booleans())
    def short(self, sku: str, aim: bool, in_bag: bool) -> None:
        """The pile ran out: what is still to place of it becomes shortage."""
        order_no = self.bag if in_bag else None
        sku = self.aimed(sku, aim, [line for line in self.lines()
                                    if order_no in (None, line.order_no)])
        waiting = [line for line in self.lines() if line.sortable and line.sku == sku
                   and line.left > 0 and order_no in (None, line.order_no)]
        if not waiting:
            before = snapshot(self.db)
            try:
                shorted = self.sorting.short(sku, CLERK, order_no)
            except SortingRefused as refusal:
                bag_reasons = (SortingRefusal.NOT_IN_ORDER, SortingRefusal.ORDER_HAS_IT,
                               SortingRefusal.NOT_TO_SORT) if order_no else ()
                assert refusal.reason in (SortingRefusal.ALL_PLACED,
                                          SortingRefusal.NOT_DELIVERED, *bag_reasons), refusal
            else:
                # The open bag has none of it left while other bags do: short() answers
                # "0 units" today instead of refusing (pinned below); it writes nothing.
                assert order_no is not None and shorted.units == 0, shorted
            assert snapshot(self.db) == before
            return
        shorted = self.sorting.short(sku, CLERK, order_no)
        assert shorted.units == sum(line.left for line in waiting)
        after = {line.id: line for line in self.lines()}
        for line in waiting:
            assert (after[line.id].short, after[line.id].placed) == \
                (line.short + line.left, line.placed)
        finished = {line.order_no for line in waiting
                    if all(x.left == 0 for x in after.values() if x.order_no == line.order_no)}
        assert set(shorted.finished) == finished
        note("shorted" + (", finished" if finished else ""))

    @rule(code=st.sampled_from(["unknown", "other_station", "unknown_order", "not_a_code"]),
          in_bag=st.booleans())
    def wrong_scan(self, code: str, in_bag: bool) -> None:
        day = f"{business_day(self.now):%y%m%d}"
        scanned, reason = {
            "unknown": (UNKNOWN_BARCODE, SortingRefusal.UNKNOWN_CODE),
            "other_station": (f"XF02-{day}-000001", SortingRefusal.OTHER_STATION),
            "unknown_order": (f"{STATION}-{day}-999999", SortingRefusal.UNKNOWN_CODE),
            "not_a_code": ("  ", SortingRefusal.UNKNOWN_CODE),
        }[code]
        bag = self.bag if in_bag else None
        self.refused(lambda: self.sorting.scan(scanned, CLERK, bag=bag), reason)

    # --- restarts, power cuts and syncs -----------------------------------------------------------

    @rule(power_cut=st.booleans())
    def restart(self, power_cut: bool) -> None:
        """Close and open the counter again, or lose the power between two scans: every
        committed placement is there after it."""
        before = snapshot(self.db)
        if power_cut:
            self.copy_disk()
            self.restart_from_copy()
        else:
            self.db.close()
            self.open(self.station_dir)
        assert snapshot(self.db) == before

    @rule(action=st.sampled_from(["product", "bag", "undo", "short"]), sku=SCANNED)
    def power_cut_mid_write(self, action: str, sku: str) -> None:
        """The power goes inside a sorting transaction, after its writes: after the restart
        the counter holds what it held before, nothing half-done."""
        sku = self.aimed(sku, True, [line for line in self.lines()
                                     if action != "bag" or line.order_no == self.bag])
        before = snapshot(self.db)
        cut = PowerCutDatabase(self.db, self.copy_disk)
        service = self.sorting_on(cut)
        try:
            if action == "undo":
                service.undo_last(CLERK)
            elif action == "short":
                service.short(sku, CLERK, self.bag)
            else:
                service.scan(ITEMS[sku][2], CLERK, bag=self.bag if action == "bag" else None)
        except SortingRefused:
            assert snapshot(self.db) == before
            return
        except PowerCut:
            note(f"power cut in {action}")
        else:
            raise AssertionError("the transaction committed through the power cut")
        # A short() of nothing in the open bag writes nothing even inside (see short()).
        assert cut.written != before or action == "short", "the cut fell on a write"
        self.restart_from_copy()
        assert snapshot(self.db) == before

    @precondition(lambda self: self.deliveries > 0)
    @rule()
    def sync_and_compare(self) -> None:
        self.synced()
        outbox = rows(self.db, "SELECT station_seq, event_id, acked_at IS NOT NULL FROM "
                               "outbox_event ORDER BY station_seq")
        held = held_events(self.ho.db, STATION)
        assert [(seq, event_id) for seq, event_id, _ in held] == \
            [(seq, event_id) for seq, event_id, _ in outbox]
        assert all(acked for _, _, acked in outbox)
        with self.ho.db.reading() as session:
            rejected = session.execute(text("SELECT type, code, message FROM ho_events WHERE "
                                            "status = 'rejected'")).all()
            assert {status for _, _, status in held} <= {"applied"}, rejected
            at_head_office = dict(session.execute(
                select(HeadOfficeOrder.order_no, HeadOfficeOrder.state)
                .where(HeadOfficeOrder.station_id == STATION)).all())
        here = {order_no: lines[0].state for order_no, lines in self.orders().items()}
        assert at_head_office == here
        stock = {sku: q for sku, q in head_office_stock(self.ho.db, STATION).items() if q}
        assert stock == self.stock()

    # --- what must always hold ------------------------------------------------------------------

    @invariant()
    def no_unit_is_placed_twice_or_too_many(self) -> None:
        placements = dict(rows(self.db, "SELECT order_line_id, sum(units) FROM sort_placement "
                                        "GROUP BY order_line_id"))
        for line in self.lines():
            assert line.placed >= 0 and line.short >= 0, line
            assert line.placed + line.short <= line.quantity, line
            assert placements.get(line.id, 0) == line.placed, line
            if not line.arrived:
                assert line.placed == 0 and not line.sorted, line

    @invariant()
    def an_order_is_sorted_when_its_bag_is_whole(self) -> None:
        for order_no, lines in self.orders().items():
            state, done = lines[0].state, lines[0].sorted
            if not lines[0].arrived:
                assert state == "not_arrived", order_no
                continue
            assert done == all(line.left == 0 for line in lines), (order_no, lines)
            if self.READY_WHEN == "sorted":
                assert state == ("ready" if done else "arrived"), (order_no, lines)
            else:
                assert state == "ready", (order_no, lines)
            [(shortage,)] = rows(self.db, "SELECT shortage FROM orders WHERE order_no = :no",
                                 no=order_no)
            assert shortage == shortage_of(lines), (order_no, shortage)

    @invariant()
    def the_newest_sorted_event_says_what_the_bag_holds(self) -> None:
        newest: dict[str, dict[str, Any]] = {}
        for (payload,) in rows(self.db, "SELECT payload FROM outbox_event WHERE type = "
                                        "'order.sorted' ORDER BY station_seq"):
            fact = json.loads(payload)
            assert fact["movements"] == []
            newest[fact["order_no"]] = fact
        for order_no, lines in self.orders().items():
            fact = newest.get(order_no)
            if lines[0].sorted:
                assert fact is not None and fact["sorted"], order_no
                assert fact["state"] == lines[0].state
                assert fact["placed"] == {str(x.line_no): x.placed for x in lines}
                assert fact["short"] == {str(x.line_no): x.short for x in lines if x.short}
            else:
                assert fact is None or not fact["sorted"], order_no

    @invariant()
    def progress_and_sheet_count_what_is_left(self) -> None:
        lines = self.lines()
        waiting = [line for line in lines if line.sortable]
        progress = self.sorting.progress()
        assert (progress.units, progress.placed, progress.short, progress.left) == (
            sum(x.quantity for x in waiting), sum(x.placed for x in waiting),
            sum(x.short for x in waiting), sum(x.left for x in waiting))
        finished = {x.order_no for x in lines if x.sorted}
        assert (progress.orders, progress.sorted_orders) == (
            len({x.order_no for x in waiting}) + len(finished), len(finished))
        sheet = self.sorting.sheet()
        assert sorted((e.order_no, e.sku, e.units) for e in sheet.entries) == sorted(
            (x.order_no, x.sku, x.left) for x in waiting if x.left)

    @invariant()
    def sorting_moves_no_stock(self) -> None:
        assert self.stock() == self.book


class SortingDayReadyAtSorting(SortingDay):
    READY_WHEN = "sorted"


SETTINGS = settings(max_examples=20, stateful_step_count=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SortingDay.TestCase.settings = SETTINGS
SortingDayReadyAtSorting.TestCase.settings = SETTINGS
test_sorting_reconciles_when_orders_are_ready_at_receiving = SortingDay.TestCase
test_sorting_reconciles_when_orders_are_ready_at_sorting = SortingDayReadyAtSorting.TestCase


# --- a replacement PC takes the sorted day back from head office ------------------------------

# Five bags; two units of eggs do not come (counted short), the bananas run out on the table.
DAY = [[("EGG-001", 2), ("VEG-003", 1)], [("EGG-001", 2), ("DAI-002", 1)],
       [("VEG-003", 2), ("DAI-002", 1)], [("FRU-002", 3)], [("FRU-002", 1), ("EGG-001", 1)]]
EGGS_SHORT = [0, -2, 0, 0]  # manifest lines by SKU: DAI-002, EGG-001, FRU-002, VEG-003
# What sorting decided, order by order and line by line, as a replacement PC must hold it.
SORTED_FACTS = ("SELECT o.order_no, o.state, o.slot, o.holding_deadline, o.sorted_at, "
                "o.shortage, l.line_no, l.sku, l.quantity, l.placed_quantity, l.short_quantity "
                "FROM orders o JOIN order_line l ON l.order_id = o.id ORDER BY o.order_no, "
                "l.line_no")


def replacement_pc(day: SortingDay, root: Path) -> Database:
    """A new PC enrolled for the station, after its first sync (which recovers the day)."""
    db = open_station_database(root)
    service = SyncService(db, root, use_keyring=False, timeout=(2.0, 5.0))
    service.enrol(day.ho.url, headoffice.new_enrolment_code(day.ho.db, STATION))
    report = service.sync_now()
    assert report.error is None and report.recovered is not None, report
    return db


@pytest.mark.parametrize("machine", [SortingDay, SortingDayReadyAtSorting])
def test_a_replacement_pc_takes_back_the_sorted_day(machine: type[SortingDay],
                                                    tmp_path: Path) -> None:
    day = machine()
    try:
        day.first_delivery("as_completed", DAY, False, 0, EGGS_SHORT)
        day.scan_product("FRU-002", aim=False, by_carton=False)
        assert day.sorting.short("FRU-002", CLERK).units > 0
        for sku in ORDERED:
            while any(x.sortable and x.sku == sku and x.left for x in day.lines()):
                day.scan_product(sku, aim=False, by_carton=True)
        assert day.sorting.undo_last(CLERK).reopened  # the last bag was not whole after all
        day.synced()
        facts = rows(day.db, SORTED_FACTS)
        assert {(no, short) for no, *_, short in facts if short} and \
            sum(1 for fact in facts if fact[4] is not None) > 1
        db = replacement_pc(day, tmp_path / "replacement")
        try:
            assert rows(db, SORTED_FACTS) == facts
        finally:
            db.close()
    finally:
        day.close()


# --- problems this test found, each fixed: they stay as regression tests ------------------------


def test_an_undo_between_a_syncs_push_and_pull_keeps_the_bag_waiting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The sync worker pushes a sorted order's event; staff press Ctrl+Z (the bag is not
    whole after all) before the worker pulls: head office's news of the push ("ready") must
    not make the bag ready at the counter, where it now waits to be sorted (arrived)."""
    day = SortingDayReadyAtSorting()
    try:
        day.first_delivery("off", [[("EGG-001", 1)]], False, 0, [0] * 6)
        day.scan_product("EGG-001", aim=False, by_carton=False)
        pull_all = Puller.pull_all

        def undo_then_pull(puller: Puller) -> Any:
            day.sorting.undo_last(CLERK)  # on the database lane, while the sync runs
            return pull_all(puller)

        monkeypatch.setattr(Puller, "pull_all", undo_then_pull)
        day.synced()
        monkeypatch.undo()
        day.synced()
        day.an_order_is_sorted_when_its_bag_is_whole()
        day.sync_and_compare()
    finally:
        day.close()


def test_short_in_a_bag_with_none_of_the_product_left_is_refused() -> None:
    """Staff press "short" on the open bag for a product it did not buy (or has all of) while
    other bags still wait for it: refused, as the docstring says, not "0 units short"."""
    day = SortingDay()
    try:
        day.first_delivery("off", [[("EGG-001", 1)], [("VEG-003", 1)]], False, 0, [0] * 6)
        bag = min(day.orders())
        with pytest.raises(SortingRefused) as refused:
            day.sorting.short("VEG-003", CLERK, bag)
        assert refused.value.reason is SortingRefusal.NOT_IN_ORDER
    finally:
        day.close()


def test_a_replacement_pc_knows_what_a_bag_still_to_sort_is_short_of(tmp_path: Path) -> None:
    """Received with two units of eggs short, not sorted yet: the replacement PC must not
    wait for the eggs that never came (nor forget to say so at the handover)."""
    day = SortingDayReadyAtSorting()
    try:
        day.first_delivery("off", DAY, False, 0, EGGS_SHORT)
        day.synced()
        facts = rows(day.db, SORTED_FACTS)
        assert any(short for *_, short in facts)
        db = replacement_pc(day, tmp_path / "replacement")
        try:
            assert rows(db, SORTED_FACTS) == facts
        finally:
            db.close()
    finally:
        day.close()
