"""Printer set-up: find the printer, pick its model, paper and Chinese encoding, print a test.

Finding and printing run on the panel's own lane (a LAN scan takes a second or two, a dead
printer up to its timeout); the search can be stopped. The test page goes through the same
rendering and transports as every receipt; its picture is shown here, which is all the
virtual printer's "paper" there is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.devices.printer_settings import Encoding, PrinterSettings
from station_app.devices.printers import PrinterError
from station_app.setup.printer_discovery import (
    VIRTUAL,
    Discovery,
    DiscoveryNote,
    FoundPrinter,
    configured_printer,
    discover_local,
    discover_network,
    parse_host,
    probe,
)
from station_app.setup.printer_models import common_models, with_model
from station_app.setup.test_page import PrintedTestPage, print_test_page
from ui.background import Lane
from ui.language_change import Retranslated, Said
from ui.messages import Messages
from ui.settings.forms import EnterKey, labelled

PREVIEW_WIDTH = 300


class PrinterPanel(Retranslated, QWidget):
    searched = Signal()  # a search or an address check finished (tests wait on it)
    tested = Signal(bool)  # the test page printed (True) or failed

    def __init__(self, settings: PrinterSettings, data_dir: Path, station_name: str,
                 parent: QWidget | None = None, *,
                 local: Callable[[], Discovery] = discover_local,
                 network: Callable[[threading.Event], Discovery] = discover_network) -> None:
        super().__init__(parent)
        self._discover_local, self._discover_network = local, network  # tests pass their own
        self._settings = settings
        self._data_dir = data_dir
        self.station_name = station_name  # on the test page
        self._lane = Lane("printer-setup")
        self._cancel = threading.Event()
        self._searching = False
        self.models = common_models()

        self._printer_choice(settings)
        self._paper_options(settings)
        scroll = self._test_page()
        form = QFormLayout()
        address = QHBoxLayout()
        address.addWidget(self.host, 1)
        address.addWidget(self.check_button)
        self.labels = [labelled(form, address)] + [
            labelled(form, field) for field in (self.model, self.paper, self.encoding)]
        form.addRow(self.cut)
        form.addRow(self.qr_native)
        left = QVBoxLayout()
        left.addWidget(self.found, 1)
        left.addWidget(self.find_button)
        left.addLayout(form)
        left.addWidget(self.test_button)
        left.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(scroll)
        self.retranslate()

    def _printer_choice(self, settings: PrinterSettings) -> None:
        """Which printer: the list found (the virtual one and the configured one first), the
        search, and a network address typed in."""
        self.found = QListWidget()
        self.found.setObjectName("foundPrinters")
        self.found.setMinimumHeight(110)
        row = self._add(VIRTUAL)
        current = configured_printer(settings)
        if current is not None:
            row = self._add(current)
        self.found.setCurrentRow(row)
        self.find_button = QPushButton()
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_printers)
        self.host = QLineEdit()
        self.host.setObjectName("printerHost")
        EnterKey(self.host, self.check_host)
        self.check_button = QPushButton()
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_host)

    def _paper_options(self, settings: PrinterSettings) -> None:
        """Its model, paper width, Chinese encoding, cutter and QR drawing."""
        self.model = QComboBox()
        for model in self.models:
            self.model.addItem(model.label, model.profile)
        self.model.activated.connect(self._model_chosen)
        self.paper = QComboBox()
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.paper.setCurrentIndex(self.paper.findData(settings.paper_width_mm))
        self.encoding = QComboBox()
        self.encoding.addItem("GB18030", "gb18030")
        self.encoding.addItem("GBK", "gbk")
        self.encoding.setCurrentIndex(self.encoding.findData(settings.encoding))
        self.cut = QCheckBox()
        self.cut.setChecked(settings.cut)
        self.qr_native = QCheckBox()
        self.qr_native.setChecked(settings.qr_native)

    def _test_page(self) -> QScrollArea:
        """The test page's button, its message and its picture (returned, in its scroll area)."""
        self.test_button = QPushButton()
        self.test_button.setObjectName("printTestPage")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test)
        # Window-wide, while this panel is on show (a hidden page's shortcut is off).
        for keys, slot in (("Ctrl+T", self.print_test), ("Ctrl+F", self.find_printers)):
            QShortcut(QKeySequence(keys), self, slot)
        self.message = QLabel()
        self.message.setObjectName("printerMessage")
        self.message.setWordWrap(True)
        self.said = Said(self.message)  # the last search or test, worded again on a switch
        self.preview = QLabel()
        self.preview.setObjectName("testPagePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(PREVIEW_WIDTH + 30)
        return scroll

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.message, wording)

    def retranslate(self) -> None:
        self.said.again()
        self.found.setAccessibleName(self.tr("Printers found"))
        self.found.setAccessibleDescription(self.tr("Choose the counter's receipt printer; "
                                                    "Ctrl+F searches again."))
        self.found.item(0).setText(self.tr("Virtual printer (no paper: saves receipts as "
                                           "files)"))
        self.find_button.setText(self.tr("Stop search") if self._searching
                                 else self.tr("Ctrl+F  Find printers"))
        self.find_button.setAccessibleName(self.tr("Find printers"))
        self.host.setPlaceholderText(self.tr("Network printer address, e.g. 192.168.1.50"))
        self.host.setAccessibleName(self.tr("Network printer address"))
        self.check_button.setText(self.tr("Check address"))
        self.check_button.setAccessibleName(self.tr("Check address"))
        self.model.setAccessibleName(self.tr("Printer model"))
        self.model.setItemText(0, self.tr("Other / not listed"))
        # python-escpos names its second generic profile in English only.
        self.model.setItemText(self.model.findData("simple"),
                               self.tr("Simple printer (no cutter, QR as a picture)"))
        self.paper.setAccessibleName(self.tr("Paper width"))
        self.encoding.setAccessibleName(self.tr("Chinese encoding"))
        self.cut.setText(self.tr("Cut the paper after each receipt (printer has a cutter)"))
        self.cut.setAccessibleName(self.cut.text())
        self.qr_native.setText(self.tr("Printer draws QR codes itself (else sent as a picture)"))
        self.qr_native.setAccessibleName(self.qr_native.text())
        self.test_button.setText(self.tr("Ctrl+T  Print test page"))
        self.test_button.setAccessibleName(self.tr("Print test page"))
        texts = (self.tr("Address"), self.tr("Model"), self.tr("Paper"), self.tr("Encoding"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)

    def focus_first(self) -> None:
        self.found.setFocus()

    # --- what is chosen ---------------------------------------------------------------------

    def chosen(self) -> PrinterSettings:
        """The printer and options on screen as printer settings."""
        item = self.found.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else VIRTUAL
        encoding: Encoding = "gbk" if self.encoding.currentData() == "gbk" else "gb18030"
        base = replace(self._settings, paper_width_mm=int(self.paper.currentData()),
                       encoding=encoding, cut=self.cut.isChecked(),
                       qr_native=self.qr_native.isChecked())
        assert isinstance(found, FoundPrinter)
        return found.settings(base)

    def describe(self) -> str:
        item = self.found.currentItem()
        return item.text() if item is not None else ""

    def _model_chosen(self, index: int) -> None:
        settings = with_model(self.chosen(), self.models[index])
        self.paper.setCurrentIndex(self.paper.findData(settings.paper_width_mm))
        self.cut.setChecked(settings.cut)
        self.qr_native.setChecked(settings.qr_native)

    def _add(self, printer: FoundPrinter) -> int:
        """The row of `printer` in the list, added when it is not there yet (the choice stays
        where staff left it: a search does not move it)."""
        for row in range(self.found.count()):
            if self.found.item(row).data(Qt.ItemDataRole.UserRole) == printer:
                return row
        item = QListWidgetItem(self._label(printer))
        item.setData(Qt.ItemDataRole.UserRole, printer)
        self.found.addItem(item)
        return self.found.count() - 1

    def _label(self, printer: FoundPrinter) -> str:
        return {"usb": self.tr("USB: %1"), "serial": self.tr("Serial port: %1"),
                "network": self.tr("Network: %1")}.get(printer.transport, "%1").replace(
            "%1", printer.label)

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
        self._say(lambda: self.tr("Looking for printers on USB, serial ports and the "
                                     "network…"))

        find_local, find_network = self._discover_local, self._discover_network

        def search() -> Discovery:
            local = find_local()
            network = find_network(cancel)
            return Discovery(local.printers + network.printers, local.notes + network.notes,
                             local.silent_serial, local.closed_serial)

        self._lane.submit(search, self._found, self._search_failed)

    def _found(self, discovery: Discovery) -> None:
        self._searching = False
        self.retranslate()
        for printer in discovery.printers:
            self._add(printer)
        stopped = self._cancel.is_set()
        self._say(lambda: self._found_text(discovery, stopped))
        self.searched.emit()

    def _found_text(self, discovery: Discovery, stopped: bool) -> str:
        lines = [self.tr("%n printer(s) found.", "", len(discovery.printers))]
        lines += [self._note(note) for note in discovery.notes]
        # Every PC has serial ports; only one a printer answered on is a printer found.
        lines += [self.tr("Serial port %1: no printer answered.").replace("%1", port)
                  for port in discovery.silent_serial]
        lines += [self.tr("Serial port %1: this user may not open it (on Linux, add the user "
                          "to the 'dialout' group).").replace("%1", port)
                  for port in discovery.closed_serial]
        if stopped:
            lines.append(self.tr("Search stopped."))
        return "\n".join(lines)

    def _search_failed(self, error: BaseException) -> None:
        self._searching = False
        self.retranslate()
        self._say(lambda: self.tr("The search failed: %1").replace("%1", str(error)[:200]))
        self.searched.emit()

    def _note(self, note: DiscoveryNote) -> str:
        match note:
            case DiscoveryNote.NO_LIBUSB:
                return self.tr("USB printers cannot be listed: libusb is not installed. "
                               "Use a network or serial printer, or install libusb.")
            case DiscoveryNote.USB_NO_PERMISSION:
                return self.tr("A USB printer is there, but this user may not use it. On "
                               "Linux install the app's udev rule (or add the user to the "
                               "'lp' group), then plug the printer in again.")
            case DiscoveryNote.ANSWERS_EVERYWHERE:
                return self.tr("Every address on this network answers (a firewall or proxy "
                               "is in the way), so printers cannot be told apart: type the "
                               "printer's address and press Enter.")
            case DiscoveryNote.NO_NETWORK:
                return self.tr("This PC is not on a network: type a network printer's "
                               "address instead.")
        return self.tr("Part of the search failed (%1).").replace("%1", note.value)

    def check_host(self) -> None:
        """Enter in the address field: is a printer listening there?"""
        try:
            host, port = parse_host(self.host.text())
        except ValueError:
            self._say(lambda: self.tr("Type the printer's address, e.g. 192.168.1.50 or "
                                         "192.168.1.50:9100."))
            return
        self._say(lambda: self.tr("Checking %1…").replace("%1", f"{host}:{port}"))
        self._lane.submit(lambda: probe(host, port, 2.0),
                          lambda answered: self._checked(host, port, answered),
                          self._search_failed)

    def _checked(self, host: str, port: int, answered: bool) -> None:
        if answered:
            self.found.setCurrentRow(self._add(
                FoundPrinter("network", f"{host}:{port}", host=host, port=port)))
            self._say(lambda: self.tr("A printer answers at %1. Print a test page to be "
                                         "sure.").replace("%1", f"{host}:{port}"))
        else:
            self._say(lambda: self.tr("Nothing answers at %1. Check the address (printed "
                                         "on the printer's self-test page), that it is "
                                         "switched on and on the same network.").replace(
                "%1", f"{host}:{port}"))
        self.searched.emit()

    # --- the test page ----------------------------------------------------------------------

    def print_test(self) -> None:
        """Ctrl+T: the test page on the chosen printer, with its picture here."""
        settings, data_dir, station = self.chosen(), self._data_dir, self.station_name
        self.test_button.setEnabled(False)
        self._say(lambda: self.tr("Printing the test page…"))
        self._lane.submit(lambda: print_test_page(settings, data_dir, station,
                                                  datetime.now(UTC)),
                          self._printed, self._print_failed)

    def _printed(self, page: PrintedTestPage) -> None:
        self.test_button.setEnabled(True)
        pixmap = QPixmap()
        pixmap.loadFromData(page.preview_png, "PNG")
        self.preview.setPixmap(pixmap.scaledToWidth(
            PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation))
        self._say(lambda: self.tr("Test page sent to %1. Check the Chinese line, the "
                                     "ruler (it must fit the paper) and scan the QR code.")
                             .replace("%1", self.describe()))
        self.tested.emit(True)

    def _print_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        # What happened in the staff's language; the core's detail (address, OS error) below
        # for whoever helps them.
        detail = error.message if isinstance(error, PrinterError) else str(error)[:200]
        self._say(lambda: self.tr("The test page did not print: %1. Check the printer and the "
                                  "choices above, then press Ctrl+T again.").replace(
            "%1", Messages(self).printer_problem(error)) + "\n" + detail)
        self.tested.emit(False)

    def shutdown(self) -> None:
        """Stop a search and let the lane finish (the dialog closes)."""
        self._cancel.set()
        self._lane.shutdown()
