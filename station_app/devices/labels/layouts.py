"""The station's labels laid out on label stock: the bag label (提货标签) and the test label.

A label has a fixed size, so unlike a slip nothing may grow: the slot big at the top, the
order's QR code below it with the household and counts beside it, the order number and time
at the foot. Text that cannot fit is cut short with "…" (the QR code and the order number,
which find the order, are never cut), and `label.fits` holds for every label made here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from station_app.clock import STATION_ZONE, station_time
from station_app.devices.chinese_text import normalize
from station_app.devices.labels.label import (
    CELL_HEIGHT,
    CELL_WIDTH,
    MARGIN_DOTS,
    LabelBarcode,
    LabelBox,
    LabelDocument,
    LabelElement,
    LabelQr,
    LabelStock,
    LabelText,
    char_cells,
    qr_modules,
    text_width,
)
from station_app.devices.labels.label_settings import LabelPrinterSettings
from station_app.devices.pickup_label import PickupLabel
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText

# The same words as the bag label's slip (devices/pickup_label.py), so they share its
# translations.
_WORDS: dict[str, PaperText] = {
    "reprint": QT_TRANSLATE_NOOP("paper: pickup label", "** REPRINT **"),
    "no_slot": QT_TRANSLATE_NOOP("paper: pickup label", "none"),
    "pickup_code": QT_TRANSLATE_NOOP("paper: pickup label", "Pickup code"),
    "tail": QT_TRANSLATE_NOOP("paper: pickup label", "phone tail"),
    "short": QT_TRANSLATE_NOOP("paper: pickup label", "Short"),
}
_ITEMS = QT_TRANSLATE_NOOP("paper: pickup label", "%n item(s)", "", 1)
ELLIPSIS = "…"
LINE_GAP = 4  # dots between two lines of text
TEST_QR = "STATIONAPP-LABEL-TEST"


def fit_line(text: str, width: int, scale: int = 1) -> str:
    """`text` as it fits `width` dots at `scale`: whole, or cut short with "…"."""
    if text_width(text) * scale <= width:
        return text
    room = width // (CELL_WIDTH * scale) - char_cells(ELLIPSIS)
    kept, used = "", 0
    for char in text:
        if used + char_cells(char) > room:
            break
        kept, used = kept + char, used + char_cells(char)
    return kept + ELLIPSIS if room >= 0 else ""


def _qr_module(data: str, room: int) -> int:
    """The largest module (5 dots down to 2) at which the QR code of `data` fits `room`.
    Raises ValueError when even 2 does not: the label cannot carry that much."""
    for module in (5, 4, 3, 2):
        if qr_modules(data) * module <= room:
            return module
    raise ValueError(f"{len(data)} characters do not fit a QR code on this label")


def pickup_label_document(label: PickupLabel, settings: LabelPrinterSettings, *,
                          tz: tzinfo = STATION_ZONE) -> LabelDocument:
    """The bag label on the configured stock. Raises ValueError for an order number too long
    for the stock's QR code."""
    stock = settings.label_stock
    words = {key: text.in_language(label.language) for key, text in _WORDS.items()}
    width, height = stock.width_dots, stock.height_dots
    inner = width - 2 * MARGIN_DOTS
    elements: list[LabelElement] = []
    # The slot, read across the room: double size when it fits, else as much as fits.
    slot = normalize(label.slot or words["no_slot"])
    scale = 2 if text_width(slot) * 2 <= inner else 1
    elements.append(LabelText(MARGIN_DOTS, MARGIN_DOTS, fit_line(slot, inner, scale), scale))
    top = MARGIN_DOTS + CELL_HEIGHT * scale + 2 * LINE_GAP
    foot = height - MARGIN_DOTS - CELL_HEIGHT
    module = _qr_module(label.order_no, min(foot - LINE_GAP - top, inner // 2))
    qr = LabelQr(MARGIN_DOTS, top, label.order_no, module)
    elements.append(qr)
    column = MARGIN_DOTS + qr.size[0] + 2 * LINE_GAP
    beside = _beside_lines(label, words)
    y = top
    for line in beside:
        if y + CELL_HEIGHT > foot - LINE_GAP:
            break
        elements.append(LabelText(column, y, fit_line(line, width - MARGIN_DOTS - column)))
        y += CELL_HEIGHT + LINE_GAP
    when = label.labelled_at.astimezone(tz).strftime("%m-%d %H:%M")
    footer = f"{label.order_no} {when}"
    if text_width(footer) > inner:
        footer = label.order_no
    elements.append(LabelText(MARGIN_DOTS, foot, fit_line(footer, inner)))
    return _document(settings, stock, elements, f"label-{label.order_no}")


def _beside_lines(label: PickupLabel, words: dict[str, str]) -> list[str]:
    """What stands beside the QR code, most important first: the last lines give way."""
    lines = []
    if label.reprint:
        lines.append(words["reprint"])
    lines.append(normalize(f"{label.customer_name} {words['tail']} {label.phone_tail}"))
    if label.pickup_code:  # only when the station chose to print it (ShelfLayout)
        lines.append(f"{words['pickup_code']} {label.pickup_code}")
    lines.append(_ITEMS.in_language(label.language, n=label.item_count))
    if label.shortage:
        lines.append(normalize(f"{words['short']}: {label.shortage}"))
    lines.append(normalize(label.station_name))
    return lines


def layout_test_label(settings: LabelPrinterSettings, station: str,
                        at: datetime) -> LabelDocument:
    """What the set-up prints: a frame on the printable area (it must sit inside the label,
    else the size or the gap is wrong), Chinese text, a QR code and a Code 128 barcode."""
    stock = settings.label_stock
    width, height = stock.width_dots, stock.height_dots
    inner = width - 2 * MARGIN_DOTS
    pitch = CELL_HEIGHT + LINE_GAP
    x = MARGIN_DOTS + 6
    elements: list[LabelElement] = [
        LabelBox(MARGIN_DOTS, MARGIN_DOTS, inner, height - 2 * MARGIN_DOTS, 2),
        LabelText(x, x, fit_line("标签测试 LABEL TEST", inner - 12)),
        LabelText(x, x + pitch, fit_line(f"{stock.name} mm {settings.language.upper()}",
                                         inner - 12)),
        LabelText(x, x + 2 * pitch, fit_line(normalize(station) or "中文测试 ￥12.50",
                                             inner - 12)),
        LabelText(x, x + 3 * pitch, fit_line(station_time(at).strftime("%Y-%m-%d %H:%M"),
                                             inner - 12)),
    ]
    top = x + 4 * pitch
    room = height - MARGIN_DOTS - 6 - top
    module = _qr_module(TEST_QR, room)
    qr = LabelQr(x, top, TEST_QR, module)
    elements.append(qr)
    code = "A-1-001"
    barcode_x = x + qr.size[0] + 12
    if barcode_x + LabelBarcode(0, 0, code).size[0] <= width - MARGIN_DOTS - 6:
        elements.append(LabelBarcode(barcode_x, top, code, min(48, room)))
    return _document(settings, stock, elements, "label-test")


def _document(settings: LabelPrinterSettings, stock: LabelStock,
              elements: list[LabelElement], name: str) -> LabelDocument:
    return LabelDocument(stock, tuple(elements), settings.darkness, settings.speed,
                         0 if settings.direction == 0 else 1, name=name)


# Which printed documents are labels, and how each lays out on label stock.
_LABEL_LAYOUTS: dict[type, Callable[[Any, LabelPrinterSettings], LabelDocument]] = {
    PickupLabel: pickup_label_document,
}


def is_label(document: object) -> bool:
    """Whether `document` goes to the label printer when the station has one."""
    return type(document) in _LABEL_LAYOUTS


def label_document(document: object, settings: LabelPrinterSettings) -> LabelDocument:
    """`document` on the configured stock. Raises TypeError for a document that is no label,
    ValueError for one the stock cannot hold."""
    layout = _LABEL_LAYOUTS.get(type(document))
    if layout is None:
        raise TypeError(f"{type(document).__name__} is not a label")
    return layout(document, settings)
