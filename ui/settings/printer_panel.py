"""Printer set-up: find the printer, pick its model, paper and Chinese encoding, print a test.

Finding and printing run on the panel's own lane (a LAN scan takes a second or two, a dead
printer up to its timeout); the search can be stopped. The test page goes through the same
rendering and transports as every receipt; its picture is shown here, which is all the
virtual printer's "paper" there is. What it shares with the label printer's panel is in
`PrinterSetupPanel`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Unpack

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QPushButton,
    QWidget,
)

from station_app.devices.printer_settings import Encoding, PrinterSettings
from station_app.setup.printer_discovery import (
    Discovery,
    DiscoveryNote,
    FoundPrinter,
    probe,
)
from station_app.setup.printer_models import common_models, with_model
from station_app.setup.test_page import print_test_page
from ui.settings.forms import labelled
from ui.settings.printer_setup_panel import Finders, PanelKind, PrinterSetupPanel, TestWords

KIND = PanelKind(lane="printer-setup", test_print=print_test_page, ask=probe,
                 found="foundPrinters", host="printerHost", test_button="printTestPage",
                 message="printerMessage", preview="testPagePreview", list_height=110)


class PrinterPanel(PrinterSetupPanel):
    def __init__(self, settings: PrinterSettings, data_dir: Path, station_name: str,
                 parent: QWidget | None = None, **finders: Unpack[Finders]) -> None:
        super().__init__(settings, data_dir, station_name, parent, KIND, **finders)
        self._settings = settings
        self.models = common_models()
        self.check_button = QPushButton()
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_host)
        self._paper_options(settings)
        form = QFormLayout()
        self.labels = [labelled(form, self._address_row(self.check_button))] + [
            labelled(form, field) for field in (self.model, self.paper, self.encoding)]
        form.addRow(self.cut)
        form.addRow(self.qr_native)
        self._lay_out(form, self.test_button)
        self.retranslate()

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

    def retranslate(self) -> None:
        super().retranslate()
        self.found.setAccessibleName(self.tr("Printers found"))
        self.found.setAccessibleDescription(self.tr("Choose the counter's receipt printer; "
                                                    "Ctrl+F searches again."))
        self.found.item(0).setText(self.tr("Virtual printer (no paper: saves receipts as "
                                           "files)"))
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
        encoding: Encoding = "gbk" if self.encoding.currentData() == "gbk" else "gb18030"
        base = replace(self._settings, paper_width_mm=int(self.paper.currentData()),
                       encoding=encoding, cut=self.cut.isChecked(),
                       qr_native=self.qr_native.isChecked())
        return self.printer().settings(base)

    def _model_chosen(self, index: int) -> None:
        settings = with_model(self.chosen(), self.models[index])
        self.paper.setCurrentIndex(self.paper.findData(settings.paper_width_mm))
        self.cut.setChecked(settings.cut)
        self.qr_native.setChecked(settings.qr_native)

    def _label(self, printer: FoundPrinter) -> str:
        return {"usb": self.tr("USB: %1"), "serial": self.tr("Serial port: %1"),
                "network": self.tr("Network: %1")}.get(printer.transport, "%1").replace(
            "%1", printer.label)

    # --- finding ----------------------------------------------------------------------------

    def _looking_text(self) -> str:
        return self.tr("Looking for printers on USB, serial ports and the network…")

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

    def _search_failed_text(self, reason: str) -> str:
        return self.tr("The search failed: %1").replace("%1", reason)

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

    def _address_hint(self) -> str:
        return self.tr("Type the printer's address, e.g. 192.168.1.50 or 192.168.1.50:9100.")

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

    def _test_settings(self) -> PrinterSettings:
        return self.chosen()

    def _test_words(self) -> TestWords:
        return TestWords(
            printing=self.tr("Printing the test page…"),
            printed=self.tr("Test page sent to %1. Check the Chinese line, the ruler (it must "
                            "fit the paper) and scan the QR code."),
            not_printed=self.tr("The test page did not print: %1. Check the printer and the "
                                "choices above, then press Ctrl+T again."))
