"""The camera at the counter: live preview with a box around the code, and scans for the window.

Capture and decoding run on their own threads (station_app.devices); this only turns their
callbacks into Qt signals and paints. Preview frames are shrunk on the decoding thread, so the
GUI thread paints a small image and never touches a full 1280×720 frame.
"""

from __future__ import annotations

import logging
from typing import Any

import cv2
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from station_app.devices.camera import (
    CameraCapture,
    CameraHealth,
    CameraStatus,
    DeviceSource,
    Frame,
    FrameSource,
    VideoFileSource,
)
from station_app.devices.decoding.pipeline import FrameResult
from station_app.devices.scan_loop import FramePipeline, ScanLoop
from ui.language_change import Retranslated

log = logging.getLogger("station.ui.camera")

PREVIEW_WIDTH = 480  # px of the preview image; the widget scales it
# The camera is not delivering: a picture still on its way from the decoding thread is old.
NOT_LIVE = frozenset({CameraHealth.NO_CAMERA, CameraHealth.LOST, CameraHealth.STOPPED,
                      CameraHealth.IN_USE})


class CameraWorker(QObject):
    """Runs one camera and its decoder; everything it reports arrives as signals."""

    preview = Signal(QImage, list)  # small RGB image, code outlines in its pixel space
    scanned = Signal(str)  # a confirmed, de-duplicated code: look it up once
    status_changed = Signal(object)  # CameraStatus

    def __init__(self, source: FrameSource, pipeline: FramePipeline,
                 parent: QObject | None = None, *, virtual: bool = False) -> None:
        super().__init__(parent)
        self.source = source
        self.virtual = virtual  # the demo's virtual camera (a generated clip), not a webcam
        self.loop = ScanLoop(pipeline, self._decoded)
        self.capture = CameraCapture(source, self.loop.offer, self.status_changed.emit)

    @property
    def setting(self) -> str:
        """The camera `source` setting that reads from this camera (a device or a file)."""
        match self.source:
            case DeviceSource():
                return str(self.source.device)
            case VideoFileSource():
                return str(self.source.path)
        return self.source.description

    def start(self) -> None:
        self.loop.start()
        self.capture.start()

    def stop(self) -> None:
        self.capture.stop()
        self.loop.stop()

    def _decoded(self, frame: Frame, result: FrameResult, _at: float) -> None:
        # On the decoding thread: shrink and convert here, not on the GUI thread.
        height, width = frame.shape[:2]
        scale = PREVIEW_WIDTH / width
        small = cv2.resize(frame, (PREVIEW_WIDTH, max(1, round(height * scale))),
                           interpolation=cv2.INTER_AREA)
        if small.ndim == 2:
            small = cv2.cvtColor(small, cv2.COLOR_GRAY2RGB)
        else:
            small = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        image = QImage(small.data, small.shape[1], small.shape[0], small.strides[0],
                       QImage.Format.Format_RGB888).copy()
        outlines = [[(x * scale, y * scale) for x, y in code.corners]
                    for code in result.codes]
        self.preview.emit(image, outlines)
        for text in result.new_scans:
            self.scanned.emit(text)


class CameraView(Retranslated, QWidget):
    """The preview: the picture, green outlines of codes, a flash on success or failure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraView")
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._image: QImage | None = None
        self._outlines: list[list[tuple[float, float]]] = []
        self._flash: QColor | None = None
        # Nothing is started until a camera is: "starting" is said only when one is.
        self._health = CameraHealth.STOPPED
        self._message = "…"  # worded by retranslate()
        self._live = True
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self.frames_shown = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Camera preview"))
        if self._message:  # not while it shows a picture
            self._message = self._words(self._health)
            self.update()

    def heightForWidth(self, width: int) -> int:
        return width * 9 // 16

    def hasHeightForWidth(self) -> bool:
        return True

    @property
    def message(self) -> str:
        """What the preview says instead of a picture ("" while it shows one)."""
        return self._message

    @property
    def showing_picture(self) -> bool:
        return self._image is not None

    def show_frame(self, image: QImage, outlines: list[list[tuple[float, float]]]) -> None:
        if not self._live:
            return  # decoded before the camera stopped: its box must not stay on screen
        self._image = image
        self._outlines = outlines
        self._message = ""
        self.frames_shown += 1
        self.update()

    def show_status(self, status: CameraStatus) -> None:
        """The camera's news: a picture only while it runs; stopped, lost or absent clears the
        preview (the last code's green box must not stay on every desk) and says what to do."""
        self._live = status.health not in NOT_LIVE
        if status.health is CameraHealth.RUNNING:
            return
        self._image = None
        self._outlines = []
        self._health = status.health
        self._message = self._words(status.health)
        self.update()

    def _words(self, health: CameraHealth) -> str:
        """What the preview says instead of a picture."""
        return {
            CameraHealth.IN_USE: self.tr(
                "The camera is in use by another program or unplugged: close the other "
                "program or re-plug it; you can keep scanning with the scanner/typing"),
            CameraHealth.NO_CAMERA: self.tr(
                "No camera found: plug in the webcam or check its cable · the scanner and "
                "typing still work"),
            CameraHealth.LOST: self.tr(
                "Camera lost: check its cable · reconnecting… · the scanner still works"),
            CameraHealth.STOPPED: self.tr("Camera off"),
            CameraHealth.STARTING: self.tr("Camera starting…"),
        }.get(health, "")

    def flash(self, success: bool) -> None:
        self._flash = QColor(30, 123, 52, 150) if success else QColor(179, 38, 30, 150)
        self._flash_timer.start(350)
        self.update()

    def _end_flash(self) -> None:
        self._flash = None
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1b1f24"))
        if self._image is not None:
            target = self._fit(self._image.width(), self._image.height())
            painter.drawImage(target, self._image)
            scale = target.width() / self._image.width()
            painter.setPen(QPen(QColor("#3ddc6c"), 3))
            for outline in self._outlines:
                painter.drawPolygon(QPolygonF([QPointF(target.x() + x * scale,
                                                       target.y() + y * scale)
                                               for x, y in outline]))
        if self._message:
            painter.setPen(QColor("#e6eaee"))
            # word-wrapped: the longer messages say what to do, not just what happened
            painter.drawText(self.rect().adjusted(12, 8, -12, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self._message)
        if self._flash is not None:
            painter.fillRect(self.rect(), self._flash)
        painter.end()

    def _fit(self, width: int, height: int) -> QRectF:
        scale = min(self.width() / width, self.height() / height)
        shown_w, shown_h = width * scale, height * scale
        return QRectF((self.width() - shown_w) / 2, (self.height() - shown_h) / 2, shown_w,
                      shown_h)
