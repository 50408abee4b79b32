"""A ZPL II interpreter: a Zebra-style label format drawn as the printer would print it.
Written from the ZPL II programming guide: a format runs from ^XA to ^XZ; ^PW and ^LL give
the label's width and length in dots, ^LH the home; ^FO places a field, which ends at ^FS;
^A sets the field's font (^A@ names a font file, ^A0 the built-in scalable one), ^FD holds its
data, ^FH lets the data carry _hh hex escapes; ^BQ makes a QR code (its ^FD starts with the
error correction level and input mode, "MA,"), ^BC a Code 128 whose module width ^BY sets,
^GB a box and ^GFA a picture in hex (a 1 bit black). ^CI28 makes field data UTF-8.
Tilde commands (~SD darkness, ~HS status, ~JC calibration) act at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PIL import Image

from tests.label_oracle.canvas import Label, LabelSyntaxError

# ^A is followed by the font's one-character name; every other command by two characters.
_COMMAND = re.compile(rb"[\^~](A.|[A-Z@0-9]{2})")
_SETTINGS = {b"PW", b"LL", b"LH", b"MN", b"PO", b"PR", b"PQ", b"CI", b"SD", b"MD"}


@dataclass
class ZplRun:
    labels: list[Label] = field(default_factory=list)
    immediate: list[str] = field(default_factory=list)  # ~SD, ~HS, ~JC as met


@dataclass
class _Field:
    x: int = 0
    y: int = 0
    font: tuple[str, int, int] | None = None  # name, height, width
    symbol: tuple[str, list[str]] | None = None  # BQ / BC / GB and their parameters
    hex_char: str | None = None
    data: bytes | None = None


@dataclass
class _Format:
    settings: dict[str, str] = field(default_factory=dict)
    commands: list[tuple[bytes, bytes]] = field(default_factory=list)


def run_zpl(data: bytes) -> ZplRun:
    """Interpret every format in `data`. Raises LabelSyntaxError for what a printer rejects."""
    run = ZplRun()
    current: _Format | None = None
    for command, argument in _commands(data):
        if command.startswith(b"~"):
            run.immediate.append((command + argument).decode("ascii", "replace"))
            continue
        name = command[1:]
        if name == b"XA":
            current = _Format()
        elif current is None:
            raise LabelSyntaxError(f"^{name.decode()} outside ^XA … ^XZ")
        elif name == b"XZ":
            if current.commands or current.settings:
                run.labels.append(_draw(current))
            current = None
        elif name in _SETTINGS:
            current.settings[name.decode()] = argument.decode("ascii", "replace")
        else:
            current.commands.append((name, argument))
    if current is not None:
        raise LabelSyntaxError("a format without ^XZ")
    return run


def _commands(data: bytes) -> list[tuple[bytes, bytes]]:
    """(command, argument) pairs; ^FD's argument runs to the next ^FS whatever it holds."""
    found: list[tuple[bytes, bytes]] = []
    position = 0
    while position < len(data):
        match = _COMMAND.match(data, position)
        if match is None:
            if data[position:position + 1] in b" \r\n\t":
                position += 1
                continue
            raise LabelSyntaxError(f"not a command at byte {position}: "
                                   f"{data[position:position + 20]!r}")
        command = match[0]
        start = match.end()
        if command == b"^FD":
            end = data.find(b"^FS", start)
            if end < 0:
                raise LabelSyntaxError("^FD without ^FS")
        else:
            following = [i for i in (data.find(b"^", start), data.find(b"~", start)) if i >= 0]
            end = min(following, default=len(data))
        if command.startswith(b"^A") and command != b"^A@":
            # ^A0N,…: the font name is the character after ^A
            pass
        found.append((command, data[start:end].strip(b"\r\n")))
        position = end
    return found


