"""Settings → camera: pick the camera and decoder, and test them before saving.

The test runs the same capture and decoding code as the counter, so "it reads here" means it
will read at the counter. `CameraPanel` is the page of the settings dialog and of the
first-run wizard; `CameraSettingsDialog` is the same panel on its own (F9).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.config import Settings
from station_app.devices.camera import CameraHealth, CameraSettings, CameraStatus, make_source
from station_app.devices.decoding.backends import make_decoder
from station_app.devices.decoding.pipeline import ScanPipeline
from ui.camera_panel import CameraView, CameraWorker
from ui.language_change import Retranslated, Said
from ui.settings.forms import shortened


class CameraPanel(Retranslated, QWidget):
    def __init__(self, camera: CameraSettings, devices: list[str],
                 make_worker: Callable[[CameraSettings], CameraWorker | None],
                 parent: QWidget | None = None, in_use: CameraWorker | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._make_worker = make_worker
        self._test: CameraWorker | None = None
        self._in_use = in_use

        self.source = QComboBox()
        self.source.addItem("", "auto")  # worded by retranslate()
        for device in devices:
            self.source.addItem(device, device)
        # The camera the counter reads from now is always offered, the demo's virtual camera
        # (a clip played through the capture code) and a device the quick listing missed too.
        if in_use is not None and self.source.findData(in_use.setting) < 0:
            self.source.addItem(in_use.setting, in_use.setting)
        self.source.addItem("", "off")
        self.in_use = QLabel()
        self.in_use.setObjectName("cameraInUse")
        self.in_use.setVisible(in_use is not None)
        self.path = QLineEdit()
        self.decoder = QComboBox()
        self.decoder.addItem("", "zxing")
        self.decoder.addItem("pyzbar", "pyzbar")
        self._select(camera)

        self.preview = CameraView()
        self.preview.setFixedSize(480, 270)
        self.result = QLabel()
        self.result.setObjectName("cameraTestResult")
        self.result.setWordWrap(True)
        self.said = Said()  # the test's outcome, worded again on a switch
        self._say(lambda: self.tr(
            "Press “Test camera” and hold a code in front of it."))
        self.test_button = QPushButton()
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.start_test)
        # Window-wide, while this panel is on show (a hidden page's shortcut is off).
        QShortcut(QKeySequence("Ctrl+T"), self, self.start_test)

        self.source_label, self.decoder_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.source_label, self.source)
        form.addRow("", self.in_use)
        form.addRow("", self.path)
        form.addRow(self.decoder_label, self.decoder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.preview)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.source.setAccessibleName(self.tr("Camera"))
        self.source.setItemText(self.source.findData("auto"), self.tr("Automatic (first webcam)"))
        self.source.setItemText(self.source.findData("off"), self.tr("Off"))
        in_use = self._in_use
        if in_use is not None:
            name = self.tr("Demo virtual camera") if in_use.virtual else in_use.setting
            self.source.setItemText(self.source.findData(in_use.setting), name)
            self.in_use.setText(self.tr("In use now: %1").replace("%1", name))
        self.path.setPlaceholderText(self.tr("or a video file / image folder (support)"))
        self.path.setAccessibleName(self.tr("Video file or image folder"))
        self.decoder.setAccessibleName(self.tr("Decoder"))
        self.decoder.setItemText(0, self.tr("zxing-cpp (recommended)"))
        self.test_button.setText(self.tr("Ctrl+T  Test camera"))
        self.test_button.setAccessibleName(self.tr("Test camera"))
        self.source_label.setText(self.tr("Camera"))
        self.decoder_label.setText(self.tr("Decoder"))
        self.said.again()

    def _say(self, wording: Callable[[], str]) -> None:
        self.said.tell(self.result, wording)

    def _select(self, camera: CameraSettings) -> None:
        if not camera.enabled:
            self.source.setCurrentIndex(self.source.findData("off"))
        elif (index := self.source.findData(camera.source)) >= 0:
            self.source.setCurrentIndex(index)
        else:
            self.path.setText(camera.source)
        self.decoder.setCurrentIndex(max(0, self.decoder.findData(camera.decoder)))

    def chosen(self) -> CameraSettings:
        source = self.path.text().strip() or str(self.source.currentData())
        return replace(self._camera, source="auto" if source == "off" else source,
                       enabled=source != "off", decoder=str(self.decoder.currentData()))

    def start_test(self) -> None:
        self.stop_test()
        chosen = self.chosen()
        if not chosen.enabled:
            self.preview.show_status(CameraStatus(CameraHealth.STOPPED, ""))
            self._say(lambda: self.tr("No camera chosen."))
            return
        worker = self._make_worker(chosen)
        if worker is None:
            self.preview.show_status(CameraStatus(CameraHealth.NO_CAMERA, chosen.source))
            self._say(lambda: self.tr("No camera found. Check the cable, or close other "
                                      "programs that use the camera."))
            return
        worker.preview.connect(self.preview.show_frame)
        worker.scanned.connect(self._read)
        worker.status_changed.connect(self._status)
        self._test = worker
        self._say(lambda: self.tr("Starting the camera…"))
        worker.start()

    def _read(self, text: str) -> None:
        self._say(lambda: self.tr("Read: %1").replace("%1", shortened(text)))

    def _status(self, status: CameraStatus) -> None:
        self.preview.show_status(status)
        if status.health is CameraHealth.RUNNING and not self.result.text().startswith(
                self.tr("Read: %1").replace("%1", "")):
            self._say(lambda: self.tr("Camera works (%1 fps). Hold a code in front of it.")
                      .replace("%1", f"{status.fps:.0f}"))
        elif status.health in (CameraHealth.NO_CAMERA, CameraHealth.LOST):
            self._say(lambda: self.tr("The camera does not answer. Check the cable, or close "
                                      "other programs that use the camera."))

    def stop_test(self) -> None:
        if self._test is not None:
            self._test.stop()
            self._test = None
            self.preview.show_status(CameraStatus(CameraHealth.STOPPED, ""))

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop_test()  # leaving the page (or closing the dialog) frees the camera
        super().hideEvent(event)


class CameraSettingsDialog(Retranslated, QDialog):
    """F9: the camera panel alone, Save / Cancel."""

    def __init__(self, settings: Settings, devices: list[str],
                 make_worker: Callable[[CameraSettings], CameraWorker | None],
                 parent: QWidget | None = None, in_use: CameraWorker | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.panel = CameraPanel(settings.camera, devices, make_worker, self, in_use)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings · camera"))

    def chosen(self) -> CameraSettings:
        return self.panel.chosen()

    def done(self, result: int) -> None:
        self.panel.stop_test()
        super().done(result)


def plain_camera(settings: CameraSettings) -> CameraWorker | None:
    """A camera worker for set-up, before there is a station: every code counts (no token
    check), read twice to be sure. None when no camera is there."""
    source = make_source(settings)
    if source is None:
        return None
    return CameraWorker(source, ScanPipeline(make_decoder(settings.decoder)))
