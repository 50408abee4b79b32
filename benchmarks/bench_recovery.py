"""Recovery from head office: how long a restored counter takes to take back a day's work.

    .venv/bin/python -m benchmarks.bench_recovery [--handovers 2000] [--runs 3]

The demo counter, enrolled with the reference head office on 127.0.0.1, pulls `--handovers`
orders, is backed up, hands every one over and syncs; the backup is restored (the disk died)
and the next sync takes the handovers back: the orders stream first (each order republished
as handed over), then every event replayed into the same rows. No target in the issues; a
station keeper waits this long before the counter is up to date after a restore.
Prints the times and writes benchmarks/recovery-results.json.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.bench_counter import finish
from station_app.care.backups import DAILY, take_backup
from station_app.care.restore import restore
from station_app.counter import open_counter
from station_app.demo_data import DEMO_STATION
from sync.client.service import SyncService
from sync.server.embedded import EmbeddedHeadOffice
from sync.server.headoffice import create_station, new_enrolment_code
from sync.server.order_factory import generate_orders


def one_run(folder: Path, handovers: int) -> tuple[float, float, int]:
    """(restore s, recovering sync s, events taken back)."""
    head_office = EmbeddedHeadOffice(f"sqlite:///{folder / 'headoffice.db'}")
    head_office.start()
    try:
        create_station(head_office.db, DEMO_STATION, "幸福里社区自提点")
        counter = open_counter(folder / "station", demo=True)
        service = SyncService(counter.db, folder / "station", use_keyring=False)
        service.enrol(head_office.url, new_enrolment_code(head_office.db, DEMO_STATION))
        order_nos = generate_orders(head_office.db, DEMO_STATION, handovers, seed=1)
        assert service.sync_now().error is None
        backup = take_backup(counter.db, counter.data_dir.backups, DAILY, datetime.now(UTC))
        for order_no in order_nos:
            order = counter.handovers.order(order_no)
            assert order is not None
            counter.handovers.confirm(order_no, counter.staff_id, order.pickup_code)
        assert service.sync_now().error is None
        counter.close()
        began = time.perf_counter()
        restore(counter.data_dir, backup.path, force=True)
        restored = time.perf_counter() - began
        counter = open_counter(folder / "station")
        service = SyncService(counter.db, folder / "station", use_keyring=False)
        began = time.perf_counter()
        report = service.sync_now()
        recovering = time.perf_counter() - began
        assert report.error is None and report.recovered is not None
        counter.close()
        return restored, recovering, report.recovered.recovered
    finally:
        head_office.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--handovers", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    restores, syncs = [], []
    for run in range(options.runs):
        with tempfile.TemporaryDirectory() as scratch:
            restored, recovering, taken = one_run(Path(scratch), options.handovers)
        assert taken == options.handovers, taken
        restores.append(restored * 1000)
        syncs.append(recovering * 1000)
        print(f"run {run + 1}: restore {restored:.2f} s, recovering sync {recovering:.2f} s "
              f"({taken / recovering:.0f} events/s)", flush=True)
    finish(f"recovery of {options.handovers:,} handovers after a restore",
           [{"name": "restore (swap)", "n": len(restores),
             "median_ms": round(statistics.median(restores), 1),
             "p95_ms": round(max(restores), 1), "max_ms": round(max(restores), 1),
             "target_p95_ms": None},
            {"name": "recovering sync", "n": len(syncs),
             "median_ms": round(statistics.median(syncs), 1),
             "p95_ms": round(max(syncs), 1), "max_ms": round(max(syncs), 1),
             "target_p95_ms": None}],
           "recovery-results.json", {"handovers": options.handovers, "runs": options.runs})


if __name__ == "__main__":
    main()
