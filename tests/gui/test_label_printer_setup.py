"""The label printer set up from the keyboard: in Settings (F2) with a network label printer
that is a real TCP server on loopback (detected as TSPL, calibrated, a test label read back by
the tests' interpreter, its status read), and in the first-run wizard on the virtual label
printer, whose PNG is the test label shown on screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.devices.labels.label_printers import VIRTUAL_LABEL_PRINTER_DIR
from tests.gui.conftest import Driver
from tests.gui.test_first_run import next_page, press, wizard_for
from tests.gui.test_settings_dialog import open_settings, save, turn_to
from tests.label_oracle.lan_label_printer import LanLabelPrinter
from tests.label_oracle.tspl import run_tspl
from ui.first_run.wizard import FirstRunWizard
from ui.settings.dialog import LABEL_PRINTER

CTRL = Qt.KeyboardModifier.ControlModifier
ENROLMENT, PRINTER, LABEL_STEP, CAMERA = 1, 2, 3, 4
__all__ = ["wizard_for"]  # the wizard fixture of the first-run tests


def test_settings_detect_calibrate_and_test_a_label_printer_by_keys(
        qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, LABEL_PRINTER)
    panel = dialog.label_printer
    panel.focus_first()
    for _ in range(12):  # the address field is reached with Tab
        if QApplication.focusWidget() is panel.host:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.host
    with LanLabelPrinter() as printer:
        qtbot.keyClicks(panel.host, f"127.0.0.1:{printer.port}")
        with qtbot.waitSignal(panel.searched, timeout=10_000):
            qtbot.keyClick(panel.host, Qt.Key.Key_Return)
        assert "A TSPL label printer answers" in panel.message.text(), panel.message.text()
        assert panel.language.currentData() == "tspl"
        with qtbot.waitSignal(panel.calibrated, timeout=10_000) as calibrated:
            qtbot.keyClick(panel.host, Qt.Key.Key_K, CTRL)
        assert calibrated.args == [True]
        with qtbot.waitSignal(panel.tested, timeout=10_000) as tested:
            qtbot.keyClick(panel.host, Qt.Key.Key_T, CTRL)
        assert tested.args == [True], panel.message.text()
        assert not panel.preview.pixmap().isNull()
        with qtbot.waitSignal(panel.status_read, timeout=10_000):
            qtbot.keyClick(panel.host, Qt.Key.Key_R, CTRL)
        assert "ready" in panel.message.text()
        jobs = [job for job in printer.jobs if job]
    runs = [run_tspl(job) for job in jobs]
    assert [run.calibrations for run in runs if run.calibrations] == [["GAPDETECT"]]
    (label,) = [run.labels[0] for run in runs if run.labels]
    assert "STATIONAPP-LABEL-TEST" in [f.text for f in zxingcpp.read_barcodes(label.image)]
    save(qtbot, dialog)
    chosen = window.counter.settings.label_printer
    assert (chosen.language, chosen.transport, chosen.host) == ("tspl", "network", "127.0.0.1")


def test_the_wizard_sets_up_a_label_printer_by_keys(
        qtbot: Any, tmp_path: Path, wizard_for: Callable[[Path], FirstRunWizard]) -> None:
    root = tmp_path / "data"
    wizard = wizard_for(root)
    press(qtbot, wizard, Qt.Key.Key_Down)  # English
    next_page(qtbot, wizard, ENROLMENT)
    press(qtbot, wizard, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the demo station
    next_page(qtbot, wizard, PRINTER)
    next_page(qtbot, wizard, LABEL_STEP)
    assert wizard.heading.text().endswith("Label printer")
    panel = wizard.label_printer.panel
    assert QApplication.focusWidget() is panel.language
    press(qtbot, wizard, Qt.Key.Key_Down)  # none → TSPL
    assert panel.language.currentData() == "tspl"
    with qtbot.waitSignal(panel.calibrated, timeout=10_000):
        press(qtbot, wizard, Qt.Key.Key_K, CTRL)
    with qtbot.waitSignal(panel.tested, timeout=10_000) as tested:
        press(qtbot, wizard, Qt.Key.Key_T, CTRL)
    assert tested.args == [True]
    assert not panel.preview.pixmap().isNull()
    folder = root / VIRTUAL_LABEL_PRINTER_DIR
    (png,) = folder.glob("*label-test.png")  # what the screen shows is what was kept
    assert any(b"GAPDETECT" in path.read_bytes() for path in folder.glob("*calibration.bin"))
    assert png.stat().st_size > 0
    next_page(qtbot, wizard, CAMERA)
    assert wizard.state.settings.label_printer.language == "tspl"
    assert wizard.state.settings.label_printer.transport == "virtual"
