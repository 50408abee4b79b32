"""Counter speed on a big station: lookup → painted, confirm → committed, cold start.

    .venv/bin/python benchmarks/bench_counter.py [--orders 100000] [--movements 1000000]

Targets (issue 2): lookup-to-painted p95 < 50 ms, confirm p95 < 30 ms, cold start < 2 s.
Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from benchmarks.results import results_path
from benchmarks.station_data import ready_codes, station_copy
from station_app.counter import open_counter
from ui.app import build_window, create_application

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(name: str, values: list[float], target: float | None) -> dict[str, object]:
    return {"name": name, "n": len(values), "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2), "max_ms": round(max(values), 2),
            "target_p95_ms": target}


def finish(title: str, results: list[dict[str, object]], file_name: str,
           setup: dict[str, object]) -> None:
    """Print the results as a table, write them to benchmarks/<file_name> with the machine
    and the set-up, and leave at once: PySide6 can crash while the interpreter tears Qt
    objects down, and the numbers are out by then."""
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    width = max(len(str(row["name"])) for row in results)
    print(f"\n{title}; {machine}")
    print(f"{'measure':{width}} {'n':>5} {'median':>9} {'p95':>9} {'target p95':>11}")
    for row in results:
        target = f"< {row['target_p95_ms']} ms" if row["target_p95_ms"] else ""
        print(f"{row['name']!s:{width}} {row['n']:>5} {row['median_ms']:>7} ms "
              f"{row['p95_ms']:>6} ms {target:>11}")
    results_path(file_name).write_text(json.dumps(
        {**setup, "machine": machine, "results": results}, indent=2, ensure_ascii=False),
        encoding="utf-8")
    sys.stdout.flush()
    os._exit(0)


def wait_for(signal: object, timeout_ms: int = 5_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def wait_until_idle(window: object) -> None:
    """Until the last receipt printed and the recent list shows it. Waiting for the next
    `job_done` and `recent_shown` is not that: after a rushed sample the next `job_done` is
    the receipt before the last one, and the next `recent_shown` may be a refresh from before
    the print, so the next "idle" scan was timed while a receipt still printed or the list
    was still being asked for again."""
    desk = window.handover  # type: ignore[attr-defined]
    last = desk.card.order  # the order just handed over, as the card shows it
    if last is None or not last.handed_over:
        return  # nothing handed over yet: nothing prints
    for _ in range(50):  # at most about 5 s
        rows = desk.recent.rows
        if rows and rows[0].order_no == last.order_no and rows[0].print_status == "printed":
            return
        wait_for(desk.recent_shown, 100)


def bench_window(data_dir: Path, samples: int) -> list[dict[str, object]]:
    create_application("zh_CN")
    counter = open_counter(data_dir)
    window = build_window(counter)
    window.resize(1366, 768)
    window.show()
    window.start()
    wait_for(window.handover.recent_shown)
    codes = ready_codes(counter.data_dir.database, samples * 2 + 20)
    lookups, confirms_ui, rushed = [], [], []
    for code in codes[:20]:  # warm caches as a morning's first scans do
        window.scan(code)
        wait_for(window.handover.lookup_shown)
    for index, code in enumerate(codes[20:20 + samples]):
        # Odd samples: the next resident scans while the last receipt is still printing
        # (a rush); even ones: the counter is idle again, as between most residents.
        if index % 2 == 0:
            wait_until_idle(window)
        window.scan_box.setText(code)
        began = time.perf_counter()
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # as the scanner's Enter
        wait_for(window.handover.lookup_shown)
        (lookups if index % 2 == 0 else rushed).append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        QTest.keyClick(window.scan_box, Qt.Key.Key_Return)  # staff confirm
        wait_for(window.handover.handover_shown)
        confirms_ui.append((time.perf_counter() - began) * 1000)
    # The service alone: confirm → committed (fsync included, synchronous=FULL).
    commits = []
    for code in codes[20 + samples:]:
        order = counter.handovers.lookup(code).order
        if order is None or not order.verdict.can_hand_over:
            continue
        began = time.perf_counter()
        counter.handovers.confirm(order.order_no, counter.staff_id, code)
        commits.append((time.perf_counter() - began) * 1000)
    window.close()
    counter.close()
    return [summary("scan → order card painted (window)", lookups, 50),
            summary("same, while the last receipt still prints", rushed, None),
            summary("confirm → committed (service, fsync)", commits, 30),
            summary("Enter → handover shown (window, incl. commit)", confirms_ui, None)]


def bench_cold_start(data_dir: Path, runs: int) -> dict[str, object]:
    """From launching the process to the window saying it is ready (the child prints
    `ready_ms=` then), not to the process ending: shutting down is not waiting at the counter."""
    times = []
    for _ in range(runs + 1):
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "ui.launcher", "--data-dir", str(data_dir),
             "--exit-when-ready"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert child.stdout is not None
        line = child.stdout.readline()
        ready = (time.perf_counter() - began) * 1000
        child.communicate(timeout=60)
        assert line.startswith("ready_ms=") and child.returncode == 0, line
        times.append(ready)
    return summary("cold start → interactive window (process)", times[1:], 2000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--starts", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "station"
        station_copy(data_dir, options.orders, options.movements)
        results = bench_window(data_dir, options.samples)
        results.append(bench_cold_start(data_dir, options.starts))
    finish(f"{options.orders:,} orders, {options.movements:,} stock movements", results,
           "results.json", {"orders": options.orders, "movements": options.movements})


if __name__ == "__main__":
    main()
