"""Turn a handover receipt into ESC/POS bytes.

python-escpos builds the commands (into a `Dummy`, so rendering needs no printer), but text
goes through `chinese_text` and `_raw`: its own text path guesses the encoding per line. Cut,
QR mode and width come from our settings, never from a python-escpos profile.
"""

from __future__ import annotations

import logging
from datetime import tzinfo

import qrcode
from escpos.constants import QR_ECLEVEL_M
from escpos.image import EscposImage
from escpos.printer import Dummy
from PIL import Image

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import encode_text
from station_app.devices.printer_settings import PrinterSettings
from station_app.devices.receipt import HandoverReceipt
from station_app.devices.receipt_layout import (
    Cut,
    DrawerKick,
    Feed,
    PrintLine,
    QrCode,
    Rule,
    TextLine,
    layout_receipt,
)

log = logging.getLogger("station.printer")

# GS V 66 n: feed to the cutter, then cut. Function B feeds by itself, so no blank lines are
# needed before it, and it is the form Xprinter, Gprinter, Rongta and Epson TM all accept.
CUT = b"\x1d\x56\x42\x00"
# ESC p 0 t1 t2: pulse drawer pin 2 for 100 ms on, 100 ms off (t x 2 ms), the common solenoid.
DRAWER_KICK = b"\x1b\x70\x00\x32\x32"
_FEED = b"\x1b\x64"  # ESC d n: print and feed n lines


def render_escpos(
    receipt: HandoverReceipt, settings: PrinterSettings, *, tz: tzinfo = STATION_ZONE
) -> bytes:
    """The complete print job for one receipt, from ESC @ to the cut.

    Characters the printer encoding cannot hold print as "?" and are logged (by code point
    only: item names are not personal data, but phone numbers never reach this log anyway).
    """
    lines = layout_receipt(
        receipt, settings.columns, cut=settings.cut, drawer_kick=settings.drawer_kick, tz=tz
    )
    return render_lines(lines, settings)


def render_lines(lines: list[PrintLine], settings: PrinterSettings) -> bytes:
    printer = Dummy()
    printer.hw("INIT")
    replaced: list[str] = []
    for line in lines:
        match line:
            case TextLine():
                printer.set(align=line.align.value, bold=line.bold)
                size = 2 if line.double else 1
                # GS ! sizes hanzi too; ESC ! (python-escpos' double_width) only sizes ASCII
                printer.set(custom_size=True, width=size, height=size)
                encoded = encode_text(line.text, settings.encoding, kanji_mode=settings.kanji_mode)
                replaced += encoded.replaced
                printer._raw(encoded.data + b"\n")
            case Rule():
                printer.set(align="left", bold=False)
                printer.set(custom_size=True, width=1, height=1)
                printer._raw(line.char.encode("ascii") * settings.columns + b"\n")
            case QrCode():
                printer.set(align="center", bold=False)
                if settings.qr_native:
                    printer.qr(line.data, ec=QR_ECLEVEL_M, size=line.module_dots, native=True)
                else:
                    printer._raw(_raster(qr_image(line.data, line.module_dots, settings)))
            case Feed():
                printer._raw(_FEED + bytes([line.lines]))
            case DrawerKick():
                printer._raw(DRAWER_KICK)
            case Cut():
                printer._raw(CUT)
    if replaced:
        log.warning(
            "receipt has %d character(s) the printer cannot print: %s",
            len(replaced),
            " ".join(f"U+{ord(char):04X}" for char in replaced),
        )
    data: bytes = printer.output
    return data


def qr_image(data: str, module_dots: int, settings: PrinterSettings) -> Image.Image:
    """The QR as a 1-bit image as wide as the print head, code centred.

    Centred by padding rather than python-escpos' `center=True`, which needs the pixel width
    in its profile and prints a warning to stdout when it is missing.
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_dots, border=2
    )
    code.add_data(data)
    code.make(fit=True)
    modules: list[list[bool]] = code.get_matrix()
    size = len(modules) * module_dots
    width = settings.width_dots
    image = Image.new("1", (width, size), 1)
    left = max(0, (width - size) // 2)
    for row, cells in enumerate(modules):
        for col, dark in enumerate(cells):
            if dark:
                box = (left + col * module_dots, row * module_dots)
                image.paste(0, (*box, box[0] + module_dots, box[1] + module_dots))
    return image


def _raster(image: Image.Image) -> bytes:
    """GS v 0: a raster bit image, the image command every ESC/POS printer we target knows."""
    escpos_image = EscposImage(image)
    width_bytes: int = escpos_image.width_bytes
    height: int = escpos_image.height
    raster: bytes = escpos_image.to_raster_format()
    header = b"\x1d\x76\x30\x00" + width_bytes.to_bytes(2, "little") + height.to_bytes(2, "little")
    return header + raster
