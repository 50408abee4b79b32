"""What the resident may see on the customer display (客显), as plain data the desks hand over.

Only what the resident is entitled to see travels here: masked names, slots, items, amounts.
Never a full phone number, a pickup code, a PIN or what staff type: the types below have no
field that could carry one, so a desk cannot leak one by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """Where a handover stands, as the resident reads it (the display words it)."""

    CHECK = "check"  # 请核对商品: the order is up, staff fetch and check it
    HANDED_OVER = "handed_over"  # 取件成功
    PARTLY = "partly"  # 取件成功, some lines not taken (missing, damaged, refused)
    ALREADY = "already"  # 已取件
    CANCELLED = "cancelled"  # 订单已取消
    OTHER_STATION = "other_station"  # 非本站订单
    NOT_READY = "not_ready"  # not arrived or not sorted yet: 请稍候 / come back later
    REFUSED = "refused"  # the code did not work: ask staff


class Tone(StrEnum):
    """The staff banner's severity, mirrored in colour."""

    OK = "ok"
    INFO = "info"
    WARN = "warn"
    STOP = "stop"


@dataclass(frozen=True)
class ResidentItem:
    name: str
    quantity: int


@dataclass(frozen=True)
class ResidentOrder:
    order_no: str
    customer_name: str  # already masked by head office: 张**
    slot: str | None
    items: tuple[ResidentItem, ...]

    @property
    def count(self) -> int:
        return sum(item.quantity for item in self.items)


@dataclass(frozen=True)
class ResidentHandover:
    """An order (or a household's orders) at handover, and where it stands."""

    orders: tuple[ResidentOrder, ...]
    outcome: Outcome
    tone: Tone


@dataclass(frozen=True)
class ResidentCartLine:
    name: str
    quantity: int
    amount_fen: int


@dataclass(frozen=True)
class ResidentCart:
    """A walk-in sale as the resident follows it: the cart, then the payment."""

    lines: tuple[ResidentCartLine, ...]
    total_fen: int
    method: str | None = None  # cash | wechat | alipay | card, once payment is chosen
    tendered_fen: int | None = None
    change_fen: int | None = None
    paid: bool = False


@dataclass(frozen=True)
class ResidentIdle:
    """Nothing at the counter for the resident: the station's name and its notice."""


ResidentView = ResidentHandover | ResidentCart | ResidentIdle
