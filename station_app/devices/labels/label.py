"""The label document: a stock (size, gap or black mark) and what is drawn on it, in dots.

Every label printer the stations buy (Gprinter, Xprinter, HPRT, TSC, Zebra GK/ZD) has a
203 dpi head: 8 dots a millimetre. Elements carry their own size in dots, so one
function (`extent`) says where each ends and `fits` can tell a label that would run off its
stock before a printer is asked to print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

import qrcode

DOTS_PER_MM = 8  # 203 dpi
# TSPL's TSS24.BF2 and the preview's grid: 12×24 dots a half-width cell, 24×24 a hanzi.
CELL_WIDTH = 12
CELL_HEIGHT = 24
# What a label printer cannot reach: the head ends ~1 mm short of each edge of the stock.
MARGIN_DOTS = 8

StockName = Literal["40x30", "50x30", "60x40"]
Media = Literal["gap", "black_mark", "continuous"]
Direction = Literal[0, 1]
STOCKS: dict[str, tuple[int, int]] = {"40x30": (40, 30), "50x30": (50, 30), "60x40": (60, 40)}


@dataclass(frozen=True)
class LabelStock:
    """The roll in the printer: label size, and what separates two labels."""

    name: StockName = "50x30"
    gap_mm: float = 2.0  # the gap (or the black mark's height) between two labels
    media: Media = "gap"

    def __post_init__(self) -> None:
        if self.name not in STOCKS:
            raise ValueError(f"label stock must be one of {', '.join(STOCKS)}, not {self.name!r}")
        if self.media not in get_args(Media):
            raise ValueError(f"media must be gap, black_mark or continuous, not {self.media!r}")
        if not 0 <= self.gap_mm <= 10:
            raise ValueError(f"gap_mm must be 0-10, not {self.gap_mm!r}")

    @property
    def width_mm(self) -> int:
        return STOCKS[self.name][0]

    @property
    def height_mm(self) -> int:
        return STOCKS[self.name][1]

    @property
    def width_dots(self) -> int:
        return self.width_mm * DOTS_PER_MM

    @property
    def height_dots(self) -> int:
        return self.height_mm * DOTS_PER_MM


@dataclass(frozen=True)
class LabelText:
    """One line of text at (x, y), its top left corner; `scale` 1 is 24 dots high."""

    x: int
    y: int
    text: str
    scale: int = 1

    @property
    def size(self) -> tuple[int, int]:
        return text_width(self.text) * self.scale, CELL_HEIGHT * self.scale


@dataclass(frozen=True)
class LabelQr:
    """A QR code (model 2, error correction M) whose modules are `module` dots square."""

    x: int
    y: int
    data: str
    module: int = 4

    @property
    def size(self) -> tuple[int, int]:
        side = qr_modules(self.data) * self.module
        return side, side


@dataclass(frozen=True)
class LabelBarcode:
    """A Code 128 barcode, `narrow` dots a module, `height` dots tall, no human-readable line
    (the layout prints the text itself, in a size it chose)."""

    x: int
    y: int
    data: str
    height: int = 48
    narrow: int = 2

    @property
    def size(self) -> tuple[int, int]:
        return code128_modules(self.data) * self.narrow, self.height


@dataclass(frozen=True)
class LabelBox:
    """A rectangle's outline, `thickness` dots: what frames the slot on a label."""

    x: int
    y: int
    width: int
    height: int
    thickness: int = 2

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


LabelElement = LabelText | LabelQr | LabelBarcode | LabelBox


@dataclass(frozen=True)
class LabelDocument:
    """One label: its stock, its elements and how the printer treats it."""

    stock: LabelStock
    elements: tuple[LabelElement, ...]
    darkness: int = 8  # TSPL DENSITY 0-15; ZPL ~SD is twice that
    speed: int = 4  # inches a second
    direction: Direction = 1  # 1: the label comes out top first, as it reads
    copies: int = 1
    name: str = "label"  # the printer's name for the job

    def __post_init__(self) -> None:
        if not 0 <= self.darkness <= 15:
            raise ValueError(f"darkness must be 0-15, not {self.darkness!r}")
        if not 1 <= self.speed <= 6:
            raise ValueError(f"speed must be 1-6, not {self.speed!r}")
        if self.direction not in (0, 1):
            raise ValueError(f"direction must be 0 or 1, not {self.direction!r}")
        if not 1 <= self.copies <= 99:
            raise ValueError(f"copies must be 1-99, not {self.copies!r}")


def extent(element: LabelElement) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of what `element` prints, in dots."""
    width, height = element.size
    return element.x, element.y, element.x + width, element.y + height


def overflow(document: LabelDocument) -> list[LabelElement]:
    """The elements that would print outside the stock's printable area."""
    stock = document.stock
    return [element for element in document.elements
            if (bounds := extent(element))[0] < MARGIN_DOTS or bounds[1] < MARGIN_DOTS
            or bounds[2] > stock.width_dots - MARGIN_DOTS
            or bounds[3] > stock.height_dots - MARGIN_DOTS]


def fits(document: LabelDocument) -> bool:
    return not overflow(document)


def char_cells(char: str) -> int:
    """Cells one character takes in TSS24.BF2: ASCII half, everything else a full hanzi cell
    (the same rule as the receipt printer's, chinese_text / receipt_layout)."""
    return 1 if " " <= char <= "~" else 2


def text_width(text: str) -> int:
    return sum(char_cells(char) for char in text) * CELL_WIDTH


@lru_cache(maxsize=1024)
def qr_modules(data: str) -> int:
    """Modules across the QR code of `data` (model 2, level M), quiet zone not included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    modules: int = code.modules_count
    return modules


def code128_modules(data: str) -> int:
    """Modules across the Code 128 of `data` at its widest, quiet zones not included: all in
    code set B (start, 11 a character, check, 13 the stop). A printer's automatic mode packs
    digit runs into set C and comes out narrower, never wider, so a layout that leaves this
    much room fits whatever the printer chooses."""
    return 11 * (len(data) + 2) + 13
