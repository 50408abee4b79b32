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

_TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh_CN": "提货标签", "en": "PICKUP LABEL"},
    "reprint": {"zh_CN": "** 重打印 **", "en": "** REPRINT **"},
    "slot": {"zh_CN": "货架位", "en": "Slot"},
    "no_slot": {"zh_CN": "未分配", "en": "none"},
    "pickup_code": {"zh_CN": "取件码", "en": "Pickup code"},
    "customer": {"zh_CN": "顾客", "en": "Customer"},
    "tail": {"zh_CN": "尾号", "en": "phone tail"},
    "items": {"zh_CN": "共 {n} 件", "en": "{n} item(s)"},
    "short": {"zh_CN": "缺货", "en": "Short"},
    "station": {"zh_CN": "站点", "en": "Station"},
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
        if self.language not in _TEXTS["title"]:
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
    texts = {key: value[label.language] for key, value in _TEXTS.items()}
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
    out += [TextLine(line, Align.CENTER, bold=True)
            for line in wrap(texts["items"].format(n=label.item_count), columns)]
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
