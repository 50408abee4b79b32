"""A label in ZPL II, the language of Zebra printers (and of the many that copy it).

Text goes as UTF-8 (`^CI28`) in the printer's Simplified Chinese font (`E:ANMDS.TTF`, Zebra's
Andale Mono SC, or whatever the settings name); with no font named, any line that is not plain
ASCII goes as a `^GF` picture drawn here. Field data passes through `^FH`, so a `^` or `~` in
a name is printed, never obeyed.
"""

from __future__ import annotations

from PIL import Image, ImageOps

from station_app.devices.labels.glyphs import text_image
from station_app.devices.labels.label import (
    CELL_HEIGHT,
    LabelBarcode,
    LabelBox,
    LabelDocument,
    LabelElement,
    LabelQr,
    LabelText,
)

STATUS_QUERY = b"~HS"  # host status: three lines, paper out, pause, head up, ribbon out
CALIBRATE = b"~JC"  # measure the label length with the media sensor
FORM_FEED = b"^XA^XZ"  # an empty label: one form feed
_MEDIA = {"gap": "Y", "black_mark": "M", "continuous": "N"}


def render_zpl(document: LabelDocument, font: str = "E:ANMDS.TTF") -> bytes:
    """The complete job for one label, from ~SD (darkness, set before the format) to ^XZ."""
    stock = document.stock
    head = [f"~SD{document.darkness * 2:02d}", "^XA", "^CI28", f"^PW{stock.width_dots}",
            f"^LL{stock.height_dots}", "^LH0,0", f"^MN{_MEDIA[stock.media]}",
            f"^PO{'N' if document.direction == 1 else 'I'}", f"^PR{document.speed}"]
    out = bytearray("".join(head).encode("ascii") + b"\n")
    for element in document.elements:
        out += _element(element, font) + b"\n"
    out += f"^PQ{document.copies}^XZ".encode("ascii") + b"\n"
    return bytes(out)


def calibration(media: str) -> bytes:
    """~JC measures label and gap (or mark); continuous paper gets one form feed."""
    return FORM_FEED if media == "continuous" else CALIBRATE


def _element(element: LabelElement, font: str) -> bytes:
    origin = f"^FO{element.x},{element.y}"
    match element:
        case LabelText():
            size = CELL_HEIGHT * element.scale
            if font:
                command = f"^A@N,{size},{size},{font}"
            elif element.text.isascii() and element.text.isprintable():
                # the built-in scalable font: narrower than our cells, so it fits too
                command = f"^A0N,{size},{size // 2}"
            else:
                return graphic(element.x, element.y, text_image(element.text, element.scale))
            return f"{origin}{command}^FH_^FD{_escaped(element.text)}^FS".encode()
        case LabelQr():
            return f"{origin}^BQN,2,{element.module}^FH_^FDMA,{_escaped(element.data)}^FS".encode()
        case LabelBarcode():
            return (f"{origin}^BY{element.narrow}^BCN,{element.height},N,N,N,A"
                    f"^FH_^FD{_escaped(element.data)}^FS").encode()
        case LabelBox():
            return (f"{origin}^GB{element.width},{element.height},{element.thickness}"
                    "^FS").encode("ascii")


def graphic(x: int, y: int, image: Image.Image) -> bytes:
    """^GFA: the picture as hex rows, a 1 bit black (the opposite of TSPL's BITMAP)."""
    picture = ImageOps.invert(image.convert("L")).convert("1")
    row_bytes = (picture.width + 7) // 8
    padded = Image.new("1", (row_bytes * 8, picture.height), 0)
    padded.paste(picture, (0, 0))
    data = padded.tobytes()
    return (f"^FO{x},{y}^GFA,{len(data)},{len(data)},{row_bytes},{data.hex().upper()}"
            "^FS").encode("ascii")


def _escaped(text: str) -> str:
    """Field data for ^FH_: the underscore, caret and tilde as _hh, control characters gone
    (a label line is one line)."""
    out = []
    for char in text:
        if char in "_^~":
            out.append(f"_{ord(char):02X}")
        elif char.isprintable():
            out.append(char)
    return "".join(out)
