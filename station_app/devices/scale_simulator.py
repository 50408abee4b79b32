"""A counter scale on a pseudo-terminal, for the demo and the tests (POSIX only).

It speaks either protocol of station_app.devices.scale over the pty's master side; the counter
opens the slave side through pyserial exactly as it opens a real COM port. `port` is a
symbolic link that stays the same across `unplug()` / `plug_in()`, as a USB-serial adapter
comes back under its old name. What staff do at a real scale is a call here: `put()` goods on
the pan (the weight wobbles for `settle_s` before it rests), `take_off()`, `tare()`; what goes
wrong with real ones too: `noise()` (garbage bytes on the line), `unplug()`, `silence()`.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
import threading
import time
import tty
from pathlib import Path

from station_app.devices.scale import ScaleProtocol

FRAME_INTERVAL_S = 0.02  # a continuous scale sends ~10–50 frames a second


class ScaleSimulator:
    def __init__(self, protocol: ScaleProtocol | str = ScaleProtocol.CONTINUOUS,
                 seed: int = 7) -> None:
        self.protocol = ScaleProtocol(protocol)
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._load_g = 0
        self._tare_g = 0
        self._settled_at = 0.0
        self._silent = False
        self._stop = threading.Event()
        self._folder = Path(tempfile.mkdtemp(prefix="scale-sim-"))
        self.port = str(self._folder / "scale")
        self._master = -1
        self._slave = -1
        self._thread: threading.Thread | None = None
        self.received = bytearray()  # what the counter sent: polls and tares

    # --- the life of the device ----------------------------------------------------------

    def start(self) -> ScaleSimulator:
        self.plug_in()
        return self

    def plug_in(self) -> None:
        self._master, self._slave = os.openpty()
        os.set_blocking(self._master, False)
        tty.setraw(self._slave)  # no echo: the scale must not hear its own frames as commands
        link = Path(self.port)
        link.unlink(missing_ok=True)
        link.symlink_to(os.ttyname(self._slave))
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="scale-simulator", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        """The cable is pulled: the port disappears under the counter."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1
        Path(self.port).unlink(missing_ok=True)

    def close(self) -> None:
        self.unplug()
        with contextlib.suppress(OSError):
            self._folder.rmdir()

    def __enter__(self) -> ScaleSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what happens at the pan ---------------------------------------------------------

    def put(self, weight_g: int, settle_s: float = 0.15) -> None:
        """Goods on the pan: the reading wobbles (unstable) for `settle_s`, then rests."""
        with self._lock:
            self._load_g = weight_g
            self._settled_at = time.monotonic() + settle_s

    def take_off(self) -> None:
        self.put(0, settle_s=0.05)

    def tare(self) -> None:
        with self._lock:
            self._tare_g = self._load_g

    def silence(self, silent: bool = True) -> None:
        """The scale stops talking (switched off, wrong baud) without the port going away."""
        self._silent = silent

    def noise(self, count: int = 40) -> None:
        """Garbage on the line: random bytes, some of them line ends."""
        self._write(bytes(self._random.randrange(256) for _ in range(count)))

    def reading_now(self) -> tuple[int, bool]:
        """(net grams as the scale shows it now, stable)."""
        with self._lock:
            net = self._load_g - self._tare_g
            if time.monotonic() < self._settled_at:
                return net + self._random.randint(-40, 40), False
            return net, True

    # --- the wire ------------------------------------------------------------------------

    def frame(self) -> bytes:
        grams, stable = self.reading_now()
        sign = "-" if grams < 0 else "+"
        if self.protocol is ScaleProtocol.CONTINUOUS:
            state = "ST" if stable else "US"
            return f"{state},NT,{sign}{abs(grams) / 1000:8.3f}kg\r\n".encode("ascii")
        state = "S" if stable else "D"
        return f"S {state} {grams / 1000:10.3f} kg\r\n".encode("ascii")

    def _run(self) -> None:
        pending = bytearray()
        while not self._stop.is_set():
            asked = self._read()
            if self._silent:
                time.sleep(FRAME_INTERVAL_S)
                continue
            pending.extend(asked)
            while b"\n" in pending:
                line, _, rest = bytes(pending).partition(b"\n")
                pending = bytearray(rest)
                self._answer(line.strip())
            if self.protocol is ScaleProtocol.CONTINUOUS:
                self._write(self.frame())
                time.sleep(FRAME_INTERVAL_S)
            else:
                time.sleep(0.002)

    def _answer(self, command: bytes) -> None:
        if self.protocol is ScaleProtocol.CONTINUOUS:
            if command == b"T":  # the one command a continuous scale takes
                self.tare()
            return
        if command in (b"SI", b"S"):
            self._write(self.frame())
        elif command == b"T":
            self.tare()
            self._write(b"T S      0.000 kg\r\n")
        elif command:
            self._write(b"ES\r\n")  # SICS: syntax error

    def _read(self) -> bytes:
        try:
            data = os.read(self._master, 256)
        except (BlockingIOError, OSError):
            return b""
        self.received.extend(data)
        return data

    def _write(self, data: bytes) -> None:
        if self._master < 0:
            return
        with contextlib.suppress(OSError):  # nobody reads: a real scale talks into the void
            os.write(self._master, data)
