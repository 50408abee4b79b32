"""Encode receipt text for Chinese ESC/POS printers.

python-escpos's own `text()` picks an encoding per line by looking for hanzi, so a line with
only `￥12.50` or full-width punctuation goes out as `?`, and `¥` (U+00A5) becomes a 4-byte
GB18030 sequence that GBK-only printers print as garbage. Every line therefore goes through
here and reaches the printer as raw bytes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["gb18030", "gbk"]

FS_KANJI_ON = b"\x1c\x26"  # FS &
FS_KANJI_OFF = b"\x1c\x2e"  # FS .

# U+00A5 is not in GBK and is 4 bytes in GB18030; the full-width sign is A3 A4 in both.
_SUBSTITUTES = {"\u00a5": "\uffe5"}


@dataclass(frozen=True)
class EncodedText:
    data: bytes
    replaced: tuple[str, ...]  # characters printed as "?", for the caller to log


def normalize(text: str) -> str:
    return "".join(_SUBSTITUTES.get(char, char) for char in text)


def encode_text(
    text: str, encoding: Encoding = "gb18030", *, kanji_mode: bool = False
) -> EncodedText:
    """Encode one line of receipt text.

    Control characters become `?` too: a product name must never smuggle an ESC/POS command
    (a stray ESC or GS would reconfigure the printer mid-receipt). With `kanji_mode` a line
    holding any double-byte character is wrapped in FS & ... FS . for printers that start in
    single-byte mode; ASCII stays single-byte inside it on those models.
    """
    if encoding not in ("gb18030", "gbk"):
        raise ValueError(f"unsupported printer encoding {encoding!r}")
    out = bytearray()
    replaced: list[str] = []
    for char in normalize(text):
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            out += b"?"
            replaced.append(char)
            continue
        try:
            encoded = char.encode(encoding)
        except UnicodeEncodeError:
            out += b"?"
            replaced.append(char)
            continue
        # Python's gbk maps € to the single byte 0x80, which printers show as garbage
        if len(encoded) == 1 and encoded[0] >= 0x80:
            out += b"?"
            replaced.append(char)
            continue
        out += encoded
    data = bytes(out)
    if kanji_mode and any(byte >= 0x80 for byte in data):
        data = FS_KANJI_ON + data + FS_KANJI_OFF
    return EncodedText(data, tuple(replaced))
