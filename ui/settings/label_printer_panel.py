"""Label printer set-up: none (labels print on the receipt printer), TSPL or ZPL; which
printer; the stock (size, gap or black mark); darkness, speed and direction; calibration and a
test label whose picture (the virtual label printer's PNG) shows here.

Keys while the page is on show: Ctrl+F find printers, Enter in the address field checks it
(and asks which language the printer speaks), Ctrl+K calibrates, Ctrl+T prints the test
label, Ctrl+R reads the printer's status. Everything that talks to a printer runs on the
panel's own lane.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Unpack

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QWidget,
)

from station_app.devices.labels.label import STOCKS
from station_app.devices.labels.label_printers import (
    calibrate,
    label_status,
    print_test_label,
)
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.labels.label_status import LabelProblem, LabelStatus, detect_language
from station_app.setup.printer_discovery import (
    Discovery,
    FoundPrinter,
)
from ui.messages import Messages
from ui.settings.forms import labelled
from ui.settings.printer_setup_panel import Finders, PanelKind, PrinterSetupPanel, TestWords

# An address is asked which language the printer there speaks (None: no label printer).
KIND = PanelKind(lane="label-printer-setup", test_print=print_test_label,
                 ask=detect_language, found="foundLabelPrinters", host="labelPrinterHost",
                 test_button="printTestLabel", message="labelPrinterMessage",
                 preview="testLabelPreview", list_height=90)


class LabelPrinterPanel(PrinterSetupPanel):
    calibrated = Signal(bool)
    status_read = Signal()

    def __init__(self, settings: LabelPrinterSettings, data_dir: Path, station_name: str,
                 parent: QWidget | None = None, **finders: Unpack[Finders]) -> None:
        super().__init__(settings, data_dir, station_name, parent, KIND, **finders)
        self._settings = settings
        self._choices(settings)
        self._stock_options(settings)
        self._actions()
        form = QFormLayout()
        self.labels = [labelled(form, field) for field in (
            self.language, self._address_row(), self.stock, self.media, self.gap,
            self.darkness, self.speed, self.direction)]
        buttons = QHBoxLayout()
        for button in (self.calibrate_button, self.test_button, self.status_button):
            buttons.addWidget(button)
        self._lay_out(form, buttons)
        self.retranslate()

    def _choices(self, settings: LabelPrinterSettings) -> None:
        """The language the printer speaks."""
        self.language = QComboBox()
        self.language.setObjectName("labelLanguage")
        for value in ("none", "tspl", "zpl"):
            self.language.addItem(value, value)
        self.language.setCurrentIndex(self.language.findData(settings.language))

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

    def _actions(self) -> None:
        """Calibrate and status (the test label's button is shared), and their keys."""
        self.calibrate_button = QPushButton()
        self.status_button = QPushButton()
        for button, slot in ((self.calibrate_button, self.calibrate),
                             (self.status_button, self.read_status)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        for keys, slot in (("Ctrl+K", self.calibrate), ("Ctrl+R", self.read_status)):
            QShortcut(QKeySequence(keys), self, slot)

    def retranslate(self) -> None:
        super().retranslate()
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

    # --- what is chosen ---------------------------------------------------------------------

    def chosen(self) -> LabelPrinterSettings:
        """The choices on screen as label printer settings."""
        settings = replace(
            self._settings, language=self.language.currentData(),
            stock=self.stock.currentData(), media=self.media.currentData(),
            gap_mm=self.gap.value(), darkness=self.darkness.value(), speed=self.speed.value(),
            direction=int(self.direction.currentData()))
        return self.printer().settings(settings)

    def _test_settings(self) -> LabelPrinterSettings:
        """What calibration and the test label use: the choices, in TSPL when none is chosen
        yet (the common language of the printers sold in China)."""
        chosen = self.chosen()
        return chosen if chosen.active else replace(chosen, language="tspl")

    def _label(self, printer: FoundPrinter) -> str:
        return {"usb": "USB: %1", "serial": "COM: %1", "network": "LAN: %1"}.get(
            printer.transport, "%1").replace("%1", printer.label)

    # --- finding ----------------------------------------------------------------------------

    def _looking_text(self) -> str:
        return self.tr("Looking for label printers…")

    def _found_text(self, discovery: Discovery, stopped: bool) -> str:
        return self.tr("%n printer(s) found. Choose the label printer in the list.", "",
                       len(discovery.printers))

    def _search_failed_text(self, reason: str) -> str:
        return self.tr("That did not work: %1").replace("%1", reason)

    def _address_hint(self) -> str:
        return self.tr("Type the printer's address, e.g. 192.168.1.60.")

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
        settings, data_dir = self._test_settings(), self._data_dir
        self._say(lambda: self.tr("Calibrating: the printer feeds a few labels…"))
        self._lane.submit(lambda: calibrate(settings, data_dir),
                          lambda _none: self._calibrated(), self._print_failed)

    def _calibrated(self) -> None:
        self._say(lambda: self.tr("Calibrated. Press Ctrl+T for a test label."))
        self.calibrated.emit(True)

    def _test_words(self) -> TestWords:
        return TestWords(
            printing=self.tr("Printing the test label…"),
            printed=self.tr("Test label sent to %1. The frame must sit inside the label; scan "
                            "its QR code."),
            not_printed=self.tr("The label printer did not do it: %1."))

    def _print_failed(self, error: BaseException) -> None:
        super()._print_failed(error)  # calibration's failures too
        self.calibrated.emit(False)

    def read_status(self) -> None:
        """Ctrl+R: what a network label printer says about itself."""
        settings = self._test_settings()
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
