"""Settings (F2, after a manager's PIN): every first-run step again, plus display and staff.

Pages on the left (Ctrl+PgDown / Ctrl+PgUp), the page on the right; Ctrl+S saves, Esc
cancels. Save writes settings.toml on the database lane and hands the new settings to the
window (`saved`), which applies them at once: language and looks, printer, camera. Enrolling
again with a new code happens at once on its own button: it is head office's answer, not a
setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.clock import station_time
from station_app.config import Settings, save_settings
from station_app.counter import Counter
from station_app.devices.camera import available_devices
from station_app.services.staff import StaffAccounts
from station_app.setup.first_run import LocalStation, local_station
from sync.client.service import SyncService
from sync.lan.counters import CountersSettingError
from ui.language_change import Retranslated, Said
from ui.settings.camera_page import CameraPanel
from ui.settings.counters_panel import CountersPanel
from ui.settings.display_panel import DisplayPanel
from ui.settings.enrolment_form import EnrolmentForm, MakeCamera
from ui.settings.label_printer_panel import LabelPrinterPanel
from ui.settings.printer_panel import PrinterPanel
from ui.settings.scale_panel import ScalePanel
from ui.settings.scanner_panel import ScannerPanel
from ui.sign_in import Runner
from ui.staff_dialog import StaffDialog

DISPLAY, STATION, PRINTER, LABEL_PRINTER, SCALE, CAMERA, SCANNER, STAFF = range(8)


class SettingsDialog(Retranslated, QDialog):
    saved = Signal(object)  # the new Settings, written to settings.toml

    def __init__(self, counter: Counter, approver: int, runner: Runner,
                 make_camera: MakeCamera, make_service: Callable[[], SyncService],
                 open_health: Callable[[], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.resize(1100, 700)
        self._counter = counter
        self._approver = approver
        self._runner = runner
        self._open_health = open_health
        settings = counter.settings
        self.display = DisplayPanel(settings)
        station_page = self._station_page(settings, make_service, runner, make_camera)
        self.printer = PrinterPanel(settings.printer, counter.data_dir.root,
                                    counter.station_name)
        self.label_printer = LabelPrinterPanel(settings.label_printer, counter.data_dir.root,
                                               counter.station_name)
        self.scale = ScalePanel(settings.scale, settings.pole_display, settings.barcode_rules)
        self.camera = CameraPanel(settings.camera, available_devices(probe=False), make_camera)
        self.scanner = ScannerPanel()
        staff_page = self._staff_page(open_health)
        self.staff_dialog: StaffDialog | None = None
        self.pages = QListWidget()
        self.pages.setObjectName("settingsPages")
        self.pages.setFixedWidth(220)
        self.stack = QStackedWidget()
        for page in (self.display, station_page, self.printer, self.label_printer,
                     self.scale, self.camera, self.scanner, staff_page):
            self.pages.addItem("")
            self.stack.addWidget(page)
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        buttons = self._save_and_cancel()
        body = QHBoxLayout()
        body.addWidget(self.pages)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self._station: LocalStation | None = None
        self.retranslate()
        self._read_station()
        self.pages.setCurrentRow(DISPLAY)

    def _station_page(self, settings: Settings, make_service: Callable[[], SyncService],
                      runner: Runner, make_camera: MakeCamera) -> QWidget:
        """What station this counter is, and enrolling it again with a new code."""
        self.station_info = QLabel()
        self.station_info.setObjectName("stationInfo")
        self.station_info.setWordWrap(True)
        self.station_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrolment = EnrolmentForm(make_service, runner, make_camera,
                                       allow_insecure=settings.allow_insecure_lan)
        self.enrolment.enrolled.connect(lambda _station: self._read_station())
        self.enrol_button = QPushButton()
        self.enrol_button.setAutoDefault(False)
        self.enrol_button.clicked.connect(self.enrolment.enrol)
        self.counters = CountersPanel(self._counter, runner)  # the station's other counters
        station_page = QWidget()
        station_layout = QVBoxLayout(station_page)
        station_layout.addWidget(self.station_info)
        station_layout.addWidget(self.enrolment)
        station_layout.addWidget(self.enrol_button)
        station_layout.addWidget(self.counters)
        station_layout.addStretch(1)
        return station_page

    def _staff_page(self, open_health: Callable[[], object] | None) -> QWidget:
        """Staff accounts and the health panel, each opening its own dialog."""
        self.staff_button = QPushButton()
        self.staff_button.setAutoDefault(False)
        self.staff_button.clicked.connect(self.open_staff)
        self.health_button = QPushButton()
        self.health_button.setAutoDefault(False)
        self.health_button.clicked.connect(self.open_health)
        self.health_button.setEnabled(open_health is not None)
        staff_page = QWidget()
        staff_layout = QVBoxLayout(staff_page)
        staff_layout.addWidget(self.staff_button)
        staff_layout.addWidget(self.health_button)
        staff_layout.addStretch(1)
        return staff_page

    def _save_and_cancel(self) -> QHBoxLayout:
        """The message line, Cancel and Save; the dialog's keys (pages, Ctrl+S)."""
        self.save_button = QPushButton()
        self.save_button.setObjectName("settingsSave")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.said = Said(self.message)  # why the last save failed, worded again on a switch
        for keys, slot in (("Ctrl+PgDown", lambda: self.turn(1)),
                           ("Ctrl+PgUp", lambda: self.turn(-1)), ("Ctrl+S", self.save)):
            QShortcut(QKeySequence(keys), self, slot)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        for row, text in enumerate((self.tr("Display and language"),
                                    self.tr("Station and enrolment"), self.tr("Printer"),
                                    self.tr("Label printer"),
                                    self.tr("Scale and pole display"), self.tr("Camera"),
                                    self.tr("Scanner test"),
                                    self.tr("Staff and diagnostics"))):
            self.pages.item(row).setText(text)
        self.pages.setAccessibleName(self.tr("Settings pages (Ctrl+PgUp / Ctrl+PgDown)"))
        self.pages.setAccessibleDescription(self.tr("Choose a page; its settings show on the "
                                                    "right."))
        self.enrol_button.setText(self.tr("Enrol again with this code"))
        self.enrol_button.setAccessibleName(self.tr("Enrol again with this code"))
        self.staff_button.setText(self.tr("Staff accounts…"))
        self.staff_button.setAccessibleName(self.tr("Staff accounts"))
        self.health_button.setText(self.tr("F3  Health and diagnostics…"))
        self.health_button.setAccessibleName(self.tr("Health and diagnostics"))
        self.save_button.setText(self.tr("Ctrl+S  Save"))
        self.save_button.setAccessibleName(self.tr("Save"))
        self.cancel_button.setText(self.tr("Esc  Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self._show_station()
        self.said.again()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    def turn(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: the next or previous page."""
        self.pages.setCurrentRow((self.pages.currentRow() + step) % self.pages.count())

    # --- station ----------------------------------------------------------------------------

    def _read_station(self) -> None:
        db = self._counter.db
        self._runner(lambda: local_station(db), self._station_read, lambda _error: None)

    def _station_read(self, station: LocalStation | None) -> None:
        self._station = station
        self._show_station()

    def _show_station(self) -> None:
        station = self._station
        if station is None:
            self.station_info.setText("")
            return
        for widget in (self.enrolment, self.enrol_button):  # demo: enrols itself each start
            widget.setVisible(not station.demo)
        lines = [self.tr("Station: %1 · %2").replace("%1", station.station_id)
                 .replace("%2", station.name)]
        if station.demo:
            lines.append(self.tr("Demo station: its head office runs inside this app."))
        if station.head_office_url:
            lines.append(self.tr("Head office: %1").replace("%1", station.head_office_url))
        if station.enrolled_at is not None:
            lines.append(self.tr("Enrolled: %1").replace(
                "%1", station_time(station.enrolled_at).strftime("%Y-%m-%d %H:%M")))
        if not station.demo:
            lines.append(self.tr("Head office revoked this counter's key, or moved? Enrol "
                                 "again with a new one-time code for this station."))
        self.station_info.setText("\n".join(lines))

    # --- staff and diagnostics --------------------------------------------------------------

    def open_staff(self) -> None:
        self.staff_dialog = StaffDialog(StaffAccounts(self._counter.db), self._approver,
                                        self._runner, self)
        self.staff_dialog.open()

    def open_health(self) -> None:
        if self._open_health is not None:
            self._open_health()

    # --- saving -----------------------------------------------------------------------------

    def chosen(self) -> Settings:
        settings = self.display.chosen(self._counter.settings)
        return replace(settings, printer=self.printer.chosen(), camera=self.camera.chosen(),
                       label_printer=self.label_printer.chosen(),
                       scale=self.scale.chosen_scale(), pole_display=self.scale.chosen_pole(),
                       barcode_rules=self.scale.chosen_rules())

    def save(self) -> None:
        """Ctrl+S: write settings.toml; the window applies the new settings."""
        try:
            counters = self.counters.chosen_line()
        except CountersSettingError:
            self.pages.setCurrentRow(STATION)  # the line's problem is said there
            return
        settings = replace(self.chosen(), counters=counters)
        path = self._counter.data_dir.settings_file
        self.save_button.setEnabled(False)
        self._runner(lambda: save_settings(path, settings), lambda _none: self._saved(settings),
                     self._not_saved)

    def _saved(self, settings: Settings) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(settings)
        self.accept()

    def _not_saved(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._say(lambda: self.tr("Not saved: %1. Check that the disk is not full, then "
                                     "press Ctrl+S again.").replace("%1", str(error)[:200]))

    def done(self, result: int) -> None:
        self.camera.stop_test()
        self.enrolment.stop_camera()
        self.printer.shutdown()
        self.label_printer.shutdown()
        self.scale.shutdown()
        super().done(result)
