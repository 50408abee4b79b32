"""A 300-line stock count through the real counter window: scan → row updated and painted.

    /tmp/v311/bin/python -m benchmarks.bench_count [--lines 300] [--skus 1000]
        [--movements 200000]

Target (issue 5): scan → screen updated p95 < 50 ms on 2 cores. Every scan commits its own
small transaction (fsync, synchronous=FULL) before the row changes, as at a real counter.
The station gets `--skus` extra catalogue items with barcodes and a history of `--movements`
stock movements (bulk-inserted, as benchmarks/station_data.py does), then staff count
`--lines` of them: 1–3 scans per item, and every tenth line corrected by typing its count.
Prints median/p95 per scan and the approval time; writes benchmarks/count-results.json.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from benchmarks.bench_counter import finish, summary, wait_for
from benchmarks.station_data import iso
from station_app.counter import open_counter
from ui.app import create_application
from ui.desks.count_desk import CountDesk
from ui.main_window import CounterWindow

ROOT = Path(__file__).resolve().parent.parent
MANAGER = 2  # the demo station's manager


def add_items(database: Path, skus: int, movements: int) -> list[tuple[str, str]]:
    """Extra catalogue items with barcodes and a long ledger behind them: (sku, barcode)."""
    rng = random.Random(5)
    items = [(f"BEN-{n:05d}", f"699{n:010d}") for n in range(skus)]
    now = datetime.now(UTC)
    db = sqlite3.connect(database)
    db.execute("PRAGMA synchronous=OFF")  # building test data only
    db.executemany("INSERT INTO catalogue_item (sku, name, barcode, unit, price_fen) "
                   "VALUES (?, ?, ?, '件', ?)",
                   [(sku, f"盘点商品 {n}", barcode, rng.randrange(100, 5_000))
                    for n, (sku, barcode) in enumerate(items)])
    balance = dict.fromkeys((sku for sku, _ in items), 0)
    rows = []
    start = now - timedelta(days=365)
    for n in range(movements):
        sku = items[rng.randrange(skus)][0]
        delta = rng.choice((20, 10, -1, -2, -1))
        balance[sku] += delta
        rows.append((sku, delta, balance[sku], "received" if delta > 0 else "sale",
                     f"REF-{n}", 1, iso(start + timedelta(seconds=n * 20))))
    db.executemany("INSERT INTO stock_movement (sku, delta, balance_after, reason, reference, "
                   "staff_id, occurred_at) VALUES (?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO stock_balance (sku, quantity, updated_at) VALUES (?, ?, ?)",
                   [(sku, quantity, iso(now)) for sku, quantity in balance.items()])
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return items


def bench(data_dir: Path, lines: int, skus: int, movements: int) -> list[dict[str, object]]:
    seeded = open_counter(data_dir, demo=True)
    database = seeded.data_dir.database
    seeded.close()
    items = add_items(database, skus, movements)
    create_application("zh_CN")
    counter = open_counter(data_dir)
    window = CounterWindow(counter, desks=[("count", CountDesk)])
    window.context.ask_manager = lambda _what, then: then(MANAGER)
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(window.handover.recent_shown)
    desk = window.desks["count"]
    assert isinstance(desk, CountDesk)
    window.show_desk("count")
    wait_for(desk.shown)
    QTest.keyClick(window.scan_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_for(desk.shown)
    assert desk.count_no is not None, window.banner.title

    rng = random.Random(11)
    scans: list[float] = []
    typed: list[float] = []

    def timed(text: str, into: list[float]) -> None:
        window.scan_box.setText(text)
        began = time.perf_counter()
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # as the scanner's Enter
        wait_for(desk.shown)
        window.repaint()  # painted, not just queued
        into.append((time.perf_counter() - began) * 1000)

    for n, (_sku, barcode) in enumerate(rng.sample(items, lines)):
        for _ in range(rng.choice((1, 1, 2, 3))):
            timed(barcode, scans)
        if n % 10 == 0:
            timed(str(rng.randrange(0, 40)), typed)
    assert desk.table.rowCount() == lines, desk.table.rowCount()

    began = time.perf_counter()
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for(desk.shown, 30_000)
    window.repaint()
    approval = (time.perf_counter() - began) * 1000
    assert "approved" in window.banner.title or "审批" in window.banner.title or \
        desk.count_no is None, window.banner.title
    window.close()
    counter.close()
    return [summary("scan → row updated and painted (window)", scans, 50),
            summary("typed count → row updated and painted", typed, 50),
            summary(f"Ctrl+Enter → {lines}-line count approved (sheet, adjustments, event)",
                    [approval], None)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--skus", type=int, default=1_000)
    parser.add_argument("--movements", type=int, default=200_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results = bench(Path(scratch) / "station", options.lines, options.skus,
                        options.movements)
    finish(f"{options.lines}-line stock count, {options.skus:,} SKUs, "
           f"{options.movements:,} movements", results, "count-results.json",
           {"lines": options.lines, "skus": options.skus, "movements": options.movements})


if __name__ == "__main__":
    main()
