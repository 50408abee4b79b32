"""The decoding worker: always the newest camera frame, never a queue of old ones.

A 2-core counter PC cannot decode every 1280×720 frame of a 30 fps webcam while also painting
the window; a queue would make the counter react to where the phone *was*. So the camera
thread only replaces one slot, and this thread decodes whatever is there when it is free.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from station_app.devices.camera import Frame
from station_app.devices.decoding.pipeline import FrameResult

log = logging.getLogger("station.scan")


class FramePipeline(Protocol):
    def process(self, frame: Frame, at: float) -> FrameResult: ...


# With no code in view the pipeline tries its harder passes on every frame; letting it do so
# back to back would keep a whole core of a 2-core counter PC busy all day. While nothing is
# found the loop rests as long as it worked (half a core at most); a code in view runs flat out.
IDLE_DUTY = 0.5


class ScanLoop(threading.Thread):
    def __init__(self, pipeline: FramePipeline,
                 on_result: Callable[[Frame, FrameResult, float], None],
                 idle_duty: float = IDLE_DUTY) -> None:
        super().__init__(name="decoder", daemon=True)
        self._pipeline = pipeline
        self._on_result = on_result
        self._idle_duty = idle_duty
        self._lock = threading.Lock()
        self._latest: tuple[Frame, float] | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self.offered = 0
        self.decoded = 0
        self.decode_seconds = 0.0

    def offer(self, frame: Frame, at: float) -> None:
        """Called by the camera thread for every frame; replaces any frame not yet decoded."""
        with self._lock:
            self._latest = (frame, at)
            self.offered += 1
        self._ready.set()

    @property
    def dropped(self) -> int:
        return self.offered - self.decoded

    def stop(self, timeout: float = 3.0) -> None:
        self._stopping.set()
        self._ready.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        while not self._stopping.is_set():
            self._ready.wait(0.5)
            with self._lock:
                taken, self._latest = self._latest, None
                self._ready.clear()
            if taken is None:
                continue
            frame, at = taken
            began = time.perf_counter()
            try:
                result = self._pipeline.process(frame, at)
            except Exception:  # one bad frame must not end scanning for the day
                log.exception("decoding a frame failed")
                continue
            finally:
                self.decoded += 1
                worked = time.perf_counter() - began
                self.decode_seconds += worked
            self._on_result(frame, result, at)
            if not result.codes and self._idle_duty < 1:
                self._stopping.wait(worked * (1 / self._idle_duty - 1))
