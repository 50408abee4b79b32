"""Sorting a day's goods by product (分拣): 300 orders, 2,000 units of 60 products.

    .venv/bin/python -m benchmarks.bench_sorting [--orders 300] [--units 2000] [--products 60]

Builds its own station in a temporary data dir (a fresh station, no demo orders: their bags
would join the day's sort and take shelf slots): `--products` catalogue products with EAN-13
barcodes, `--orders` not-arrived orders sharing `--units` units among them, and the day's
manifest, counted and confirmed through the real `Receiving` service, so the orders are ready,
arrived today and on their slots as a real delivery leaves them (their pickup labels are printed
before timing starts). Then it opens the real counter window offscreen on the sorting desk and
sorts the whole day by product: per product, in the order of the desk's table, it types the
product's barcode into the scan box and presses Enter, as the USB scanner does, once per bag
that wants it (a scan places all the units the next bag needs).

Timed from the Enter key: the instruction painted (a Paint event of the instruction after the
desk's `shown`), and the announcement: the counter's `Voice` on the shipped clips (audio handed
to QSoundEffect, its `started` signal), or, when ui/voice.py is missing or silent here, up to
the desk calling `context.say`; the json says which ("announcement"). Between scans it waits
until the desk's table, the label printer and the database lane are idle again: staff walk to
the shelf between two scans. Afterwards it reads the database: every order's placed units equal
what it ordered, and every placement went to the slot and count the screen and the voice gave
(`misplaced` counts any that did not; it must be 0).

Targets (the sorting issue): scan → instruction painted p95 ≤ 30 ms; scan → announcement
started p95 ≤ 150 ms. Prints a table and writes benchmarks/sorting-results.json.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from benchmarks.bench_counter import finish, summary
from station_app.clock import business_day, day_start
from station_app.counter import Counter, open_counter
from station_app.domain.order_factory import new_pickup_code, order_number
from station_app.domain.order_state import OrderState
from station_app.domain.staff import Role
from station_app.paths import DataDir
from station_app.services.manifests import ManifestInput, ManifestLineInput, store_manifest
from station_app.services.receiving import Receiving
from station_app.storage.database import open_database
from station_app.storage.models import (
    CatalogueItem,
    Order,
    OrderLine,
    SortPlacement,
    Staff,
    Station,
)
from station_app.voice import Announcement
from ui.app import create_application
from ui.desks.sorting_desk import SortingDesk
from ui.main_window import CounterWindow

try:
    from ui.voice import Voice
except ImportError:  # being written: then the run measures up to say() being called
    Voice = None  # type: ignore[assignment,misc]

STATION = "BM01"
MANIFEST = "M-BM01-SORT"
BASKET = 3.5  # products per order on average: 300 orders → about 1,050 lines (scans)
MOST_PRODUCTS = 6
WAIT_S = 10.0


# --- the station ----------------------------------------------------------------------------


def ean13(base: str) -> str:
    """`base` (12 digits) with its check digit: the barcodes a real scanner reads."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(base))
    return base + str((10 - total % 10) % 10)


def baskets(rng: random.Random, orders: int, units: int,
            products: int) -> list[list[tuple[int, int]]]:
    """Per order, its lines as (product index, quantity): `units` units in all, at least one
    per line, each order one to MOST_PRODUCTS different products."""
    most = min(products, MOST_PRODUCTS)
    lines = min(units, orders * most, max(orders, round(orders * BASKET)))
    per_order = [1] * orders
    for _ in range(lines - orders):
        per_order[rng.choice([n for n, count in enumerate(per_order) if count < most])] += 1
    plan = [[(product, 1) for product in rng.sample(range(products), count)]
            for count in per_order]
    flat = [(n, k) for n, basket in enumerate(plan) for k in range(len(basket))]
    for _ in range(units - lines):
        n, k = rng.choice(flat)
        product, quantity = plan[n][k]
        plan[n][k] = (product, quantity + 1)
    return plan


