"""What a person sees on screen that is not in the window's language.

Chinese screens: no English words, except codes (anything with a digit: SKUs, order numbers,
F5), key names, file paths, the few names staff know in English (QR, PIN, CSV…), printer
models and words of the station's data (`ml` in 鲜牛奶 950ml).
English screens: no Chinese, except what comes from the station's data (staff, products,
residents, the station's name): every run of Chinese must be found in the database.
Both: each language's own name (简体中文, English).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QWidget

from station_app.setup.printer_models import COMMON_PROFILES, printer_model
from ui.settings.display_panel import LANGUAGE_NAMES
from ui.text_slots import TextSlot, text_slots

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Words shown as they are in a Chinese UI too: keys, formats, device and brand names.
ALLOWED_ENGLISH = {
    "qr", "pin", "csv", "pdf", "alt", "ctrl", "shift", "enter", "esc", "space", "delete",
    "del", "tab", "backspace", "home", "end", "pgup", "pgdown", "up", "down", "sku", "ean",
    "escpos", "usb", "lan", "tcp", "ip", "fps", "pyzbar", "zxing", "cpp", "zxing-cpp", "opencv",
    "wechat", "alipay", "gb18030", "gbk", "utf", "json", "toml", "x", "z", "id", "mm", "kg",
    "ok", "ms", "cny", "rmb", "pos", "hmac", "tls", "ca", "url", "http", "https", "wal",
    "yyyy", "dd", "sqlite", "win32raw", "epson", "xprinter", "gprinter", "rongta",
    # label printers and scales: command languages, protocols, makes
    "tspl", "zpl", "cpcl", "tsc", "hprt", "zebra", "sics", "aclas", "dahua", "toledo",
    "mettler", "odoo", "plu", "vfd",
    # values typed as they are into settings: the simulated scale, the on-screen display
    "simulator", "virtual",
    # the scale-label rule syntax (`21.....{price:NNNDD}`): its keywords and digit masks
    "price", "weight", "nnndd", "nnddd", "nndd", "nnnnn",
}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+\-./\\:]*")
# Shown as they are on any screen: each language's name in itself (so that anyone finds
# theirs), and printer models as printed on the printers (python-escpos' profiles; its two
# generic profiles are not names, and are translated).
AS_THEY_ARE = (*(name for _code, name in LANGUAGE_NAMES),
               *(printer_model(profile).label for profile in COMMON_PROFILES
                 if profile not in ("default", "simple")))


def english_words(text: str) -> list[str]:
    """English words in `text` that a Chinese screen should not show."""
    found = []
    for token in WORD.findall(text):
        if any(ch.isdigit() for ch in token) or "/" in token or "\\" in token or "@" in token:
            continue  # a code, a size, F5, a path
        for word in re.split(r"[+\-.:_]", token):
            if len(word) >= 2 and word.lower() not in ALLOWED_ENGLISH:
                found.append(word)
    return found


def data_text(database: Path) -> str:
    """Every text the station's database holds, run together: what English screens may show
    in Chinese."""
    pieces: list[str] = []
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                pieces.extend(value for value in row
                              if isinstance(value, str) and CJK.search(value))
    return "\n".join(pieces)


def shown_slots(root: QWidget) -> list[TextSlot]:
    """Texts on screen or told to a screen reader, of the widgets of `root` on show."""
    return [slot for slot in text_slots(root)
            if slot.text and (slot.widget is root or slot.widget.isVisibleTo(root))]


def wrong_language(root: QWidget, language: str, data: str = "") -> list[str]:
    """"kind of Class: text" for each text of `root` not in `language`."""
    problems = []
    for slot in shown_slots(root):
        text = slot.text
        for name in AS_THEY_ARE:
            text = text.replace(name, " ")
        if language == "en":
            bad = [run for run in CJK.findall(text) if run not in data]
        else:
            bad = [word for word in english_words(text) if word not in data]
        if bad:
            problems.append(f"{slot.kind} of {type(slot.widget).__name__}"
                            f"({slot.widget.objectName()}): {slot.text!r}")
    return problems
