"""`BackgroundSync`: syncs every N minutes, at once when asked, and never dies of an error."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sync.client.backoff import Backoff
from sync.client.service import SyncReport, SyncService

log = logging.getLogger("sync.background")


class BackgroundSync:
    """One daemon thread. `on_report` is called on that thread (the UI adapter turns it into a
    Qt signal); an exception in it, or anywhere in a sync, is logged and the loop goes on."""

    def __init__(self, service: SyncService, interval_s: float = 300.0, *,
                 on_report: Callable[[SyncReport], None] | None = None,
                 backoff: Backoff | None = None) -> None:
        self.service = service
        self.interval_s = interval_s
        self.on_report = on_report
        self.backoff = backoff or Backoff(base_s=min(30.0, interval_s), cap_s=interval_s)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self.runs = 0

    def start(self) -> None:
        self._thread.start()

    def sync_now(self) -> None:
        """Wake the thread for a sync at once (returns immediately)."""
        self._wake.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout_s)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            wait = self.interval_s
            try:
                report = self.service.sync_now()
                self.runs += 1
                if report.error is not None and report.error.transient:
                    # Offline: try again sooner than the interval, but back off as it lasts.
                    wait = min(self.interval_s,
                               self.backoff.delay(max(1, self.service.failures_in_a_row()),
                                                  report.error.retry_after_s))
                if self.on_report is not None:
                    self.on_report(report)
            except Exception:
                log.exception("sync run failed; the next one follows on schedule")
            self._wake.wait(wait)