def open_station(root: Path, orders: int, units: int, products: int) -> tuple[Counter, int]:
    """A fresh station whose `orders` arrived today: built, received and on their slots.
    Returns the counter and the number of pickup labels receiving journaled."""
    data_dir = DataDir(root)
    data_dir.ensure()
    db = open_database(data_dir.database, data_dir.backups)
    with db.writing() as session:
        session.add_all([Station(id=STATION, name="基准分拣自提点", holding_days=3,
                                 is_local=True),
                         Staff(id=1, name="王丽", role=Role.CLERK.value, active=True)])
    db.close()
    counter = open_counter(root)
    rng = random.Random(11)
    now = counter.clock()
    plan = baskets(rng, orders, units, products)
    skus = [f"FX-{n:03d}" for n in range(products)]
    wanted = Tally[str]()
    codes: set[str] = set()
    yesterday = business_day(now - timedelta(days=1))
    with counter.db.writing() as session:
        session.add_all(CatalogueItem(sku=sku, name=f"分拣商品 {n:03d}",
                                      barcode=ean13(f"69{n:010d}"), unit="件", price_fen=590)
                        for n, sku in enumerate(skus))
        session.flush()
        for n, basket in enumerate(plan, start=1):
            tail = f"{rng.randrange(10_000):04d}"
            order = Order(order_no=order_number(STATION, yesterday, n), station_id=STATION,
                          pickup_code=new_pickup_code(rng, codes),
                          masked_phone=f"138****{tail}", phone_tail=tail,
                          customer_name="张**", slot=None,
                          state=OrderState.NOT_ARRIVED.value,
                          holding_deadline=now + timedelta(days=3),
                          created_at=now - timedelta(hours=20), arrived_at=None,
                          cancelled_at=None,
                          address_line=f"{n % 12 + 1}栋 {n % 6 + 1}0{n % 4 + 1}")
            session.add(order)
            session.flush()
            for line_no, (product, quantity) in enumerate(basket, start=1):
                wanted[skus[product]] += quantity
                session.add(OrderLine(order_id=order.id, line_no=line_no, sku=skus[product],
                                      quantity=quantity, unit_price_fen=590))
        order_nos = tuple(order_number(STATION, yesterday, n) for n in range(1, orders + 1))
        store_manifest(session, ManifestInput(MANIFEST, STATION, business_day(now), tuple(
            ManifestLineInput(sku, wanted[sku], f"CT-{sku}", wanted[sku])
            for sku in skus if wanted[sku]), order_nos), "demo", now)
    settings = counter.settings
    receiving = Receiving(counter.db, STATION, counter.clock, settings.shelf,
                          settings.receipt_language, ready_when="received")
    for sku in skus:
        if wanted[sku]:
            receiving.set_count(MANIFEST, sku, wanted[sku])
    done = receiving.receive(MANIFEST, counter.staff_id)
    assert not done.unslotted_orders, f"{len(done.unslotted_orders)} orders got no slot"
    assert len(done.ready_orders) == orders, done
    with counter.db.reading() as session:
        waiting = session.scalar(select(func.count()).select_from(Order).where(
            Order.state == OrderState.READY.value, Order.slot.is_not(None),
            Order.arrived_at >= day_start(business_day(counter.clock())),
            Order.sorted_at.is_(None)))
    assert waiting == orders, f"{waiting} of {orders} orders wait to be sorted"
    return counter, len(done.print_job_ids)


def the_day(counter: Counter) -> list[tuple[str, str]]:
    """(product name, barcode) per scan: product by product as the desk's table lists them,
    each scanned once per order line that wants it."""
    with counter.db.reading() as session:
        rows = session.execute(
            select(CatalogueItem.name, CatalogueItem.barcode, func.count(OrderLine.id))
            .join(OrderLine, OrderLine.sku == CatalogueItem.sku)
            .group_by(CatalogueItem.name, CatalogueItem.barcode)
            .order_by(CatalogueItem.name)).all()
    return [(name, barcode) for name, barcode, lines in rows if barcode for _ in range(lines)]


