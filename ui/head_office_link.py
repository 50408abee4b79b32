"""The counter's side of head office: sync now (F7), the needs-attention inbox (F8), the day
close (F10), and what the sync says in the status bar and the banner.

The sync itself runs on its own worker (`ui/sync_panel.py: SyncWorker`); this only wires its
news to the window and opens its dialogs.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sync.client.service import DayCloseResult, SyncReport, SyncStatus
from ui.messages import Banner, Severity
from ui.sync_panel import AttentionDialog, DayCloseDialog, SyncWorker

if TYPE_CHECKING:
    from ui.main_window import CounterWindow


class HeadOfficeLink(QObject):
    def __init__(self, window: CounterWindow, sync: SyncWorker | None) -> None:
        super().__init__(window)
        self.window = window
        self.sync = sync
        if sync is not None:
            sync.status_changed.connect(self._status)
            sync.report_ready.connect(self._report)

    def sync_now(self) -> None:
        indicator = self.window.status.sync
        if self.sync is None:
            indicator.set_state("off", lambda: self.tr("not enrolled"))
            return
        indicator.set_state("off", lambda: self.tr("syncing…"))
        self.sync.sync_now()

    def open_attention(self) -> AttentionDialog | None:
        if self.sync is None:
            return None
        sync = self.sync
        dialog = AttentionDialog(sync.service, self.window.context.run, self.window)
        dialog.finished.connect(lambda _code: sync.refresh())
        dialog.open()
        return dialog

    def open_day_close(self) -> DayCloseDialog | None:
        if self.sync is None:
            return None
        dialog = DayCloseDialog(self.sync.service, self.sync.lane, self.window,
                                ask_manager=self.window.ask_manager)
        dialog.closed.connect(lambda result: self._print_day_report(result, dialog.day))
        dialog.open()
        return dialog

    def _print_day_report(self, result: DayCloseResult, day: date) -> None:
        assert self.sync is not None
        counter, window = self.window.counter, self.window
        report = self.sync.day_report(result, counter.station_name, counter.station_id, day,
                                      counter.clock())
        journal = counter.journal
        window.context.run(lambda: journal.queue_report(report),
                           lambda job: window.printer.print_job(job.job_id))

    def _status(self, status: SyncStatus) -> None:
        assert self.sync is not None
        sync = self.sync
        state, _text = sync.describe(status)
        bar = self.window.status
        bar.sync.set_state(state, lambda: sync.describe(status)[1], status.last_error or "")
        bar.show_clock_offset(None if status.clock_offset_s is None
                              else timedelta(seconds=status.clock_offset_s))

    def _report(self, report: SyncReport) -> None:
        banner = self.window.banner
        if report.recovered is not None:
            recovered = report.recovered
            detail = self.tr("%1 record(s) taken back from head office.").replace(
                "%1", str(recovered.recovered))
            if recovered.lost:
                detail += " " + self.tr("%1 record(s) never reached head office: press F8 to "
                                        "see which.").replace("%1", str(recovered.lost))
            banner.show_banner(Banner(Severity.WARN if recovered.lost else Severity.INFO,
                                      self.tr("Recovered from head office"), detail))
            return
        if report.new_attention and banner.severity in (None, Severity.OK):
            banner.show_banner(Banner(
                Severity.INFO, self.tr("%n record(s) need attention", "", report.new_attention),
                self.tr("Head office refused or changed something. Press F8 to see what to "
                        "do.")))
