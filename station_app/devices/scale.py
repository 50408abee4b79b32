"""Counter scales over a serial line (pyserial): what they send, and when a weight is stable.

Two protocols cover the counter scales stations own:
- `continuous`: the scale sends a frame several times a second without being asked, the
  general format most Chinese counter scales (顶尖 Aclas OS, 大华 Dahua ACS) offer as
  "continuous output": `ST,GS,+  1.234kg` CR LF, where ST is stable, US unstable, OL overload,
  GS gross and NT net weight. A tare is the scale's key (or the `T` command some accept).
- `sics`: request and response, the Mettler Toledo Standard Interface Command Set level 0:
  the counter sends `SI` (the weight now) and reads `S S     1.234 kg` (stable), `S D …`
  (dynamic: still moving), `S +` / `S -` (over or under range), `S I` (busy); `T` tares and
  answers `T S …`.

The parsers are thread-free: `feed(bytes)` returns the readings the bytes complete, so the
tests feed them directly and the worker (ui/scale_worker.py) feeds what the port gives.
Garbage (line noise, a scale switched on mid-frame, a wrong baud rate) is dropped frame by
frame and never raises. `StableWeight` decides when a weight is one to sell: the scale says
stable, and the counter has seen the same weight for a moment too.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Protocol

import serial

MAX_FRAME = 64  # longer than any frame of either protocol: noise, dropped
MIN_WEIGHT_G = 2  # below this the pan is empty (drift, a crumb)


class ScaleProtocol(StrEnum):
    CONTINUOUS = "continuous"
    SICS = "sics"


@dataclass(frozen=True)
class Reading:
    weight_g: int  # net of any tare; negative when the pan is lighter than the tare
    stable: bool
    overload: bool = False  # over (or under) the scale's range: not a weight at all


class Parser(Protocol):
    def feed(self, data: bytes) -> list[Reading]: ...
    def poll(self) -> bytes: ...  # what to send to be told the weight (b"": nothing)
    def tare(self) -> bytes: ...


def _grams(number: str, unit: str) -> int | None:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    grams = value * 1000 if unit.lower() == "kg" else value
    return int(grams.to_integral_value())


class _Lines:
    """Bytes → complete lines (CR, LF or both), dropping anything too long to be a frame."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def lines(self, data: bytes) -> list[str]:
        self._buffer.extend(data)
        found: list[str] = []
        while True:
            cut = min((i for i in (self._buffer.find(b"\r"), self._buffer.find(b"\n"))
                       if i >= 0), default=-1)
            if cut < 0:
                break
            line = bytes(self._buffer[:cut])
            del self._buffer[:cut + 1]
            if line and len(line) <= MAX_FRAME:
                found.append(line.decode("ascii", errors="replace"))
        if len(self._buffer) > MAX_FRAME:  # no line end in sight: noise
            self._buffer.clear()
        return found


_CONTINUOUS = re.compile(r"(ST|US|OL),(GS|NT|TR),([+-])\s*(\d+(?:\.\d+)?)\s*(kg|g)",
                         re.IGNORECASE)


class ContinuousParser:
    """`ST,GS,+  1.234kg` frames sent unasked (module docstring)."""

    def __init__(self) -> None:
        self._lines = _Lines()

    def feed(self, data: bytes) -> list[Reading]:
        readings = []
        for line in self._lines.lines(data):
            match = _CONTINUOUS.search(line)
            if not match:
                continue
            state = match[1].upper()
            if state == "OL":
                readings.append(Reading(0, False, overload=True))
                continue
            grams = _grams(match[4], match[5])
            if grams is not None:
                readings.append(Reading(-grams if match[3] == "-" else grams, state == "ST"))
        return readings

    def poll(self) -> bytes:
        return b""

    def tare(self) -> bytes:
        return b"T\r\n"


_SICS = re.compile(r"(S|SI|T)\s+([SD])\s+(-?\s*\d+(?:\.\d+)?)\s*(kg|g)", re.IGNORECASE)
_SICS_RANGE = re.compile(r"(S|SI)\s+([+-])\s*$")


