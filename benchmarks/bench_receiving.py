"""Receiving a 2,000-line manifest by scanning: time per scan to the screen updated, and confirm.

    .venv/bin/python -m benchmarks.bench_receiving [--lines 2000] [--orders 300]

Builds its own station in a temporary data dir (the demo station plus `--lines` catalogue items
with carton labels and `--orders` not-arrived orders on them), opens the real counter window
offscreen with the receiving desk, opens the manifest by scanning its number and scans every
carton once through the scan box, the way a USB scanner types it. Each scan goes through the
database lane and commits its draft (synchronous=FULL) before the row is redrawn.

Target (issue 5): scan → screen updated p95 < 50 ms. Prints a table and writes
benchmarks/receiving-results.json.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from benchmarks.bench_counter import finish, percentile, summary, wait_for
from station_app.counter import open_counter
from station_app.services.manifests import ManifestInput, ManifestLineInput, store_manifest
from station_app.storage.database import Database
from station_app.storage.models import CatalogueItem, Order, OrderLine
from ui.app import create_application
from ui.desks.receiving_desk import ReceivingDesk
from ui.main_window import CounterWindow

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "M-BENCH-0001"

__all__ = ["main", "percentile"]


def build(db: Database, lines: int, orders: int) -> list[str]:
    """The catalogue, the not-arrived orders and the manifest; returns the carton codes."""
    rng = random.Random(5)
    now = datetime.now(UTC)
    skus = [f"BM-{n:05d}" for n in range(lines)]
    expected = {sku: 0 for sku in skus}
    with db.writing() as session:
        session.add_all(CatalogueItem(sku=sku, name=f"基准商品 {n}", barcode=f"69{n:011d}",
                                      unit="件", price_fen=990)
                        for n, sku in enumerate(skus))
        session.flush()
        order_nos = []
        for n in range(orders):
            order = Order(order_no=f"XF01-BM-{n:04d}", station_id="XF01",
                          pickup_code=f"{900000 + n}", masked_phone="138****0000",
                          phone_tail="0000", customer_name="张**", slot=None,
                          state="not_arrived", holding_deadline=now + timedelta(days=2),
                          created_at=now - timedelta(days=1), arrived_at=None,
                          cancelled_at=None)
            session.add(order)
            session.flush()
            for line_no, sku in enumerate(rng.sample(skus, 3), start=1):
                quantity = rng.choice((1, 1, 2))
                expected[sku] += quantity
                session.add(OrderLine(order_id=order.id, line_no=line_no, sku=sku,
                                      quantity=quantity, unit_price_fen=990))
            order_nos.append(order.order_no)
        # Each carton holds every unit of its line: one scan per line counts the delivery.
        # SKUs no order wants are surplus for walk-in sales.
        units = {sku: expected[sku] or rng.randrange(1, 4) for sku in skus}
        data = ManifestInput(MANIFEST, "XF01", now.date(), tuple(
            ManifestLineInput(sku, units[sku], f"CT-{sku}", units[sku]) for sku in skus),
            tuple(order_nos))
        store_manifest(session, data, "demo", now)
    return [f"CT-{sku}" for sku in skus]


def scan_box_enter(window: CounterWindow, desk: ReceivingDesk, code: str) -> float:
    window.scan_box.setText(code)
    began = time.perf_counter()
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # as the scanner's Enter
    wait_for(desk.shown)
    return (time.perf_counter() - began) * 1000


def bench(data_dir: Path, lines: int, orders: int) -> list[dict[str, object]]:
    create_application("en")  # the progress and banner texts are read back below
    counter = open_counter(data_dir, demo=True)
    cartons = build(counter.db, lines, orders)
    window = CounterWindow(counter, desks=[("receiving", ReceivingDesk)])
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(window.handover.recent_shown)
    desk = window.desks["receiving"]
    assert isinstance(desk, ReceivingDesk)
    window.show_desk("receiving")
    wait_for(desk.shown)
    opened = scan_box_enter(window, desk, MANIFEST)
    assert desk.table.rowCount() == lines, desk.table.rowCount()
    scans = [scan_box_enter(window, desk, code) for code in cartons]
    received, expected = desk.progress.text().split(" units")[0].split(" / ")
    assert received == expected, desk.progress.text()  # every carton counted
    began = time.perf_counter()
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    while not window.banner.title.startswith(("Received", "已收货", "签收")) and \
            time.perf_counter() - began < 60:
        wait_for(desk.shown, 1_000)
    confirm = (time.perf_counter() - began) * 1000
    title = window.banner.title
    window.close()
    counter.close()
    return [summary(f"open a {lines:,}-line manifest (scan → table shown)", [opened], None),
            summary("scan carton → row and progress painted (window)", scans, 50),
            {**summary(f"confirm (Ctrl+Enter ×2 → banner; {orders} orders, labels)",
                       [confirm], None), "banner": title}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2_000)
    parser.add_argument("--orders", type=int, default=300)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = bench(Path(scratch) / "station", options.lines, options.orders)
    finish(f"receiving: {options.lines:,}-line manifest, {options.orders} orders", results,
           "receiving-results.json", {"lines": options.lines, "orders": options.orders})


if __name__ == "__main__":
    main()
