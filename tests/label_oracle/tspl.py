"""A TSPL / TSPL2 interpreter: the bytes a TSC-style label printer gets, drawn as it would print
them. Written from the TSPL/TSPL2 programming manual: commands end with CR LF; SIZE and GAP
(or BLINE) describe the stock; CLS clears the image buffer; TEXT, QRCODE, BARCODE, BOX, BAR
and BITMAP draw into it; PRINT prints it. Strings are in double quotes, a quote inside one
written as \\["]. TSS24.BF2 is the GB font: its text is GBK, 24x24 dots a hanzi, 12x24 an
ASCII character, both times the x and y multipliers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PIL import Image

from tests.label_oracle.canvas import DOTS_PER_MM, INCH_DOTS, Label, LabelSyntaxError

_ESC_STATUS = b"\x1b!?"
_QUOTE_ESCAPE = b'\\["]'
_NUMBER_UNIT = re.compile(r"^\s*([0-9.]+)\s*(mm|dot)?\s*$")
# Bitmap fonts with a fixed cell (width, height): the GB font, and the ASCII font "3".
_FONTS = {"TSS24.BF2": ((24, 24), (12, 24), "gbk"), "3": ((16, 24), (16, 24), "ascii")}


@dataclass
class TsplRun:
    labels: list[Label] = field(default_factory=list)  # one per PRINT
    calibrations: list[str] = field(default_factory=list)  # GAPDETECT, BLINEDETECT, FORMFEED
    status_queries: int = 0


def run_tspl(data: bytes) -> TsplRun:
    """Interpret a whole job. Raises LabelSyntaxError for anything a printer would reject."""
    run = TsplRun()
    label: Label | None = None
    position = 0
    while position < len(data):
        if data[position] in b" \r\n\t":
            position += 1
            continue
        if data.startswith(_ESC_STATUS, position):
            run.status_queries += 1
            position += len(_ESC_STATUS)
            continue
        name_end = position
        while name_end < len(data) and data[name_end:name_end + 1].isalpha():
            name_end += 1
        name = data[position:name_end].decode("ascii", "replace").upper()
        if not name:
            raise LabelSyntaxError(f"no command at byte {position}: "
                                   f"{data[position:position + 20]!r}")
        if name == "BITMAP":
            position = _bitmap(data, name_end, label)
            continue
        line_end = data.find(b"\n", name_end)
        line_end = len(data) if line_end < 0 else line_end
        arguments = _arguments(data[name_end:line_end].rstrip(b"\r"))
        position = line_end + 1
        label = _command(run, label, name, arguments)
    return run


def _command(run: TsplRun, label: Label | None, name: str, args: list[bytes]) -> Label | None:
    if name == "SIZE":
        width, height = (_dots(arg) for arg in _exactly(args, 2, name))
        return Label(width, height)
    if name in ("GAPDETECT", "BLINEDETECT", "FORMFEED", "HOME", "AUTODETECT"):
        run.calibrations.append(name)
        return label
    if label is None:
        raise LabelSyntaxError(f"{name} before SIZE")
    if name in ("GAP", "BLINE"):
        label.settings[name] = ",".join(arg.decode().strip() for arg in _exactly(args, 2, name))
    elif name in ("DIRECTION", "REFERENCE", "DENSITY", "SPEED", "CODEPAGE"):
        label.settings[name] = ",".join(arg.decode().strip() for arg in args)
        if name == "DENSITY" and not 0 <= int(args[0]) <= 15:
            raise LabelSyntaxError(f"DENSITY {args[0]!r} is not 0-15")
    elif name == "CLS":
        label.clear()
    elif name == "TEXT":
        _text(label, args)
    elif name == "QRCODE":
        _qr(label, args)
    elif name == "BARCODE":
        _barcode(label, args)
    elif name == "BOX":
        x, y, right, bottom, thickness = (_int(arg) for arg in _exactly(args, 5, name))
        label.draw_box(x, y, right, bottom, thickness)
    elif name == "BAR":
        x, y, width, height = (_int(arg) for arg in _exactly(args, 4, name))
        label.paste(Image.new("L", (width, height), 0), x, y, "bar")
    elif name == "PRINT":
        label.copies = _int(args[1]) if len(args) > 1 else 1
        run.labels.append(label)
        printed = Label(label.width, label.height)
        printed.settings = dict(label.settings)
        return printed
    else:
        raise LabelSyntaxError(f"unknown TSPL command {name}")
    return label


def _text(label: Label, args: list[bytes]) -> None:
    x, y, font, rotation, x_mul, y_mul, content = _exactly(args, 7, "TEXT")
    font_name = _string(font).decode("ascii")
    if font_name not in _FONTS:
        raise LabelSyntaxError(f"font {font_name!r} is not in this printer")
    if _int(rotation) != 0:
        raise LabelSyntaxError("only unrotated text is drawn here")
    (wide, half, encoding) = _FONTS[font_name]
    xs, ys = _int(x_mul), _int(y_mul)
    text = _string(content).decode(encoding)
    label.draw_text(_int(x), _int(y), text, (wide[0] * xs, wide[1] * ys),
                    (half[0] * xs, half[1] * ys))


def _qr(label: Label, args: list[bytes]) -> None:
    if len(args) < 7:
        raise LabelSyntaxError("QRCODE needs x, y, ECC level, cell width, mode, rotation, data")
    x, y, level, cell, mode, rotation = args[:6]
    if mode.strip() not in (b"A", b"M") or _int(rotation) != 0:
        raise LabelSyntaxError("QRCODE mode must be A or M, rotation 0 here")
    level_text = level.decode().strip()
    if level_text not in ("L", "M", "Q", "H") or not 1 <= _int(cell) <= 10:
        raise LabelSyntaxError(f"QRCODE level {level_text!r} or cell {cell!r} out of range")
    label.draw_qr(_int(x), _int(y), _string(args[-1]), _int(cell), level_text)


def _barcode(label: Label, args: list[bytes]) -> None:
    x, y, kind, height, readable, rotation, narrow, _wide, content = _exactly(args, 9,
                                                                             "BARCODE")
    if _string(kind) != b"128" or _int(rotation) != 0:
        raise LabelSyntaxError("only unrotated Code 128 is drawn here")
    if _int(readable) != 0:
        raise LabelSyntaxError("human-readable line not drawn here")
    label.draw_code128(_int(x), _int(y), _string(content).decode("ascii"), _int(height),
                       _int(narrow))


def _bitmap(data: bytes, start: int, label: Label | None) -> int:
    """BITMAP x,y,width (bytes),height,mode,data: rows of raw bytes, MSB leftmost, a 0 bit
    printed. Returns where the next command starts."""
    if label is None:
        raise LabelSyntaxError("BITMAP before SIZE")
    header_end = start
    for _ in range(5):
        header_end = data.index(b",", header_end) + 1
    x, y, width_bytes, height, mode = (_int(arg) for arg in data[start:header_end - 1].split(b","))
    if mode not in (0, 1, 2):
        raise LabelSyntaxError(f"BITMAP mode {mode} is not 0, 1 or 2")
    size = width_bytes * height
    raw = data[header_end:header_end + size]
    if len(raw) != size:
        raise LabelSyntaxError("BITMAP data is cut short")
    picture = Image.frombytes("1", (width_bytes * 8, height), raw)  # 1 bit: white
    label.paste(picture.convert("L"), x, y, "bitmap")
    return header_end + size


def _arguments(text: bytes) -> list[bytes]:
    """Comma-separated arguments; commas inside "…" belong to the string."""
    args: list[bytes] = []
    current = bytearray()
    quoted = False
    index = 0
    while index < len(text):
        if quoted and text.startswith(_QUOTE_ESCAPE, index):
            current += _QUOTE_ESCAPE
            index += len(_QUOTE_ESCAPE)
            continue
        byte = text[index:index + 1]
        if byte == b'"':
            quoted = not quoted
        if byte == b"," and not quoted:
            args.append(bytes(current).strip())
            current = bytearray()
        else:
            current += byte
        index += 1
    if quoted:
        raise LabelSyntaxError(f"unterminated string in {text!r}")
    if current.strip():
        args.append(bytes(current).strip())
    return args


def _string(arg: bytes) -> bytes:
    if len(arg) < 2 or arg[:1] != b'"' or arg[-1:] != b'"':
        raise LabelSyntaxError(f"{arg!r} is not a quoted string")
    return arg[1:-1].replace(_QUOTE_ESCAPE, b'"')


def _exactly(args: list[bytes], count: int, name: str) -> list[bytes]:
    if len(args) != count:
        raise LabelSyntaxError(f"{name} takes {count} arguments, got {len(args)}: {args!r}")
    return args


def _int(arg: bytes | int) -> int:
    try:
        return int(arg)
    except ValueError:
        raise LabelSyntaxError(f"{arg!r} is not a number") from None


def _dots(arg: bytes) -> int:
    """A SIZE dimension: `50 mm`, or inches without a unit."""
    found = _NUMBER_UNIT.match(arg.decode("ascii", "replace"))
    if found is None:
        raise LabelSyntaxError(f"{arg!r} is not a size")
    number = float(found[1])
    if found[2] == "mm":
        return round(number * DOTS_PER_MM)
    if found[2] == "dot":
        return round(number)
    return round(number * INCH_DOTS)
