"""F9: choose a camera, test it live, save: the counter switches to it and remembers it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from station_app.demo_data import demo_token
from station_app.devices.phone_clip import write_clip
from tests.gui.conftest import Driver, manager_answers
from tests.helpers import READY, pickup_code
from ui.settings.camera_page import CameraSettingsDialog


def test_camera_test_reads_a_code_and_save_switches_the_counter(
        qtbot: Any, open_window: Driver, tmp_path: Path) -> None:
    window = open_window("en")
    counter = window.counter
    order = counter.desk.lookup(pickup_code(counter.db, READY)).order
    assert order is not None
    video = write_clip(tmp_path / "desk-camera.avi",
                       [(demo_token(counter.db, order.order_no), "")], seconds_each=2.0)

    # A clerk cannot switch the camera off or change it: F9 asks for the manager first.
    asked: list[str] = []
    window.ask_manager = manager_answers(None, asked)  # type: ignore[method-assign]
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F9)
    assert asked and window.findChild(CameraSettingsDialog) is None
    window.ask_manager = manager_answers(2)  # type: ignore[method-assign]
    qtbot.keyClick(window.scan_box, Qt.Key.Key_F9)
    dialog = window.findChild(CameraSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.panel.path.setText(str(video))  # support staff point it at a recording
    qtbot.mouseClick(dialog.panel.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.panel.result.text().startswith("Read: PT1."), timeout=15_000)
    assert dialog.panel.preview.frames_shown > 0

    with qtbot.waitSignal(window.lookup_shown, timeout=15_000):
        dialog.accept()
    assert window.card.order is not None and window.card.order.order_no == order.order_no
    saved = tomllib.loads(counter.data_dir.settings_file.read_text(encoding="utf-8"))
    assert saved["camera"]["source"] == str(video)
    assert window.counter.settings.camera.source == str(video)
    window.close()
