"""F3: the health panel, driven from the keyboard: the report, Ctrl+I, Ctrl+B and Ctrl+U."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.care.backups import list_backups
from ui.main_window import CounterWindow


def open_health(qtbot: Any, window: CounterWindow) -> Any:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.back_office.health_dialog is not None)
    dialog = window.back_office.health_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def press(qtbot: Any, dialog: Any, key: Qt.Key) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, key, Qt.KeyboardModifier.ControlModifier)


def test_f3_shows_the_health_and_backs_up_checks_and_saves_a_bundle(
        qtbot: Any, window: CounterWindow, tmp_path: Path) -> None:
    dialog = open_health(qtbot, window)
    _name, state, _value, message = dialog.rows["backup"]
    assert state.text() == "Act now" and state.property("state") == "bad"
    assert "Ctrl+B" in message.text()
    assert dialog.rows["database"][1].text() == "OK"
    assert re.fullmatch(r"\d+\.\d [MG]B", dialog.rows["disk"][2].text())
    assert dialog.summary.text() == "Act now: see the rows in red."

    with qtbot.waitSignal(dialog.backup_done, timeout=20_000) as done:
        press(qtbot, dialog, Qt.Key.Key_B)
    assert list_backups(window.counter.data_dir.backups)[0].path == done.args[0].path
    qtbot.waitUntil(lambda: dialog.rows["backup"][1].text() == "OK", timeout=20_000)
    assert "checked" in dialog.rows["backup"][3].text()

    with qtbot.waitSignal(dialog.report_shown, timeout=60_000):
        press(qtbot, dialog, Qt.Key.Key_I)
    assert dialog.rows["database"][3].text().endswith("checked: no damage found.")

    press(qtbot, dialog, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: dialog.folder_dialog is not None and
                    dialog.folder_dialog.isVisible())
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    with qtbot.waitSignal(dialog.bundle_saved, timeout=30_000) as saved:
        dialog.folder_dialog.selectFile(str(stick))
        dialog.folder_dialog.accept()
    assert saved.args[0].parent == stick
    with zipfile.ZipFile(saved.args[0]) as bundle:
        assert "health.json" in bundle.namelist()
    assert str(saved.args[0]) in dialog.note.text()
    dialog.reject()


def test_health_panel_in_chinese(qtbot: Any, open_window: Any) -> None:
    window = open_window("zh_CN")
    dialog = open_health(qtbot, window)
    assert dialog.windowTitle() == "柜台健康状况"
    assert dialog.rows["backup"][0].text() == "最近备份"
    dialog.reject()
