"""Head-office sync at the counter: the status-bar indicator, "Sync now" (F7), the
needs-attention inbox (F8) and the day close (F10).

All talking to head office happens in `sync.client` on background threads; this shows what
the `SyncService` facade reports and passes staff decisions back to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.clock import business_day, day_has_ended
from station_app.devices.report import ReportSection, TextReport
from station_app.domain.event_types import EventType
from station_app.services.authority import NotAllowed
from sync.client.background import BackgroundSync
from sync.client.service import (
    AttentionView,
    DayCloseRefused,
    DayCloseResult,
    SyncService,
    SyncStatus,
)
from ui.background import Lane
from ui.language_change import Retranslated, Said
from ui.messages import local_time
from ui.sign_in import Runner, run_here

log = logging.getLogger("station.ui.sync")

# ask_manager(what, then): a manager approves `what` with their PIN; `then` gets their staff
# id, or None when cancelled (the window's `CounterWindow.ask_manager`).
AskManager = Callable[[str, Callable[[int | None], None]], object]


class SyncWorker(QObject):
    """Owns the background sync thread; everything it learns arrives as signals."""

    status_changed = Signal(object)  # SyncStatus
    report_ready = Signal(object)  # SyncReport (emitted from the sync thread: queued)

    def __init__(self, service: SyncService, interval_s: float = 300.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.lane = Lane("sync-ui")
        self.background = BackgroundSync(service, interval_s, on_report=self.report_ready.emit)
        self.report_ready.connect(lambda _report: self.refresh())
        self._timer = QTimer(self)
        self._timer.setInterval(5_000)  # the pending count and its age move on their own
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.background.start()
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self.background.stop(timeout_s=5)
        self.lane.shutdown()

    def sync_now(self) -> None:
        self.background.sync_now()

    def refresh(self) -> None:
        self.lane.submit(self.service.status, self.status_changed.emit,
                         lambda error: log.warning("sync status unavailable: %s", error))

    def describe(self, status: SyncStatus) -> tuple[str, str]:
        """(indicator state, text) for the status bar."""
        if status.revoked:
            return "error", self.tr("this PC is no longer enrolled: a manager enrols it again "
                                    "(F2 → Station)")
        if not status.enrolled:
            return "off", self.tr("not enrolled")
        pending = ""
        if status.pending_count:
            age = status.oldest_pending_age_s or 0
            pending = " · " + self.tr("%1 waiting, oldest %2").replace(
                "%1", str(status.pending_count)).replace("%2", self._age(age))
        attention = (" · " + self.tr("%1 need attention").replace(
            "%1", str(status.open_attention)) if status.open_attention else "")
        if status.online:
            last = local_time(status.last_success_at) if status.last_success_at else "—"
            text = self.tr("online, last %1").replace("%1", last) + pending + attention
            return ("warn" if status.open_attention else "ok"), text
        state = "error" if status.pending_count else "warn"
        return state, self.tr("offline") + pending + attention

    def _age(self, seconds: float) -> str:
        if seconds < 90:
            return self.tr("%1 s").replace("%1", str(round(seconds)))
        if seconds < 5400:
            return self.tr("%1 min").replace("%1", str(round(seconds / 60)))
        return self.tr("%1 h").replace("%1", str(round(seconds / 3600)))

    def day_report(self, result: DayCloseResult, station_name: str, station_code: str,
                   day: date, printed_at: datetime) -> TextReport:
        summary = result.summary
        counts = summary.counts if summary is not None else {}
        # In the counter's words, in the order of the day's work (unknown kinds: their name).
        order = {kind.value: n for n, kind in enumerate(EventType)}
        rows = tuple((self.event_kind(kind), str(count)) for kind, count in sorted(
            counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))
        seq = f"{summary.first_seq}–{summary.last_seq}" if summary is not None else "—"
        return TextReport(
            # The closed day in the header too: printed just after midnight, the print time
            # alone would name the next day.
            report_no=f"DAY-{station_code}-{day.isoformat()}",
            title=self.tr("Day report %1").replace("%1", day.isoformat()),
            station_name=station_name, station_code=station_code, printed_at=printed_at,
            sections=(ReportSection(self.tr("Events of %1").replace("%1", day.isoformat()),
                                    rows),
                      ReportSection(self.tr("Head office"),
                                    ((self.tr("Sequence"), seq),
                                     (self.tr("Confirmed"), self.tr("yes"))))),
            footer=self.tr("Head office holds every event of this day."))

    def event_kind(self, kind: str) -> str:
        """What staff call a kind of event (station_app.domain.event_types), in the window's
        language; a kind this counter does not know keeps its name."""
        names: dict[str, str] = {
            EventType.HANDOVER_COMPLETED: self.tr("Handovers"),
            EventType.GOODS_RECEIVED: self.tr("Receipts of goods"),
            EventType.ORDER_SLOTTED: self.tr("Orders put on the shelf"),
            EventType.ORDER_SORTED: self.tr("Orders sorted into their bags"),
            EventType.SALE_COMPLETED: self.tr("Walk-in sales"),
            EventType.SALE_REFUNDED: self.tr("Sale refunds"),
            EventType.STOCK_COUNTED: self.tr("Stock counts"),
            EventType.REFUND_REQUESTED: self.tr("Refund requests"),
            EventType.ORDER_REMINDED: self.tr("Reminders of overdue orders"),
            EventType.RETURN_SHIPPED: self.tr("Return shipments"),
            EventType.SHIFT_OPENED: self.tr("Shifts opened"),
            EventType.CASH_MOVED: self.tr("Cash in and out"),
            EventType.SHIFT_CLOSED: self.tr("Shifts closed"),
            EventType.STAFF_CHANGED: self.tr("Staff changes"),
            EventType.HOLDING_PERIOD_SET: self.tr("Holding period changes"),
        }
        return names.get(kind, kind)


class AttentionDialog(Retranslated, QDialog):
    """F8: what head office refused or contradicted, and a guided way to settle each."""

    loaded = Signal()  # the list is on screen (after each reload)

    def __init__(self, service: SyncService, runner: Runner = run_here,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._runner = runner  # the database lane: never the database on the GUI thread
        self.items: list[AttentionView] = []
        self.list = QListWidget()
        self.guide = QLabel()
        self.guide.setWordWrap(True)
        self.said = Said(self.guide)
        self.resolve_button = QPushButton()
        self.resolve_button.clicked.connect(self.resolve_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.guide)
        layout.addWidget(self.resolve_button)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show_guide)
        self.resize(720, 480)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Needs attention"))
        self.list.setAccessibleName(self.tr("Items that need attention"))
        self.list.setAccessibleDescription(self.tr(
            "Records head office refused or changed; ↑ ↓ choose"))
        self.resolve_button.setText(self.tr("Mark as settled…"))
        row = self.list.currentRow()
        self._fill(self.items)
        self.list.setCurrentRow(row)
        self.said.again()

    def reload(self) -> None:
        self._runner(self.service.attention_items, self._show_items, self._failed)

    def _failed(self, error: BaseException) -> None:
        # An item settled meanwhile (another counter, head office) or a storage fault: said
        # here, the list as it is now.
        self.said.tell(self.guide, lambda: self.tr("Could not settle or read the list: %1")
                       .replace("%1", str(error)[:200] or type(error).__name__))
        self.loaded.emit()

    def _show_items(self, items: list[AttentionView]) -> None:
        self._fill(items)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.said.tell(self.guide, lambda: self.tr("Nothing needs attention."))
        self.resolve_button.setEnabled(bool(self.items))
        self.loaded.emit()

    def _fill(self, items: list[AttentionView]) -> None:
        self.items = items
        self.list.blockSignals(True)  # the guide follows the row chosen, not the refill
        self.list.clear()
        for item in self.items:
            what = item.order_no or item.event_id or ""
            # The title in the counter's language; head office's own words as the detail.
            self.list.addItem(QListWidgetItem(f"{local_time(item.created_at)}  "
                                              f"{self._title(item.kind)}  {what}\n"
                                              f"{item.message}"))
        self.list.blockSignals(False)

    def _title(self, kind: str) -> str:
        return {
            "cancelled_after_handover": self.tr("Cancelled after handover"),
            "rejected_event": self.tr("Refused by head office"),
            "bad_change": self.tr("Unreadable data from head office"),
            "unsendable_event": self.tr("Record too large to send"),
            "recovered": self.tr("Recovered from head office"),
            "recovery_note": self.tr("Found while recovering"),
            "double_handover": self.tr("Handed over at two counters"),
            "exchange_note": self.tr("Found in another counter's records"),
        }.get(kind, self.tr("Check with head office"))

    def _show_guide(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        kind = self.items[row].kind
        self.said.tell(self.guide, lambda: self._guide(kind))

    def _guide(self, kind: str) -> str:
        return {
            "cancelled_after_handover": self.tr(
                "Head office cancelled this order after the counter had handed it over. The "
                "handover stands. Call customer service with the order number: they refund "
                "or recover the goods. Then mark it settled with what they said."),
            "rejected_event": self.tr(
                "Head office refused this record. Nothing was lost: it stays in the counter's "
                "history. Call customer service with the order number and the reason shown, "
                "then mark it settled."),
            "bad_change": self.tr(
                "Head office sent something this counter cannot use; everything else was "
                "applied. Tell head office support, then mark it settled."),
            "unsendable_event": self.tr(
                "This record is too large to send. It is kept here; call support, who will "
                "collect it with a signed export."),
            "recovered": self.tr(
                "This counter took back from head office the records it had lost (a backup was "
                "restored, or this is a new PC for the station). Records that never reached "
                "head office are named here: check them on paper and redo what is missing, "
                "then mark it settled."),
            "recovery_note": self.tr(
                "Something recovered from head office collides with what this counter did "
                "after its backup (the same order handed over twice, a number used twice). "
                "Both records are kept. Check the goods or receipts with the station manager, "
                "then mark it settled."),
            "double_handover": self.tr(
                "The same order was handed over at two counters while they could not reach "
                "each other. Both handovers are kept; the second is the double. Check with "
                "the staff of both counters who received the goods (the receipts name them), "
                "call the resident if needed, then mark it settled with what was found."),
            "exchange_note": self.tr(
                "A record from another counter of the station could not be applied here in "
                "full; it is kept. Tell support, then mark it settled."),
        }.get(kind, self.tr("Check this with head office, then mark it settled."))

    def resolve_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.items):
            return
        note, ok = QInputDialog.getText(self, self.tr("Settled"),
                                        self.tr("What was done about it?"))
        if ok and note.strip():
            service, item_id = self.service, self.items[row].id
            self._runner(lambda: service.resolve(item_id, note), lambda _none: self.reload(),
                         self._failed)


class DayCloseDialog(Retranslated, QDialog):
    """F10: head office confirms it holds every event of the day; then the report prints.

    The day is the station's business day (station_app.clock), whatever the PC's zone. Closing
    it before its midnight needs the station manager (`ask_manager`; the core checks again):
    a close while the counter still works would leave the rest of the day outside the tally.
    """

    closed = Signal(object)  # DayCloseResult on a match

    def __init__(self, service: SyncService, lane: Lane, parent: QWidget | None = None,
                 ask_manager: AskManager | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.lane = lane
        self.ask_manager = ask_manager
        self.day = business_day(service.clock())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("dayCloseMessage")
        self.said = Said()
        self.said.tell(self.message, self._intro)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close_day)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button)
        layout.addWidget(self.export_button)
        layout.addWidget(buttons)
        self.resize(560, 260)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Day close"))
        self.close_button.setText(self.tr("Close the day"))
        self.export_button.setText(self.tr("Signed export for head office…"))
        self.said.again()

    def _running(self) -> bool:
        return not day_has_ended(self.day, self.service.clock())

    def _intro(self) -> str:
        text = self.tr("Close %1 with head office: every handover, sale and movement of the day "
                       "must be confirmed by head office.").replace("%1", self.day.isoformat())
        if self._running():
            text += "\n" + self._needs_manager()
        return text

    def _needs_manager(self) -> str:
        return self.tr("The day is still running: closing it now needs the station manager.")

    def close_day(self) -> None:
        if not self._running():
            self._send(None)
        elif self.ask_manager is None:
            self.said.tell(self.message, self._needs_manager)
        else:
            self.close_button.setEnabled(False)
            self.ask_manager(self.tr("close the day before it ends"), self._approved)

    def _approved(self, approver: int | None) -> None:
        if approver is None:
            self.close_button.setEnabled(True)
            self.said.tell(self.message, lambda: self.tr("Not closed: the day goes on. %1").replace(
                "%1", self._needs_manager()))
            return
        self._send(approver)

    def _send(self, approver: int | None) -> None:
        self.close_button.setEnabled(False)
        self.said.tell(self.message, lambda: self.tr("Asking head office…"))
        service, day = self.service, self.day
        self.lane.submit(lambda: service.day_close(day, approved_by=approver), self._answered,
                         self._failed)

    def _answered(self, result: DayCloseResult) -> None:
        self.close_button.setEnabled(True)
        if result.status == "match":
            self.said.tell(self.message, lambda: self.tr(
                "Head office confirms every event of the day. The day report is printing."))
            self.closed.emit(result)
        elif result.status == "empty":
            self.said.tell(self.message,
                           lambda: self.tr("Nothing happened at this counter today."))
        else:
            missing, extra = len(result.missing_event_ids), len(result.extra_event_ids)
            self.said.tell(self.message, lambda: self.tr(
                "Head office's count differs: %1 event(s) missing there, %2 unknown here. Press "
                "F7 to sync, then try again; if it stays, call head office.")
                .replace("%1", str(missing)).replace("%2", str(extra)))

    def _failed(self, error: BaseException) -> None:
        self.close_button.setEnabled(True)
        if isinstance(error, NotAllowed):
            self.said.tell(self.message, self._needs_manager)
        elif isinstance(error, DayCloseRefused):
            self.said.tell(self.message, lambda: self.tr(
                "Not yet: some of today's records have not reached head office. Press F7 to "
                "sync, then close again. No internet today? Use the signed export."))
        else:
            self.said.tell(self.message, lambda: self.tr(
                "Head office cannot be reached (%1). Try again later, or use the signed "
                "export.").replace("%1", str(error)[:120]))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Signed export"), f"day-{self.day.isoformat()}.json")
        if path:
            self.lane.submit(lambda: self.service.signed_export(self.day, Path(path)),
                             lambda _s: self.said.tell(self.message, lambda: self.tr(
                                 "Saved %1. Give it to head office.").replace("%1", path)),
                             self._failed)
