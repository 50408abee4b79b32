"""Decoder back-ends behind one interface: zxing-cpp (default) and pyzbar (selectable).

Both take a grey 8-bit image and return what they read with the corners of each code, under
one set of format names (zxing-cpp's: "QRCode", "EAN13", "Code128"…), so the pipeline, the
`decode` command and the window never care which library answered.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

Gray = np.ndarray[Any, np.dtype[np.uint8]]  # 2-D, uint8, C-contiguous

# What appears at a pickup counter: order QR codes on phones, order labels (Code 128) and
# product barcodes (EAN/UPC). Asking for fewer formats makes both libraries faster and removes
# whole families of false reads (e.g. Codabar or ITF "found" in a striped shirt). UPC-E is left
# out: on the benchmark frames it was the main false read (six digits found inside half an
# EAN-13), and the goods sold at Chinese pickup stations carry EAN-13. Pass it in `formats`
# for a counter that sells US imports.
COUNTER_FORMATS = ("QRCode", "Code128", "EAN13", "EAN8", "UPCA")
DECODER_NAMES = ("zxing", "pyzbar")


@dataclass(frozen=True)
class DecodedCode:
    text: str
    format: str
    corners: tuple[tuple[float, float], ...]  # clockwise from top-left, in image pixels


class Decoder(Protocol):
    name: str
    reads_inverted: bool  # finds light-on-dark codes by itself (else the pipeline inverts)

    def decode(self, gray: Gray) -> list[DecodedCode]:
        """Every code found in the image; an empty list when none (never raises on pixels)."""
        ...


class ZxingDecoder:
    """zxing-cpp: the default (DESIGN §4: faster and reads more than pyzbar, dark mode too)."""

    name = "zxing"

    def __init__(self, formats: tuple[str, ...] = COUNTER_FORMATS, *, try_invert: bool = True,
                 try_downscale: bool = True, try_rotate: bool = True) -> None:
        # Imported when chosen, so `--decoder pyzbar` works on a machine without zxing-cpp.
        import zxingcpp  # noqa: PLC0415

        self._zxing: Any = zxingcpp
        wanted = [getattr(zxingcpp.BarcodeFormat, name) for name in formats]
        try:
            self._formats = zxingcpp.BarcodeFormats(wanted)  # zxing-cpp 3 (`|` is deprecated)
        except TypeError:
            self._formats = functools.reduce(operator.or_, wanted)  # zxing-cpp 2
        # zxing-cpp 3 treats "QRCode" as a family that includes Micro QR and rMQR; a three-digit
        # Micro QR "found" in a blurred token is a false read, so results are filtered by name.
        self._wanted = frozenset(formats)
        self.reads_inverted = try_invert
        self._options = {"try_invert": try_invert, "try_downscale": try_downscale,
                         "try_rotate": try_rotate}

    def decode(self, gray: Gray) -> list[DecodedCode]:
        if gray.ndim != 2 or min(gray.shape) < 8:
            return []  # zxing-cpp rejects tiny views with an exception; there is nothing to read
        found = self._zxing.read_barcodes(np.ascontiguousarray(gray), formats=self._formats,
                                          **self._options)
        codes = []
        for barcode in found:
            fmt = _zxing_format_name(barcode.format)
            if not barcode.valid or not barcode.text or fmt not in self._wanted:
                continue
            p = barcode.position
            corners = tuple((float(point.x), float(point.y)) for point in
                            (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            codes.append(DecodedCode(barcode.text, fmt, corners))
        return codes


def _zxing_format_name(fmt: Any) -> str:
    name = getattr(fmt, "name", None) or str(fmt)
    return str(name).replace(" ", "").replace("BarcodeFormat.", "")


# pyzbar names its symbologies differently; these map them onto zxing-cpp's names.
_PYZBAR_FORMATS = {"QRCODE": "QRCode", "CODE128": "Code128", "EAN13": "EAN13", "EAN8": "EAN8",
                   "UPCA": "UPCA", "UPCE": "UPCE"}


class PyzbarDecoder:
    """pyzbar (libzbar0): kept selectable for counters where it behaves better on a camera."""

    name = "pyzbar"
    reads_inverted = False  # zbar only reads dark modules on a light ground

    def __init__(self, formats: tuple[str, ...] = COUNTER_FORMATS) -> None:
        # Needs the system's libzbar, so it is only loaded when chosen.
        from pyzbar import pyzbar  # noqa: PLC0415

        self._pyzbar: Any = pyzbar
        zbar_names = {v: k for k, v in _PYZBAR_FORMATS.items()}
        self._symbols = [getattr(pyzbar.ZBarSymbol, zbar_names[f]) for f in formats
                         if f in zbar_names]

    def decode(self, gray: Gray) -> list[DecodedCode]:
        if gray.ndim != 2 or min(gray.shape) < 8:
            return []
        image = np.ascontiguousarray(gray)
        found = self._pyzbar.decode((image.tobytes(), image.shape[1], image.shape[0]),
                                    symbols=self._symbols)
        codes = []
        for symbol in found:
            try:
                text = symbol.data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # our codes are ASCII; anything else is a misread or not ours
            if not text:
                continue
            fmt = _PYZBAR_FORMATS.get(symbol.type, symbol.type)
            codes.append(DecodedCode(text, fmt, _pyzbar_corners(symbol)))
        return codes


def _pyzbar_corners(symbol: Any) -> tuple[tuple[float, float], ...]:
    points = [(float(p.x), float(p.y)) for p in symbol.polygon]
    if len(points) >= 4:
        return tuple(points[:4]) if len(points) == 4 else _bounding(points)
    rect = symbol.rect
    return ((float(rect.left), float(rect.top)),
            (float(rect.left + rect.width), float(rect.top)),
            (float(rect.left + rect.width), float(rect.top + rect.height)),
            (float(rect.left), float(rect.top + rect.height)))


def _bounding(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))


def make_decoder(name: str = "zxing") -> Decoder:
    """The back-end called `name` ("zxing" or "pyzbar"); raises ValueError for anything else
    and ImportError when its library is missing."""
    if name == "zxing":
        return ZxingDecoder()
    if name == "pyzbar":
        return PyzbarDecoder()
    raise ValueError(f"unknown decoder {name!r}; choose one of {', '.join(DECODER_NAMES)}")