def _draw(format_: _Format) -> Label:
    settings = format_.settings
    if "PW" not in settings or "LL" not in settings:
        raise LabelSyntaxError("the format sets no ^PW / ^LL: the label's size is unknown")
    label = Label(int(settings["PW"]), int(settings["LL"]))
    label.settings = dict(settings)
    utf8 = settings.get("CI") == "28"
    module = 2
    current = _Field()
    for name, argument in format_.commands:
        text = argument.decode("ascii", "replace") if name != b"FD" else ""
        if name == b"FO":
            x, y = (int(part) for part in text.split(",")[:2])
            current = _Field(x, y)
        elif name.startswith(b"A"):
            parts = text.split(",")
            # ^A@o,h,w,file ; ^Afo,h,w (f: the font's one-character name)
            font = name[1:2].decode()
            current.font = (parts[3] if font == "@" else font, int(parts[1]), int(parts[2]))
            if parts[0] not in ("N", ""):
                raise LabelSyntaxError("only unrotated text is drawn here")
        elif name == b"FH":
            current.hex_char = text or "_"
        elif name == b"BY":
            module = int(text.split(",")[0])
        elif name in (b"BQ", b"BC", b"GB", b"GF"):
            current.symbol = (name.decode(), text.split(","))
        elif name == b"FD":
            current.data = _unhex(argument, current.hex_char)
        elif name == b"FS":
            _field(label, current, utf8, module)
            current = _Field()
        else:
            raise LabelSyntaxError(f"unknown ZPL command ^{name.decode()}")
    return label


def _field(label: Label, current: _Field, utf8: bool, module: int) -> None:
    data = current.data or b""
    decoded = data.decode("utf-8" if utf8 else "latin-1")
    if current.symbol is None:
        if current.font is None:
            raise LabelSyntaxError("a text field with no ^A font")
        _, height, width = current.font
        # Andale-style CJK fonts and the scalable font: a hanzi `width` wide, Latin half
        half = width // 2 if current.font[0] != "0" else width
        label.draw_text(current.x, current.y, decoded, (width, height), (half, height))
        return
    kind, params = current.symbol
    if kind == "BQ":
        if params[1] != "2":
            raise LabelSyntaxError("only QR model 2 is drawn here")
        level, mode_data = decoded[0], decoded[1:]
        if not mode_data.startswith("A,"):
            raise LabelSyntaxError(f"QR field data must start with a level and 'A,': {decoded!r}")
        label.draw_qr(current.x, current.y, mode_data[2:].encode("utf-8"), int(params[2]), level)
    elif kind == "BC":
        label.draw_code128(current.x, current.y, decoded, int(params[1]), module)
    elif kind == "GB":
        width, height, thickness = (int(part) for part in params[:3])
        label.draw_box(current.x, current.y, current.x + width, current.y + height, thickness)
    elif kind == "GF":
        _graphic(label, current.x, current.y, params)


def _graphic(label: Label, x: int, y: int, params: list[str]) -> None:
    """^GFA,total bytes,field bytes,bytes a row,hex data: a 1 bit prints."""
    if params[0] != "A":
        raise LabelSyntaxError("only ^GFA (hex) pictures are drawn here")
    total, row_bytes, hex_data = int(params[1]), int(params[3]), params[4]
    raw = bytes.fromhex(hex_data)
    if len(raw) != total or total % row_bytes:
        raise LabelSyntaxError(f"^GF says {total} bytes, got {len(raw)}")
    picture = Image.frombytes("1", (row_bytes * 8, total // row_bytes), raw)
    inverted = picture.point(lambda value: 255 - value)  # 1 bits black
    label.paste(inverted.convert("L"), x, y, "bitmap")


def _unhex(data: bytes, hex_char: str | None) -> bytes:
    if hex_char is None:
        return data
    marker = re.escape(hex_char.encode())
    return re.sub(marker + rb"([0-9A-Fa-f]{2})", lambda m: bytes.fromhex(m[1].decode()), data)
