"""Draw a handover receipt as a PNG: what the thermal printer will put on paper.

Used by the counter window's receipt preview and by the virtual printer. It draws the same
layout the ESC/POS renderer prints, in the printer's own grid (12-dot half-width cells,
24-dot full-width cells, 203 dpi), so a name that wraps here wraps on paper too.
"""

from __future__ import annotations

import io
from datetime import tzinfo

from PIL import Image, ImageDraw

from station_app.clock import STATION_ZONE
from station_app.devices.dot_font import cell_glyph
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
_BASELINE = 0.8  # of the cell's height


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
    for char in line.text:
        cell = char_width(char) * _CELL_WIDTH * scale
        if char != " ":
            # each glyph centred in its printer cell, so columns line up as on paper
            glyph = cell_glyph(char, cell, _CELL_HEIGHT * scale, _BASELINE)
            draw.bitmap((x, y), glyph, fill=_INK)
            if line.bold:
                draw.bitmap((x + 1, y), glyph, fill=_INK)
        x += cell
