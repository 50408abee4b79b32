"""A counter recovering from head office or enrolling, to be killed with SIGKILL by the
whole-life crash tests.

    python -m tests.e2e.life_driver sync DATA_DIR
    python -m tests.e2e.life_driver enrol DATA_DIR URL CODE

Prints `STARTED` once everything is imported and open, `DONE` when the work returned.
"""

from __future__ import annotations

import sys
from pathlib import Path

from station_app.counter import open_counter
from sync.client import recovery
from sync.client.service import SyncService


def main(mode: str, data_dir: Path, *rest: str) -> None:
    recovery.APPLY_CHUNK = 3  # small transactions: many places for the kill to land
    counter = open_counter(data_dir)
    service = SyncService(counter.db, data_dir, use_keyring=False, timeout=(5.0, 10.0))
    print("STARTED", flush=True)
    if mode == "enrol":
        url, code = rest
        service.enrol(url, code)
    report = service.sync_now()
    print(f"DONE {report.error}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:])
