"""Text drawn as dots: what the printer's own font cannot print goes as a picture (TSPL
BITMAP, ZPL ^GF), and the label preview draws every line this way.

Each character is centred in its printer cell (12×24 half-width, 24×24 a hanzi, times the
scale), the grid TSPL's TSS24.BF2 prints in, so a picture line is as wide as a font line.
The font is the receipt preview's CJK font (WenQuanYi / Noto CJK / SimSun): see dot_font.
"""

from __future__ import annotations

from PIL import Image

from station_app.devices.dot_font import cell_glyph
from station_app.devices.labels.label import CELL_HEIGHT, CELL_WIDTH, char_cells, text_width

# Of the cell's height (a receipt's baseline sits at 0.8).
_BASELINE = 0.82


def text_image(text: str, scale: int = 1) -> Image.Image:
    """`text` in black on white, mode "1", exactly `text_width(text) * scale` dots wide and
    `CELL_HEIGHT * scale` high."""
    width, height = max(1, text_width(text) * scale), CELL_HEIGHT * scale
    image = Image.new("1", (width, height), 1)
    x = 0
    for char in text:
        cell = char_cells(char) * CELL_WIDTH * scale
        if not char.isspace():
            image.paste(0, (x, 0), cell_glyph(char, cell, height, _BASELINE))
        x += cell
    return image
