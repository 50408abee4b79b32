"""How the station's receipt printer is reached (`PrinterLink`) and what it can do.

Cut, QR and paper width live here rather than in a python-escpos profile because the profile
is wrong for most Chinese printers: `cut()` silently only feeds when the profile says there is
no cutter, and `qr(native=True)` ignores the profile anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from station_app.devices.printer_link import PrinterLink

Encoding = Literal["gb18030", "gbk"]

# Printable width of the common thermal heads at 203 dpi, and the 12-dot font A columns
# that fit into it.
_PAPER = {58: (32, 384), 80: (48, 576)}


def paper_columns(paper_width_mm: int) -> int:
    return _PAPER[paper_width_mm][0]


def paper_dots(paper_width_mm: int) -> int:
    return _PAPER[paper_width_mm][1]


@dataclass(frozen=True)
class PrinterSettings(PrinterLink):
    """The receipt printer: where it is (`PrinterLink`) and what it can do."""

    paper_width_mm: int = 80
    encoding: Encoding = "gb18030"
    kanji_mode: bool = False  # FS & around Chinese text, for models that power up in ASCII
    cut: bool = True
    qr_native: bool = True  # False: send the QR as a raster image (printers without GS ( k)
    drawer_kick: bool = False

    @property
    def columns(self) -> int:
        return paper_columns(self.paper_width_mm)

    @property
    def width_dots(self) -> int:
        return paper_dots(self.paper_width_mm)

    def _problems(self) -> list[str]:
        problems = super()._problems()
        if self.encoding not in get_args(Encoding):
            problems.append(f"encoding must be gb18030 or gbk, not {self.encoding!r}")
        if self.paper_width_mm not in _PAPER:
            problems.append(f"paper_width_mm must be 58 or 80, not {self.paper_width_mm!r}")
        return problems
