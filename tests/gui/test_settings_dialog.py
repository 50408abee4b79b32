"""Settings (F2): a manager revisits the first-run steps; saving takes effect at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.demo_data import demo_token
from station_app.devices.phone_clip import write_clip
from station_app.devices.printer_settings import PrinterSettings
from station_app.setup.printer_discovery import Discovery, SerialPort, discover_local
from tests.gui.conftest import Driver, manager_answers, press_enter_to_confirm, type_code
from tests.helpers import READY, pickup_code
from tests.lan_printer import LanPrinter
from tests.unit.setup.test_printer_discovery import SerialLine
from ui.app import create_application
from ui.main_window import CounterWindow
from ui.settings.dialog import CAMERA, DISPLAY, PRINTER, STAFF, SettingsDialog
from ui.settings.printer_panel import PrinterPanel
from ui.staff_dialog import StaffDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def open_settings(qtbot: Any, window: CounterWindow,
                  approver: int | None = 2) -> SettingsDialog | None:
    asked: list[str] = []
    window.ask_manager = manager_answers(approver, asked)  # type: ignore[method-assign]
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F2)
    assert asked == ["change the settings"]  # always a manager's PIN (the prompt: test_sign_in)
    dialog = window.findChild(SettingsDialog)
    assert (dialog is not None) == (approver is not None)
    if dialog is not None:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def turn_to(qtbot: Any, dialog: SettingsDialog, page: int) -> None:
    for _ in range(page):
        qtbot.keyClick(dialog.pages, Qt.Key.Key_PageDown, CTRL)
    assert dialog.stack.currentIndex() == dialog.pages.currentRow() == page


def save(qtbot: Any, dialog: SettingsDialog) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.pages, Qt.Key.Key_S, CTRL)


def test_without_a_manager_nothing_opens(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    assert open_settings(qtbot, window, approver=None) is None


def test_paper_width_changes_the_next_receipt(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, PRINTER)
    dialog.printer.paper.setCurrentIndex(dialog.printer.paper.findData(58))
    save(qtbot, dialog)
    assert window.counter.settings.printer.paper_width_mm == 58
    saved = tomllib.loads(window.counter.data_dir.settings_file.read_text(encoding="utf-8"))
    assert saved["printer"]["paper_width_mm"] == 58

    type_code(qtbot, window, pickup_code(window.counter.db, READY))
    with qtbot.waitSignal(window.printer.job_done, timeout=15_000):
        press_enter_to_confirm(qtbot, window)
    receipt = sorted((window.counter.data_dir.virtual_printer).glob("*.bin"))[-1].read_bytes()
    assert b"-" * 32 + b"\n" in receipt  # the 58 mm rule: 32 columns
    assert b"-" * 33 not in receipt


@pytest.fixture
def english_after() -> Any:
    yield
    create_application("en")  # the next tests expect English


def test_language_switch_retranslates_the_window(qtbot: Any, open_window: Driver,
                                                 english_after: Any) -> None:
    window = open_window("en")
    assert window.desk_bar.tabText(0) == "Alt+1  Handover"
    dialog = open_settings(qtbot, window)
    assert dialog is not None and dialog.stack.currentIndex() == DISPLAY
    dialog.display.language.setCurrentRow(0)  # 简体中文
    dialog.display.receipt_language.setCurrentIndex(
        dialog.display.receipt_language.findData("en"))
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.desk_bar.tabText(0) == "Alt+1  提货")
    assert window.counter.settings.language == "zh_CN"
    assert window.counter.handovers.receipt_language == "en"  # the next receipt is in English


def test_camera_page_tests_and_saves_the_camera(qtbot: Any, open_window: Driver,
                                                tmp_path: Path) -> None:
    window = open_window("en")
    counter = window.counter
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    video = write_clip(tmp_path / "camera.avi", [(demo_token(counter.db, order.order_no), "")],
                       seconds_each=2.0)
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, CAMERA)
    dialog.camera.path.setText(str(video))
    dialog.camera.path.setFocus()
    qtbot.keyClick(dialog.camera.path, Qt.Key.Key_T, CTRL)
    qtbot.waitUntil(lambda: dialog.camera.result.text().startswith("Read: PT1."),
                    timeout=15_000)
    with qtbot.waitSignal(window.handover.lookup_shown, timeout=15_000):
        save(qtbot, dialog)  # the counter switches to the camera at once, and reads the code
    assert window.counter.settings.camera.source == str(video)
    shown = window.handover.card.order
    assert shown is not None and shown.order_no == order.order_no


def test_staff_page_opens_the_staff_accounts(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, STAFF)
    qtbot.mouseClick(dialog.staff_button, Qt.MouseButton.LeftButton)
    staff = dialog.findChild(StaffDialog)
    assert staff is not None and staff.isVisible()
    qtbot.waitUntil(lambda: len(staff.members) >= 2)
    assert "Station: XF01" in dialog.station_info.text()


def test_checking_a_listed_printer_chooses_that_printer(qtbot: Any, tmp_path: Path) -> None:
    create_application("en")
    panel = PrinterPanel(PrinterSettings(), tmp_path, "幸福里社区自提点")
    qtbot.addWidget(panel)
    with LanPrinter() as first, LanPrinter() as second:
        for printer in (first, second):
            panel.host.setText(f"127.0.0.1:{printer.port}")
            with qtbot.waitSignal(panel.searched, timeout=10_000):
                panel.check_host()
        panel.host.setText(f"127.0.0.1:{first.port}")  # listed already, not the last row
        with qtbot.waitSignal(panel.searched, timeout=10_000):
            panel.check_host()
        chosen = panel.found.currentItem().data(Qt.ItemDataRole.UserRole)
        assert (chosen.port, panel.found.count()) == (first.port, 3)  # virtual + the two


def test_a_serial_port_without_a_printer_is_not_a_printer_found(qtbot: Any,
                                                                tmp_path: Path) -> None:
    # Issue 13, item 7b: the PC's own /dev/ttyS0 was listed as a printer found.
    create_application("en")
    printer, silent = SerialLine(bytes([0x12])), SerialLine(None)
    try:
        ports = [SerialPort(silent.device, "ttyS0"), SerialPort(printer.device, "CH340")]
        panel = PrinterPanel(PrinterSettings(), tmp_path, "幸福里社区自提点",
                             local=lambda: discover_local(usb=lambda: [], serial=lambda: ports),
                             network=lambda _cancel: Discovery([], []))
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.searched, timeout=10_000):
            panel.find_printers()
        listed = [panel.found.item(row).text() for row in range(panel.found.count())]
        assert not any(silent.device in text for text in listed)
        assert any(printer.device in text for text in listed)
        message = panel.message.text()
        assert "1 printer found." in message
        assert f"Serial port {silent.device}: no printer answered." in message
    finally:
        printer.close()
        silent.close()


def test_the_voice_and_the_customer_display_are_chosen_in_settings(
        qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    assert window.resident.display is None  # off by default
    dialog = open_settings(qtbot, window)
    assert dialog is not None and dialog.stack.currentIndex() == DISPLAY
    dialog.display.voice.setChecked(False)
    dialog.display.customer_display.setCurrentIndex(
        dialog.display.customer_display.findData("window"))
    assert dialog.display.customer_display.currentText() == \
        "In a window (to try it on one screen)"
    save(qtbot, dialog)
    assert window.counter.settings.voice is False
    assert window.counter.settings.customer_display == "window"
    qtbot.waitUntil(lambda: window.resident.display is not None
                    and window.resident.display.isVisible())
    assert window.voice.engine_name == "silent"
