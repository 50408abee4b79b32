"""What the shifts service hands back: plain data, refusals and the shift's figures, and the
cash count both the shift desk and the service work out (`DrawerCount`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from station_app.money import cash_difference_fen

# The RMB notes and coins a drawer holds, in fen, largest first: ¥100 … ¥0.1.
DENOMINATIONS: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10)
METHODS: tuple[str, ...] = ("cash", "wechat", "alipay", "card")
MAX_FLOAT_FEN = 1_000_000  # ¥10,000 in a counter's drawer at opening is a typo
MAX_CASH_MOVE_FEN = 1_000_000
MAX_PIECES = 10_000  # of one note or coin
MAX_REASON = 200


def parse_pieces(text: str) -> int | None:
    """The pieces of one note or coin as typed at the count: 0 to MAX_PIECES, else None."""
    typed = text.strip()
    return int(typed) if typed.isdigit() and pieces_fit(int(typed)) else None


def pieces_fit(pieces: int) -> bool:
    return 0 <= pieces <= MAX_PIECES


@dataclass(frozen=True)
class DrawerCount:
    """The drawer counted note by note: pieces per denomination (fen → pieces) and what they
    come to. The shift desk shows it while staff count; `Shifts.close` records the same sum."""

    pieces: Mapping[int, int] = field(default_factory=lambda: dict.fromkeys(DENOMINATIONS, 0))

    def of(self, denomination: int) -> int:
        return self.pieces.get(denomination, 0)

    def amount_fen(self, denomination: int) -> int:
        return denomination * self.of(denomination)

    @property
    def total_fen(self) -> int:
        """Σ denomination × pieces."""
        return sum(self.amount_fen(denomination) for denomination in self.pieces)

    def with_pieces(self, denomination: int, pieces: int) -> DrawerCount:
        return DrawerCount({**self.pieces, denomination: pieces})

    def variance_fen(self, expected_fen: int) -> int:
        """Counted − expected (money.cash_difference_fen): over above 0, short below."""
        return cash_difference_fen(self.total_fen, expected_fen)


class ShiftState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CashKind(StrEnum):
    CASH_IN = "cash_in"  # 存入: change brought in, a float top-up
    CASH_OUT = "cash_out"  # 取出: a bank drop, a small expense paid from the drawer
    NO_SALE = "no_sale"  # the drawer opened without a sale (amount 0)


class ShiftRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # unknown or inactive staff
    NOT_YOURS = "not_yours"  # another cashier's shift (a manager may act on any)
    ALREADY_OPEN = "already_open"  # one open shift per cashier (detail: its number)
    NO_OPEN_SHIFT = "no_open_shift"
    UNKNOWN_SHIFT = "unknown_shift"
    NOT_OPEN = "not_open"  # closed already
    BAD_FLOAT = "bad_float"  # negative, not a whole number of fen, or absurd
    BAD_AMOUNT = "bad_amount"  # cash in/out: not above 0, or absurd
    REASON_MISSING = "reason_missing"  # or longer than MAX_REASON
    NEEDS_MANAGER = "needs_manager"  # cash out: the approver is not an active manager
    BAD_DENOMINATION = "bad_denomination"  # not an RMB note or coin in DENOMINATIONS
    BAD_PIECES = "bad_pieces"  # negative or absurd count of one denomination
    VARIANCE_NEEDS_MANAGER = "variance_needs_manager"  # |variance| above the threshold
    OTHER_COUNTER = "other_counter"  # the shift's drawer is at another counter (detail: its no.)


class ShiftRefused(Exception):
    """A shift or cash request that cannot be done. Raised before anything is written."""

    def __init__(self, reason: ShiftRefusal, detail: str = "",
                 variance_fen: int | None = None) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.variance_fen = variance_fen  # VARIANCE_NEEDS_MANAGER: counted − expected


@dataclass(frozen=True)
class CashMoveView:
    kind: CashKind
    amount_fen: int
    reason: str
    at: datetime
    staff_id: int
    approved_by: int | None


@dataclass(frozen=True)
class ShiftTotals:
    """The shift's recorded facts, summed. Sales and refunds are those carrying the shift's id
    (Sale.shift_id); `by_method` is the sales (not net of refunds) per payment method, so it
    adds up to `sales_fen`. A void is a sale of this shift refunded in full by refunds of this
    same shift (count and value); voids are included in sales and refunds too."""

    sales: int = 0
    sales_fen: int = 0
    by_method: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))
    refunds: int = 0
    refunds_fen: int = 0
    refunds_by_method: Mapping[str, int] = field(
        default_factory=lambda: dict.fromkeys(METHODS, 0))
    voids: int = 0
    voids_fen: int = 0
    discounts_fen: int = 0
    cash_in_fen: int = 0
    cash_out_fen: int = 0
    no_sale_opens: int = 0
    handovers: int = 0  # handovers this cashier confirmed during the shift
    exceptions: int = 0  # lines of those handovers not taken (missing, damaged, refused)
    cash_moves: tuple[CashMoveView, ...] = ()

    def payload(self) -> dict[str, Any]:
        """The `totals` object of the `shift.closed` event (contract)."""
        return {
            "sales_fen": self.sales_fen,
            "refunds_fen": self.refunds_fen,
            "by_method": {method: self.by_method.get(method, 0) for method in METHODS},
            "cash_in_fen": self.cash_in_fen,
            "cash_out_fen": self.cash_out_fen,
            "no_sale_opens": self.no_sale_opens,
            "handovers": self.handovers,
            "sales": self.sales,
            "refunds": self.refunds,
        }


@dataclass(frozen=True)
class ShiftView:
    shift_no: str
    staff_id: int
    staff_name: str
    state: ShiftState
    opened_at: datetime
    float_fen: int
    blind: bool
    expected_cash_fen: int  # live while open; as recorded at closing after
    totals: ShiftTotals
    closed_at: datetime | None = None
    counted_cash_fen: int | None = None
    variance_fen: int | None = None
    approved_by: int | None = None
    approver_name: str | None = None
    z_no: int | None = None
    x_reports: int = 0
    counts: Mapping[int, int] = field(default_factory=dict)  # denomination → pieces (closed)


@dataclass(frozen=True)
class CashMoved:
    shift_no: str
    kind: CashKind
    amount_fen: int
    event_id: str


@dataclass(frozen=True)
class ShiftClosed:
    shift: ShiftView
    z_no: int
    event_id: str
    job_id: int  # the journaled Z report: print it after the commit
