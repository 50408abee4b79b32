"""Draw a handover receipt as a PNG: what the thermal printer will put on paper.

Used by the counter window's receipt preview and by the virtual printer. It draws the same
layout the ESC/POS renderer prints, in the printer's own grid (12-dot half-width cells,
24-dot full-width cells, 203 dpi), so a name that wraps here wraps on paper too.
"""

from __future__ import annotations

import io
import os
from datetime import tzinfo
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from station_app.clock import STATION_ZONE
from station_app.devices.escpos_render import qr_image
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt import HandoverReceipt
from station_app.devices.receipt_layout import (
    Align,
    Cut,
    DrawerKick,
    Feed,
    PrintLine,
    QrCode,
    Rule,
    TextLine,
    char_width,
    display_width,
    layout_receipt,
)

DPI = 203
_CELL_WIDTH = 12  # font A half-width cell; full-width characters take two
_CELL_HEIGHT = 24
_LINE_PITCH = 32  # a little more than the cell, as the printers' default line spacing
_MARGIN = 24
_INK = 0
_PAPER = 255
# (file, face index): the monospaced face where a collection has one, since the printer's
# own Latin glyphs are fixed-width too
_FONT_FILES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 0),
)
_WINDOWS_FONTS = (("simsun.ttc", 0), ("msyh.ttc", 0), ("simhei.ttf", 0))

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def render_preview_png(
    receipt: HandoverReceipt, settings: PrinterSettings, *, tz: tzinfo = STATION_ZONE
) -> bytes:
    """PNG bytes of the receipt on white paper of the configured width."""
    lines = layout_receipt(
        receipt, settings.columns, cut=settings.cut, drawer_kick=settings.drawer_kick, tz=tz
    )
    return render_lines_png(lines, settings)


def render_lines_png(lines: list[PrintLine], settings: PrinterSettings) -> bytes:
    paper_width = round(settings.paper_width_mm / 25.4 * DPI)
    left = (paper_width - settings.width_dots) // 2
    height = _MARGIN * 2 + sum(_height(line, settings) for line in lines)
    image = Image.new("L", (paper_width, height), _PAPER)
    draw = ImageDraw.Draw(image)
    y = _MARGIN
    for line in lines:
        match line:
            case TextLine():
                _draw_text(draw, line, left, y, settings.width_dots)
            case Rule():
                _draw_text(
                    draw, TextLine(line.char * settings.columns), left, y, settings.width_dots
                )
            case QrCode():
                code = qr_image(line.data, line.module_dots, settings)
                image.paste(code.convert("L"), (left, y))
            case Cut():
                for x in range(0, paper_width, 12):  # where the cutter will go
                    draw.line((x, y + _LINE_PITCH, x + 6, y + _LINE_PITCH), fill=160)
            case Feed() | DrawerKick():
                pass
        y += _height(line, settings)
    buffer = io.BytesIO()
    # optimize=True costs ~100 ms a receipt on a counter PC for a few kB saved
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _height(line: PrintLine, settings: PrinterSettings) -> int:
    match line:
        case TextLine(double=True):
            return _LINE_PITCH + _CELL_HEIGHT
        case TextLine() | Rule():
            return _LINE_PITCH
        case QrCode():
            return qr_image(line.data, line.module_dots, settings).height
        case Feed():
            return _LINE_PITCH * line.lines
        case Cut():
            return _LINE_PITCH * 2
        case DrawerKick():
            return 0


def _draw_text(draw: ImageDraw.ImageDraw, line: TextLine, left: int, y: int, area: int) -> None:
    scale = 2 if line.double else 1
    width = display_width(line.text) * _CELL_WIDTH * scale
    if line.align is Align.CENTER:
        x = left + (area - width) // 2
    elif line.align is Align.RIGHT:
        x = left + area - width
    else:
        x = left
    size = _CELL_HEIGHT * scale - 2 * scale
    for char in line.text:
        cell = char_width(char) * _CELL_WIDTH * scale
        if char != " ":
            # each glyph centred in its printer cell, so columns line up as on paper
            glyph = _glyph(char, size, cell, _CELL_HEIGHT * scale)
            draw.bitmap((x, y), glyph, fill=_INK)
            if line.bold:
                draw.bitmap((x + 1, y), glyph, fill=_INK)
        x += cell


@lru_cache(maxsize=4096)
def _glyph(char: str, size: int, cell_width: int, cell_height: int) -> Image.Image:
    """One character drawn once in its cell; receipts repeat digits and labels endlessly,
    and FreeType rendering is most of a preview's cost."""
    mask = Image.new("1", (cell_width, cell_height), 0)
    ImageDraw.Draw(mask).text((cell_width // 2, round(cell_height * 0.8)), char,
                              font=_font(size), fill=1, anchor="ms")
    return mask


@lru_cache(maxsize=8)
def _font(size: int) -> Font:
    found = find_cjk_font()
    if found is not None:
        try:
            return ImageFont.truetype(str(found[0]), size, index=found[1])
        except OSError:
            pass
    # no CJK font: hanzi show as boxes, but the preview still has the right layout
    return ImageFont.load_default(size)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[Path, int] | None:
    """A font with hanzi and its face index: WenQuanYi or Noto CJK, SimSun or YaHei."""
    candidates = [(Path(name), index) for name, index in _FONT_FILES]
    windir = os.environ.get("WINDIR")
    if windir:
        candidates += [(Path(windir) / "Fonts" / name, index) for name, index in _WINDOWS_FONTS]
    return next(((path, index) for path, index in candidates if path.is_file()), None)
