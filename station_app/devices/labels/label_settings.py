"""The `[label_printer]` settings table: which language the label printer speaks, where it is,
and the stock in it. `language = "none"` (the default) means there is no label printer: bag
and shelf labels print on the receipt printer as slips, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

from station_app.devices.labels.label import STOCKS, LabelStock, Media, StockName
from station_app.devices.printer_link import PrinterLink, out_of_range

LabelLanguage = Literal["none", "tspl", "zpl"]
# Zebra's downloadable Simplified Chinese font (Andale Mono SC); empty: Chinese text goes as
# a ^GF picture, for printers without it.
ZPL_CHINESE_FONT = "E:ANMDS.TTF"


@dataclass(frozen=True)
class LabelPrinterSettings(PrinterLink):
    """The label printer: where it is (`PrinterLink`), its language and its stock."""

    WHAT: ClassVar[str] = "label printer"

    language: LabelLanguage = "none"
    stock: StockName = "50x30"
    gap_mm: float = 2.0
    media: Media = "gap"
    darkness: int = 8  # 0-15
    speed: int = 4  # inches a second, 1-6
    direction: int = 1  # 0 or 1: which way the label leaves the printer
    zpl_font: str = ZPL_CHINESE_FONT

    @property
    def active(self) -> bool:
        """A label printer is configured: labels go to it instead of the receipt printer."""
        return self.language != "none"

    @property
    def label_stock(self) -> LabelStock:
        return LabelStock(self.stock, self.gap_mm, self.media)

    def _problems(self) -> list[str]:
        problems = super()._problems()
        choices: tuple[tuple[str, object, tuple[object, ...]], ...] = (
            ("language", self.language, get_args(LabelLanguage)),
            ("stock", self.stock, tuple(STOCKS)),
            ("media", self.media, get_args(Media)),
            ("direction", self.direction, (0, 1)),
        )
        for name, value, allowed in choices:
            if value not in allowed:
                problems.append(f"{name} must be one of {', '.join(map(str, allowed))}, "
                                f"not {value!r}")
        problems += out_of_range((("darkness", self.darkness, 0, 15),
                                  ("speed", self.speed, 1, 6), ("gap_mm", self.gap_mm, 0, 10)))
        if any(ch in self.zpl_font for ch in "^~,\r\n"):
            problems.append(f"zpl_font must be a font name such as {ZPL_CHINESE_FONT}")
        return problems
