"""The pole display's own thread: what the sales desk shows goes out without waiting on a
serial port. Only the newest screen matters, so a slow or missing display drops old ones;
a failing port is reopened at the next screen."""

from __future__ import annotations

import logging
import threading

import serial

from station_app.devices.pole_display import (
    Charset,
    PoleView,
    SerialPoleDisplay,
    VirtualPoleDisplay,
    display_bytes,
    pole_lines,
)

log = logging.getLogger("station.ui.pole_display")


class PoleDisplayLink:
    def __init__(self, port: str, baudrate: int, charset: Charset) -> None:
        self.port, self.baudrate, self.charset = port, baudrate, charset
        # `virtual`: the demo's and the tests' display, which keeps its two lines.
        self.virtual = VirtualPoleDisplay(charset) if port == "virtual" else None
        self._device: SerialPoleDisplay | VirtualPoleDisplay | None = self.virtual
        self._latest: bytes | None = None
        self._shown: PoleView | None = None
        self._wake = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="pole-display", daemon=True)
        self._thread.start()

    def show(self, view: PoleView) -> None:
        if view == self._shown:
            return
        self._shown = view
        chinese = self.charset != "ascii"
        data = display_bytes(pole_lines(view, chinese), self.charset)
        with self._wake:
            self._latest = data
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._stop = True
            self._wake.notify()
        self._thread.join(timeout=2)
        if self._device is not None:
            self._device.close()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._latest is None and not self._stop:
                    self._wake.wait()
                if self._stop:
                    return
                data, self._latest = self._latest, None
            if data is not None:
                self._write(data)

    def _write(self, data: bytes) -> None:
        try:
            if self._device is None:
                self._device = SerialPoleDisplay(self.port, self.baudrate)
            self._device.write(data)
        except (serial.SerialException, OSError) as error:
            log.info("pole display offline: %s", type(error).__name__)
            self._device = None
