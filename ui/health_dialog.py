"""F3: the counter's health, one big row per part (database, backup, head office, disk, printer,
camera, logs) coloured by state, each saying what to do. The checks, the backup and the
support bundle run on a lane of their own: the window never waits for the disk."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.care.backups import MANUAL, BackupInfo, take_backup
from station_app.care.health import Check, HealthItem, HealthReport, LiveDevices, gather
from station_app.care.support_bundle import enrolled_secret_forms, write_bundle
from station_app.counter import Counter
from station_app.security.trusted_clock import ClockResetRefused, TrustedClock
from ui.background import Lane
from ui.counters_link import PEER_PROBLEM_CODES, peer_problem
from ui.language_change import Retranslated, Said
from ui.messages import Messages, local_time

log = logging.getLogger("station.ui.health")

KEYS = ("database", "backup", "outbox", "sync", "clock", "counters", "disk", "printer",
        "camera", "logs")
# Asks a manager's approval for `what`, then calls back with the approver (None: cancelled).
AskManager = Callable[[str, Callable[[int | None], None]], object]


class HealthDialog(Retranslated, QDialog):
    report_shown = Signal(object)  # HealthReport
    backup_done = Signal(object)  # BackupInfo
    bundle_saved = Signal(object)  # Path of the zip

    def __init__(self, counter: Counter, live: Callable[[], LiveDevices],
                 parent: QWidget | None = None, ask_manager: AskManager | None = None) -> None:
        super().__init__(parent)
        self.counter = counter
        self.live = live
        self.ask_manager = ask_manager
        self.lane = Lane("health")
        self.report: HealthReport | None = None
        self.folder_dialog: QFileDialog | None = None
        self.setObjectName("healthDialog")  # its rows' sizes and state colours: the app's sheet
        self.setMinimumWidth(1100)

        self.summary = QLabel()
        self.summary.setObjectName("healthName")
        self.summary.setWordWrap(True)
        grid = self._part_rows()
        buttons = self._action_buttons()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.finished.connect(lambda _code: self.lane.shutdown())
        self.said = Said(self.summary, self.note)  # results, worded again on a switch
        self.said.tell(self.summary, lambda: self.tr("Checking…"))
        self.retranslate()
        self.refresh(Check.QUICK)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Counter health"))
        for key, (part, *_shown) in self.rows.items():
            part.setText(self._name(key))
        for button, text, name in (
                (self.integrity_button, self.tr("Ctrl+I  Check integrity"),
                 self.tr("Check the database for damage")),
                (self.backup_button, self.tr("Ctrl+B  Back up now"),
                 self.tr("Take a backup now")),
                (self.bundle_button, self.tr("Ctrl+U  Save support bundle…"),
                 self.tr("Save a support bundle")),
                (self.clock_button, self.tr("Ctrl+T  Reset the counter's clock…"),
                 self.tr("Reset the counter's clock (manager)")),
                (self.close_button, self.tr("Esc  Close"), self.tr("Close"))):
            button.setText(text)
            button.setAccessibleName(name)
        if self.report is not None:
            self._draw(self.report)
        self.said.again()

    def _part_rows(self) -> QGridLayout:
        """One row per part: its name, state, value and what to do, filled in by _show."""
        grid = QGridLayout()
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        for row, key in enumerate(KEYS):
            name, state, value, message = QLabel(), QLabel(), QLabel(), QLabel()
            name.setObjectName("healthName")
            state.setObjectName("healthState")
            value.setObjectName("healthValue")
            message.setObjectName("healthMessage")
            message.setWordWrap(True)
            message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            for column, label in enumerate((name, state, value, message)):
                grid.addWidget(label, row, column)
            self.rows[key] = (name, state, value, message)
        grid.setColumnStretch(3, 1)
        return grid

    def _action_buttons(self) -> QHBoxLayout:
        self.integrity_button, self.backup_button = QPushButton(), QPushButton()
        self.bundle_button, self.clock_button = QPushButton(), QPushButton()
        self.close_button = close = QPushButton()
        close.clicked.connect(self.reject)
        for button, keys, action in ((self.integrity_button, "Ctrl+I", self.check_integrity),
                                     (self.backup_button, "Ctrl+B", self.back_up_now),
                                     (self.bundle_button, "Ctrl+U", self.choose_bundle_folder),
                                     (self.clock_button, "Ctrl+T", self.reset_clock)):
            button.clicked.connect(action)
            QShortcut(QKeySequence(keys), self, action)
        buttons = QHBoxLayout()
        for button in (self.integrity_button, self.backup_button, self.bundle_button,
                       self.clock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        return buttons

    # --- actions ----------------------------------------------------------------------------

    def refresh(self, check: Check = Check.QUICK) -> None:
        counter, live = self.counter, self.live()
        self._busy(True)
        self.lane.submit(lambda: gather(counter.db, counter.data_dir, counter.clock(),
                                        check, live), self._show, self._failed)

    def check_integrity(self) -> None:
        """Ctrl+I: the full integrity check (can take a minute on a big database)."""
        self.said.tell(self.note, lambda: self.tr(
            "Checking the whole database; the counter keeps working…"))
        self.refresh(Check.FULL)

    def back_up_now(self) -> None:
        """Ctrl+B: a checked backup now, then the report again."""
        counter = self.counter
        self._busy(True)
        self.said.tell(self.note, lambda: self.tr("Backing up…"))
        self.lane.submit(lambda: take_backup(counter.db, counter.data_dir.backups, MANUAL,
                                             counter.clock()),
                         self._backed_up, self._failed)

    def reset_clock(self) -> None:
        """Ctrl+T: after the PC clock ran ahead and was put right, a manager brings the
        counter's trusted clock back to it (never below head office's latest time)."""
        if self.ask_manager is None:
            return
        self.ask_manager(self.tr("reset the counter's clock to the PC's time"),
                         self._reset_approved)

    def _reset_approved(self, approver: int | None) -> None:
        if approver is None:
            return
        clock = TrustedClock(self.counter.db, self.counter.clock)
        self.said.tell(self.note, lambda: self.tr("Resetting the clock…"))
        self.lane.submit(lambda: clock.reset(approver), self._clock_reset, self._clock_refused)

    def _clock_reset(self, at: datetime) -> None:
        self.said.tell(self.note, lambda: self.tr("The counter's clock now reads %1.").replace(
            "%1", local_time(at)))
        self.refresh(Check.NONE)

    def _clock_refused(self, error: BaseException) -> None:
        if isinstance(error, ClockResetRefused):
            self.said.tell(self.note, lambda: self.tr(
                "Head office's time is not known here yet: press F7 to sync, then try again."))
            return
        self._failed(error)

    def choose_bundle_folder(self) -> None:
        """Ctrl+U: pick a folder (a USB stick, the desktop) for the support bundle."""
        dialog = QFileDialog(self, self.tr("Where to save the support bundle"),
                             str(default_bundle_folder(self.counter.data_dir.root)))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # works in kiosk set-ups
        dialog.fileSelected.connect(lambda folder: self.save_bundle(Path(folder)))
        self.folder_dialog = dialog
        dialog.open()

    def save_bundle(self, folder: Path) -> None:
        counter, live = self.counter, self.live()
        self._busy(True)
        self.said.tell(self.note, lambda: self.tr("Saving the support bundle…"))

        def work() -> Path:
            now = counter.clock()
            report = gather(counter.db, counter.data_dir, now, Check.NONE, live)
            return write_bundle(counter.data_dir, folder, report, now,
                                enrolled_secret_forms(counter.db, counter.data_dir.root))

        self.lane.submit(work, self._bundle_saved, self._failed)

    # --- results ----------------------------------------------------------------------------

    def _show(self, report: HealthReport) -> None:
        self.report = report
        self._busy(False)
        self._draw(report)
        self.report_shown.emit(report)

    def _draw(self, report: HealthReport) -> None:
        for item in report.items:
            _name, state, value, message = self.rows[item.key]
            state.setText(self._state(item.state.value))
            value.setText(self._figure(item.value))
            message.setText(self._message(item))
            for label in (state, value, message):
                label.setProperty("state", item.state.value)
                label.style().unpolish(label)
                label.style().polish(label)
            message.setAccessibleName(f"{self._name(item.key)}: {message.text()}")
        self.adjustSize()  # rows whose message wrapped onto a second line get their height
        self.said.tell(self.summary, lambda: {
            "ok": self.tr("All is well."),
            "warn": self.tr("Something needs a look: see the rows in orange."),
            "bad": self.tr("Act now: see the rows in red."),
        }[report.worst.value])

    def _backed_up(self, backup: BackupInfo) -> None:
        self.said.tell(self.note, lambda: self.tr("Backup saved and checked: %1").replace(
            "%1", str(backup.path)))
        self.backup_done.emit(backup)
        self.refresh(Check.NONE)

    def _bundle_saved(self, path: Path) -> None:
        self._busy(False)
        self.said.tell(self.note, lambda: self.tr(
            "Support bundle saved: %1 (no personal data, no secrets). Send this file to "
            "support.").replace("%1", str(path)))
        self.bundle_saved.emit(path)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        log.warning("health action failed: %s", error)
        self.said.tell(self.note, lambda: f"{Messages(self).for_failure(error).title}. {error}")

    def _busy(self, busy: bool) -> None:
        for button in (self.integrity_button, self.backup_button, self.bundle_button,
                       self.clock_button):
            button.setEnabled(not busy)
        if busy:
            self.said.tell(self.summary, lambda: self.tr("Checking…"))

    # --- words ------------------------------------------------------------------------------

    def _name(self, key: str) -> str:
        return {
            "database": self.tr("Database"), "backup": self.tr("Last backup"),
            "outbox": self.tr("Waiting to send"), "sync": self.tr("Head office"),
            "clock": self.tr("Clock"), "counters": self.tr("Other counters"),
            "disk": self.tr("Disk space"), "printer": self.tr("Printer"),
            "camera": self.tr("Camera"), "logs": self.tr("Log files"),
        }[key]

    def _state(self, state: str) -> str:
        return {"ok": self.tr("OK"), "warn": self.tr("Check"), "bad": self.tr("Act now"),
                "off": "—"}[state]

    def _message(self, item: HealthItem) -> str:
        texts: dict[str, Any] = {
            "db_size": self.tr("Database %1. Press Ctrl+I to check it for damage."),
            "db_ok": self.tr("Database %1, checked: no damage found."),
            "db_damaged": self.tr("The database is damaged (%1). Keep the counter running, "
                                  "save a support bundle (Ctrl+U) and call support: the latest "
                                  "backup may have to be restored."),
            "backup_none": self.tr("No backup yet. Press Ctrl+B to take one now."),
            "backup_bad": self.tr("The latest backup is damaged. Press Ctrl+B to take a new "
                                  "one; if that fails, call support."),
            "backup_old": self.tr("The last backup is %1 old. Press Ctrl+B to take one now; "
                                  "if it fails, check the disk space."),
            "backup_ok": self.tr("Last backup %1 ago (%2), checked."),
            "outbox_empty": self.tr("Everything recorded has reached head office."),
            "outbox_waiting": self.tr("Records waiting for head office: %1, the oldest for "
                                      "%2. They are safe here; press F7 to sync."),
            "sync_off": self.tr("Not enrolled with head office: records stay on this "
                                "counter."),
            "sync_never": self.tr("Never synced with head office yet. Check the network and "
                                  "press F7."),
            "sync_ok": self.tr("Last sync with head office %1 ago."),
            "sync_old": self.tr("No sync with head office for %1 (%2). The counter works "
                                "offline; check the network and press F7."),
            "sync_revoked": self.tr("Head office retired this PC's key: it is no longer "
                                    "enrolled. A manager enrols it again (F2, Station) with a "
                                    "new code."),
            "clock_trusted_ahead": self.tr("The counter's clock is held %1 ahead (the PC clock "
                                           "ran ahead once): pickup QR codes read as expired. "
                                           "Put the PC's time right, then a manager presses "
                                           "Ctrl+T."),
            "clock_unknown": self.tr("Head office's time is not known yet (no sync)."),
            "clock_ok": self.tr("The PC clock agrees with head office's."),
            "clock_behind": self.tr("The PC clock is %1 behind head office's: put the PC's "
                                    "time right (receipts and reports use it)."),
            "clock_ahead": self.tr("The PC clock is %1 ahead of head office's: put the PC's "
                                   "time right (receipts and reports use it)."),
            "disk_unknown": self.tr("The data folder cannot be read (%1)."),
            "disk_critical": self.tr("Only %1 free on the disk of %2: handovers may soon fail "
                                     "to save. Free space now (delete old files, empty the "
                                     "recycle bin) or call support."),
            "disk_low": self.tr("%1 free on the disk of %2. Free some space soon."),
            "disk_ok": self.tr("%1 free."),
            "printer_failed": self.tr("Receipts not printed: %1 (last error: %2). Check the "
                                      "printer (power, cable, paper), then press F6."),
            "printer_live_error": self.tr("Printer: %3. Check power, cable and paper."),
            "printer_ok": self.tr("Every receipt printed."),
            **self._device_messages(),
            **self._counters_messages(),
        }
        text = str(texts.get(item.code, item.message))
        for number, figure in sorted(item.figures.items(), reverse=True):
            text = text.replace(f"%{number}", self._figure(figure))
        return text

    def _device_messages(self) -> dict[str, str]:
        return {
            "camera_off": self.tr("No camera in use: scan with the scanner or type the code."),
            "camera_ok": self.tr("Camera %1 frames/s; the decoder reads %2 frames/s at %3 ms "
                                 "each."),
            "camera_in_use": self.tr("The camera is in use by another program or unplugged: "
                                     "close the other program or re-plug it; you can keep "
                                     "scanning with the scanner/typing"),
            "camera_lost": self.tr("The camera is not delivering pictures: check its cable. "
                                   "The scanner and typed codes still work."),
            "logs_size": self.tr("Log files: %1."),
        }

    def _counters_messages(self) -> dict[str, str]:
        return {
            "counters_alone": self.tr("This counter is the station's only one (no other "
                                      "counter set up)."),
            "counter_unreachable": self.tr("Counter %1 (%2) cannot be reached for %3: %4. "
                                           "Check that it is on, its app open and its "
                                           "network cable in. Both counters keep working; "
                                           "they catch up when they meet again."),
            "counters_ok": self.tr("Other counters %1 reached; %2 record(s) still coming "
                                   "over."),
        }

    def _figure(self, figure: str) -> str:
        """Ages come from the core as "5 min", "3 h", "2 d": in the staff's language here;
        so does why another counter cannot be reached (`code: detail`)."""
        if figure.split(":", 1)[0] in PEER_PROBLEM_CODES:
            return peer_problem(figure)
        number, _space, unit = figure.partition(" ")
        words = {"min": self.tr("%1 min"), "h": self.tr("%1 h"), "d": self.tr("%1 days")}
        return words[unit].replace("%1", number) if number.isdigit() and unit in words \
            else figure


def default_bundle_folder(data_root: Path) -> Path:
    """The desktop if there is one (a USB stick is one click away from it), else the data dir."""
    desktop = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation)
    return Path(desktop) if desktop and Path(desktop).is_dir() else data_root

