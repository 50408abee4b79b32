"""Plain-data results of the handover service: what the counter shows, nothing ORM-bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from station_app.domain.order_state import Verdict
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import ScanKind, ScanProblem


@dataclass(frozen=True)
class LineView:
    line_id: int
    line_no: int
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price_fen: int
    outcome: LineOutcome | None = None  # set once the order was handed over
    short: int = 0  # units that did not come at receiving
    placed: int = 0  # units sorting put into the bag


@dataclass(frozen=True)
class OrderView:
    order_no: str
    station_id: str
    pickup_code: str
    masked_phone: str
    customer_name: str
    slot: str | None
    state: str
    verdict: Verdict
    holding_deadline: datetime
    lines: tuple[LineView, ...]
    handed_over_at: datetime | None = None
    handed_over_by: str | None = None
    # What did not come at receiving, as staff read it ("红富士苹果 2.5kg ×1、…"). None: complete.
    shortage: str | None = None
    sorted_at: datetime | None = None  # when sorting finished the bag; None: not sorted
    # The household's other orders that can go out now (same masked phone, phone tail and
    # name), filled in by a lookup: "this household has 2 more ready orders".
    household: tuple[str, ...] = ()

    @property
    def sorting_unfinished(self) -> tuple[int, int] | None:
        """(units in the bag, units to put in) for a ready order whose sorting began and did
        not finish: the card warns that the bag may be incomplete. None otherwise."""
        placed = sum(line.placed for line in self.lines)
        if self.sorted_at is not None or placed == 0 or self.state != "ready":
            return None
        return placed, sum(line.quantity - line.short for line in self.lines)

    @property
    def short_line_ids(self) -> tuple[int, ...]:
        """Lines short at receiving: the card marks them missing before staff confirm."""
        return tuple(line.line_id for line in self.lines if line.short)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def total_fen(self) -> int:
        return sum(line.quantity * line.unit_price_fen for line in self.lines)

    @property
    def handed_over(self) -> bool:
        """Whether the lines carry the outcomes recorded at the handover."""
        return any(line.outcome is not None for line in self.lines)

    @property
    def taken_count(self) -> int:
        """Units the resident took at the handover (what the receipt charges); 0 before it."""
        return sum(line.quantity for line in self.lines if line.outcome is LineOutcome.TAKEN)

    @property
    def taken_fen(self) -> int:
        """The value of the units taken: the receipt's total."""
        return sum(line.quantity * line.unit_price_fen for line in self.lines
                   if line.outcome is LineOutcome.TAKEN)


# What scanned or typed text proves about whose order it is: the resident's own proof (the
# pickup code, a valid signed token) hands it over; anything weaker needs a manager.
WEAK_PROOF: frozenset[ScanKind] = frozenset({ScanKind.PHONE_TAIL, ScanKind.ORDER_NO})


class LookupOutcome(StrEnum):
    FOUND = "found"
    CHOOSE = "choose"  # several orders share the phone tail: staff pick one
    NOT_FOUND = "not_found"
    OTHER_STATION = "other_station"  # an order number of another station, not held here
    UNUSABLE = "unusable"  # the text is no code at all
    TOKEN_REJECTED = "token_rejected"  # a pickup QR code that must not be honoured: see why


class TokenProblem(StrEnum):
    """Why a scanned pickup token was not honoured; each gets its own banner."""

    FORGED = "forged"  # not signed by head office, and matches no order here
    TAMPERED = "tampered"  # a real order's code, edited after head office signed it
    EXPIRED = "expired"
    UNKNOWN_KEY = "unknown_key"  # signed with a key this counter has not received
    OTHER_STATION = "other_station"  # genuine, for another station (outcome OTHER_STATION)
    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported_version"


@dataclass(frozen=True)
class LookupResult:
    outcome: LookupOutcome
    method: ScanKind | None = None
    order: OrderView | None = None
    choices: tuple[OrderView, ...] = ()
    problem: ScanProblem | None = None
    shown: str = ""  # the code as staff should see it echoed in the banner
    other_station: str | None = None
    token_problem: TokenProblem | None = None
    # The text to hand back to `confirm` as the proof (what was scanned, normalised).
    proof: str = ""

    @property
    def needs_manager(self) -> bool:
        """Whether handing over on this lookup needs a manager: found by phone tail or by
        order number (a bag label), not by the resident's code."""
        return self.method in WEAK_PROOF


@dataclass(frozen=True)
class HandoverDone:
    order: OrderView  # as it stands after the handover
    handover_id: int
    receipt_no: str
    event_id: str
    station_seq: int
    print_job_id: int
    taken_count: int
    exception_count: int  # lines missing, damaged or refused
    # The household's other orders handed over with it, in the same transaction and receipt.
    more: tuple[OrderView, ...] = ()

    @property
    def orders(self) -> tuple[OrderView, ...]:
        return (self.order, *self.more)


class RefusalReason(StrEnum):
    NOT_HANDABLE = "not_handable"  # see the verdict: already handed over, cancelled, …
    UNKNOWN_ORDER = "unknown_order"
    BAD_OUTCOMES = "bad_outcomes"  # outcomes name lines the order does not have
    NO_PROOF = "no_proof"  # what was scanned does not prove this order (detail: why)


@dataclass
class HandoverRefused(Exception):
    reason: RefusalReason
    verdict: Verdict | None = None
    order: OrderView | None = None
    detail: str = field(default="")

    def __str__(self) -> str:
        return f"handover refused: {self.reason} {self.verdict or ''} {self.detail}".strip()


@dataclass(frozen=True)
class RecentHandover:
    handover_id: int
    order_no: str
    customer_name: str
    masked_phone: str
    slot: str | None
    handed_over_at: datetime
    staff_name: str
    item_count: int
    exception_count: int
    print_status: str | None
    print_job_id: int | None
