"""Camera capture on OpenCV: a webcam, or a video file / folder of images through the same code.

Demos and tests feed the camera path with files, so what they exercise is the capture code a
counter runs. The capture thread keeps going through a camera that is unplugged: it reports the
loss, retries with back-off and carries on when the camera is back.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")  # probing absent cameras is not an error
import cv2
import numpy as np

log = logging.getLogger("station.camera")

Frame = np.ndarray[Any, Any]  # BGR uint8, as OpenCV delivers it
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg"}
BACKENDS = {"auto": cv2.CAP_ANY, "v4l2": cv2.CAP_V4L2, "msmf": cv2.CAP_MSMF,
            "dshow": cv2.CAP_DSHOW}


@dataclass(frozen=True)
class CameraSettings:
    source: str = "auto"  # "auto", a device index ("0"), a device path, a video file, a folder
    width: int = 1280
    height: int = 720
    fps: int = 30
    backend: str = "auto"  # auto, v4l2 (Linux), msmf or dshow (Windows)
    decoder: str = "zxing"  # zxing (default) or pyzbar
    enabled: bool = True

    def __post_init__(self) -> None:
        problems = []
        if self.backend not in BACKENDS:
            problems.append(f"backend must be one of {', '.join(BACKENDS)}")
        if self.decoder not in ("zxing", "pyzbar"):
            problems.append("decoder must be zxing or pyzbar")
        if not (160 <= self.width <= 4096 and 120 <= self.height <= 4096):
            problems.append("width/height out of range")
        if not 1 <= self.fps <= 120:
            problems.append("fps must be 1-120")
        if problems:
            raise ValueError("invalid camera settings: " + "; ".join(problems))


class CameraHealth(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    NO_CAMERA = "no_camera"  # nothing to open (never plugged in, wrong index, missing file)
    LOST = "lost"  # was running, stopped delivering frames (unplugged, in use elsewhere)
    IN_USE = "in_use"  # the device is there but gives no pictures: another program holds it
    STOPPED = "stopped"


@dataclass(frozen=True)
class CameraStatus:
    health: CameraHealth
    source: str
    fps: float = 0.0


class FrameSource(Protocol):
    description: str

    def open(self) -> bool: ...

    def read(self) -> Frame | None:
        """The next frame, or None when the source has stopped delivering."""

    def close(self) -> None: ...


class DeviceSource:
    """A webcam by index or device path: frames as fast as the camera delivers them."""

    def __init__(self, device: int | str, settings: CameraSettings) -> None:
        self.device = device
        self.settings = settings
        self.description = f"camera {device}"
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> bool:
        capture = cv2.VideoCapture(self.device, BACKENDS[self.settings.backend])
        if not capture.isOpened():
            capture.release()
            return False
        # Ask for MJPEG: at 1280×720 most USB webcams give 30 fps only compressed.
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.settings.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.settings.height)
        capture.set(cv2.CAP_PROP_FPS, self.settings.fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        self._capture = capture
        return True

    def read(self) -> Frame | None:
        if self._capture is None:
            return None
        ok, frame = self._capture.read()
        return frame if ok else None

    def present(self) -> bool:
        """Whether the device itself is there (plugged in), whether or not it can be opened:
        present but unopenable is a camera another program holds. Unknown (an index off
        Linux): True."""
        if isinstance(self.device, str):
            return Path(self.device).exists()
        return not sys.platform.startswith("linux") or Path(f"/dev/video{self.device}").exists()

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFileSource:
    """A video file played at its own frame rate, looping: the virtual camera of demos/tests."""

    def __init__(self, path: Path, loop: bool = True) -> None:
        self.path = path
        self.loop = loop
        self.description = f"video {path.name}"
        self._capture: cv2.VideoCapture | None = None
        self._interval = 1 / 30
        self._next_at = 0.0

    def open(self) -> bool:
        if not self.path.is_file():
            return False
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            return False
        fps = capture.get(cv2.CAP_PROP_FPS)
        self._interval = 1 / fps if 1 <= fps <= 240 else 1 / 30
        self._capture = capture
        self._next_at = time.monotonic()
        return True

    def read(self) -> Frame | None:
        if self._capture is None:
            return None
        _pace(self._next_at)
        self._next_at = max(self._next_at + self._interval, time.monotonic() - self._interval)
        ok, frame = self._capture.read()
        if not ok and self.loop and self.path.is_file():
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        return frame if ok else None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFolderSource:
    """A folder of images shown one after the other at `fps`, looping."""

    def __init__(self, folder: Path, fps: int) -> None:
        self.folder = folder
        self.description = f"images in {folder.name}"
        self._interval = 1 / fps
        self._files: list[Path] = []
        self._index = 0
        self._next_at = 0.0

    def open(self) -> bool:
        if not self.folder.is_dir():
            return False
        self._files = sorted(p for p in self.folder.iterdir()
                             if p.suffix.lower() in IMAGE_SUFFIXES)
        self._index = 0
        self._next_at = time.monotonic()
        return bool(self._files)

    def read(self) -> Frame | None:
        while self._files:
            _pace(self._next_at)
            self._next_at += self._interval
            path = self._files[self._index % len(self._files)]
            self._index += 1
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is not None:
                return frame
            log.warning("skipping unreadable image %s", path.name)
        return None

    def close(self) -> None:
        self._files = []


def _pace(until: float) -> None:
    delay = until - time.monotonic()
    if delay > 0:
        time.sleep(delay)


def available_devices(limit: int = 6, probe: bool = True) -> list[str]:
    """Camera devices worth offering in the picker (Linux: /dev/video*; elsewhere probed).

    Opening a camera to probe it can take seconds on Windows: with `probe=False` (the
    settings dialog, on the GUI thread) the indices are offered unchecked and the dialog's
    live test tells which one works."""
    if sys.platform.startswith("linux"):
        return sorted(str(p) for p in Path("/dev").glob("video*"))[:limit]
    if not probe:
        return [str(index) for index in range(min(limit, 3))]
    found = []
    for index in range(limit):
        capture = cv2.VideoCapture(index)
        if capture.isOpened():
            found.append(str(index))
        capture.release()
    return found


def make_source(settings: CameraSettings, fallback_clip: Path | None = None) -> FrameSource | None:
    """The frame source the settings name; `auto` takes the first webcam, else the fallback
    clip (demo mode's virtual camera), else None."""
    source = settings.source.strip()
    if source == "auto":
        devices = available_devices(limit=1)
        if devices:
            return DeviceSource(_device(devices[0]), settings)
        return VideoFileSource(fallback_clip) if fallback_clip else None
    path = Path(source)
    if path.is_dir():
        return ImageFolderSource(path, settings.fps)
    if path.suffix.lower() in VIDEO_SUFFIXES:
        return VideoFileSource(path)
    return DeviceSource(_device(source), settings)


def _device(name: str) -> int | str:
    return int(name) if name.isdigit() else name


class CameraCapture(threading.Thread):
    """Reads frames on its own thread and hands each to `on_frame`; never blocks its callers.

    `on_frame` must be quick (the scan loop only keeps the newest frame). Health changes go to
    `on_status`. A source that stops delivering is closed and reopened with back-off, forever,
    until `stop()`.
    """

    RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 3.0)

    def __init__(self, source: FrameSource, on_frame: Callable[[Frame, float], None],
                 on_status: Callable[[CameraStatus], None]) -> None:
        super().__init__(name="camera", daemon=True)
        self.source = source
        self._on_frame = on_frame
        self._on_status = on_status
        self._stopping = threading.Event()
        self.health = CameraHealth.STARTING
        self.frames = 0

    def stop(self, timeout: float = 3.0) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        failures = 0
        was_running = False
        self._report(CameraHealth.STARTING)
        while not self._stopping.is_set():
            if not self._open():
                self._report(CameraHealth.IN_USE if self._held_elsewhere()
                             else CameraHealth.LOST if was_running else CameraHealth.NO_CAMERA)
                failures = self._back_off(failures)
                continue
            before = self.frames
            self._pump()
            self.source.close()
            if self._stopping.is_set():
                break
            log.warning("%s stopped delivering frames", self.source.description)
            if self.frames == before and self._held_elsewhere():
                # Opened but not one picture (V4L2 gives EBUSY only when streaming starts):
                # another program is using it. Back off as for a camera that cannot open.
                self._report(CameraHealth.IN_USE)
                failures = self._back_off(failures)
                continue
            failures = 0
            was_running = True
            self._report(CameraHealth.LOST)
        self._report(CameraHealth.STOPPED)

    def _open(self) -> bool:
        try:
            return self.source.open()
        except Exception:  # a driver error is the same news for staff as no camera
            log.exception("opening %s failed", self.source.description)
            return False

    def _back_off(self, failures: int) -> int:
        self._stopping.wait(self.RETRY_DELAYS[min(failures, len(self.RETRY_DELAYS) - 1)])
        return failures + 1

    def _held_elsewhere(self) -> bool:
        return isinstance(self.source, DeviceSource) and self.source.present()

    def _pump(self) -> None:
        window_start, window_frames = time.monotonic(), 0
        while not self._stopping.is_set():
            try:
                frame = self.source.read()
            except Exception:
                log.exception("reading %s failed", self.source.description)
                frame = None
            if frame is None:
                return
            now = time.monotonic()
            self.frames += 1
            window_frames += 1
            if self.health is not CameraHealth.RUNNING or now - window_start >= 2.0:
                self._report(CameraHealth.RUNNING, window_frames / max(now - window_start, 1e-3))
                window_start, window_frames = now, 0
            self._on_frame(frame, now)

    def _report(self, health: CameraHealth, fps: float = 0.0) -> None:
        changed = health is not self.health
        self.health = health
        if changed or health is CameraHealth.RUNNING:
            self._on_status(CameraStatus(health, self.source.description, round(fps, 1)))
