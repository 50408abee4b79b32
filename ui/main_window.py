"""The counter window: the shell around the desks.

Desk bar, scan box, banner, the desk on show, the camera with the desk's side panel, status bar
and the window's keys (F1–F12); the desks are one key away (Alt+1 … Alt+0, `ui/desks/`). The
window only routes: a scan goes to the desk on show, which asks the core through the database
lane and shows the plain data that comes back. Who is at the counter (`ui/counter_lock.py`), the
camera (`ui/camera_station.py`), head office (`ui/head_office_link.py`), the manager's doors
(`ui/back_office.py`) and the customer display (`ui/resident_side.py`) have rooms of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.config import Settings
from station_app.counter import Counter
from station_app.domain.scan_text import code_kind
from station_app.services.authority import managers
from ui.appearance import apply_appearance
from ui.back_office import BackOffice
from ui.background import Lane
from ui.banner import BannerView
from ui.camera_panel import CameraWorker
from ui.camera_station import CameraStation
from ui.counter_lock import CounterLock
from ui.desk_switch import DeskSwitch
from ui.desks.approval import ManagerApproval
from ui.desks.base import Approved, Desk, DeskContext
from ui.desks.catalog import DeskFactory, default_desks
from ui.desks.handover_desk import HandoverDesk
from ui.head_office_link import HeadOfficeLink
from ui.i18n import switch_language
from ui.keyboard_home import KeyboardHome
from ui.language_change import Retranslated
from ui.messages import Banner, Messages, Severity
from ui.printer_worker import PrinterWorker
from ui.resident_side import ResidentSide
from ui.resources import icon_path
from ui.shortcuts_help import ShortcutsHelp, window_keys
from ui.sounds import Sounds
from ui.status_bar import CounterStatusBar
from ui.sync_panel import SyncWorker
from ui.voice import Voice

log = logging.getLogger("station.ui")
HANDOVER = "handover"


class CounterWindow(Retranslated, QMainWindow):
    def __init__(self, counter: Counter, camera: CameraWorker | None = None,
                 sync: SyncWorker | None = None,
                 desks: Sequence[tuple[str, DeskFactory]] | None = None,
                 sign_in: bool = False) -> None:
        super().__init__()
        self.counter = counter
        self.messages = Messages(self)
        self.db_lane = Lane("database")
        self.printer = PrinterWorker(counter, self)
        self.sounds = Sounds(counter.settings.sound_volume, self)
        self.voice = Voice(counter.settings, counter.settings.language, self)
        self.keyboard_home = KeyboardHome(self, lambda: self.scan_box)
        self.keys_help: ShortcutsHelp | None = None
        self.setWindowIcon(QIcon(icon_path("app")))
        self.scan_box = QLineEdit()
        self.scan_box.setObjectName("scanBox")
        self.scan_box.setMaxLength(4096)
        self.scan_box.returnPressed.connect(self._enter)
        self.scan_box.installEventFilter(self)
        self.banner = BannerView()
        self.status = CounterStatusBar()
        self.setStatusBar(self.status)
        self.camera = CameraStation(self, camera)
        self.context = DeskContext(
            counter=counter, db_lane=self.db_lane, messages=self.messages,
            show_banner=self.banner.show_banner, show_failure=self._show_failure,
            print_job=self.printer.print_job, feedback=self._feedback,
            take_photo=self.camera.take_photo, ask_manager=self.ask_manager,
            reprint=self.printer.reprint, paint_now=self._paint_now, say=self.voice.say)
        self._build_desks(desks)
        self._lay_out()
        self.resident = ResidentSide(self)  # the customer display, facing the resident
        self.back_office = BackOffice(self)
        self._build_status_bar()
        self.staff = CounterLock(self, sign_in)
        self.head_office = HeadOfficeLink(self, sync)
        self.sync = sync
        self._window_keys()
        for problem in counter.settings_problems:
            self.banner.show_banner(Banner(Severity.WARN, self.tr("Settings file has errors"),
                                           problem))
        self.show_desk(HANDOVER)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pickup counter · %1").replace("%1", self.counter.station_name))
        self.scan_box.setAccessibleName(self.tr("Scan or type a code"))
        self.scan_box.setPlaceholderText(self.desk_switch.current.scan_hint)
        self.settings_button.setText(self.tr("F2  Settings"))
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.status.staff.setText(self.tr("Cashier: %1").replace("%1", self._cashier))
        for shortcut, what in self._key_words:
            shortcut.setWhatsThis(what())  # F1 lists it

    def _build_desks(self, desks: Sequence[tuple[str, DeskFactory]] | None) -> None:
        # Handover first, then one per workflow of the day, each one key away.
        self.desk_switch = DeskSwitch(self.show_desk)
        self.desk_bar, self.desks = self.desk_switch.bar, self.desk_switch.desks
        self.handover = HandoverDesk(self.context)
        self.desk_switch.add(HANDOVER, self.handover)
        for name, make in default_desks() if desks is None else desks:
            self.desk_switch.add(name, make(self.context))
        for number, name in enumerate(self.desks, 1):
            if number <= 10:  # the tenth desk is Alt+0
                QShortcut(QKeySequence(f"Alt+{number % 10}"), self,
                          lambda name=name: self.show_desk(name))
        self.printer.job_done.connect(lambda _job_id: self.handover.refresh_recent())

    def _lay_out(self) -> None:
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.camera.view)
        for desk in self.desks.values():
            if (panel := desk.side_panel()) is not None:
                right.addWidget(panel, 1)
        right.addStretch(0)  # without a side panel the camera stays on top
        side = QWidget()
        side.setObjectName("side")
        side.setLayout(right)
        self.camera.fit(self.counter.settings.large_font)
        body = QHBoxLayout()
        body.addWidget(self.desk_switch, 1)
        body.addWidget(side)
        # The desk bar spans the whole width: nine desks fit a 1366-pixel counter screen. So do
        # the scan box and the banner: a desk's hint and the verdict are read in one line, even
        # in large type (beside the camera they wrapped, or ended in "…").
        page = QVBoxLayout()
        page.addWidget(self.desk_bar)
        page.addWidget(self.scan_box)
        page.addWidget(self.banner)
        page.addLayout(body, 1)
        central = QWidget()
        central.setLayout(page)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        # Settings are one key away and say so on screen (a keeper looks for them there).
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setFlat(True)
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan box keeps it
        self.settings_button.clicked.connect(self.back_office.open_settings)
        self.status.addPermanentWidget(self.settings_button)
        self._cashier = self.counter.staff_name
        self.status.database.set_state("ok", lambda: self.tr("ready"),
                                       str(self.counter.data_dir.database))
        self.printer.status_changed.connect(self.status.printer.set_state)
        self.printer.job_failed.connect(self._print_failed)

    def _window_keys(self) -> None:
        staff, head_office, office = self.staff, self.head_office, self.back_office
        # What F1 says each key does, worded again with the window's other texts.
        self._key_words: list[tuple[QShortcut, Callable[[], str]]] = [
            (QShortcut(QKeySequence(keys), self, action), what) for keys, action, what in (
                (Qt.Key.Key_F11, staff.switch_cashier, lambda: self.tr("Switch cashier")),
                (Qt.Key.Key_F12, staff.lock, lambda: self.tr("Lock the counter")),
                ("Ctrl+Shift+A", office.open_audit, lambda: self.tr("Audit log")),
                ("Ctrl+Shift+S", office.open_staff, lambda: self.tr("Staff accounts")),
                (Qt.Key.Key_Escape, self.clear, lambda: self.tr("Clear: drop what is half done")),
                (Qt.Key.Key_F1, self.show_keys, lambda: self.tr("This list of keys")),
                (Qt.Key.Key_F5, self.handover.reprint_last,
                 lambda: self.tr("Reprint the last receipt")),
                (Qt.Key.Key_F6, self.printer.retry_failed,
                 lambda: self.tr("Print again the receipts the printer failed")),
                (Qt.Key.Key_F9, self.camera.open_settings, lambda: self.tr("Camera settings")),
                (Qt.Key.Key_F7, head_office.sync_now, lambda: self.tr("Sync with head office now")),
                (Qt.Key.Key_F8, head_office.open_attention,
                 lambda: self.tr("Records that need attention")),
                (Qt.Key.Key_F10, head_office.open_day_close, lambda: self.tr("Day close")),
                (Qt.Key.Key_F2, office.open_settings, lambda: self.tr("Settings (manager)")),
                (Qt.Key.Key_F3, office.open_health,
                 lambda: self.tr("Health: database, backups, disk, printer, camera")))]

    # --- display: language, type size, contrast, sound ---------------------------------------

    def apply_display(self, settings: Settings) -> None:
        """Language, type, contrast, sound, voice and customer display from `settings`, at
        once and in place: nothing is rebuilt (each widget writes its texts again)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.counter = replace(self.counter, settings=settings)
        apply_appearance(app, settings)
        self.camera.fit(settings.large_font)
        self.sounds.set_volume(settings.sound_volume)
        self.voice.apply(settings, settings.language)
        self.resident.apply(settings)
        switch_language(app, settings.language)

    def show_keys(self) -> ShortcutsHelp:
        """F1: every key of the window and of the desk on show."""
        if self.keys_help is not None:
            self.keys_help.close()
        desk = self.current_desk
        help_ = ShortcutsHelp(window_keys(self, desk, desk.title), self)
        help_.finished.connect(lambda _code: self.scan_box.setFocus())
        self.keys_help = help_
        help_.open()
        return help_

    # --- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """After the window is shown: recent list, and receipts a crash left unprinted."""
        self.handover.refresh_recent()
        self.printer.start()
        self.keyboard_home.install()
        self.staff.start()
        self.camera.start()
        if self.sync is not None:
            self.sync.start()

    def closeEvent(self, event: Any) -> None:
        self.staff.stop()
        self.keyboard_home.uninstall()
        if self.sync is not None:
            self.sync.stop()
        self.camera.stop()
        self.voice.close()
        self.printer.shutdown()
        self.db_lane.shutdown()
        super().closeEvent(event)

    # --- keys and scans ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scan_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, desk = event.key(), self.current_desk
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                return desk.move_choice(-1 if key == Qt.Key.Key_Up else 1)
            if key == Qt.Key.Key_Space and not self.scan_box.text().strip():
                return desk.space()
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        text = self.scan_box.text()
        self.scan_box.clear()
        if text.strip():
            self.scan(text)
        else:
            self.current_desk.enter()

    def scan(self, text: str | bytes) -> None:
        """A code from the scan box or the USB scanner, for the desk on show (not while the
        counter is locked or changing cashier)."""
        if self.staff.dialog is not None:
            log.info("scan ignored while the counter is locked or changing cashier")
            return
        self.current_desk.scan(text if isinstance(text, str)
                               else text.decode("utf-8", "replace"))

    def scan_from_camera(self, text: str) -> bool:
        """A code the camera read. The camera serves the person at the keyboard, never
        overrides them: it feeds only a desk that asked for that kind of code, never while
        staff are working on what is on screen (until they press Enter or Esc), and any
        result stays readable a moment (`Desk.camera_may_act`). Returns whether it was taken."""
        desk = self.current_desk
        if self.staff.dialog is not None or code_kind(text) not in desk.camera_codes():
            log.info("camera code not for the desk on show")
            return False
        if not desk.camera_may_act():
            log.info("camera code held back: staff are working on what is on screen")
            self.camera.view.flash(False)
            return False
        desk.camera_scan(text)
        return True

    def clear(self) -> None:
        """Esc: drop what is half done on the desk on show (never what is saved)."""
        self.scan_box.clear()
        self.banner.clear()
        self.current_desk.release_result()
        self.current_desk.escape()
        self.scan_box.setFocus()

    # --- desks ------------------------------------------------------------------------------

    @property
    def current_desk(self) -> Desk:
        return self.desk_switch.current

    @property
    def desk_name(self) -> str:
        return self.desk_switch.current_name

    def show_desk(self, name: str) -> None:
        """Bring a desk on show (Alt+1 … Alt+0, or a click on the desk bar)."""
        if name not in self.desks:
            return
        if self.desk_switch.show_desk(name):
            self.banner.clear()
        desk = self.desks[name]
        for other in self.desks.values():
            if (panel := other.side_panel()) is not None:
                panel.setVisible(other is desk)
        self.scan_box.setPlaceholderText(desk.scan_hint)
        desk.activated()
        self.scan_box.setFocus()

    def ask_manager(self, what: str, then: Approved) -> ManagerApproval:
        """A manager approves `what` with their PIN (checked and audited by the core); `then`
        gets the approver's staff id, or None when cancelled.

        Window-modal but not blocking: no nested event loop, so the PIN check on the database
        lane and everything else the window does keep running while the prompt is up.
        """
        db = self.counter.db
        dialog = ManagerApproval(lambda: managers(db), what, self, staff=self.staff.staff_desk,
                                 runner=self.context.run, cashier_id=self.context.staff_id,
                                 subject=self.desk_name)

        def closed(code: int) -> None:
            dialog.deleteLater()
            self.keyboard_home.take_back()
            then(dialog.approver() if code == QDialog.DialogCode.Accepted.value else None)

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    # --- who is at the counter ----------------------------------------------------------------

    def signed_in(self, name: str) -> None:
        self._cashier = name
        self.status.staff.setText(self.tr("Cashier: %1").replace("%1", name))
        self.show_counter(True)
        self.clear()

    def show_counter(self, visible: bool) -> None:
        # Locked, nothing of the counter (orders, names, phone tails) stays on screen; kiosk
        # set-ups run without a window manager, so the keys come back with the counter.
        central = self.centralWidget()
        assert central is not None
        central.setVisible(visible)

    def apply_settings(self, settings: Settings) -> None:
        """Saved settings take effect at once: display, receipts, printer, camera."""
        old = self.counter.settings
        handovers = replace(self.counter.handovers, receipt_language=settings.receipt_language)
        self.counter = replace(self.counter, settings=settings, handovers=handovers)
        self.context.counter = self.counter
        self.printer.use(self.counter)
        if settings.camera != old.camera:
            self.camera.use(settings.camera)
        self.apply_display(settings)

    # --- what the window says ---------------------------------------------------------------

    def _show_failure(self, error: BaseException) -> None:
        """A fault that is not a refusal (storage, printer…): what happened, what to do."""
        self.banner.show_banner(self.messages.for_failure(error))
        self.status.database.set_state("error", lambda: self.tr("error"), str(error)[:300])

    def show_storage_fault(self, error: BaseException) -> None:
        """A fault of the daily backup or erasure: said like a storage fault; work goes on."""
        banner = self.messages.for_failure(error)
        if self.banner.severity in (None, Severity.OK, Severity.INFO):
            self.banner.show_banner(Banner(Severity.WARN, banner.title, banner.detail))

    def _print_failed(self, order_no: str, error: BaseException) -> None:
        # A handover banner the staff still need wins over the printer's news.
        if self.banner.severity in (None, Severity.OK):
            self.banner.show_banner(self.messages.print_failed(error, order_no))
        self.handover.refresh_recent()

    def _feedback(self, good: bool) -> None:
        """Green flash and a chirp when it went through; red and a buzz when it did not."""
        self.camera.view.flash(good)
        self.sounds.play("ok" if good else "stop")

    def _paint_now(self) -> None:
        # "Shown" means on screen: the banner is painted now, not at the next event-loop pass.
        self.banner.repaint()
        QTimer.singleShot(0, self.scan_box.setFocus)
