"""Settings → camera: pick the camera and decoder, and test them before saving.

The test runs the same capture and decoding code as the counter, so "it reads here" means it
will read at the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

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
from station_app.devices.camera import CameraHealth, CameraSettings, CameraStatus
from ui.camera_panel import CameraView, CameraWorker


class CameraSettingsDialog(QDialog):
    def __init__(self, settings: Settings, devices: list[str],
                 make_worker: Callable[[CameraSettings], CameraWorker | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings · camera"))
        self.setObjectName("settingsDialog")
        self._settings = settings
        self._make_worker = make_worker
        self._test: CameraWorker | None = None

        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Camera"))
        self.source.addItem(self.tr("Automatic (first webcam)"), "auto")
        for device in devices:
            self.source.addItem(device, device)
        self.source.addItem(self.tr("Off"), "off")
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("or a video file / image folder (support)"))
        self.path.setAccessibleName(self.tr("Video file or image folder"))
        self.decoder = QComboBox()
        self.decoder.setAccessibleName(self.tr("Decoder"))
        self.decoder.addItem(self.tr("zxing-cpp (recommended)"), "zxing")
        self.decoder.addItem("pyzbar", "pyzbar")
        self._select(settings.camera)

        self.preview = CameraView()
        self.preview.setFixedSize(480, 270)
        self.result = QLabel(self.tr("Press “Test camera” and hold a code in front of it."))
        self.result.setObjectName("cameraTestResult")
        self.result.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Test camera"))
        self.test_button.clicked.connect(self.start_test)

        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.source)
        form.addRow("", self.path)
        form.addRow(self.tr("Decoder"), self.decoder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.preview)
        layout.addWidget(self.result)
        layout.addWidget(buttons)

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
        return replace(self._settings.camera, source="auto" if source == "off" else source,
                       enabled=source != "off", decoder=str(self.decoder.currentData()))

    def start_test(self) -> None:
        self.stop_test()
        chosen = self.chosen()
        if not chosen.enabled:
            self.result.setText(self.tr("No camera chosen."))
            return
        worker = self._make_worker(chosen)
        if worker is None:
            self.result.setText(self.tr("No camera found. Check the cable, or close other "
                                        "programs that use the camera."))
            return
        worker.preview.connect(self.preview.show_frame)
        worker.scanned.connect(self._read)
        worker.status_changed.connect(self._status)
        self._test = worker
        self.result.setText(self.tr("Starting the camera…"))
        worker.start()

    def _read(self, text: str) -> None:
        shown = text if len(text) <= 60 else text[:57] + "…"
        self.result.setText(self.tr("Read: %1").replace("%1", shown))

    def _status(self, status: CameraStatus) -> None:
        self.preview.show_status(status)
        if status.health is CameraHealth.RUNNING and not self.result.text().startswith(
                self.tr("Read: %1").replace("%1", "")):
            self.result.setText(self.tr("Camera works (%1 fps). Hold a code in front of it.")
                                .replace("%1", f"{status.fps:.0f}"))
        elif status.health in (CameraHealth.NO_CAMERA, CameraHealth.LOST):
            self.result.setText(self.tr("The camera does not answer. Check the cable, or close "
                                        "other programs that use the camera."))

    def stop_test(self) -> None:
        if self._test is not None:
            self._test.stop()
            self._test = None

    def done(self, result: int) -> None:
        self.stop_test()
        super().done(result)

