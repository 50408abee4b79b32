"""Plain-data inputs and results of the receiving service: what the desk shows, nothing
ORM-bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DiscrepancyReason(StrEnum):
    """Why a line differs from the manifest; staff pick one, or it is inferred on confirm."""

    SHORT = "short"
    DAMAGED = "damaged"
    EXTRA = "extra"
    WRONG_ITEM = "wrong_item"
    EXPIRED = "expired"
    OTHER = "other"


def inferred_reason(expected: int, received: int, damaged: int) -> str | None:
    """The reason a differing line gets on confirm when staff gave none."""
    if damaged > 0:
        return DiscrepancyReason.DAMAGED.value
    if received < expected:
        return DiscrepancyReason.SHORT.value
    if received > expected:
        return DiscrepancyReason.EXTRA.value
    return None


class ScanKind(StrEnum):
    CARTON = "carton"
    ITEM = "item"
    BAG = "bag"


# --- plain-data views ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestSummary:
    manifest_no: str
    delivery_date: str
    source: str
    line_count: int
    expected_units: int
    received_units: int
    order_count: int


@dataclass(frozen=True)
class LineCount:
    line_id: int
    line_no: int
    sku: str
    name: str
    unit: str
    expected: int
    received: int
    damaged: int
    carton_code: str | None
    carton_units: int
    reason: str | None = None
    note: str | None = None
    has_photo: bool = False

    @property
    def difference(self) -> int:
        """Good units against expected: negative short, positive extra."""
        return self.received - self.expected

    @property
    def is_extra(self) -> bool:
        return self.expected == 0

    @property
    def differs(self) -> bool:
        """Short, over or damaged: a discrepancy (差异) to check before confirming."""
        return self.received != self.expected or self.damaged > 0

    @property
    def reason_on_confirm(self) -> str | None:
        """The reason staff chose, else the one confirming will record."""
        return self.reason or inferred_reason(self.expected, self.received, self.damaged)


@dataclass(frozen=True)
class Progress:
    """The manifest's totals. Units alone can hide discrepancies (one line short and one over
    add up to "104 / 104"), so the lines short of and over their expected count come too."""

    expected_units: int
    received_units: int  # good units counted in so far
    damaged_units: int
    short_lines: int = 0  # fewer good units than expected
    extra_lines: int = 0  # more good units than expected (extra lines included)
    damaged_lines: int = 0  # with at least one damaged unit

    @property
    def complete(self) -> bool:
        """Every line as expected: nothing short, over or damaged."""
        return not (self.short_lines or self.extra_lines or self.damaged_lines)


@dataclass(frozen=True)
class ManifestView:
    manifest_no: str
    delivery_date: str
    state: str
    lines: tuple[LineCount, ...]
    orders: tuple[tuple[str, bool], ...]  # (order number, bag scanned)
    progress: Progress


@dataclass(frozen=True)
class ScanCounted:
    """What one scan changed: the lines to redraw (not the whole manifest) and the totals."""

    kind: ScanKind
    code: str
    lines: tuple[LineCount, ...]
    added_units: int
    progress: Progress
    new_line: bool = False  # an extra line the screen has not shown yet
    order_no: str | None = None  # the bag's order
    typed: bool = False  # counts staff typed (set_count), not a scan


@dataclass(frozen=True)
class ReceiveDone:
    manifest_no: str
    event_id: str
    station_seq: int
    ready_orders: tuple[str, ...]  # all goods present
    short_orders: tuple[str, ...]  # ready, but some goods missing (Order.shortage)
    waiting_orders: tuple[str, ...]  # none of their goods came: still not arrived
    unslotted_orders: tuple[str, ...]  # the shelf was full
    print_job_ids: tuple[int, ...]
    movements: int
    lines: tuple[LineCount, ...]
    # Received, waiting to be sorted into their bags (ready_when = "sorted").
    to_sort_orders: tuple[str, ...] = ()


# --- refusals -----------------------------------------------------------------------------------


class ReceivingRefusal(StrEnum):
    UNKNOWN_MANIFEST = "unknown_manifest"
    ALREADY_RECEIVED = "already_received"
    UNKNOWN_CODE = "unknown_code"  # no carton, bag or product barcode of that text
    BAG_ALREADY_SCANNED = "bag_already_scanned"
    BAD_COUNT = "bad_count"  # negative, or more than MAX_UNITS
    UNKNOWN_SKU = "unknown_sku"
    BAD_REASON = "bad_reason"
    NOTE_TOO_LONG = "note_too_long"
    OTHER_COUNTER = "other_counter"  # deliveries are received at counter `detail`


@dataclass
class ReceivingRefused(Exception):
    reason: ReceivingRefusal
    manifest_no: str = ""
    code: str = ""  # the scanned code or the SKU, as staff should see it
    detail: str = field(default="")

    def __str__(self) -> str:
        return f"receiving refused: {self.reason} {self.manifest_no} {self.code} " \
               f"{self.detail}".strip()
