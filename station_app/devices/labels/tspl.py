"""A label in TSPL / TSPL2, the language of TSC, Gprinter (佳博), Xprinter (芯烨) and HPRT (汉印)
label printers.

Chinese text uses the printer's own GB font `TSS24.BF2` (24×24 dots a hanzi, 12×24 a Latin
character) with the text in GBK. A line holding anything GBK cannot encode (a rare name
character, an emoji) goes as a BITMAP drawn here instead, so nothing prints as "?". Every
command ends with CR LF, as the manual writes them.
"""

from __future__ import annotations

import unicodedata

from PIL import Image

from station_app.devices.labels.glyphs import text_image
from station_app.devices.labels.label import (
    LabelBarcode,
    LabelBox,
    LabelDocument,
    LabelElement,
    LabelQr,
    LabelText,
)

FONT = "TSS24.BF2"  # the GB2312/GBK bitmap font of Chinese-market TSPL printers
ENCODING = "gbk"
EOL = b"\r\n"
STATUS_QUERY = b"\x1b!?"  # <ESC>!?: one status byte, answered at once, even mid-label
# Calibration: the printer feeds a few labels and measures the gap (or the black mark).
GAP_DETECT = b"GAPDETECT" + EOL
MARK_DETECT = b"BLINEDETECT" + EOL
FORM_FEED = b"FORMFEED" + EOL


def render_tspl(document: LabelDocument) -> bytes:
    """The complete job for one label: set-up, CLS, its elements, PRINT."""
    out = bytearray(_setup(document))
    out += b"CLS" + EOL
    for element in document.elements:
        out += _element(element)
    out += f"PRINT 1,{document.copies}".encode("ascii") + EOL
    return bytes(out)


def calibration(media: str) -> bytes:
    """The job that makes the printer find the start of the next label: its gap (or black
    mark) detection, or a plain form feed on continuous paper."""
    if media == "black_mark":
        return MARK_DETECT
    if media == "continuous":
        return FORM_FEED
    return GAP_DETECT


def _setup(document: LabelDocument) -> bytes:
    stock = document.stock
    if stock.media == "black_mark":
        separator = f"BLINE {stock.gap_mm:g} mm, 0 mm"
    elif stock.media == "continuous":
        separator = "GAP 0 mm, 0 mm"  # the manual's way of saying "no gap"
    else:
        separator = f"GAP {stock.gap_mm:g} mm, 0 mm"
    lines = (f"SIZE {stock.width_mm} mm, {stock.height_mm} mm", separator,
             f"DIRECTION {document.direction},0", "REFERENCE 0,0",
             f"DENSITY {document.darkness}", f"SPEED {document.speed}")
    return b"".join(line.encode("ascii") + EOL for line in lines)


def _element(element: LabelElement) -> bytes:
    match element:
        case LabelText():
            encoded = _gbk(element.text)
            if encoded is None:
                return bitmap(element.x, element.y, text_image(element.text, element.scale))
            scale = str(element.scale).encode("ascii")
            return (f"TEXT {element.x},{element.y},\"{FONT}\",0,".encode("ascii") + scale
                    + b"," + scale + b",\"" + encoded + b"\"" + EOL)
        case LabelQr():
            return (f"QRCODE {element.x},{element.y},M,{element.module},A,0,\"".encode("ascii")
                    + _quoted(element.data).encode("utf-8") + b"\"" + EOL)
        case LabelBarcode():
            return (f"BARCODE {element.x},{element.y},\"128\",{element.height},0,0,"
                    f"{element.narrow},{element.narrow},\"{_quoted(element.data)}\"".encode(
                        "ascii", "replace") + EOL)
        case LabelBox():
            return (f"BOX {element.x},{element.y},{element.x + element.width},"
                    f"{element.y + element.height},{element.thickness}".encode("ascii") + EOL)


def bitmap(x: int, y: int, image: Image.Image) -> bytes:
    """BITMAP x,y,width in bytes,height,0 (overwrite),raw rows: a 0 bit prints, a 1 bit
    leaves the label white, the most significant bit leftmost."""
    picture = image.convert("1")
    width_bytes = (picture.width + 7) // 8
    padded = Image.new("1", (width_bytes * 8, picture.height), 1)
    padded.paste(picture, (0, 0))
    return (f"BITMAP {x},{y},{width_bytes},{picture.height},0,".encode("ascii")
            + padded.tobytes() + EOL)


def _quoted(text: str) -> str:
    # TSPL2 prints a double quote inside a quoted string written as \["]
    return text.replace('"', '\\["]')


def _gbk(text: str) -> bytes | None:
    """The text in GBK for TSS24.BF2, quotes escaped; None when a character has no GBK code
    or would be taken as a command (a control character)."""
    out = bytearray()
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return None
        try:
            code = char.encode(ENCODING)
        except UnicodeEncodeError:
            return None
        if len(code) == 1 and code[0] >= 0x80:  # Python's gbk puts € on 0x80: not GBK
            return None
        out += b'\\["]' if char == '"' else code
    return bytes(out)
