"""The scale, pole display and barcode rules page of Settings (F2), worked from the keyboard:
a scale on a pseudo-terminal read (moving, then steady) and tared through the scale's own
thread, an unplugged one said so; the virtual pole display shows the test text; a sample
scale label read by the rules, a bad own rule said and left out; saving takes effect."""

from __future__ import annotations

import tomllib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.devices.scale_simulator import ScaleSimulator
from station_app.domain.scale_barcode import encode, nomenclature
from tests.gui.conftest import Driver
from tests.gui.test_settings_dialog import open_settings, save, turn_to
from ui.settings.dialog import SCALE

CTRL = Qt.KeyboardModifier.ControlModifier


def choose_port(qtbot: Any, combo: Any, port: str) -> None:
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), port)
    assert combo.currentText() == port


def test_read_and_tare_a_scale_then_save_the_page(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, SCALE)
    panel = dialog.scale
    with ScaleSimulator("sics") as scale:
        choose_port(qtbot, panel.scale_port, scale.port)
        qtbot.keyClick(panel.protocol, Qt.Key.Key_Down)  # continuous → SICS
        assert panel.protocol.currentData() == "sics"
        scale.put(1234, settle_s=0.3)
        with qtbot.waitSignal(panel.weighed, timeout=10_000) as weighed:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, CTRL)
        assert weighed.args == [1234]
        assert "steady 1.234 kg" in panel.scale_message.text()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, CTRL)
        qtbot.waitUntil(lambda: b"T\r\n" in scale.received, timeout=5_000)
        qtbot.waitUntil(lambda: panel.weight.text().startswith("0.000 kg"), timeout=5_000)
        # The cable pulled while it reads: said, and nothing hangs.
        with qtbot.waitSignal(panel.scale_heard, timeout=10_000,
                              check_params_cb=lambda status: status == "offline"):
            scale.unplug()
        assert "No scale on" in panel.scale_message.text()

    # The virtual pole display, Chinese font.
    choose_port(qtbot, panel.pole_port, "virtual")
    with qtbot.waitSignal(panel.display_tested, timeout=5_000) as shown:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, CTRL)
    assert shown.args == [True]
    assert "显示测试 Test" in panel.pole_message.text() and "56.78" in panel.pole_message.text()

    # Barcode rules: the Dahua preset, an own rule, and one that is not a rule.
    panel.preset.setFocus()
    panel.preset.setCurrentIndex(panel.preset.findData("dahua"))
    panel.custom.setFocus()
    qtbot.keyClicks(panel.custom, "25....{price:NNNNDD}")
    qtbot.keyClick(panel.custom, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.custom, "25...{weight")
    assert "Line 2 is not a rule" in panel.rules_message.text()
    own = nomenclature("none", ["25....{price:NNNNDD}"])[0]
    for code, said in ((encode(own, "42", price_fen=123456), "PLU 42, price ¥1234.56"),
                       (encode(nomenclature("dahua")[1], "301", weight_g=1500),
                        "weight 1.500 kg"),
                       ("6901234500017", "sells as an ordinary barcode"),
                       ("2500420123457", "check digit is wrong")):
        panel.sample.setFocus()
        panel.sample.clear()
        qtbot.keyClicks(panel.sample, code)
        with qtbot.waitSignal(panel.checked, timeout=2_000):
            qtbot.keyClick(panel.sample, Qt.Key.Key_Return)
        assert said in panel.rules_message.text(), (code, panel.rules_message.text())
    assert dialog.isVisible()  # Enter in the sample field did not save or close

    choose_port(qtbot, panel.scale_port, "simulator")
    save(qtbot, dialog)
    settings = window.counter.settings
    assert (settings.scale.port, settings.scale.protocol) == ("simulator", "sics")
    assert (settings.pole_display.port, settings.pole_display.charset) == ("virtual", "gb18030")
    assert (settings.barcode_rules.preset, settings.barcode_rules.custom) == (
        "dahua", ("25....{price:NNNNDD}",))
    saved = tomllib.loads(window.counter.data_dir.settings_file.read_text(encoding="utf-8"))
    assert saved["barcode_rules"] == {"preset": "dahua", "custom": ["25....{price:NNNNDD}"]}


def test_the_demo_scale_reads_and_no_port_is_said(qtbot: Any, open_window: Driver) -> None:
    window = open_window("en")
    dialog = open_settings(qtbot, window)
    assert dialog is not None
    turn_to(qtbot, dialog, SCALE)
    panel = dialog.scale
    panel.focus_first()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, CTRL)
    assert "Choose the scale's port first" in panel.scale_message.text()
    choose_port(qtbot, panel.scale_port, "simulator")
    with qtbot.waitSignal(panel.weighed, timeout=10_000) as weighed:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, CTRL)
    assert weighed.args == [500]
    dialog.reject()
    assert panel.worker is None and panel.simulator is None  # closing stopped the scale
