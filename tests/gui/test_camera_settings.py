"""F9: choose a camera, test it live, save: the counter switches to it and remembers it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from station_app.counter import Counter
from station_app.demo_data import demo_token
from station_app.devices.camera import CameraHealth, CameraStatus
from station_app.devices.phone_clip import write_clip
from tests.gui.conftest import Driver, manager_answers
from tests.helpers import READY, pickup_code
from ui.app import _JOIN_AT_EXIT, build_camera, build_window, create_application
from ui.camera_panel import CameraView
from ui.settings.camera_page import CameraPanel, CameraSettingsDialog


def test_camera_test_reads_a_code_and_save_switches_the_counter(
        qtbot: Any, open_window: Driver, tmp_path: Path) -> None:
    window = open_window("en")
    counter = window.counter
    order = counter.handovers.lookup(pickup_code(counter.db, READY)).order
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

    with qtbot.waitSignal(window.handover.lookup_shown, timeout=15_000):
        dialog.accept()
    shown = window.handover.card.order
    assert shown is not None and shown.order_no == order.order_no
    saved = tomllib.loads(counter.data_dir.settings_file.read_text(encoding="utf-8"))
    assert saved["camera"]["source"] == str(video)
    assert window.counter.settings.camera.source == str(video)
    window.close()


# --- issue 13, item 7c: the preview says what is true -------------------------------------------


def frame() -> QImage:
    image = QImage(160, 90, QImage.Format.Format_RGB888)
    image.fill(QColor("white"))
    return image


def test_no_camera_found_is_said_never_starting(qtbot: Any, counter: Counter) -> None:
    create_application("en")
    panel = CameraPanel(counter.settings.camera, [], lambda _settings: None)
    qtbot.addWidget(panel)
    assert "starting" not in panel.preview.message.lower()  # nothing was started
    qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
    assert "No camera found" in panel.result.text()
    assert "No camera found" in panel.preview.message
    assert "starting" not in panel.preview.message.lower()
    panel.preview.show_status(CameraStatus(CameraHealth.LOST, "camera 0"))
    assert "cable" in panel.preview.message  # what to do


def test_a_stopped_camera_leaves_no_picture_behind(qtbot: Any) -> None:
    create_application("en")
    view = CameraView()
    qtbot.addWidget(view)
    view.show_status(CameraStatus(CameraHealth.RUNNING, "camera 0", 30.0))
    view.show_frame(frame(), [[(10, 10), (60, 10), (60, 60), (10, 60)]])
    assert view.showing_picture
    view.show_status(CameraStatus(CameraHealth.STOPPED, "camera 0"))
    view.show_frame(frame(), [[(10, 10), (60, 10), (60, 60), (10, 60)]])  # decoded just before
    assert not view.showing_picture and view.message == "Camera off"
    view.show_status(CameraStatus(CameraHealth.STARTING, "camera 1"))
    view.show_status(CameraStatus(CameraHealth.RUNNING, "camera 1", 30.0))
    view.show_frame(frame(), [])
    assert view.showing_picture


def test_f9_lists_the_demos_virtual_camera_the_counter_uses(qtbot: Any,
                                                           counter: Counter) -> None:
    create_application("en")
    try:
        worker = build_camera(counter, demo=True)
        assert worker is not None and worker.virtual  # no webcam here: the demo's clip
        dialog = CameraSettingsDialog(counter.settings, [], lambda _settings: None,
                                      in_use=worker)
        qtbot.addWidget(dialog)
        combo = dialog.panel.source
        names = [combo.itemText(row) for row in range(combo.count())]
        assert "Demo virtual camera" in names
        assert "Demo virtual camera" in dialog.panel.in_use.text()
        # "Automatic" in the demo finds the same virtual camera when tested from F9.
        window = build_window(counter, demo=True)
        qtbot.addWidget(window)
        assert window.camera.make is not None
        assert window.camera.make(counter.settings.camera) is not None
    finally:
        for writer in _JOIN_AT_EXIT:
            writer.join(timeout=60)
