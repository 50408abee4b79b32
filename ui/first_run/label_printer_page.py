"""The first-run step for a label printer (标签打印机), after the receipt printer: most stations
have none yet, so it may be skipped (labels then print on the receipt printer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget

from station_app.devices.labels.label_settings import LabelPrinterSettings
from ui.first_run.page import SetupPage, SetupState
from ui.settings.label_printer_panel import LabelPrinterPanel


class LabelPrinterPage(SetupPage):
    skippable = True

    def __init__(self, state: SetupState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.note = QLabel()
        self.note.setObjectName("setupNote")
        self.note.setWordWrap(True)
        self.panel = LabelPrinterPanel(state.settings.label_printer, state.root, "")
        self.stack_up(self.note, self.panel, fill=True)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Label printer")

    def retranslate(self) -> None:
        self.note.setText(self.tr("A label printer prints the bag labels on 40×30, 50×30 or "
                                  "60×40 mm labels. Choose TSPL or ZPL and the label size, "
                                  "press Ctrl+K to calibrate and Ctrl+T for a test label. No "
                                  "label printer? Press Skip: labels print on the receipt "
                                  "printer."))
        self.panel.retranslate()

    def entered(self) -> None:
        station = self.state.station
        self.panel.station_name = station.name if station else ""
        self.panel.focus_first()

    def leave(self, go: Callable[[], None]) -> None:
        self.state.settings = replace(self.state.settings, label_printer=self.panel.chosen())
        go()

    def skip(self) -> None:
        self.state.settings = replace(self.state.settings, label_printer=LabelPrinterSettings())

    def summary(self) -> str:
        chosen = self.state.settings.label_printer
        if not chosen.active:
            return self.tr("Label printer: none (labels on the receipt printer)")
        return self.tr("Label printer: %1, %2, %3 mm").replace("%1", self.panel.describe()) \
            .replace("%2", chosen.language.upper()).replace("%3", chosen.stock)

    def stop(self) -> None:
        self.panel.shutdown()
