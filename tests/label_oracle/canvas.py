"""The label both interpreters draw on: 203 dpi dots, black on white, with a record of every
field placed (text, codes, pictures) so a test can ask what is where."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import qrcode
from barcode.codex import Code128
from PIL import Image, ImageDraw, ImageFont

DOTS_PER_MM = 8
INCH_DOTS = 203
# The CJK font the app's previews use (WenQuanYi first); the printer's own glyphs differ in
# shape, not in the cell each character takes.
_FONTS = (("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
          ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
          ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0))


class LabelSyntaxError(ValueError):
    """Bytes the printer would not understand."""


@dataclass(frozen=True)
class Placed:
    kind: str  # text | qr | code128 | bitmap | box
    box: tuple[int, int, int, int]  # left, top, right, bottom in dots
    data: str = ""  # the text or the code's content as the printer got it


def same_place(placed: Placed, box: tuple[int, int, int, int]) -> bool:
    """Whether `placed` is at `box`: exactly, or for a picture padded out to whole bytes (a
    TSPL BITMAP and a ZPL ^GF are a whole number of bytes wide, the padding white)."""
    if placed.kind != "bitmap":
        return placed.box == box
    left, top, right, bottom = placed.box
    return (left, top, bottom) == (box[0], box[1], box[3]) and box[2] <= right < box[2] + 8


@dataclass
class Label:
    width: int
    height: int
    image: Image.Image = field(init=False)
    placed: list[Placed] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # gap, density, direction…
    copies: int = 1

    def __post_init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.image = Image.new("L", (self.width, self.height), 255)
        self.placed = []

    def outside(self) -> list[Placed]:
        """Fields that reach past the label's edge (the printer would cut them off)."""
        return [p for p in self.placed if p.box[0] < 0 or p.box[1] < 0
                or p.box[2] > self.width or p.box[3] > self.height]

    def texts(self) -> list[Placed]:
        return [p for p in self.placed if p.kind == "text"]

    def paste(self, picture: Image.Image, x: int, y: int, kind: str, data: str = "") -> None:
        """Black where `picture` (mode L or 1, black on white) is black."""
        mask = picture.convert("L").point(lambda v: 255 if v < 128 else 0)
        self.image.paste(0, (x, y), mask)
        self.placed.append(Placed(kind, (x, y, x + picture.width, y + picture.height), data))

    def draw_text(self, x: int, y: int, text: str, cell: tuple[int, int],
                  ascii_cell: tuple[int, int]) -> None:
        """One line in fixed cells: `ascii_cell` for printable ASCII, `cell` for the rest."""
        left = x
        for char in text:
            width, height = ascii_cell if " " <= char <= "~" else cell
            if not char.isspace():
                self.image.paste(0, (left, y), _glyph(char, width, height))
            left += width
        height = max(cell[1], ascii_cell[1])
        self.placed.append(Placed("text", (x, y, left, y + height), text))

    def draw_qr(self, x: int, y: int, data: bytes, module: int, level: str) -> None:
        levels = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
                  "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
        code = qrcode.QRCode(error_correction=levels[level], box_size=module, border=0)
        code.add_data(data)
        code.make(fit=True)
        picture = code.make_image().get_image().convert("L")
        self.paste(picture, x, y, "qr", data.decode("utf-8"))

    def draw_code128(self, x: int, y: int, data: str, height: int, narrow: int) -> None:
        pattern = Code128(data).build()[0]
        picture = Image.new("L", (len(pattern) * narrow, height), 255)
        draw = ImageDraw.Draw(picture)
        for index, bar in enumerate(pattern):
            if bar == "1":
                draw.rectangle((index * narrow, 0, (index + 1) * narrow - 1, height - 1), fill=0)
        self.paste(picture, x, y, "code128", data)

    def draw_box(self, x: int, y: int, right: int, bottom: int, thickness: int) -> None:
        ImageDraw.Draw(self.image).rectangle((x, y, right - 1, bottom - 1), outline=0,
                                             width=thickness)
        self.placed.append(Placed("box", (x, y, right, bottom)))


@lru_cache(maxsize=2048)
def _glyph(char: str, width: int, height: int) -> Image.Image:
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).text((width // 2, round(height * 0.82)), char, fill=255,
                              font=_font(height - height // 12), anchor="ms")
    return mask


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path, index in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size, index=index)
    return ImageFont.load_default(size)