# --- what the window does, and when ----------------------------------------------------------


@dataclass
class Scan:
    """One scan's moments (perf_counter seconds) and what staff were shown and told."""

    began: float = 0.0
    said: float | None = None
    shown: float | None = None
    painted: float | None = None
    refreshed: float | None = None  # the desk's table of what is left, after the scan
    started: float | None = None  # the voice's audio handed to the output
    slot_text: str = ""
    units_text: str = ""
    announced: Announcement | None = None

    def ms(self, moment: float | None) -> float:
        assert moment is not None
        return (moment - self.began) * 1000


class Marks(QObject):
    """Watches the desk, the voice and the printer, stamping the current scan's moments.
    `changed` wakes the waiting loop whenever something happened."""

    changed = Signal()

    def __init__(self, desk: SortingDesk) -> None:
        super().__init__()
        self.desk = desk
        self.scan = Scan()
        self.shown_count = 0
        self.prints_asked = 0
        self.prints_ended = 0
        self.idle_rounds = 0
        desk.shown.connect(self._shown)
        # The table's refresh has its own signal (older desks emitted `shown` twice).
        self.own_refresh_signal = hasattr(desk, "progress_shown")
        if self.own_refresh_signal:
            desk.progress_shown.connect(self._refreshed)
        for widget in (desk.instruction, desk.slot_label, desk.units_label):
            widget.installEventFilter(self)

    def start(self) -> Scan:
        self.scan = Scan(began=time.perf_counter())
        self.shown_count = 0
        return self.scan

    def _shown(self) -> None:
        self.shown_count += 1
        now = time.perf_counter()
        if self.shown_count == 1:
            self.scan.shown = now
            self.scan.slot_text = self.desk.slot_label.text()
            self.scan.units_text = self.desk.units_label.text()
        elif not self.own_refresh_signal:
            self._refreshed()
        self.changed.emit()

    def _refreshed(self) -> None:
        if self.scan.refreshed is None:
            self.scan.refreshed = time.perf_counter()
        self.changed.emit()

    def said(self, announcement: Announcement) -> None:
        if self.scan.said is None:
            self.scan.said, self.scan.announced = time.perf_counter(), announcement
        self.changed.emit()

    def started(self, _words: str) -> None:
        if self.scan.started is None:
            self.scan.started = time.perf_counter()
        self.changed.emit()

    def print_asked(self) -> None:
        self.prints_asked += 1

    def print_ended(self, *_: Any) -> None:
        self.prints_ended += 1
        self.changed.emit()

    def lane_idle(self, _: object = None) -> None:
        self.idle_rounds += 1
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.scan.shown is not None \
                and self.scan.painted is None:
            self.scan.painted = time.perf_counter()
            self.changed.emit()
        return False


