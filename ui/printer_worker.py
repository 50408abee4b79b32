"""The printer's own lane: receipts print in the background, failures become news for staff."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from station_app.counter import Counter
from station_app.services.print_journal import PendingJob
from station_app.services.printing import PrintOutcome, print_job
from ui.background import Lane
from ui.status_bar import Wording


class PrinterWorker(QObject):
    # Indicator state (ok/warn/error) and its wording (ui/status_bar.py: Wording).
    status_changed = Signal(str, object)
    job_done = Signal(int)
    job_failed = Signal(str, object)  # order number, PrinterError

    def __init__(self, counter: Counter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lane = Lane("printer")
        self.use(counter)

    def use(self, counter: Counter) -> None:
        """Print with `counter`'s printer settings from the next job on (settings saved)."""
        self._counter = counter
        settings = counter.settings.printer
        self._name: Wording = ((lambda: self.tr("virtual")) if settings.transport == "virtual"
                               else settings.transport)
        self.status_changed.emit("ok", self._name)

    def start(self) -> None:
        """Print what a crash or a dead printer left in the queue."""
        journal = self._counter.journal
        self._lane.submit(journal.queued, self._print_all, self._crashed)
        self.status_changed.emit("ok", self._name)

    def _print_all(self, jobs: Sequence[PendingJob]) -> None:
        for job in jobs:
            self.print_job(job.job_id)

    def print_job(self, job_id: int) -> None:
        counter = self._counter
        self._lane.submit(
            lambda: print_job(counter.journal, job_id, counter.settings.printer,
                              counter.data_dir, counter.settings.label_printer),
            self._finished, self._crashed)

    def reprint(self, order_no: str) -> None:
        journal = self._counter.journal

        def queue() -> int | None:
            job = journal.reprint(order_no)
            return None if job is None else job.job_id

        def print_it(job_id: int | None) -> None:
            if job_id is not None:
                self.print_job(job_id)

        self._lane.submit(queue, print_it, self._crashed)

    def retry_failed(self) -> None:
        journal = self._counter.journal
        self._lane.submit(journal.retry_all_failed, self._print_all, self._crashed)

    def _finished(self, outcome: PrintOutcome) -> None:
        if outcome.error is not None:
            failed = outcome.failed_total
            self.status_changed.emit("error", lambda: self.tr("%n receipt(s) not printed", "",
                                                              failed))
            self.job_failed.emit(outcome.order_no, outcome.error)
        else:
            state = "warn" if outcome.failed_total else "ok"
            count = outcome.failed_total
            text: Wording = ((lambda: self.tr("%n receipt(s) not printed", "", count))
                             if count else self._name)
            self.status_changed.emit(state, text)
        self.job_done.emit(outcome.job_id)

    def _crashed(self, error: BaseException) -> None:
        self.status_changed.emit("error", self.tr("error: %1").replace("%1", str(error)[:80]))

    def shutdown(self) -> None:
        self._lane.shutdown()
