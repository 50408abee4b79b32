"""The counter's camera: its preview and status, photos from its latest picture, and changing it
(F9, a manager first).

The camera worker reads and decodes off the GUI thread (`ui/camera_panel.py`); what a read is
allowed to do is the window's routing (`CounterWindow.scan_from_camera`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from station_app.config import save_settings
from station_app.devices.camera import (
    CameraHealth,
    CameraSettings,
    CameraStatus,
    available_devices,
)
from station_app.private_files import FILE_MODE, private_dir, tighten
from ui.camera_panel import CameraView, CameraWorker
from ui.settings.camera_page import CameraSettingsDialog

if TYPE_CHECKING:
    from ui.main_window import CounterWindow

log = logging.getLogger("station.ui")


class CameraStation(QObject):
    def __init__(self, window: CounterWindow, worker: CameraWorker | None) -> None:
        super().__init__(window)
        self.window = window
        self.view = CameraView()
        self.worker: CameraWorker | None = None
        self.status: CameraStatus | None = None  # the latest, for the health panel
        self.settings_dialog: CameraSettingsDialog | None = None
        # Set by the app: builds a camera worker for settings (None: no camera there).
        self.make: Callable[[CameraSettings], CameraWorker | None] | None = None
        self._last_frame: QImage | None = None  # the latest preview, for photos
        self._since = (time.monotonic(), 0)  # decode rate counted from here
        if worker is not None:
            self.attach(worker)
        else:
            window.status.camera.set_state("off", lambda: self.tr("none"))
            self.view.show_status(CameraStatus(CameraHealth.NO_CAMERA, ""))

    def fit(self, large_font: bool) -> None:
        """Large type needs the width for the desks' words (1366-pixel counters): the preview
        gives up a little, keeping its 16:9, and the side column with it."""
        width = 340 if large_font else 380
        self.view.setFixedSize(width, width * 9 // 16)
        side = self.view.parentWidget()
        if side is not None:
            side.setFixedWidth(width)

    def attach(self, worker: CameraWorker) -> None:
        self.worker = worker
        self._since = (time.monotonic(), worker.loop.decoded)
        worker.preview.connect(self.view.show_frame)
        worker.preview.connect(self._keep_frame)
        worker.scanned.connect(self.window.scan_from_camera)
        worker.status_changed.connect(self._show_status)

    def _keep_frame(self, image: QImage, _outlines: object) -> None:
        self._last_frame = image

    def _show_status(self, status: CameraStatus) -> None:
        self.status = status
        self.view.show_status(status)
        if status.health in (CameraHealth.STOPPED, CameraHealth.LOST, CameraHealth.NO_CAMERA):
            self._last_frame = None  # a photo is never the stopped camera's old picture
        state = {CameraHealth.IN_USE: "error", CameraHealth.STARTING: "off",
                 CameraHealth.RUNNING: "ok", CameraHealth.NO_CAMERA: "warn",
                 CameraHealth.LOST: "error", CameraHealth.STOPPED: "off"}[status.health]
        self.window.status.camera.set_state(state, lambda: self._state_text(status),
                                            status.source)

    def _state_text(self, status: CameraStatus) -> str:
        return {
            CameraHealth.IN_USE: self.tr("in use by another program"),
            CameraHealth.STARTING: self.tr("starting"),
            CameraHealth.RUNNING: self.tr("%1 fps").replace("%1", f"{status.fps:.0f}"),
            CameraHealth.NO_CAMERA: self.tr("not found"),
            CameraHealth.LOST: self.tr("lost, reconnecting"),
            CameraHealth.STOPPED: self.tr("off"),
        }[status.health]

    def decode_rate(self) -> tuple[float, float]:
        """(codes decoded per second since the camera started, mean ms per decode)."""
        loop = self.worker.loop if self.worker else None
        if loop is None:
            return 0.0, 0.0
        since, decoded_before = self._since
        rate = (loop.decoded - decoded_before) / max(time.monotonic() - since, 1e-3)
        return rate, 1000 * loop.decode_seconds / loop.decoded if loop.decoded else 0.0

    def take_photo(self, name: str) -> Path | None:
        """The camera's latest picture as a JPEG under the data dir's photos/ (a damaged carton,
        a refused item). Returns its path relative to the data dir, or None without a camera."""
        if self._last_frame is None or self.worker is None:
            return None
        data_dir = self.window.counter.data_dir
        private_dir(data_dir.photos)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60]
        path = data_dir.photos / f"{safe}-{stamp}.jpg"
        if not self._last_frame.save(str(path), quality=85):  # JPEG, from the suffix
            log.warning("photo %s could not be saved", path.name)
            return None
        tighten(path, FILE_MODE)  # Qt follows the umask; a photo may show a resident
        return path.relative_to(data_dir.root)

    def open_settings(self) -> None:
        """F9: choose and test the camera; saving switches the counter to it at once. A
        manager's PIN first, as for F2: a clerk could otherwise switch the camera off."""
        if self.make is not None:
            self.window.ask_manager(self.tr("change the camera"), self._settings_approved)

    def _settings_approved(self, approver: int | None) -> None:
        if approver is None or self.make is None:
            return
        dialog = CameraSettingsDialog(self.window.counter.settings,
                                      available_devices(probe=False), self.make, self.window,
                                      in_use=self.worker)
        dialog.accepted.connect(lambda: self.use(dialog.chosen()))
        self.settings_dialog = dialog
        dialog.open()

    def use(self, camera_settings: CameraSettings) -> None:
        """Save `camera_settings` and switch the counter to that camera now."""
        window = self.window
        settings = replace(window.counter.settings, camera=camera_settings)
        save_settings(window.counter.data_dir.settings_file, settings)
        window.counter = replace(window.counter, settings=settings)
        window.context.counter = window.counter
        self.stop()
        self.view.show_status(CameraStatus(CameraHealth.STOPPED, ""))
        worker = self.make(camera_settings) if self.make else None
        window.status.camera.set_state("off", lambda: self.tr("none"))
        if worker is not None:
            self.attach(worker)
            worker.start()

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
