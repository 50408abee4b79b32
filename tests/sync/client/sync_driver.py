"""A counter syncing as fast as it can, to be killed with SIGKILL by the crash tests.

    python -m tests.sync.client.sync_driver DATA_DIR BATCH_EVENTS
Prints `STARTED`, then `SYNCED <acked_through_seq> <pending>` after each sync, `DONE` at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from station_app.paths import DataDir
from station_app.storage.database import open_database
from sync.client.backoff import Backoff
from sync.client.service import SyncService


def main(data_dir: Path, batch_events: int) -> None:
    layout = DataDir(data_dir)
    db = open_database(layout.database, layout.backups)
    service = SyncService(db, data_dir, use_keyring=False, timeout=(2.0, 5.0),
                          backoff=Backoff(base_s=0.01, cap_s=0.05),
                          max_batch_events=batch_events)
    print("STARTED", flush=True)
    while True:
        report = service.sync_now()
        print(f"SYNCED {report.acked_through_seq} {report.pending}", flush=True)
        if report.error is None and report.pending == 0:
            break
    print("DONE", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
