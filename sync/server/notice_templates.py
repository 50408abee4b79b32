"""The words of every notice head office sends a resident, in one place.

A template is a `str.format` pattern over the order's facts: `station_name`, `pickup_code`,
`slot`, `order_no` and `deadline`, a date on the station's clock (China time) whose `%m`/`%d`
print without a leading zero, as a resident reads a date ("12月7日", never "12月07日").
Chinese is the default and, for now, the only language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from station_app.clock import station_time

READY = "ready"
OVERDUE_REMINDER = "overdue_reminder"
KINDS = (READY, OVERDUE_REMINDER)

DEFAULT_LANGUAGE = "zh"
# (kind, with a slot?) → template. An order sorted into a bag without a shelf slot gets the
# words without 货架: "货架None" or "货架" alone would send the resident looking for nothing.
TEMPLATES: dict[str, dict[tuple[str, bool], str]] = {
    "zh": {
        (READY, True): "您在{station_name}的订单已到，取件码{pickup_code}，货架{slot}，"
                       "请于{deadline:%m月%d日}前取件",
        (READY, False): "您在{station_name}的订单已到，取件码{pickup_code}，"
                        "请于{deadline:%m月%d日}前取件",
        (OVERDUE_REMINDER, True): "您在{station_name}的订单已于{deadline:%m月%d日}到期，"
                                  "取件码{pickup_code}，货架{slot}，请尽快取件，逾期将退回",
        (OVERDUE_REMINDER, False): "您在{station_name}的订单已于{deadline:%m月%d日}到期，"
                                   "取件码{pickup_code}，请尽快取件，逾期将退回",
    },
}

_FIELD = re.compile(r"%([YmdHM%])")


class StationDate:
    """A moment formatted on the station's clock; `%m` and `%d` without leading zeros."""

    def __init__(self, moment: datetime) -> None:
        self.local = station_time(moment)

    def __format__(self, spec: str) -> str:
        local = self.local
        values = {"Y": str(local.year), "m": str(local.month), "d": str(local.day),
                  "H": f"{local.hour:02d}", "M": f"{local.minute:02d}", "%": "%"}
        return _FIELD.sub(lambda found: values[found.group(1)], spec or "%Y-%m-%d")


@dataclass(frozen=True)
class NoticeFacts:
    """What a notice says about one order."""

    station_name: str
    order_no: str
    pickup_code: str
    slot: str | None
    deadline: datetime


def render(kind: str, facts: NoticeFacts, language: str = DEFAULT_LANGUAGE) -> str:
    """The notice's text. Raises KeyError for an unknown kind or language."""
    template = TEMPLATES[language][(kind, bool(facts.slot))]
    return template.format(station_name=facts.station_name, order_no=facts.order_no,
                           pickup_code=facts.pickup_code, slot=facts.slot or "",
                           deadline=StationDate(facts.deadline))
