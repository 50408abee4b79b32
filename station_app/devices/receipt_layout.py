"""Lay a handover receipt out as print lines for a given paper width.

The ESC/POS renderer and the PNG preview both consume this list, so column arithmetic,
wrapping and the label catalogue exist once and the preview shows what the paper will.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import normalize
from station_app.devices.receipt import HandoverReceipt, ReceiptLine
from station_app.domain.outcome import LineOutcome
from station_app.money import format_fen
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class TextLine:
    text: str  # already fits: display_width(text) * (2 if double) <= columns
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False  # double width and height


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    data: str
    module_dots: int  # one QR module in printer dots; both back-ends draw it this size


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class DrawerKick:
    pass


PrintLine = TextLine | Rule | QrCode | Feed | Cut | DrawerKick

_LABELS: dict[str, PaperText] = {
    "title": QT_TRANSLATE_NOOP("paper: handover receipt", "HANDOVER RECEIPT"),
    "reprint": QT_TRANSLATE_NOOP("paper: handover receipt", "** REPRINT **"),
    "station": QT_TRANSLATE_NOOP("paper: handover receipt", "Station"),
    "receipt_no": QT_TRANSLATE_NOOP("paper: handover receipt", "Receipt"),
    "order_no": QT_TRANSLATE_NOOP("paper: handover receipt", "Order"),
    "pickup_code": QT_TRANSLATE_NOOP("paper: handover receipt", "Pickup code"),
    "phone": QT_TRANSLATE_NOOP("paper: handover receipt", "Phone"),
    "slot": QT_TRANSLATE_NOOP("paper: handover receipt", "Slot"),
    "time": QT_TRANSLATE_NOOP("paper: handover receipt", "Time"),
    "staff": QT_TRANSLATE_NOOP("paper: handover receipt", "Staff"),
    "approved_by": QT_TRANSLATE_NOOP("paper: handover receipt", "Approved by"),
    "item": QT_TRANSLATE_NOOP("paper: handover receipt", "Item"),
    "quantity": QT_TRANSLATE_NOOP("paper: handover receipt", "Qty"),
    "unit_price": QT_TRANSLATE_NOOP("paper: handover receipt", "Price"),
    "status": QT_TRANSLATE_NOOP("paper: handover receipt", "Status"),
    "total": QT_TRANSLATE_NOOP("paper: handover receipt", "Total"),
    "thanks": QT_TRANSLATE_NOOP("paper: handover receipt", "Thank you!"),
    LineOutcome.TAKEN: QT_TRANSLATE_NOOP("paper: handover receipt", "Taken"),
    LineOutcome.MISSING: QT_TRANSLATE_NOOP("paper: handover receipt", "Missing"),
    LineOutcome.DAMAGED: QT_TRANSLATE_NOOP("paper: handover receipt", "Damaged"),
    LineOutcome.REFUSED: QT_TRANSLATE_NOOP("paper: handover receipt", "Refused"),
}

# Below this many columns for the item name the table turns unreadable; the name then gets
# its own line(s) and the figures go underneath.
_MIN_NAME_COLUMNS = 10


def label(key: str, language: str) -> str:
    return _LABELS[key].in_language(language)


def char_width(char: str) -> int:
    """Columns one character takes on a Chinese ESC/POS printer.

    East Asian wide and full-width characters take two columns, and so does every other
    non-ASCII character: GB printers print any double-byte code (Greek, Cyrillic, "×", "é")
    in a full-width cell, so counting them as one would overflow the line.
    """
    return 1 if " " <= char <= "~" else 2


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def pad(text: str, width: int, align: Align = Align.LEFT) -> str:
    gap = max(0, width - display_width(text))
    if align is Align.RIGHT:
        return " " * gap + text
    if align is Align.CENTER:
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def wrap(text: str, width: int) -> list[str]:
    """Split text into lines of at most `width` columns, never dropping a character.

    Latin words move to the next line whole when they fit there; CJK text breaks between
    any two characters, as Chinese typesetting does.
    """
    if width < 2:
        raise ValueError("wrap width must leave room for a double-width character")
    lines: list[str] = []
    current = ""
    for unit in _units(text):
        if display_width(current) + display_width(unit) <= width:
            current += unit
            continue
        current, carried = _break_at_space(current, width)
        if current.strip():
            lines.append(current.rstrip())
        current = carried
        if unit == " ":
            continue
        if display_width(current) + display_width(unit) <= width:
            current += unit
            continue
        for char in unit:  # a unit wider than the line: break it character by character
            if display_width(current) + char_width(char) > width:
                lines.append(current)
                current = ""
            current += char
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _break_at_space(line: str, width: int) -> tuple[str, str]:
    """Move a short last phrase ("特级大果") to the next line rather than split it."""
    space = line.rfind(" ")
    tail = line[space + 1 :]
    if space > 0 and line[:space].strip() and display_width(tail) <= width // 3:
        return line[:space], tail
    return line, ""


def two_columns(left: str, right: str, columns: int) -> list[str]:
    """Left text and right-aligned text on one line, the left side wrapping if needed."""
    right_width = display_width(right)
    left_lines = wrap(left, max(2, columns - right_width - 1))
    last = left_lines[-1]
    if display_width(last) + 1 + right_width <= columns:
        return [*left_lines[:-1], last + pad(right, columns - display_width(last), Align.RIGHT)]
    return [*left_lines, pad(right, columns, Align.RIGHT)]


def layout_receipt(
    receipt: HandoverReceipt,
    columns: int,
    *,
    cut: bool = True,
    drawer_kick: bool = False,
    tz: tzinfo = STATION_ZONE,
) -> list[PrintLine]:
    """The print lines of a handover receipt for paper `columns` characters wide.

    Times print in `tz`: the station's clock, whatever zone the PC is set to.
    """
    lang = receipt.language
    out = _heading(receipt, columns)
    out.append(Rule())
    out += _handover_fields(receipt, columns, tz)
    out.append(Rule())
    out += _item_table(receipt.lines, lang, columns)
    out.append(Rule())
    for order in receipt.more:  # the household's other orders, one section each
        fields = [("order_no", order.order_no)] + ([("slot", order.slot)] if order.slot else [])
        width = max(display_width(label(key, lang)) for key, _ in fields) + 1
        out += [TextLine(line, bold=True) for key, value in fields
                for line in _key_value(label(key, lang), value, width, columns)]
        out += _item_table(order.lines, lang, columns)
        out.append(Rule())
    total = format_fen(receipt.taken_total_fen)
    out += [TextLine(line, bold=True) for line in two_columns(label("total", lang), total, columns)]
    out.append(Rule())
    out += code_to_scan(receipt.order_no, columns)
    out.append(Feed(1))
    out += centered(label("thanks", lang), columns, bold=True)
    return out + paper_end(cut=cut, drawer_kick=drawer_kick)


def centered(
    text: str, columns: int, *, bold: bool = False, double: bool = False
) -> list[TextLine]:
    """`text` centred on the paper; double-size text gets half the columns."""
    return [
        TextLine(line, Align.CENTER, bold=bold, double=double)
        for line in wrap(text, columns // 2 if double else columns)
    ]


def code_to_scan(code: str, columns: int) -> list[PrintLine]:
    """A number as a QR code with its text underneath, for the counter to scan back."""
    return [QrCode(code, module_dots=6 if columns >= 48 else 5), *centered(code, columns)]


def paper_end(*, cut: bool, drawer_kick: bool) -> list[PrintLine]:
    """Open the cash drawer if asked, then cut the receipt off."""
    end: list[PrintLine] = [DrawerKick()] if drawer_kick else []
    # No cutter: feed to bring the last line past the tear bar.
    return [*end, Cut() if cut else Feed(4)]


def _heading(receipt: HandoverReceipt, columns: int) -> list[PrintLine]:
    lang = receipt.language
    out: list[PrintLine] = [
        *centered(label("title", lang), columns, bold=True, double=True),
        *centered(normalize(receipt.station_name), columns, bold=True),
        *centered(f"{label('station', lang)} {receipt.station_code}", columns),
    ]
    if receipt.reprint:
        out += centered(label("reprint", lang), columns, bold=True, double=True)
    return out


def _handover_fields(receipt: HandoverReceipt, columns: int, tz: tzinfo) -> list[PrintLine]:
    """Who took which order when, as label/value lines; the codes staff check print bold."""
    lang = receipt.language
    local_time = receipt.handed_over_at.astimezone(tz)
    fields: list[tuple[str, str, bool]] = [
        ("receipt_no", receipt.receipt_no, False),
        ("order_no", receipt.order_no, False),
        ("pickup_code", receipt.pickup_code, True),
        ("phone", receipt.masked_phone, False),
    ]
    if receipt.slot:
        fields.append(("slot", receipt.slot, True))
    fields += [
        ("time", f"{local_time:%Y-%m-%d %H:%M:%S}", False),
        ("staff", receipt.staff_name, False),
    ]
    if receipt.approved_by:  # a phone-tail or bag-label handover: the manager answers for it
        fields.append(("approved_by", receipt.approved_by, False))
    label_width = max(display_width(label(key, lang)) for key, _, _ in fields) + 1
    return [
        TextLine(line, bold=bold)
        for key, value, bold in fields
        for line in _key_value(label(key, lang), normalize(value), label_width, columns)
    ]


def _key_value(key: str, value: str, label_width: int, columns: int) -> list[str]:
    value_width = columns - label_width
    if value_width < 8:  # label too wide for this paper: put the value underneath
        return [*wrap(key, columns), *wrap(value, columns)]
    lines = wrap(value, value_width)
    return [pad(key, label_width) + lines[0], *(" " * label_width + rest for rest in lines[1:])]


def _item_table(lines: Sequence[ReceiptLine], lang: str, columns: int) -> list[PrintLine]:
    rows = [
        (
            normalize(line.name),
            f"{line.quantity}{normalize(line.unit)}",
            format_fen(line.unit_price_fen),
            label(line.outcome, lang),
        )
        for line in lines
    ]
    # lines that did not go home with the resident print bold so the counter staff notice
    flags = [line.outcome is not LineOutcome.TAKEN for line in lines]
    header = (
        label("item", lang),
        label("quantity", lang),
        label("unit_price", lang),
        label("status", lang),
    )
    widths = [max(display_width(cell[i]) for cell in [header, *rows]) for i in (1, 2, 3)]
    name_width = columns - sum(widths) - 3
    out: list[PrintLine] = []

    def figures(qty: str, price: str, status: str) -> str:
        cells = (qty, price, status)
        return " ".join(
            pad(cell, width, Align.RIGHT) for cell, width in zip(cells, widths, strict=True)
        )

    if name_width >= _MIN_NAME_COLUMNS:
        out.append(TextLine(pad(header[0], name_width) + " " + figures(*header[1:])))
        out.append(Rule())
        for (name, qty, price, status), flagged in zip(rows, flags, strict=True):
            name_lines = wrap(name, name_width)
            out.append(
                TextLine(
                    pad(name_lines[0], name_width) + " " + figures(qty, price, status), bold=flagged
                )
            )
            out += [TextLine(rest, bold=flagged) for rest in name_lines[1:]]
        return out

    out.append(TextLine(header[0]))
    out += [TextLine(line) for line in wrap(" ".join(header[1:]), columns)]
    out.append(Rule())
    for (name, qty, price, status), flagged in zip(rows, flags, strict=True):
        out += [TextLine(line, bold=flagged) for line in wrap(name, columns)]
        detail = f"{qty} x {price} {status}"
        out += [TextLine(line, Align.RIGHT, bold=flagged) for line in wrap(detail, columns)]
    return out


def _units(text: str) -> list[str]:
    """Words of printable ASCII, single spaces, and single other characters."""
    units: list[str] = []
    for char in text.replace("\t", " ").replace("\n", " "):
        if char == " " or char_width(char) == 2:
            units.append(char)
        elif units and units[-1] != " " and char_width(units[-1][-1]) == 1:
            units[-1] += char
        else:
            units.append(char)
    return units
