"""Label printer set-up: none (labels print on the receipt printer), TSPL or ZPL; which
printer; the stock (size, gap or black mark); darkness, speed and direction; calibration and a
test label whose picture (the virtual label printer's PNG) shows here.

Keys while the page is on show: Ctrl+F find printers, Enter in the address field checks it
(and asks which language the printer speaks), Ctrl+K calibrates, Ctrl+T prints the test
label, Ctrl+R reads the printer's status. Everything that talks to a printer runs on the
panel's own lane.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.labels.label import STOCKS
from station_app.devices.labels.label_printers import (
    PrintedTestLabel,
    calibrate,
    label_status,
    print_test_label,
)
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.label_status import LabelProblem, LabelStatus, detect_language
from station_app.devices.printers import PrinterError
from station_app.setup.printer_discovery import (
    VIRTUAL,
    Discovery,
    FoundPrinter,
    discover_local,
    discover_network,
    parse_host,
)
from ui.background import Lane
from ui.language_change import Retranslated, Said
from ui.messages import Messages
from ui.settings.forms import EnterKey, labelled

PREVIEW_WIDTH = 300


def _found_in(settings: LabelPrinterSettings) -> FoundPrinter | None:
    match settings.transport:
        case "usb":
            ids = (settings.usb_vendor_id, settings.usb_product_id)
            return FoundPrinter("usb", f"USB {ids[0]:04x}:{ids[1]:04x}", usb_ids=ids)
        case "serial":
            return FoundPrinter("serial", settings.serial_port, serial_port=settings.serial_port)
        case "network":
            return FoundPrinter("network", f"{settings.host}:{settings.port}",
                                host=settings.host, port=settings.port)
    return None


def _sent_to(found: FoundPrinter, settings: LabelPrinterSettings) -> LabelPrinterSettings:
    match found.transport:
        case "usb":
            return replace(settings, transport="usb", usb_vendor_id=found.usb_ids[0],
                           usb_product_id=found.usb_ids[1])
        case "serial":
            return replace(settings, transport="serial", serial_port=found.serial_port)
        case "network":
            return replace(settings, transport="network", host=found.host, port=found.port)
    return replace(settings, transport="virtual")


class LabelPrinterPanel(Retranslated, QWidget):
    searched = Signal()  # a search or an address check finished (tests wait on it)
    tested = Signal(bool)  # the test label printed (True) or failed
    calibrated = Signal(bool)
    status_read = Signal()

    def __init__(self, settings: LabelPrinterSettings, data_dir: Path, station_name: str,
                 parent: QWidget | None = None, *,
                 local: Callable[[], Discovery] = discover_local,
                 network: Callable[[threading.Event], Discovery] = discover_network) -> None:
        super().__init__(parent)
        self._discover_local, self._discover_network = local, network  # tests pass their own
        self._settings = settings
        self._data_dir = data_dir
        self.station_name = station_name
        self._lane = Lane("label-printer-setup")
        self._cancel = threading.Event()
        self._searching = False
        self._choices(settings)
        self._stock_options(settings)
        scroll = self._actions()
        form = QFormLayout()
        address = QHBoxLayout()
        address.addWidget(self.host, 1)
        self.labels = [labelled(form, field) for field in (
            self.language, address, self.stock, self.media, self.gap, self.darkness,
            self.speed, self.direction)]
        left = QVBoxLayout()
        left.addWidget(self.found, 1)
        left.addWidget(self.find_button)
        left.addLayout(form)
        buttons = QHBoxLayout()
        for button in (self.calibrate_button, self.test_button, self.status_button):
            buttons.addWidget(button)
        left.addLayout(buttons)
        left.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(scroll)
        self.retranslate()

    def _choices(self, settings: LabelPrinterSettings) -> None:
        """The language, and which printer: the list (virtual, configured, found) and a
        network address typed in."""
        self.language = QComboBox()
        self.language.setObjectName("labelLanguage")
        for value in ("none", "tspl", "zpl"):
            self.language.addItem(value, value)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.found = QListWidget()
        self.found.setObjectName("foundLabelPrinters")
        self.found.setMinimumHeight(90)
        row = self._add(VIRTUAL)
        current = _found_in(settings)
        if current is not None:
            row = self._add(current)
        self.found.setCurrentRow(row)
        self.find_button = QPushButton()
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_printers)
        self.host = QLineEdit()
        self.host.setObjectName("labelPrinterHost")
        EnterKey(self.host, self.check_host)

    def _stock_options(self, settings: LabelPrinterSettings) -> None:
        self.stock = QComboBox()
        for name in STOCKS:
            self.stock.addItem(f"{name.replace('x', ' × ')} mm", name)
        self.stock.setCurrentIndex(self.stock.findData(settings.stock))
        self.media = QComboBox()
        for value in ("gap", "black_mark", "continuous"):
            self.media.addItem(value, value)
        self.media.setCurrentIndex(self.media.findData(settings.media))
        self.gap = QDoubleSpinBox()
        self.gap.setRange(0, 10)
        self.gap.setSingleStep(0.5)
        self.gap.setSuffix(" mm")
        self.gap.setValue(settings.gap_mm)
        self.darkness = QSpinBox()
        self.darkness.setRange(0, 15)
        self.darkness.setValue(settings.darkness)
        self.speed = QSpinBox()
        self.speed.setRange(1, 6)
        self.speed.setValue(settings.speed)
        self.direction = QComboBox()
        self.direction.addItem("1", 1)
        self.direction.addItem("0", 0)
        self.direction.setCurrentIndex(self.direction.findData(settings.direction))

    def _actions(self) -> QScrollArea:
        """Calibrate, test label and status, their keys, the message and the label's
        picture (returned, in its scroll area)."""
        self.calibrate_button = QPushButton()
        self.test_button = QPushButton()
        self.test_button.setObjectName("printTestLabel")
        self.status_button = QPushButton()
        for button, slot in ((self.calibrate_button, self.calibrate),
                             (self.test_button, self.print_test),
                             (self.status_button, self.read_status)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        for keys, slot in (("Ctrl+T", self.print_test), ("Ctrl+F", self.find_printers),
                           ("Ctrl+K", self.calibrate), ("Ctrl+R", self.read_status)):
            QShortcut(QKeySequence(keys), self, slot)
        self.message = QLabel()
        self.message.setObjectName("labelPrinterMessage")
        self.message.setWordWrap(True)
        self.said = Said(self.message)
        self.preview = QLabel()
        self.preview.setObjectName("testLabelPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(PREVIEW_WIDTH + 30)
        return scroll

    def retranslate(self) -> None:
        self.said.again()
        self.language.setAccessibleName(self.tr("Label printer language"))
        for row, text in enumerate((self.tr("None: labels print on the receipt printer"),
                                    self.tr("TSPL (Gprinter, Xprinter, HPRT, TSC)"),
                                    self.tr("ZPL (Zebra)"))):
            self.language.setItemText(row, text)
        self.found.setAccessibleName(self.tr("Label printers found"))
        self.found.setAccessibleDescription(self.tr("Choose the label printer; Ctrl+F "
                                                    "searches again."))
        self.found.item(0).setText(self.tr("Virtual label printer (no paper: saves labels as "
                                           "files)"))
        self.find_button.setText(self.tr("Stop search") if self._searching
                                 else self.tr("Ctrl+F  Find printers"))
        self.find_button.setAccessibleName(self.tr("Find printers"))
        self.host.setPlaceholderText(self.tr("Network label printer address, then Enter"))
        self.host.setAccessibleName(self.tr("Network label printer address"))
        for row, text in enumerate((self.tr("Gap between labels"), self.tr("Black mark"),
                                    self.tr("Continuous paper"))):
            self.media.setItemText(row, text)
        self.direction.setItemText(0, self.tr("1: top of the label first"))
        self.direction.setItemText(1, self.tr("0: turned round"))
        self.calibrate_button.setText(self.tr("Ctrl+K  Calibrate"))
        self.calibrate_button.setAccessibleName(self.tr("Calibrate"))
        self.test_button.setText(self.tr("Ctrl+T  Print test label"))
        self.test_button.setAccessibleName(self.tr("Print test label"))
        self.status_button.setText(self.tr("Ctrl+R  Printer status"))
        self.status_button.setAccessibleName(self.tr("Printer status"))
        texts = (self.tr("Language"), self.tr("Address"), self.tr("Label size"),
                 self.tr("Labels are parted by"), self.tr("Gap / mark height"),
                 self.tr("Darkness"), self.tr("Speed (inch/s)"), self.tr("Direction"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)

    def focus_first(self) -> None:
        self.language.setFocus()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    # --- what is chosen ---------------------------------------------------------------------

    def chosen(self) -> LabelPrinterSettings:
        """The choices on screen as label printer settings."""
        item = self.found.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else VIRTUAL
        assert isinstance(found, FoundPrinter)
        settings: Any = replace(
            self._settings, language=self.language.currentData(),
            stock=self.stock.currentData(), media=self.media.currentData(),
            gap_mm=self.gap.value(), darkness=self.darkness.value(), speed=self.speed.value(),
            direction=int(self.direction.currentData()))
        return _sent_to(found, settings)

    def _printing(self) -> LabelPrinterSettings:
        """What calibration and the test label use: the choices, in TSPL when none is chosen
        yet (the common language of the printers sold in China)."""
        chosen = self.chosen()
        return chosen if chosen.active else replace(chosen, language="tspl")

    def describe(self) -> str:
        item = self.found.currentItem()
        return item.text() if item is not None else ""

    def _add(self, printer: FoundPrinter) -> int:
        for row in range(self.found.count()):
            if self.found.item(row).data(Qt.ItemDataRole.UserRole) == printer:
                return row
        text = {"usb": "USB: %1", "serial": "COM: %1", "network": "LAN: %1"}.get(
            printer.transport, "%1").replace("%1", printer.label)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, printer)
        self.found.addItem(item)
        return self.found.count() - 1

    # --- finding ----------------------------------------------------------------------------

    def find_printers(self) -> None:
        """Ctrl+F: USB and serial printers, then the LAN; pressed again, stops the LAN scan."""
        if self._searching:
            self._cancel.set()
            return
        self._searching = True
        self._cancel = threading.Event()
        cancel = self._cancel
        self.retranslate()
        self._say(lambda: self.tr("Looking for label printers…"))
        find_local, find_network = self._discover_local, self._discover_network

        def search() -> Discovery:
            local, network = find_local(), find_network(cancel)
            return Discovery(local.printers + network.printers, local.notes + network.notes)

        self._lane.submit(search, self._found, self._failed)

    def _found(self, discovery: Discovery) -> None:
        self._searching = False
        self.retranslate()
        for printer in discovery.printers:
            self._add(printer)
        count = len(discovery.printers)
        self._say(lambda: self.tr("%n printer(s) found. Choose the label printer in the "
                                  "list.", "", count))
        self.searched.emit()

    def _failed(self, error: BaseException) -> None:
        self._searching = False
        self.retranslate()
        self._say(lambda: self.tr("That did not work: %1").replace("%1", str(error)[:200]))
        self.searched.emit()

    def check_host(self) -> None:
        """Enter in the address field: is a label printer there, and which language?"""
        try:
            host, port = parse_host(self.host.text())
        except ValueError:
            self._say(lambda: self.tr("Type the printer's address, e.g. 192.168.1.60."))
            return
        self._say(lambda: self.tr("Checking %1…").replace("%1", f"{host}:{port}"))
        self._lane.submit(lambda: detect_language(host, port, 2.0),
                          lambda language: self._checked(host, port, language), self._failed)

    def _checked(self, host: str, port: int, language: str | None) -> None:
        where = f"{host}:{port}"
        if language is None:
            self._say(lambda: self.tr("No label printer answers at %1. Check the address, "
                                      "that it is switched on and on the same network.")
                      .replace("%1", where))
        else:
            self.found.setCurrentRow(self._add(FoundPrinter("network", where, host=host,
                                                            port=port)))
            self.language.setCurrentIndex(self.language.findData(language))
            self._say(lambda: self.tr("A %1 label printer answers at %2. Press Ctrl+K to "
                                      "calibrate, then Ctrl+T.").replace(
                "%1", language.upper()).replace("%2", where))
        self.searched.emit()

    # --- calibration, test label, status ----------------------------------------------------

    def calibrate(self) -> None:
        """Ctrl+K: the printer measures its labels (gap or black mark detection)."""
        settings, data_dir = self._printing(), self._data_dir
        self._say(lambda: self.tr("Calibrating: the printer feeds a few labels…"))
        self._lane.submit(lambda: calibrate(settings, data_dir),
                          lambda _none: self._calibrated(), self._print_failed)

    def _calibrated(self) -> None:
        self._say(lambda: self.tr("Calibrated. Press Ctrl+T for a test label."))
        self.calibrated.emit(True)

    def print_test(self) -> None:
        """Ctrl+T: the test label on the chosen printer, its picture here."""
        settings, data_dir, station = self._printing(), self._data_dir, self.station_name
        self.test_button.setEnabled(False)
        self._say(lambda: self.tr("Printing the test label…"))
        self._lane.submit(lambda: print_test_label(settings, data_dir, station,
                                                   datetime.now(UTC)),
                          self._printed, self._print_failed)

    def _printed(self, label: PrintedTestLabel) -> None:
        self.test_button.setEnabled(True)
        pixmap = QPixmap()
        pixmap.loadFromData(label.preview_png, "PNG")
        self.preview.setPixmap(pixmap.scaledToWidth(
            PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
        self._say(lambda: self.tr("Test label sent to %1. The frame must sit inside the "
                                  "label; scan its QR code.").replace("%1", self.describe()))
        self.tested.emit(True)

    def _print_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        detail = error.message if isinstance(error, PrinterError) else str(error)[:200]
        self._say(lambda: self.tr("The label printer did not do it: %1.").replace(
            "%1", Messages(self).printer_problem(error)) + "\n" + detail)
        self.tested.emit(False)
        self.calibrated.emit(False)

    def read_status(self) -> None:
        """Ctrl+R: what a network label printer says about itself."""
        settings = self._printing()
        self._lane.submit(lambda: label_status(settings), self._status, self._status_failed)

    def _status(self, status: LabelStatus | None) -> None:
        self._say(lambda: self._status_text(status))
        self.status_read.emit()

    def _status_failed(self, error: BaseException) -> None:
        self._say(lambda: Messages(self).printer_problem(error))
        self.status_read.emit()

    def _status_text(self, status: LabelStatus | None) -> str:
        if status is None:
            return self.tr("This printer cannot tell its status (only network label printers "
                           "are asked).")
        if not status.problems:
            return self.tr("The label printer is ready.")
        words = {LabelProblem.HEAD_OPEN: self.tr("the head is open"),
                 LabelProblem.PAPER_JAM: self.tr("paper jam"),
                 LabelProblem.PAPER_OUT: self.tr("out of labels"),
                 LabelProblem.RIBBON_OUT: self.tr("out of ribbon"),
                 LabelProblem.PAUSED: self.tr("paused"),
                 LabelProblem.COVER_OPEN: self.tr("the cover is open"),
                 LabelProblem.TOO_HOT: self.tr("too hot")}
        return self.tr("The label printer says: %1.").replace(
            "%1", ", ".join(words[problem] for problem in sorted(status.problems)))

    def shutdown(self) -> None:
        self._cancel.set()
        self._lane.shutdown()