class Waiter:
    """One event loop, woken by `Marks.changed` or a timeout (no timer left behind per wait)."""

    def __init__(self, marks: Marks) -> None:
        self.loop = QEventLoop()
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.loop.quit)
        marks.changed.connect(self.loop.quit)

    def until(self, ready: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
        deadline = time.perf_counter() + timeout_s
        while not ready():
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            self.timer.start(max(1, int(left * 1000)))
            self.loop.exec()
        self.timer.stop()
        return True


def idle(window: CounterWindow, marks: Marks, waiter: Waiter) -> None:
    """Until every label asked for has printed and the database lane ran all that came of it
    (each printed job refreshes the handover desk's recent list)."""
    assert waiter.until(lambda: marks.prints_ended >= marks.prints_asked, 120), \
        f"printer: {marks.prints_ended} of {marks.prints_asked} jobs ended"
    rounds = marks.idle_rounds + 1
    window.context.run(lambda: None, marks.lane_idle)
    assert waiter.until(lambda: marks.idle_rounds >= rounds), "the database lane is stuck"


@dataclass
class Voicing:
    """How the announcement is timed: "audio started" (Voice on clips) or "say() called"."""

    announcement: str
    engine: str
    notes: list[str] = field(default_factory=list)


def wire_voice(window: CounterWindow, marks: Marks) -> Voicing:
    """The window's Voice (on the shipped clips) or one of our own, with every say() stamped."""
    context = window.context
    voice = getattr(window, "voice", None)
    voicing = Voicing("say() called", "none")
    if Voice is not None and not isinstance(voice, Voice):
        voice = Voice(window.counter.settings, window.counter.settings.language, window,
                      engine="clips")
        voicing.notes.append("the window has no Voice yet: the benchmark made one and set it "
                             "as DeskContext.say")
    if Voice is None:
        voicing.notes.append("ui/voice.py is missing: timed up to DeskContext.say being called")
        speak: Callable[[Announcement], None] = context.say
    else:
        assert voice is not None
        voicing.engine = voice.engine_name
        if voice.engine_name == "clips":
            voicing.announcement = "audio started"
            voice.started.connect(marks.started)
        else:
            voicing.notes.append(f"the voice is {voice.engine_name} here: timed up to "
                                 "DeskContext.say being called")
        speak = voice.say

    def say(announcement: Announcement) -> None:
        marks.said(announcement)
        speak(announcement)

    context.say = say
    return voicing


def open_window(counter: Counter) -> CounterWindow:
    create_application("en")
    if Voice is not None:
        # The shipped clips, never the machine's speech service: the same path on every PC.
        Voice.engine_choice = "clips"
    window = CounterWindow(counter, desks=[("sorting", SortingDesk)])
    window.resize(1366, 768)
    window.show()
    return window


# --- the run --------------------------------------------------------------------------------


def sort_the_day(window: CounterWindow, desk: SortingDesk, marks: Marks, waiter: Waiter,
                 voicing: Voicing, day: list[tuple[str, str]]) -> list[Scan]:
    audio = voicing.announcement == "audio started"
    scans = []
    for product, barcode in day:
        QTest.keyClicks(window.scan_box, barcode)
        scan = marks.start()
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # as the scanner's Enter

        def shown(scan: Scan = scan) -> bool:
            return scan.shown is not None

        def all_in(scan: Scan = scan) -> bool:
            return scan.painted is not None and scan.refreshed is not None and \
                (scan.started is not None or not audio)

        assert waiter.until(shown), f"no result for {product}"
        assert scan.said is not None, \
            f"{product} was not placed: {window.banner.title} {window.banner.detail}"
        assert waiter.until(all_in), \
            f"{product}: painted {scan.painted}, table {scan.refreshed}, voice {scan.started}"
        idle(window, marks, waiter)
        scans.append(scan)
    return scans


def misplacements(counter: Counter, scans: list[Scan]) -> tuple[int, dict[str, int]]:
    """Units not where they belong, read from the database: order lines whose placed units
    differ from what was ordered (or were found short), and placements whose bag or count is
    not what the screen and the voice told staff."""
    with counter.db.reading() as session:
        lines = session.execute(select(OrderLine.quantity, OrderLine.placed_quantity,
                                       OrderLine.short_quantity)).all()
        placements = session.execute(
            select(SortPlacement.units, SortPlacement.order_line_id, Order.slot)
            .join(OrderLine, OrderLine.id == SortPlacement.order_line_id)
            .join(Order, Order.id == OrderLine.order_id)
            .order_by(SortPlacement.id)).all()
        per_line = dict(session.execute(
            select(SortPlacement.order_line_id, func.sum(SortPlacement.units))
            .group_by(SortPlacement.order_line_id)).all())
        placed_by_line = dict(session.execute(select(OrderLine.id, OrderLine.placed_quantity))
                              .all())
        unsorted = session.scalar(select(func.count()).select_from(Order)
                                  .where(Order.sorted_at.is_(None))) or 0
    wrong_bag = sum(units for (units, _line, slot), scan in zip(placements, scans, strict=False)
                    if scan.slot_text != slot or scan.units_text != f"×{units}"
                    or scan.announced is None or scan.announced.slot != slot
                    or scan.announced.quantity != units)
    unrecorded = sum(abs(placed - per_line.get(line_id, 0))
                     for line_id, placed in placed_by_line.items())
    off = sum(abs(quantity - placed) + short for quantity, placed, short in lines)
    details = {"order lines off": off, "placements unlike the instruction": wrong_bag,
               "placed units without a placement": unrecorded,
               "placements": len(placements), "scans": len(scans), "orders unsorted": unsorted}
    misplaced = off + wrong_bag + unrecorded + abs(len(placements) - len(scans)) + unsorted
    return misplaced, details


def bench(root: Path, orders: int, units: int,
          products: int) -> tuple[list[dict[str, object]], dict[str, object]]:
    began = time.perf_counter()
    counter, labels = open_station(root, orders, units, products)
    day = the_day(counter)
    window = open_window(counter)
    desk = window.desks["sorting"]
    assert isinstance(desk, SortingDesk)
    marks = Marks(desk)
    waiter = Waiter(marks)
    voicing = wire_voice(window, marks)
    window.printer.job_done.connect(marks.print_ended)
    window.printer.job_failed.connect(marks.print_ended)
    print_job = window.context.print_job

    def counted_print(job_id: int) -> None:
        marks.print_asked()
        print_job(job_id)

    window.context.print_job = counted_print
    window.start()
    marks.prints_asked += labels  # receiving's pickup labels print as the window starts
    idle(window, marks, waiter)
    window.show_desk("sorting")
    assert waiter.until(lambda: desk.table.rowCount() == len({code for _, code in day}))
    idle(window, marks, waiter)
    set_up = time.perf_counter() - began
    sorting = time.perf_counter()
    scans = sort_the_day(window, desk, marks, waiter, voicing, day)
    sorted_s = time.perf_counter() - sorting
    misplaced, details = misplacements(counter, scans)
    assert misplaced == 0, details
    with counter.db.reading() as session:
        placed = session.scalar(select(func.sum(OrderLine.placed_quantity))) or 0
    assert placed == units, (placed, units)
    window.close()
    counter.close()
    said = [scan.ms(scan.said) for scan in scans]
    results = [summary("scan → desk's result shown (signal)", [s.ms(s.shown) for s in scans],
                       None),
               summary("scan → instruction painted (slot, ×units)",
                       [s.ms(s.painted) for s in scans], 30),
               summary("scan → table of what is left refreshed",
                       [s.ms(s.refreshed) for s in scans], None),
               summary("scan → say() called", said,
                       None if voicing.announcement == "audio started" else 150)]
    if voicing.announcement == "audio started":
        results.append(summary("scan → announcement started (clip audio handed over)",
                               [s.ms(s.started) for s in scans], 150))
    setup: dict[str, object] = {
        "orders": orders, "units": units, "products": products, "scans": len(scans),
        "products_used": len({code for _, code in day}), "placed_units": placed,
        "misplaced": misplaced, "announcement": voicing.announcement,
        "voice_engine": voicing.engine, "voice_notes": voicing.notes,
        "whole_sort_s": round(sorted_s, 1),
        "seconds_per_scan_incl_idle_waits": round(sorted_s / len(scans), 3),
        "set_up_s": round(set_up, 1),
        "painted_minus_shown_median_ms": round(statistics.median(
            s.ms(s.painted) - s.ms(s.shown) for s in scans), 2)}
    return results, setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--products", type=int, default=60)
    options = parser.parse_args()
    if not 1 <= options.orders <= options.units or options.products < 1:
        parser.error("needs 1 ≤ orders ≤ units and at least one product")
    with tempfile.TemporaryDirectory() as scratch:
        results, setup = bench(Path(scratch) / "station", options.orders, options.units,
                               options.products)
    finish(f"sorting by product: {options.orders} orders, {options.units:,} units of "
           f"{options.products} products", results, "sorting-results.json", setup)


if __name__ == "__main__":
    main()
