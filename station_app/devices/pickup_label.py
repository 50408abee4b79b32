"""The pickup label (提货标签) stuck on a ready order's bag: the slot big, the order as a QR code.

Staff read the slot across the room; the QR code holds the order number, so scanning the bag
at the counter finds the order (handing it over on that alone needs a manager: a bag label is
no proof from the resident). The pickup code is printed only when the station chose to
(`[shelf] label_pickup_code`). The resident's name and phone are printed only as head office
masked them (张**, phone tail).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, tzinfo

from station_app.clock import STATION_ZONE
from station_app.devices.chinese_text import normalize
from station_app.devices.receipt_layout import (
    Align,
    Cut,
    Feed,
    PrintLine,
    QrCode,
    Rule,
    TextLine,
    wrap,
)
from station_app.paper_words import LANGUAGES, QT_TRANSLATE_NOOP, PaperText

_TEXTS: dict[str, PaperText] = {
    "title": QT_TRANSLATE_NOOP("paper: pickup label", "PICKUP LABEL"),
    "reprint": QT_TRANSLATE_NOOP("paper: pickup label", "** REPRINT **"),
    "slot": QT_TRANSLATE_NOOP("paper: pickup label", "Slot"),
    "no_slot": QT_TRANSLATE_NOOP("paper: pickup label", "none"),
    "pickup_code": QT_TRANSLATE_NOOP("paper: pickup label", "Pickup code"),
    "customer": QT_TRANSLATE_NOOP("paper: pickup label", "Customer"),
    "tail": QT_TRANSLATE_NOOP("paper: pickup label", "phone tail"),
    "items": QT_TRANSLATE_NOOP("paper: pickup label", "%n item(s)", "", 1),
    "short": QT_TRANSLATE_NOOP("paper: pickup label", "Short"),
    "station": QT_TRANSLATE_NOOP("paper: pickup label", "Station"),
}


@dataclass(frozen=True)
class PickupLabel:
    order_no: str
    slot: str
    pickup_code: str
    customer_name: str  # already masked by head office: 张**
    phone_tail: str  # last 4 digits only
    item_count: int
    station_name: str
    station_code: str
    labelled_at: datetime
    shortage: str | None = None  # what did not come, e.g. "苹果 ×1"
    language: str = "zh_CN"
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.labelled_at.tzinfo is None:
            raise ValueError("labelled_at must be timezone-aware")
        if self.language not in LANGUAGES:
            raise ValueError(f"unknown label language {self.language!r}")

    def to_json(self) -> str:
        return json.dumps({
            "kind": "pickup_label", "order_no": self.order_no, "slot": self.slot,
            "pickup_code": self.pickup_code, "customer_name": self.customer_name,
            "phone_tail": self.phone_tail, "item_count": self.item_count,
            "station_name": self.station_name, "station_code": self.station_code,
            "labelled_at": self.labelled_at.isoformat(), "shortage": self.shortage,
            "language": self.language, "reprint": self.reprint,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> PickupLabel:
        """Raises ValueError for anything that is not a label written by `to_json`."""
        try:
            raw = json.loads(text)
            if raw.get("kind") != "pickup_label":
                raise ValueError("not a pickup label")
            return cls(str(raw["order_no"]), str(raw["slot"]), str(raw["pickup_code"]),
                       str(raw["customer_name"]), str(raw["phone_tail"]),
                       int(raw["item_count"]), str(raw["station_name"]),
                       str(raw["station_code"]), datetime.fromisoformat(raw["labelled_at"]),
                       None if raw.get("shortage") is None else str(raw["shortage"]),
                       str(raw.get("language", "zh_CN")), bool(raw.get("reprint", False)))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"pickup label JSON is malformed: {error}") from None


def layout_label(label: PickupLabel, columns: int, *, cut: bool = True,
                 tz: tzinfo = STATION_ZONE) -> list[PrintLine]:
    """The label's print lines: title, the slot in double size, QR, code, customer, count."""
    texts = {key: value.in_language(label.language) for key, value in _TEXTS.items()
             if not value.counted}
    half = columns // 2
    out: list[PrintLine] = [TextLine(line, Align.CENTER, bold=True)
                            for line in wrap(texts["title"], columns)]
    if label.reprint:
        out += [TextLine(line, Align.CENTER, bold=True)
                for line in wrap(texts["reprint"], columns)]
    out.append(TextLine(texts["slot"], Align.CENTER))
    out += [TextLine(line, Align.CENTER, bold=True, double=True)
            for line in wrap(label.slot or texts["no_slot"], half)]
    out.append(Rule())
    out.append(QrCode(label.order_no, module_dots=6 if columns >= 48 else 5))
    out += [TextLine(line, Align.CENTER) for line in wrap(label.order_no, columns)]
    if label.pickup_code:  # only when the station chose to print it (ShelfLayout)
        out += [TextLine(line, Align.CENTER, bold=True, double=True)
                for line in wrap(f"{texts['pickup_code']} {label.pickup_code}", half)]
    customer = f"{label.customer_name} {texts['tail']} {label.phone_tail}"
    out += [TextLine(line, Align.CENTER) for line in wrap(normalize(customer), columns)]
    items = _TEXTS["items"].in_language(label.language, n=label.item_count)
    out += [TextLine(line, Align.CENTER, bold=True) for line in wrap(items, columns)]
    if label.shortage:
        out += [TextLine(line, bold=True)
                for line in wrap(normalize(f"{texts['short']}: {label.shortage}"), columns)]
    out.append(Rule())
    station = f"{label.station_name} {label.station_code}"
    out += [TextLine(line, Align.CENTER) for line in wrap(normalize(station), columns)]
    out.append(TextLine(label.labelled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                        Align.CENTER))
    out.append(Feed(3))
    if cut:
        out.append(Cut())
    return out
