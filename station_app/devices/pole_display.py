"""The pole display (客显, a VFD of two lines of 20 characters) that faces the resident.

It speaks the ESC/POS customer-display commands (Epson DM-D and the CD5220 clones Chinese
counters ship): ESC @ resets, FF (0x0C) clears, US $ x y puts the cursor on column x of row y
(both from 1), and text goes out in the display's character set. A display with a GB font
takes GB18030/GBK, two columns per hanzi; one without shows only what ASCII can: the amounts
(its bezel usually prints PRICE / TOTAL / CHANGE beside the digits).

The display follows the walk-in sale (`PoleView`, plain data the sales desk hands over): the
item just scanned with its amount, the total, then the cash tendered and the change.
`VirtualPoleDisplay` keeps the bytes and reads its two lines back from them, for the demo and
the tests.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

import serial

from station_app.devices.chinese_text import encode_text
from station_app.paper_words import QT_TRANSLATE_NOOP

WIDTH = 20  # columns of one line
ESC_INIT = b"\x1b\x40"
CLEAR = b"\x0c"
CURSOR_OFF = b"\x1f\x43\x00"  # US C 0: no blinking cursor in the resident's face

Charset = Literal["gb18030", "gbk", "ascii"]

_WORDS = {
    "total": QT_TRANSLATE_NOOP("paper: pole display", "Total"),
    "tendered": QT_TRANSLATE_NOOP("paper: pole display", "Paid"),
    "change": QT_TRANSLATE_NOOP("paper: pole display", "Change"),
    "welcome": QT_TRANSLATE_NOOP("paper: pole display", "Welcome"),
}


@dataclass(frozen=True)
class PoleView:
    """Where the sale stands, as the pole display shows it. All amounts in fen."""

    item_name: str | None = None  # the line just scanned or changed
    item_amount_fen: int | None = None
    weight_g: int | None = None  # a weighed line: shown beside its name
    total_fen: int | None = None  # None: no sale under way (the display greets)
    tendered_fen: int | None = None
    change_fen: int | None = None


def columns(text: str) -> int:
    """Display columns: a hanzi or full-width sign takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def fit(left: str, right: str, width: int = WIDTH) -> str:
    """`left` and `right` on one line of `width` columns; `left` is cut to make room."""
    room = width - columns(right) - (1 if left else 0)
    kept = ""
    for char in left:
        if columns(kept + char) > room:
            break
        kept += char
    return kept + " " * (width - columns(kept) - columns(right)) + right


def _amount(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


def pole_lines(view: PoleView, chinese: bool, language: str = "zh_CN") -> tuple[str, str]:
    """The display's two lines for `view`: words and names where the display has a Chinese
    font, amounts only where it does not."""
    def word(key: str) -> str:
        return _WORDS[key].in_language(language) if chinese else ""

    if view.total_fen is None:
        return (fit(word("welcome"), ""), fit("", ""))
    if view.tendered_fen is not None:
        change = view.change_fen if view.change_fen is not None else 0
        return (fit(word("tendered"), _amount(view.tendered_fen)),
                fit(word("change"), _amount(change)))
    top = fit("", "")
    if view.item_amount_fen is not None:
        name = (view.item_name or "") if chinese else ""
        weight = f"{view.weight_g / 1000:.3f}kg" if chinese and view.weight_g is not None \
            else None
        top = item_line(name, _amount(view.item_amount_fen), weight)
    return top, fit(word("total"), _amount(view.total_fen))


def item_line(name: str, amount: str, weight: str | None = None, width: int = WIDTH) -> str:
    """An item's line: its amount always shows, right-aligned; a weight goes just before it,
    and the name takes what room is left (it is shortened first: the resident checks the
    weight and the price, the name only tells which line it is). A weight that would leave no
    room for the amount is left out."""
    if weight is not None and columns(weight) + 1 + columns(amount) <= width:
        return fit(name, f"{weight} {amount}", width)
    return fit(name, amount, width)


def display_bytes(lines: tuple[str, str], charset: Charset = "gb18030") -> bytes:
    """The bytes that show `lines`: clear, then each line from its first column."""
    out = bytearray(CLEAR)
    for row, line in enumerate(lines, start=1):
        out += b"\x1f\x24" + bytes((1, row))  # US $ x y
        if charset == "ascii":
            out += line.encode("ascii", errors="replace")
        else:
            out += encode_text(line, charset).data
    return bytes(out)


def reset_bytes() -> bytes:
    return ESC_INIT + CURSOR_OFF + CLEAR


class SerialPoleDisplay:
    """A pole display on a serial port (or USB-serial), written through pyserial.
    Raises serial.SerialException when the port fails; the worker reopens it later."""

    def __init__(self, port: str, baudrate: int = 9600) -> None:
        self._serial = serial.serial_for_url(port, baudrate=baudrate, write_timeout=1.0)
        self._serial.write(reset_bytes())

    def write(self, data: bytes) -> None:
        self._serial.write(data)

    def close(self) -> None:
        self._serial.close()


class VirtualPoleDisplay:
    """A display that keeps every byte and reads its two lines back from them, as the
    hardware would show them (ESC @, FF, US $ x y; text in `charset`)."""

    def __init__(self, charset: Charset = "gb18030") -> None:
        self.charset = charset
        self.data = bytearray()
        self.lines = [" " * WIDTH, " " * WIDTH]

    def write(self, data: bytes) -> None:
        self.data.extend(data)
        self._interpret(data)

    def close(self) -> None:
        return None

    def _interpret(self, data: bytes) -> None:
        cells: list[list[str]] = [list(line) for line in self.lines]
        row = col = 0
        at = 0
        while at < len(data):
            byte = data[at]
            if data[at:at + 2] == ESC_INIT or byte == CLEAR[0]:
                cells = [[" "] * WIDTH, [" "] * WIDTH]
                row = col = 0
                at += 2 if byte == 0x1B else 1
            elif data[at:at + 2] == b"\x1f\x24" and at + 3 < len(data):
                col, row = data[at + 2] - 1, data[at + 3] - 1
                at += 4
            elif data[at:at + 2] == b"\x1f\x43":
                at += 3
            else:
                width = 2 if byte >= 0x80 and self.charset != "ascii" else 1
                if width == 2 and 0x30 <= data[at + 1 if at + 1 < len(data) else at] <= 0x39:
                    width = 4  # a GB18030 four-byte sequence
                text = bytes(data[at:at + width]).decode(
                    "ascii" if self.charset == "ascii" else "gb18030", errors="replace")
                for char in text:
                    if 0 <= row < 2 and 0 <= col < WIDTH:
                        cells[row][col] = char
                        if columns(char) == 2 and col + 1 < WIDTH:
                            cells[row][col + 1] = ""  # the hanzi's second column
                        col += columns(char)
                at += width
        self.lines = ["".join(c for c in line if c) for line in cells]

    @property
    def shown(self) -> tuple[str, str]:
        """The two lines as the resident reads them."""
        return (self.lines[0], self.lines[1])
