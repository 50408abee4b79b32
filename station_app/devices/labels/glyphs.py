"""Text drawn as dots: what the printer's own font cannot print goes as a picture (TSPL
BITMAP, ZPL ^GF), and the label preview draws every line this way.

Each character is centred in its printer cell (12×24 half-width, 24×24 a hanzi, times the
scale), the grid TSPL's TSS24.BF2 prints in, so a picture line is as wide as a font line.
The font is the receipt preview's CJK font (WenQuanYi / Noto CJK / SimSun).
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from station_app.devices.labels.label import CELL_HEIGHT, CELL_WIDTH, char_cells, text_width
from station_app.devices.receipt_preview import find_cjk_font

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def text_image(text: str, scale: int = 1) -> Image.Image:
    """`text` in black on white, mode "1", exactly `text_width(text) * scale` dots wide and
    `CELL_HEIGHT * scale` high."""
    width, height = max(1, text_width(text) * scale), CELL_HEIGHT * scale
    image = Image.new("1", (width, height), 1)
    x = 0
    for char in text:
        cell = char_cells(char) * CELL_WIDTH * scale
        if not char.isspace():
            image.paste(0, (x, 0), _glyph(char, cell, height))
        x += cell
    return image


@lru_cache(maxsize=4096)
def _glyph(char: str, cell_width: int, cell_height: int) -> Image.Image:
    """The mask of one character in its cell; labels repeat digits and words endlessly."""
    mask = Image.new("1", (cell_width, cell_height), 0)
    ImageDraw.Draw(mask).text((cell_width // 2, round(cell_height * 0.82)), char,
                              font=_font(cell_height - cell_height // 12), fill=1, anchor="ms")
    return mask


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    found = find_cjk_font()
    if found is not None:
        try:
            return ImageFont.truetype(str(found[0]), size, index=found[1])
        except OSError:
            pass
    return ImageFont.load_default(size)  # no CJK font: boxes, but the right size
