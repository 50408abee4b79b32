"""The counter's daily care while it runs: today's backup (checked, old ones pruned) and the
erasure of personal data past its retention, at start and then every hour, on a lane of its
own so neither a handover nor the window ever waits for it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from station_app.care.backups import DailyCare as BackupDone
from station_app.care.backups import daily_backup
from station_app.care.personal_data import Erasure, erase_personal_data
from station_app.counter import Counter
from ui.background import Lane

log = logging.getLogger("station.ui.care")

HOUR_MS = 3_600_000
FIRST_RUN_MS = 20_000  # after start-up settles: the first scans get both cores


@dataclass(frozen=True)
class CareDone:
    backup: BackupDone
    erasure: Erasure


class DailyCare(QObject):
    finished = Signal(object)  # CareDone
    failed = Signal(object)  # the exception: the window shows it like any storage fault

    def __init__(self, counter: Counter, parent: QObject | None = None,
                 interval_ms: int = HOUR_MS) -> None:
        super().__init__(parent)
        self.counter = counter
        self.lane = Lane("care")
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_now)
        self._running = False

    def start(self, first_in_ms: int = FIRST_RUN_MS) -> None:
        self.timer.start()
        QTimer.singleShot(first_in_ms, self.run_now)

    def stop(self) -> None:
        self.timer.stop()
        self.lane.shutdown()

    def run_now(self) -> None:
        if self._running:  # the last hour's run is still going (a very large database)
            return
        self._running = True
        counter = self.counter

        def work() -> CareDone:
            now = counter.clock()
            backup = daily_backup(counter.db, counter.data_dir,
                                  counter.settings.backup_keep_days, now)
            erasure = erase_personal_data(counter.db, counter.data_dir,
                                          counter.settings.personal_data_days, now)
            return CareDone(backup, erasure)

        self.lane.submit(work, self._done, self._failed)

    def _done(self, done: CareDone) -> None:
        self._running = False
        if done.backup.taken is not None:
            log.info("daily backup %s", done.backup.taken.path.name)
        if done.backup.removed or done.erasure.orders:
            log.info("pruned %d old backup(s); erased personal data of %d order(s)",
                     len(done.backup.removed), done.erasure.orders)
        self.finished.emit(done)

    def _failed(self, error: BaseException) -> None:
        self._running = False
        log.warning("daily care failed: %s", error)
        self.failed.emit(error)
