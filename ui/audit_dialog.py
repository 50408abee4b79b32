"""The audit log viewer (审计日志): newest first, filtered by dates, staff and action, exported
to CSV for head office or an auditor. Read-only: nothing here (or anywhere) edits the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.clock import Clock, business_day, day_end, day_start, station_time, utc_now
from station_app.services.audit import AuditRow, actions, entries, export_csv
from station_app.services.staff import StaffAccounts, StaffMember
from station_app.storage.database import Database
from ui.formatting import date_time
from ui.language_change import Retranslated, Said
from ui.sign_in import Runner, run_here


class AuditDialog(Retranslated, QDialog):
    loaded = Signal()  # after the table shows the current filter's rows (tests wait on it)

    def __init__(self, db: Database, runner: Runner = run_here,
                 parent: QWidget | None = None, clock: Clock = utc_now) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.resize(1100, 600)
        self._db = db
        self._runner = runner
        self._clock = clock
        self.rows: list[AuditRow] = []
        day = business_day(clock())  # the station's day, not the PC's
        today = QDate(day.year, day.month, day.day)
        self.since = QDateEdit(today.addDays(-7))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.staff = QComboBox()
        self.staff.addItem("", None)  # everyone
        self.action = QComboBox()
        self.action.addItem("", "")  # all actions
        self.show_button = QPushButton()
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        self.export_button = QPushButton()
        self.export_button.setShortcut("Ctrl+E")
        self.export_button.clicked.connect(self._export_clicked)
        filters = QHBoxLayout()
        self.captions = [QLabel() for _ in range(4)]  # from, to, staff, action
        for label, widget in zip(self.captions, (self.since, self.until, self.staff,
                                                 self.action), strict=True):
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.summary = QLabel()
        self.said = Said(self.summary)  # what the last read or export came to
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        # The filters' choices come from the database lane, like the rows.
        staff = StaffAccounts(db)
        runner(lambda: (staff.roster(include_inactive=True), actions(db)), self._show_choices,
               self._failed)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log"))
        self.since.setAccessibleName(self.tr("From"))
        self.until.setAccessibleName(self.tr("To"))
        self.staff.setItemText(0, self.tr("Everyone"))
        self.action.setItemText(0, self.tr("All actions"))
        self.show_button.setText(self.tr("Show (Enter)"))
        self.export_button.setText(self.tr("Export CSV… (Ctrl+E)"))
        for label, text in zip(self.captions, (self.tr("From"), self.tr("to"), self.tr("Staff"),
                                               self.tr("Action")), strict=True):
            label.setText(text)
        self.table.setAccessibleName(self.tr("Audit log"))
        self.table.setAccessibleDescription(self.tr("One row per recorded action, newest first"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Action"), self.tr("Staff"), self.tr("Approved by"),
            self.tr("Subject"), self.tr("Detail")])
        self._fill(self.rows)  # its times are written the language's way
        self.said.again()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.summary, wording)

    def _show_choices(self, found: tuple[list[StaffMember], list[str]]) -> None:
        members, names = found
        for member in members:
            self.staff.addItem(member.name, member.staff_id)
        for name in names:
            self.action.addItem(name, name)

    def _bounds(self) -> tuple[datetime, datetime]:
        # Whole business days on the station's clock, from the start of "from" to the end of
        # "to" (the same days as the reports and the day close).
        return day_start(_day(self.since.date())), day_end(_day(self.until.date()))

    def refresh(self) -> None:
        since, until = self._bounds()
        staff_id, action = self.staff.currentData(), self.action.currentData() or None
        db = self._db
        self._runner(lambda: entries(db, since, until, staff_id, action), self._show,
                     self._failed)

    def _show(self, found: list[AuditRow]) -> None:
        self._fill(found)
        self._say(lambda: self.tr("%1 entries").replace("%1", str(len(found))))
        self.loaded.emit()

    def _fill(self, found: list[AuditRow]) -> None:
        self.rows = found
        self.table.setRowCount(len(found))
        for row, entry in enumerate(found):
            cells = (date_time(entry.at, seconds=True), entry.action,
                     entry.staff_name or self._id(entry.staff_id), entry.approver_name
                     or self._id(entry.approver_id), entry.subject, entry.detail)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _failed(self, error: BaseException) -> None:
        self._say(lambda: self.tr("The audit log could not be read: %1").replace(
            "%1", str(error)[:200]))
        self.loaded.emit()

    @staticmethod
    def _id(staff_id: int | None) -> str:
        return "" if staff_id is None else f"#{staff_id}"

    def _export_clicked(self) -> None:
        self.export()

    def export(self, path: Path | None = None) -> Path | None:
        """Write the rows on screen to a CSV file (asks where unless `path` is given)."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export the audit log"),
                str(Path.home() / f"audit-{station_time(self._clock()):%Y%m%d-%H%M}.csv"),
                self.tr("CSV files (*.csv)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            count = export_csv(path, self.rows)
        except OSError as error:
            reason = error.strerror or str(error)
            self._say(lambda: self.tr("Could not write %1: %2").replace(
                "%1", str(path)).replace("%2", reason))
            return None
        written = path
        self._say(lambda: self.tr("%1 entries exported to %2").replace(
            "%1", str(count)).replace("%2", str(written)))
        return path


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
