"""The counter scale's own thread: reads the serial port, hands stable weights to the GUI.

The GUI thread never touches the port: it asks for a tare or a fresh weighing by flag, and
hears back by signal (house style: one worker per device). A scale that is unplugged, switched
off or sending garbage only changes `status`; the worker keeps trying to reopen the port, so
the sales desk keeps selling whatever the scale does.
"""

from __future__ import annotations

import logging
import threading
import time

import serial
from PySide6.QtCore import QThread, Signal

from station_app.devices.scale import ScaleLink, ScaleSettingsView, StableWeight

log = logging.getLogger("station.ui.scale")
REOPEN_S = 1.0  # after a failure, wait this long before the port is tried again


class ScaleWorker(QThread):
    weighed = Signal(int)  # a stable weight in grams, once per load on the pan
    reading = Signal(int, bool)  # every reading: grams, stable (for a live weight on screen)
    status = Signal(str)  # "ok" | "offline"

    def __init__(self, settings: ScaleSettingsView) -> None:
        super().__init__()
        self.settings = settings
        self.detector = StableWeight()
        self._stop = threading.Event()
        self._tare = threading.Event()
        self._fresh = threading.Event()
        self.online = False

    def tare(self) -> None:
        self._tare.set()

    def fresh(self) -> None:
        """A new weighing: the load resting on the pan may be given again."""
        self._fresh.set()

    def stop(self) -> None:
        self._stop.set()
        self.wait(3000)

    def run(self) -> None:
        link: ScaleLink | None = None
        while not self._stop.is_set():
            try:
                if link is None:
                    link = ScaleLink(self.settings)
                self._work(link)
            except (serial.SerialException, OSError) as error:
                log.info("scale offline: %s", type(error).__name__)
                self._went(False)
                if link is not None:
                    link.close()
                link = None
                self._stop.wait(REOPEN_S)
        if link is not None:
            link.close()

    def _work(self, link: ScaleLink) -> None:
        if self._tare.is_set():
            self._tare.clear()
            link.tare()
        if self._fresh.is_set():
            self._fresh.clear()
            self.detector.reset()
        readings = link.read()
        if readings:
            self._went(True)
        for found in readings:
            self.reading.emit(found.weight_g, found.stable)
            if (grams := self.detector.feed(found)) is not None:
                self.weighed.emit(grams)
        if not readings:
            time.sleep(0.005)

    def _went(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.status.emit("ok" if online else "offline")
