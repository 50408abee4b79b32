"""The customer display on a big station: scan → display painted, and what it costs the counter.

    .venv/bin/python -m benchmarks.bench_customer_display [--orders 100000] [--samples 200]

On bench_counter.py's station (benchmarks/station_data.py: 100,000 orders, 1,000,000 stock
movements), the real window with the customer display open as a window (the offscreen platform
has one screen; "second_screen" paints the same widgets full screen elsewhere):

- scan (the scanner's Enter in the scan box) → the customer display painted the order
  (`CustomerDisplay.painted`, after its synchronous repaint); target p95 ≤ 50 ms;
- scan → the staff order card painted (`lookup_shown`, as in bench_counter.py), with the
  display open and with it off: the display must not make the counter slower.

Samples alternate in blocks of BLOCK between display open and off (settings applied in place,
as F2 does), so both see the same caches and disk. The handover desk tells the display itself
(`DeskContext.tell_resident` in ui/desks/handover_desk.py), so nothing is wrapped here.
Prints a table and writes benchmarks/customer-display-results.json.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from benchmarks.bench_counter import finish, summary, wait_for
from benchmarks.station_data import ready_codes, station_copy
from station_app.counter import open_counter
from ui.app import build_window, create_application
from ui.main_window import CounterWindow

BLOCK = 10  # samples in a row with the display open, then as many with it off
WARM = 20  # the morning's first scans: caches warm, not measured


def one_scan(window: CounterWindow, code: str, display_on: bool) -> tuple[float, float | None]:
    """Scan `code`; milliseconds until the staff card, and until the display, were painted."""
    marks: dict[str, float] = {}
    loop = QEventLoop()
    display = window.resident.display if display_on else None

    def mark(name: str) -> None:
        marks.setdefault(name, time.perf_counter())
        if "card" in marks and (display is None or "display" in marks):
            loop.quit()

    def card() -> None:
        mark("card")

    def painted(_view: object) -> None:
        mark("display")

    window.handover.lookup_shown.connect(card)
    if display is not None:
        display.painted.connect(painted)
    window.scan_box.setText(code)
    began = time.perf_counter()
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # as the scanner's Enter
    QTimer.singleShot(10_000, loop.quit)
    loop.exec()
    window.handover.lookup_shown.disconnect(card)
    if display is not None:
        display.painted.disconnect(painted)
    to_card = (marks["card"] - began) * 1000
    return to_card, (marks["display"] - began) * 1000 if "display" in marks else None


def settle(window: CounterWindow) -> None:
    """Let what a sample left behind (the voice, a repaint) finish before the next."""
    loop = QEventLoop()
    QTimer.singleShot(30, loop.quit)
    loop.exec()


def bench(data_dir: Path, samples: int) -> list[dict[str, object]]:
    create_application("zh_CN")
    counter = open_counter(data_dir)
    on = replace(counter.settings, customer_display="window")
    off = replace(on, customer_display="off")
    window = build_window(replace(counter, settings=on))
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(window.handover.recent_shown)
    codes = ready_codes(counter.data_dir.database, WARM + samples)
    codes = (codes * (1 + (WARM + samples) // max(1, len(codes))))[:WARM + samples]
    for code in codes[:WARM]:
        one_scan(window, code, True)
    to_display: list[float] = []
    card_on: list[float] = []
    card_off: list[float] = []
    block = max(1, min(BLOCK, samples // 2))  # a tiny run still measures both
    for index, code in enumerate(codes[WARM:]):
        display_on = (index // block) % 2 == 0
        if index % block == 0:
            window.apply_settings(on if display_on else off)
            settle(window)
        to_card, painted = one_scan(window, code, display_on)
        (card_on if display_on else card_off).append(to_card)
        if painted is not None:
            to_display.append(painted)
        settle(window)
    window.close()
    counter.close()
    return [summary("scan → customer display painted", to_display, 50),
            summary("scan → staff card painted, display open", card_on, None),
            summary("scan → staff card painted, display off", card_off, None)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "station"
        station_copy(data_dir, options.orders, options.movements)
        results = bench(data_dir, options.samples)
    finish(f"customer display, {options.orders:,} orders", results,
           "customer-display-results.json",
           {"orders": options.orders, "movements": options.movements,
            "display": "window (offscreen, one screen)"})


if __name__ == "__main__":
    main()