class SicsParser:
    """Mettler Toledo SICS level 0: `SI` asked, `S S 1.234 kg` answered (module docstring)."""

    def __init__(self) -> None:
        self._lines = _Lines()

    def feed(self, data: bytes) -> list[Reading]:
        readings = []
        for line in self._lines.lines(data):
            text = line.strip()
            if _SICS_RANGE.fullmatch(text):
                readings.append(Reading(0, False, overload=True))
                continue
            match = _SICS.fullmatch(text)
            if match:
                grams = _grams(match[3].replace(" ", ""), match[4])
                if grams is not None:
                    readings.append(Reading(grams, match[2].upper() == "S"))
        return readings

    def poll(self) -> bytes:
        return b"SI\r\n"

    def tare(self) -> bytes:
        return b"T\r\n"


def parser_for(protocol: ScaleProtocol | str) -> Parser:
    return SicsParser() if ScaleProtocol(protocol) is ScaleProtocol.SICS else ContinuousParser()


class StableWeight:
    """Turns readings into weights to sell: one per placement of goods on the pan.

    A weight counts when the scale calls it stable and the last `hold` readings agree within
    `tolerance_g` (a scale's own stable flag comes early on some models). It is given once;
    the next comes after the pan was emptied or the weight moved by more than the tolerance
    (more apples put on), so a resting load is never sold twice.
    """

    def __init__(self, hold: int = 3, tolerance_g: int = 2) -> None:
        self.hold = hold
        self.tolerance_g = tolerance_g
        self._recent: deque[int] = deque(maxlen=hold)
        self._given: int | None = None

    def feed(self, reading: Reading) -> int | None:
        """The stable weight this reading completes, or None."""
        if reading.overload:
            self._recent.clear()
            return None
        if reading.weight_g < MIN_WEIGHT_G:
            self._recent.clear()
            self._given = None  # the pan is empty: the next load is a new one
            return None
        self._recent.append(reading.weight_g)
        if not reading.stable or len(self._recent) < self.hold:
            return None
        if max(self._recent) - min(self._recent) > self.tolerance_g:
            return None
        if self._given is not None and abs(reading.weight_g - self._given) <= self.tolerance_g:
            return None
        self._given = reading.weight_g
        return reading.weight_g

    def reset(self) -> None:
        """Forget the weight given: the same load may be taken again (a new weighing asked)."""
        self._given = None
        self._recent.clear()


@dataclass(frozen=True)
class ScaleSettingsView:
    """What the serial side needs (station_app.config.ScaleSettings hands these over)."""

    port: str
    baudrate: int = 9600
    protocol: ScaleProtocol = ScaleProtocol.CONTINUOUS
    poll_interval_s: float = 0.1


class ScaleLink:
    """One open serial port to a scale, read without a thread of its own: the worker calls
    `read()` in its loop. Raises serial.SerialException when the port fails (unplugged)."""

    def __init__(self, settings: ScaleSettingsView) -> None:
        self.parser = parser_for(settings.protocol)
        self._serial = serial.serial_for_url(settings.port, baudrate=settings.baudrate,
                                             timeout=settings.poll_interval_s,
                                             write_timeout=1.0)

    def read(self) -> list[Reading]:
        """Ask (request/response protocols) and read what came within the poll interval."""
        if query := self.parser.poll():
            # An answer that came after the last read gave up is old news: dropped, or every
            # later answer would lag one poll behind the pan (and a late one sell the last load).
            self._serial.reset_input_buffer()
            self._serial.write(query)
            return self.parser.feed(self._serial.read_until(b"\n", MAX_FRAME * 2))
        data = self._serial.read(1)  # waits up to the poll interval for the scale to speak
        if data and (more := self._serial.in_waiting):
            data += self._serial.read(more)
        return self.parser.feed(data)

    def tare(self) -> None:
        self._serial.write(self.parser.tare())

    def close(self) -> None:
        self._serial.close()
