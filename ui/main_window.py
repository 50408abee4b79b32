"""The counter window: desk bar, scan box, banner, the desk on show, camera, status bar.

Handover is the desk the counter lives on; receiving, stock, count, sales, returns and overdue
are the other desks (`ui/desks/`), one key away (Alt+1 … Alt+7). The scan box, the USB scanner
and the camera feed whichever desk is on show.

The window only routes: keys and scans go to the core through the database lane, results come
back as plain data and are shown. Which order is handable, what stock moves and what is queued
for head office are the core's decisions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from station_app.care.health import LiveDevices
from station_app.config import Settings, save_settings
from station_app.counter import Counter
from station_app.devices.camera import (
    CameraHealth,
    CameraSettings,
    CameraStatus,
    available_devices,
)
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import CodeKind, ScanKind, code_kind
from station_app.private_files import FILE_MODE, private_dir, tighten
from station_app.services.authority import managers
from station_app.services.handover_views import (
    HandoverDone,
    HandoverRefused,
    LookupOutcome,
    LookupResult,
    OrderView,
    RecentHandover,
)
from station_app.services.staff import SignedIn, StaffDesk
from sync.client.service import DayCloseResult, SyncReport, SyncService, SyncStatus
from ui.appearance import apply_appearance
from ui.audit_dialog import AuditDialog
from ui.background import Lane
from ui.banner import BannerView
from ui.camera_panel import CameraView, CameraWorker
from ui.choice_list import ChoiceList
from ui.desks.approval import ManagerApproval
from ui.desks.base import Approved, Desk, DeskContext
from ui.desks.catalog import DeskFactory, default_desks
from ui.health_dialog import HealthDialog
from ui.i18n import switch_language
from ui.keyboard_home import KeyboardHome
from ui.messages import Banner, Messages, Severity
from ui.order_card import OrderCard
from ui.printer_worker import PrinterWorker
from ui.recent_panel import RecentPanel
from ui.resources import icon_path
from ui.settings.camera_page import CameraSettingsDialog
from ui.shortcuts_help import ShortcutsHelp, window_keys
from ui.sign_in import ActivityWatch, SignInDialog
from ui.sounds import Sounds
from ui.staff_dialog import StaffDialog
from ui.status_bar import CounterStatusBar, Indicator
from ui.sync_panel import (
    AttentionDialog,
    DayCloseDialog,
    SyncWorker,
)

log = logging.getLogger("station.ui")

# At handover the camera serves the resident's signed pickup QR; a bag label (an order number)
# or a product barcode in view must not open anything there.
HANDOVER_CAMERA_CODES = frozenset({CodeKind.TOKEN})
MIN_READABLE_S = 2.0  # a result on screen is not replaced by a camera read sooner than this
IDLE, CARD, CHOICES = range(3)
HANDOVER = "handover"


class CounterWindow(QMainWindow):
    # Emitted after the screen shows a result: tests and benchmarks wait on these.
    lookup_shown = Signal()
    handover_shown = Signal()
    recent_shown = Signal()

    def __init__(self, counter: Counter, camera: CameraWorker | None = None,
                 sync: SyncWorker | None = None,
                 desks: Sequence[tuple[str, DeskFactory]] | None = None,
                 sign_in: bool = False) -> None:
        super().__init__()
        self.sync = sync
        self.counter = counter
        self.messages = Messages(self)
        self.db_lane = Lane("database")
        self.printer = PrinterWorker(counter, self)
        self.camera = camera
        self.sounds = Sounds(counter.settings.sound_volume, self)
        # The lookup the card came from: its proof goes back to the core with the handover.
        self._found: LookupResult | None = None
        # What staff typed or scanned is on screen: the camera waits for their Enter or Esc.
        self._staff_result = False
        self._readable_until = 0.0  # no camera read replaces a result before this (monotonic)
        self.camera_settings_dialog: CameraSettingsDialog | None = None
        self.keyboard_home = KeyboardHome(self._take_keyboard_back, self)
        self._busy = False  # a confirm is on its way: a second Enter must not send another
        self._last_frame: QImage | None = None  # the camera's latest preview, for photos
        self.camera_status: CameraStatus | None = None  # the latest, for the health panel
        self._camera_since = (time.monotonic(), 0)  # decode rate counted from here

        self.setWindowTitle(self.tr("Pickup counter · %1").replace("%1", counter.station_name))
        self.setWindowIcon(QIcon(icon_path("app")))
        self.scan_box = QLineEdit()
        self.scan_box.setObjectName("scanBox")
        self.scan_box.setPlaceholderText(
            self.tr("Scan the QR code, or type the 6-digit pickup code / last 4 phone digits"))
        self.scan_box.setAccessibleName(self.tr("Scan or type a code"))
        self.scan_box.setMaxLength(4096)
        self.scan_box.returnPressed.connect(self._enter)
        self.scan_box.installEventFilter(self)

        self.banner = BannerView()
        self.card = OrderCard(self.messages)
        self.choices = ChoiceList(self.messages)
        idle = QLabel(self.tr("Ready for the next resident.\n\nHold the order QR code up to the "
                              "camera, scan it with the scanner, or type the pickup code and "
                              "press Enter."))
        idle.setObjectName("idle")
        idle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        idle.setWordWrap(True)
        self.pages = QStackedWidget()
        for page in (idle, self.card, self.choices):
            self.pages.addWidget(page)

        self.recent = RecentPanel()
        self.camera_view = CameraView()

        # The desks: handover first, then one per workflow of the day, each one key away.
        self.context = DeskContext(
            counter=counter, db_lane=self.db_lane, messages=self.messages,
            show_banner=self.banner.show_banner, show_failure=self._show_failure,
            print_job=self.printer.print_job, feedback=self._desk_feedback,
            take_photo=self.take_photo, ask_manager=self.ask_manager)
        self.desk_bar = QTabBar()
        self.desk_bar.setObjectName("deskBar")
        self.desk_bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.desk_bar.setAccessibleName(self.tr("Desks"))
        # Large type or a long translation: the names shorten, "Alt+N" always shows; a bar
        # that scrolls would hide desks and widen the window past the counter's screen.
        self.desk_bar.setUsesScrollButtons(False)
        self.desk_bar.setElideMode(Qt.TextElideMode.ElideRight)
        self.desk_stack = QStackedWidget()
        self.desk_stack.addWidget(self.pages)
        self._desk_names = [HANDOVER]
        self.desks: dict[str, Desk] = {}
        self.desk_bar.addTab(self._desk_tab_text(1, None))
        for number, (name, make) in enumerate(default_desks() if desks is None else desks, 2):
            desk = make(self.context)
            desk.setObjectName(f"{name}Desk")
            self.desks[name] = desk
            self._desk_names.append(name)
            self.desk_stack.addWidget(desk)
            self.desk_bar.addTab(self._desk_tab_text(number, desk))
            if number <= 9:
                QShortcut(QKeySequence(f"Alt+{number}"), self,
                          lambda name=name: self.show_desk(name))
        QShortcut(QKeySequence("Alt+1"), self, lambda: self.show_desk(HANDOVER))
        self.desk_bar.currentChanged.connect(lambda index: self.show_desk(
            self._desk_names[index]))
        self.desk_stack.currentChanged.connect(self._size_to_desk)
        self._size_to_desk(0)
        self._scan_hint = self.scan_box.placeholderText()
        self.keys_help: ShortcutsHelp | None = None

        left = QVBoxLayout()
        left.addWidget(self.desk_stack, 1)
        right = QVBoxLayout()
        right.addWidget(self.camera_view)
        right.addWidget(self.recent, 1)
        right.addStretch(0)  # with the recent list hidden (other desks), the camera stays on top
        side = QWidget()
        side.setObjectName("side")
        side.setLayout(right)
        self._fit_side(counter.settings.large_font)
        right.setContentsMargins(0, 0, 0, 0)
        body = QHBoxLayout()
        body.addLayout(left, 1)
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

        self.status = CounterStatusBar()
        self.setStatusBar(self.status)
        # Settings are one key away and say so on screen (a keeper looks for them there).
        self.settings_button = QPushButton(self.tr("F2  Settings"))
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.setFlat(True)
        self.settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan box keeps it
        self.settings_button.setAccessibleName(self.tr("Settings"))
        self.settings_button.clicked.connect(self.open_settings)
        self.status.addPermanentWidget(self.settings_button)
        self.status.staff.setText(self.tr("Cashier: %1").replace("%1", counter.staff_name))
        # Staff: sign-in at start and after idle when `sign_in` (the real app), lock (F12) and
        # switch cashier (F11) always. Tests build the window without sign-in.
        self.staff_desk = StaffDesk(counter.db)
        start_staff = self.staff_desk.member(counter.staff_id)
        self._cashier_is_manager = bool(start_staff and start_staff.is_manager)
        self._sign_in = sign_in
        self.sign_in_dialog: SignInDialog | None = None
        self.activity = ActivityWatch(self)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(5_000)
        self._idle_timer.timeout.connect(self.check_idle)
        self.key(Qt.Key.Key_F11, self.switch_cashier, self.tr("Switch cashier"))
        self.key(Qt.Key.Key_F12, self.lock, self.tr("Lock the counter"))
        self.key("Ctrl+Shift+A", self.open_audit, self.tr("Audit log"))
        self.key("Ctrl+Shift+S", self.open_staff, self.tr("Staff accounts"))
        self.status.database.set_state("ok", self.tr("ready"), str(counter.data_dir.database))
        self.printer.status_changed.connect(self._printer_status)
        self.printer.job_failed.connect(self._print_failed)
        self.printer.job_done.connect(lambda _job_id: self.refresh_recent())
        if camera is not None:
            self._attach_camera(camera)
        else:
            self.status.camera.set_state("off", self.tr("none"))
            self.camera_view.show_status(CameraStatus(CameraHealth.NO_CAMERA, ""))

        self.key(Qt.Key.Key_Escape, self.clear, self.tr("Clear: drop what is half done"))
        self.key(Qt.Key.Key_F1, self.show_keys, self.tr("This list of keys"))
        self.key(Qt.Key.Key_F5, self.reprint_last, self.tr("Reprint the last receipt"))
        self.key(Qt.Key.Key_F6, self.printer.retry_failed,
                 self.tr("Print again the receipts the printer failed"))
        self.key(Qt.Key.Key_F9, self.open_camera_settings, self.tr("Camera settings"))
        self.key(Qt.Key.Key_F7, self.sync_now, self.tr("Sync with head office now"))
        self.key(Qt.Key.Key_F8, self.open_attention, self.tr("Records that need attention"))
        self.key(Qt.Key.Key_F10, self.open_day_close, self.tr("Day close"))
        self.key(Qt.Key.Key_F2, self.open_settings, self.tr("Settings (manager)"))
        self.key(Qt.Key.Key_F3, self.open_health,
                 self.tr("Health: database, backups, disk, printer, camera"))
        if sync is not None:
            sync.status_changed.connect(self._sync_status)
            sync.report_ready.connect(self._sync_report)
        # Set by the app: builds a camera worker for settings (None: no camera there).
        self.make_camera: Callable[[CameraSettings], CameraWorker | None] | None = None
        for problem in counter.settings_problems:
            self.banner.show_banner(Banner(Severity.WARN, self.tr("Settings file has errors"),
                                           problem))
        self.pages.setCurrentIndex(IDLE)
        self.scan_box.setFocus()

    def key(self, keys: str | Qt.Key, action: Callable[[], object], what: str) -> QShortcut:
        """A key of the whole window; `what` it does is listed by F1."""
        shortcut = QShortcut(QKeySequence(keys), self, action)
        shortcut.setWhatsThis(what)
        return shortcut

    def _desk_tab_text(self, number: int, desk: Desk | None) -> str:
        return self.tr("Alt+1  Handover") if desk is None else f"Alt+{number}  {desk.title}"

    # --- display: language, type size, contrast, sound ---------------------------------------

    def apply_display(self, settings: Settings) -> None:
        """Language, large font, high contrast and sound volume from `settings`, at once and in
        place: the cart, a receiving draft, the cashier and the desk on show stay as they are
        (no widget is rebuilt; see ui/retranslate.py)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.counter = replace(self.counter, settings=settings)
        apply_appearance(app, settings)
        self._fit_side(settings.large_font)
        self.sounds.set_volume(settings.sound_volume)
        if switch_language(app, settings.language) == settings.language:
            return
        self._scan_hint = self.tr(
            "Scan the QR code, or type the 6-digit pickup code / last 4 phone digits")
        for index, name in enumerate(self._desk_names):
            self.desk_bar.setTabText(index, self._desk_tab_text(index + 1, self.desks.get(name)))
        for indicator in self.status.findChildren(Indicator):
            indicator.refresh()
        self.refresh_recent()  # its times are written the language's way
        # Texts glued from several messages (a desk's totals, a report) are rendered again by
        # the desk on show; the others render when they next come on screen.
        self.show_desk(self.desk_name)

    def _fit_side(self, large_font: bool) -> None:
        # Large type needs the width for the desks' words (1366-pixel counters): the camera
        # preview gives up a little, keeping its 16:9.
        width = 340 if large_font else 380
        self.camera_view.setFixedSize(width, width * 9 // 16)
        side = self.camera_view.parentWidget()
        if side is not None:
            side.setFixedWidth(width)

    def _size_to_desk(self, index: int) -> None:
        # A stack is as large as its largest page: a desk off screen (the reports' tiles and
        # chart) would keep the one on show from fitting the counter's screen.
        for number in range(self.desk_stack.count()):
            policy = QSizePolicy.Policy.Preferred if number == index \
                else QSizePolicy.Policy.Ignored
            self.desk_stack.widget(number).setSizePolicy(policy, policy)

    def show_keys(self) -> ShortcutsHelp:
        """F1: every key of the window and of the desk on show."""
        if self.keys_help is not None:
            self.keys_help.close()
        desk = self.current_desk
        title = desk.title if desk is not None else self.tr("Handover")
        help_ = ShortcutsHelp(window_keys(self, desk or self.pages, title), self)
        help_.finished.connect(lambda _code: self.scan_box.setFocus())
        self.keys_help = help_
        help_.open()
        return help_

    # --- start and stop ---------------------------------------------------------------------

    def start(self) -> None:
        """After the window is shown: recent list, and receipts a crash left unprinted."""
        self.refresh_recent()
        self.printer.start()
        QApplication.instance().installEventFilter(self.keyboard_home)  # type: ignore[union-attr]
        if self._sign_in:
            QApplication.instance().installEventFilter(self.activity)  # type: ignore[union-attr]
            if self.counter.settings.idle_lock_s:
                self._idle_timer.start()
            self.lock()
        if self.camera is not None:
            self.camera.start()
        if self.sync is not None:
            self.sync.start()

    def closeEvent(self, event: Any) -> None:
        self._idle_timer.stop()
        if QApplication.instance() is not None:
            QApplication.instance().removeEventFilter(  # type: ignore[union-attr]
                self.keyboard_home)
        if self._sign_in and QApplication.instance() is not None:
            QApplication.instance().removeEventFilter(  # type: ignore[union-attr]
                self.activity)
        if self.sync is not None:
            self.sync.stop()
        if self.camera is not None:
            self.camera.stop()
        self.printer.shutdown()
        self.db_lane.shutdown()
        super().closeEvent(event)

    # --- keys -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scan_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._navigation_key(event):
                return True
        return super().eventFilter(watched, event)

    def _navigation_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        desk = self.current_desk
        if desk is not None:
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                return desk.move(-1 if key == Qt.Key.Key_Up else 1)
            if key == Qt.Key.Key_Space and not self.scan_box.text().strip():
                return desk.space()
            return False
        page = self.pages.currentIndex()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            (self.card if page == CARD else self.choices).move_selection(step)
            return True
        if key == Qt.Key.Key_Space and page == CARD and not self.scan_box.text().strip():
            self.card.cycle_outcome()
            return True
        return False

    def _enter(self) -> None:
        text = self.scan_box.text()
        self.scan_box.clear()
        if text.strip():
            self.scan(text)
        elif self.current_desk is not None:
            self.current_desk.enter()
        elif self.pages.currentIndex() == CHOICES and self.choices.chosen:
            self._show_order(self.choices.chosen)
        elif self.pages.currentIndex() == CARD and self.card.handable:
            self.confirm()
        else:
            self._staff_result = False  # Enter on what staff read: the camera may go on

    # --- actions ----------------------------------------------------------------------------

    # --- desks ------------------------------------------------------------------------------

    @property
    def current_desk(self) -> Desk | None:
        """The workflow desk on show, or None on the handover desk."""
        name = self._desk_names[self.desk_stack.currentIndex()]
        return self.desks.get(name)

    @property
    def desk_name(self) -> str:
        return self._desk_names[self.desk_stack.currentIndex()]

    def show_desk(self, name: str) -> None:
        """Bring a desk on show (Alt+1 … Alt+7, or a click on the desk bar)."""
        if name not in self._desk_names:
            return
        index = self._desk_names.index(name)
        if index != self.desk_stack.currentIndex():
            self.banner.clear()
            self.desk_stack.setCurrentIndex(index)
        self.desk_bar.blockSignals(True)
        self.desk_bar.setCurrentIndex(index)
        self.desk_bar.blockSignals(False)
        self.recent.setVisible(name == HANDOVER)
        desk = self.desks.get(name)
        self.scan_box.setPlaceholderText(desk.scan_hint if desk else self._scan_hint)
        if desk is not None:
            desk.activated()
        self.scan_box.setFocus()

    def take_photo(self, name: str) -> Path | None:
        """The camera's latest picture as a JPEG under the data dir's photos/ (a damaged carton,
        a refused item). Returns its path relative to the data dir, or None without a camera."""
        if self._last_frame is None or self.camera is None:
            return None
        folder = self.counter.data_dir.photos
        private_dir(folder)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60]
        path = folder / f"{safe}-{stamp}.jpg"
        if not self._last_frame.save(str(path), "JPG", 85):
            log.warning("photo %s could not be saved", path.name)
            return None
        tighten(path, FILE_MODE)  # Qt follows the umask; a photo may show a resident
        return path.relative_to(self.counter.data_dir.root)

    def ask_manager(self, what: str, then: Approved) -> ManagerApproval:
        """A manager approves `what` with their PIN (checked and audited by the core); `then`
        gets the approver's staff id, or None when cancelled.

        Window-modal but not blocking: no nested event loop, so the PIN check on the database
        lane and everything else the window does keep running while the prompt is up.
        """
        dialog = ManagerApproval(managers(self.counter.db), what, self, staff=self.staff_desk,
                                 runner=self.context.run, cashier_id=self.context.staff_id,
                                 subject=self.desk_name)

        def closed(code: int) -> None:
            dialog.deleteLater()
            self._take_keyboard_back()
            then(dialog.approver() if code == QDialog.DialogCode.Accepted.value else None)

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    # --- staff: sign-in, lock, switch, audit ------------------------------------------------

    def lock(self) -> SignInDialog:
        """F12, idle, start-up: hide the counter behind the sign-in screen until someone signs
        in (Esc does not close it)."""
        if self.sign_in_dialog is not None and not self.sign_in_dialog.cancellable:
            return self.sign_in_dialog
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.done(QDialog.DialogCode.Rejected)
        if self.context.cashier_id is not None:
            cashier = self.context.cashier_id
            self.context.run(lambda: self.staff_desk.lock(cashier), lambda _none: None)
        self._show_counter(False)
        return self._ask_sign_in(cancellable=False)

    def switch_cashier(self) -> SignInDialog:
        """F11: another cashier signs in (Esc keeps the current one)."""
        if self.sign_in_dialog is not None:
            return self.sign_in_dialog
        return self._ask_sign_in(cancellable=True)

    def _ask_sign_in(self, cancellable: bool) -> SignInDialog:
        dialog = SignInDialog(self.staff_desk, self.context.run, self,
                              current=self.context.staff_id, cancellable=cancellable,
                              station_name=self.counter.station_name)
        dialog.signed_in.connect(self._signed_in)
        dialog.finished.connect(lambda _code, dialog=dialog: self._sign_in_closed(dialog))
        self.sign_in_dialog = dialog
        dialog.open()  # window-modal, not blocking: the lanes keep delivering
        return dialog

    def _sign_in_closed(self, dialog: SignInDialog) -> None:
        if self.sign_in_dialog is dialog:
            self.sign_in_dialog = None
        dialog.deleteLater()
        self._take_keyboard_back()

    def _take_keyboard_back(self, where: QWidget | None = None) -> None:
        # Kiosk set-ups run without a window manager: nobody hands the keyboard back to the
        # window when a dialog goes, and the next scan would land nowhere.
        if not self.isVisible():
            return
        self.activateWindow()
        self.raise_()
        target = where or self.focusWidget()  # the field staff were in before the dialog
        if target is None or not target.isVisible() or not target.isEnabled():
            target = self.scan_box
        target.setFocus()

    def _signed_in(self, who: SignedIn) -> None:
        self.context.cashier_id = who.staff_id
        self._cashier_is_manager = who.is_manager
        self.status.staff.setText(self.tr("Cashier: %1").replace("%1", who.name))
        self._show_counter(True)
        self.activity.last = time.monotonic()
        self.clear()

    def _show_counter(self, visible: bool) -> None:
        # Locked, nothing of the counter (orders, names, phone tails) stays on screen.
        central = self.centralWidget()
        if central is not None:
            central.setVisible(visible)

    def check_idle(self) -> None:
        """Lock after the settings' idle time without a key or click (0: never)."""
        limit = self.counter.settings.idle_lock_s
        if limit and self.sign_in_dialog is None and QApplication.activeModalWidget() is None \
                and self.activity.idle_for() >= limit:
            self.lock()

    def open_audit(self) -> None:
        """Ctrl+Shift+A: the audit log, for a manager (a clerk needs a manager's PIN)."""
        if self._cashier_is_manager:
            self._show_audit(self.context.staff_id)
        else:
            self.context.ask_manager(self.tr("viewing the audit log"), self._show_audit)

    def _show_audit(self, approver: int | None) -> None:
        if approver is None:
            return
        AuditDialog(self.counter.db, self.context.run, self).open()

    def open_staff(self) -> None:
        """Ctrl+Shift+S: staff accounts, always after a manager's PIN (their id does the
        changes, and the service checks it again)."""
        self.ask_manager(self.tr("manage staff"), self._show_staff)

    def _show_staff(self, approver: int | None) -> None:
        if approver is None:
            return
        dialog = StaffDialog(self.staff_desk, approver, self.context.run, self)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        dialog.open()

    def _desk_feedback(self, good: bool) -> None:
        self.camera_view.flash(good)
        self.sounds.play("ok" if good else "stop")

    # --- handover ---------------------------------------------------------------------------

    def scan(self, text: str | bytes) -> None:
        """A code from the scan box, the keyboard-wedge scanner or the camera: it goes to the
        desk on show. Ignored while the counter is locked or changing cashier."""
        self._scan(text, by_camera=False)

    def _scan(self, text: str | bytes, by_camera: bool) -> None:
        if self.sign_in_dialog is not None:
            log.info("scan ignored while the counter is locked or changing cashier")
            return
        desk = self.current_desk
        if desk is not None:
            desk.scan(text if isinstance(text, str) else text.decode("utf-8", "replace"))
            return
        # What staff typed or scanned themselves stays until they press Enter or Esc.
        self._staff_result = not by_camera
        self._run(lambda: self.counter.desk.lookup(text), self._show_lookup)

    def scan_from_camera(self, text: str) -> bool:
        """A code the camera read. The camera serves the person at the keyboard, never
        overrides them: it feeds only a desk that asked for that kind of code (at handover, a
        resident's signed pickup QR); it never replaces what staff typed or scanned until they
        press Enter or Esc, nor an order that can go out (or a phone-tail list) under their
        Enter key; and any result stays readable at least MIN_READABLE_S. Returns whether the
        code was taken."""
        kind = code_kind(text)
        desk = self.current_desk
        wanted = desk.camera_codes() if desk is not None else HANDOVER_CAMERA_CODES
        if kind not in wanted:
            log.info("camera code (%s) not for the desk on show", kind.value)
            return False
        if desk is not None:
            busy = not desk.accepts_camera()
        else:
            busy = self._staff_result or self.pages.currentIndex() == CHOICES or (
                self.pages.currentIndex() == CARD and self.card.handable)
        if busy or time.monotonic() < self._readable_until:
            log.info("camera code held back: staff are working on what is on screen")
            self.camera_view.flash(False)
            return False
        self._scan(text, by_camera=True)
        return True

    def _hold_result(self) -> None:
        """A result was painted: no camera read replaces it for a moment."""
        self._readable_until = time.monotonic() + MIN_READABLE_S

    def confirm(self) -> None:
        order = self.card.order
        if order is None or self._busy or not self.card.handable:
            return
        outcomes = self.card.outcomes
        found = self._found
        if found is None:
            return
        self._busy = True  # a second Enter, also while the manager prompt is up, sends nothing
        if found.needs_manager and not self._cashier_is_manager:
            # Four digits or a bag label anyone could hold: without the resident's code a
            # manager must approve (the core checks it again).
            what = self.tr("handing over %1 by phone tail, without the pickup code") \
                if found.method is ScanKind.PHONE_TAIL else self.tr(
                "handing over %1 by its order number, without the pickup code")
            self.context.ask_manager(
                what.replace("%1", order.order_no),
                lambda approver: self._weak_proof_approved(order, found.proof, outcomes,
                                                           approver))
        else:
            self._hand_over(order, found.proof, outcomes, None)

    def _weak_proof_approved(self, order: OrderView, proof: str,
                             outcomes: dict[int, LineOutcome], approver: int | None) -> None:
        if approver is None:
            self._busy = False
            self.banner.show_banner(Banner(Severity.WARN, self.tr("Not handed over"), self.tr(
                "A handover by phone tail needs a manager's PIN. Ask the resident for the "
                "pickup code, or ask the station manager.")))
            self._feedback(Severity.STOP)
            self.handover_shown.emit()
            return
        self._hand_over(order, proof, outcomes, approver)

    def _hand_over(self, order: OrderView, proof: str, outcomes: dict[int, LineOutcome],
                   approver: int | None) -> None:
        desk, staff_id = self.counter.desk, self.context.staff_id
        self._run(lambda: desk.confirm(order.order_no, staff_id, proof, outcomes, approver),
                  self._show_done)

    def clear(self) -> None:
        self._staff_result = False
        self._readable_until = 0.0
        self.scan_box.clear()
        self.banner.clear()
        if self.current_desk is not None:
            self.current_desk.escape()
            self.scan_box.setFocus()
            return
        self.card.order = None
        self.pages.setCurrentIndex(IDLE)
        self.scan_box.setFocus()

    def reprint_last(self) -> None:
        rows = self.recent.rows
        if rows:
            self._hold_result()  # F5's word on the reprint stays readable
            self.printer.reprint(rows[0].order_no)

    def open_settings(self) -> None:
        """F2: settings, after a manager's PIN (every first-run step can be revisited)."""
        self.ask_manager(self.tr("change the settings"), self._settings_approved)

    def _settings_approved(self, approver: int | None) -> None:
        if approver is None:
            return
        # Imported when first wanted: its printer, scanner and enrolment panels would add
        # about 0.1 s to every start of the counter.
        from ui.settings.dialog import SettingsDialog  # noqa: PLC0415

        counter = self.counter
        verify = counter.settings.sync_ca_bundle or True
        dialog = SettingsDialog(
            counter, approver, self.context.run,
            self.make_camera or (lambda _settings: None),
            lambda: SyncService(counter.db, counter.data_dir.root, verify=verify,
                                allow_insecure=counter.settings.allow_insecure_lan),
            self.open_health, self)
        dialog.saved.connect(self.apply_settings)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        dialog.open()

    def apply_settings(self, settings: Settings) -> None:
        """Saved settings take effect at once: display, receipts, printer, camera."""
        old = self.counter.settings
        desk = replace(self.counter.desk, receipt_language=settings.receipt_language)
        self.counter = replace(self.counter, settings=settings, desk=desk)
        self.context.counter = self.counter
        self.printer.use(self.counter)
        if settings.camera != old.camera:
            self.apply_camera(settings.camera)
        self.apply_display(settings)

    def open_camera_settings(self) -> None:
        """F9: choose and test the camera; saving switches the counter to it at once. A
        manager's PIN first, as for F2: a clerk could otherwise switch the camera off."""
        if self.make_camera is None:
            return
        self.ask_manager(self.tr("change the camera"), self._camera_settings_approved)

    def _camera_settings_approved(self, approver: int | None) -> None:
        if approver is None or self.make_camera is None:
            return
        dialog = CameraSettingsDialog(self.counter.settings,
                                      available_devices(probe=False),
                                      self.make_camera, self, in_use=self.camera)
        dialog.accepted.connect(lambda: self.apply_camera(dialog.chosen()))
        self.camera_settings_dialog = dialog
        dialog.open()

    def apply_camera(self, camera_settings: CameraSettings) -> None:
        settings = replace(self.counter.settings, camera=camera_settings)
        save_settings(self.counter.data_dir.settings_file, settings)
        self.counter = replace(self.counter, settings=settings)
        if self.camera is not None:
            self.camera.stop()
            self.camera = None
        self.camera_view.show_status(CameraStatus(CameraHealth.STOPPED, ""))
        worker = self.make_camera(camera_settings) if self.make_camera else None
        self.status.camera.set_state("off", self.tr("none"))
        if worker is not None:
            self._attach_camera(worker)
            worker.start()

    # --- head office ------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.sync is None:
            self.status.sync.set_state("off", self.tr("not enrolled"))
            return
        self.status.sync.set_state("off", self.tr("syncing…"))
        self.sync.sync_now()

    def open_attention(self) -> AttentionDialog | None:
        if self.sync is None:
            return None
        dialog = AttentionDialog(self.sync.service, self)
        dialog.finished.connect(lambda _code: self.sync and self.sync.refresh())
        dialog.open()
        return dialog

    def open_day_close(self) -> DayCloseDialog | None:
        if self.sync is None:
            return None
        dialog = DayCloseDialog(self.sync.service, self.sync.lane, self,
                                ask_manager=self.ask_manager)
        dialog.closed.connect(lambda result: self._print_day_report(result, dialog.day))
        dialog.open()
        return dialog

    def _print_day_report(self, result: DayCloseResult, day: date) -> None:
        assert self.sync is not None
        report = self.sync.day_report(result, self.counter.station_name,
                                      self.counter.station_id, day, self.counter.desk.clock())
        journal = self.counter.journal
        self.db_lane.submit(lambda: journal.queue_report(report),
                            lambda job: self.printer.print_job(job.job_id), self._show_failure)

    def _sync_status(self, status: SyncStatus) -> None:
        assert self.sync is not None
        state, text = self.sync.describe(status)
        self.status.sync.set_state(state, text, status.last_error or "")
        self.status.show_clock_offset(None if status.clock_offset_s is None
                                      else timedelta(seconds=status.clock_offset_s))

    def _sync_report(self, report: SyncReport) -> None:
        if report.recovered is not None:
            recovered = report.recovered
            detail = self.tr("%1 record(s) taken back from head office.").replace(
                "%1", str(recovered.recovered))
            if recovered.lost:
                detail += " " + self.tr("%1 record(s) never reached head office: press F8 to "
                                        "see which.").replace("%1", str(recovered.lost))
            self.banner.show_banner(Banner(
                Severity.WARN if recovered.lost else Severity.INFO,
                self.tr("Recovered from head office"), detail))
            return
        if report.new_attention and self.banner.severity in (None, Severity.OK):
            self.banner.show_banner(Banner(
                Severity.INFO, self.tr("%n record(s) need attention", "", report.new_attention),
                self.tr("Head office refused or changed something. Press F8 to see what to "
                        "do.")))

    def refresh_recent(self) -> None:
        self.db_lane.submit(lambda: self.counter.desk.recent(20), self._show_recent,
                            self._show_failure)

    # --- results ----------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.db_lane.submit(work, done, self._show_failure)

    def _show_lookup(self, result: LookupResult) -> None:
        self._found = result
        self._hold_result()
        banner = self.messages.for_lookup(result)
        if banner is not None:
            self._feedback(banner.severity)
        if result.outcome is LookupOutcome.FOUND and result.order is not None:
            self._show_order(result.order)
            return
        if result.outcome is LookupOutcome.CHOOSE:
            self.choices.show_choices(result.shown, result.choices)
            self.pages.setCurrentIndex(CHOICES)
        else:
            self.card.order = None
            self.pages.setCurrentIndex(IDLE)
        if banner:
            self.banner.show_banner(banner)
        self._painted(self.lookup_shown)

    def _show_order(self, order: OrderView) -> None:
        self.card.show_order(order)
        self.pages.setCurrentIndex(CARD)
        self.banner.show_banner(self.messages.for_order(order))
        self._painted(self.lookup_shown)

    def _show_done(self, result: HandoverDone) -> None:
        self._busy = False
        self._staff_result = False  # Enter was pressed: after a moment the camera may go on
        self._hold_result()
        self.card.show_order(result.order)
        self.banner.show_banner(self.messages.for_done(result))
        self.printer.print_job(result.print_job_id)
        self.refresh_recent()
        self._painted(self.handover_shown)

    def _show_failure(self, error: BaseException) -> None:
        self._busy = False
        self._hold_result()
        if isinstance(error, HandoverRefused):
            if error.order is not None:
                self.card.show_order(error.order)
                self.pages.setCurrentIndex(CARD)
            self.banner.show_banner(self.messages.for_refusal(error))
        else:
            self.banner.show_banner(self.messages.for_failure(error))
            self.status.database.set_state("error", self.tr("error"), str(error)[:300])
        self._painted(self.handover_shown)

    def _show_recent(self, rows: list[RecentHandover]) -> None:
        self.recent.show_recent(rows)
        self.recent_shown.emit()

    def _attach_camera(self, camera: CameraWorker) -> None:
        self.camera = camera
        self._camera_since = (time.monotonic(), camera.loop.decoded)  # decode rate from here
        camera.preview.connect(self.camera_view.show_frame)
        camera.preview.connect(self._keep_frame)
        camera.scanned.connect(self.scan_from_camera)
        camera.status_changed.connect(self._camera_status)

    def _keep_frame(self, image: QImage, _outlines: object) -> None:
        self._last_frame = image

    def _feedback(self, severity: Severity) -> None:
        """Green flash and a chirp when the order can go out; red and a buzz when it cannot."""
        good = severity in (Severity.OK, Severity.WARN, Severity.INFO)
        self.camera_view.flash(good)
        self.sounds.play("ok" if good else "stop")

    def _camera_status(self, status: CameraStatus) -> None:
        self.camera_status = status
        self.camera_view.show_status(status)
        if status.health in (CameraHealth.STOPPED, CameraHealth.LOST, CameraHealth.NO_CAMERA):
            self._last_frame = None  # a photo is never the stopped camera's old picture
        state, text = {
            CameraHealth.IN_USE: ("error", self.tr("in use by another program")),
            CameraHealth.STARTING: ("off", self.tr("starting")),
            CameraHealth.RUNNING: ("ok", self.tr("%1 fps").replace("%1", f"{status.fps:.0f}")),
            CameraHealth.NO_CAMERA: ("warn", self.tr("not found")),
            CameraHealth.LOST: ("error", self.tr("lost, reconnecting")),
            CameraHealth.STOPPED: ("off", self.tr("off")),
        }[status.health]
        self.status.camera.set_state(state, text, status.source)

    # --- care -------------------------------------------------------------------------------

    def open_health(self) -> HealthDialog:
        """F3: the health panel (checks run off the GUI thread)."""
        dialog = HealthDialog(self.counter, self.live_devices, self, self.ask_manager)
        dialog.finished.connect(lambda _code, dialog=dialog: dialog.deleteLater())
        self.health_dialog = dialog
        dialog.open()
        return dialog

    def live_devices(self) -> LiveDevices:
        """What the window knows of its printer and camera right now."""
        status, loop = self.camera_status, self.camera.loop if self.camera else None
        since, decoded_before = self._camera_since
        return LiveDevices(
            printer_state=self.status.printer.state,
            printer_text=self.status.printer.accessibleDescription(),
            camera_state=status.health.value if status and self.camera else None,
            camera_fps=status.fps if status else 0.0,
            decode_fps=(loop.decoded - decoded_before) / max(time.monotonic() - since, 1e-3)
            if loop else 0.0,
            decode_ms=1000 * loop.decode_seconds / loop.decoded if loop and loop.decoded
            else 0.0)

    def show_storage_fault(self, error: BaseException) -> None:
        """A fault of the daily backup or erasure: said like any storage fault, never a
        crash; the counter goes on."""
        banner = self.messages.for_failure(error)
        if self.banner.severity in (None, Severity.OK, Severity.INFO):
            self.banner.show_banner(Banner(Severity.WARN, banner.title, banner.detail))

    def _printer_status(self, state: str, text: str) -> None:
        self.status.printer.set_state(state, text)

    def _print_failed(self, order_no: str, error: BaseException) -> None:
        # A handover banner the staff still need wins over the printer's news.
        if self.banner.severity in (None, Severity.OK):
            self.banner.show_banner(self.messages.print_failed(error, order_no))
        self.refresh_recent()

    def _painted(self, signal: Any) -> None:
        # Paint now rather than at the next event-loop pass, so "shown" means on screen; only
        # the parts a scan changes (the camera preview and the list repaint on their own).
        self.banner.repaint()
        self.pages.repaint()
        signal.emit()
        QTimer.singleShot(0, self.scan_box.setFocus)
