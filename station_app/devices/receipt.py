"""The handover receipt as data.

The print journal stores this model as JSON and renders it only when the job is printed, so
a reprint after a settings change (paper width, encoding) still comes out right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from station_app.domain.outcome import LineOutcome

_LANGUAGES = ("zh_CN", "en")
_T = TypeVar("_T")


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit: str
    unit_price_fen: int
    outcome: LineOutcome

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class ReceiptOrder:
    """Another order of the same household handed over on this receipt."""

    order_no: str
    slot: str | None
    lines: tuple[ReceiptLine, ...]


@dataclass(frozen=True)
class HandoverReceipt:
    receipt_no: str
    station_name: str
    station_code: str
    order_no: str  # the QR on paper encodes exactly this
    pickup_code: str
    masked_phone: str
    slot: str | None
    handed_over_at: datetime  # aware UTC; shown in the printing machine's local time
    staff_name: str
    lines: tuple[ReceiptLine, ...]
    language: str = "zh_CN"
    reprint: bool = False
    approved_by: str | None = None  # the manager who approved a handover without the code
    more: tuple[ReceiptOrder, ...] = ()  # the household's other orders, handed over with it

    def __post_init__(self) -> None:
        if self.handed_over_at.tzinfo is None or self.handed_over_at.utcoffset() is None:
            raise ValueError("handed_over_at must be timezone-aware")
        if self.language not in _LANGUAGES:
            raise ValueError(f"language must be one of {_LANGUAGES}, not {self.language!r}")

    @property
    def taken_total_fen(self) -> int:
        """What the resident actually took: refused or missing goods are not charged."""
        every = (*self.lines, *(line for order in self.more for line in order.lines))
        return sum(line.amount_fen for line in every if line.outcome is LineOutcome.TAKEN)

    def to_json(self) -> str:
        return json.dumps(
            {
                "receipt_no": self.receipt_no,
                "station_name": self.station_name,
                "station_code": self.station_code,
                "order_no": self.order_no,
                "pickup_code": self.pickup_code,
                "masked_phone": self.masked_phone,
                "slot": self.slot,
                "handed_over_at": self.handed_over_at.isoformat(),
                "staff_name": self.staff_name,
                "lines": [_line_json(line) for line in self.lines],
                # Only a household's receipt has other orders: a one-order receipt is
                # journaled as it always was.
                **({"more": [{"order_no": order.order_no, "slot": order.slot,
                              "lines": [_line_json(line) for line in order.lines]}
                             for order in self.more]} if self.more else {}),
                "language": self.language,
                "reprint": self.reprint,
                "approved_by": self.approved_by,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> HandoverReceipt:
        """Rebuild a receipt stored by `to_json`.

        Raises ValueError when the text is not JSON or misses or mistypes a field, so the
        print journal can mark the job as broken instead of crashing the print worker.
        """
        try:
            raw = json.loads(text)
        except (json.JSONDecodeError, TypeError) as error:
            raise ValueError(f"receipt JSON is malformed: {error}") from None
        if not isinstance(raw, dict):
            raise ValueError("receipt JSON must be an object")
        raw_lines = _field(raw, "lines", list)
        slot = raw.get("slot")
        if slot is not None and not isinstance(slot, str):
            raise ValueError("receipt field 'slot' must be a string or null")
        approved_by = raw.get("approved_by")  # absent from receipts journaled before it was
        if approved_by is not None and not isinstance(approved_by, str):
            raise ValueError("receipt field 'approved_by' must be a string or null")
        try:
            handed_over_at = datetime.fromisoformat(_field(raw, "handed_over_at", str))
        except ValueError:
            raise ValueError("receipt field 'handed_over_at' is not an ISO time") from None
        return cls(
            receipt_no=_field(raw, "receipt_no", str),
            station_name=_field(raw, "station_name", str),
            station_code=_field(raw, "station_code", str),
            order_no=_field(raw, "order_no", str),
            pickup_code=_field(raw, "pickup_code", str),
            masked_phone=_field(raw, "masked_phone", str),
            slot=slot,
            handed_over_at=handed_over_at,
            staff_name=_field(raw, "staff_name", str),
            lines=tuple(_line_from(item) for item in raw_lines),
            language=_field(raw, "language", str),
            reprint=_field(raw, "reprint", bool),
            approved_by=approved_by,
            more=tuple(_order_from(item) for item in raw.get("more") or []),
        )


def _line_json(line: ReceiptLine) -> dict[str, object]:
    return {"name": line.name, "quantity": line.quantity, "unit": line.unit,
            "unit_price_fen": line.unit_price_fen, "outcome": line.outcome.value}


def _order_from(raw: object) -> ReceiptOrder:
    if not isinstance(raw, dict):
        raise ValueError("each further order must be an object")
    slot = raw.get("slot")
    if slot is not None and not isinstance(slot, str):
        raise ValueError("receipt field 'slot' must be a string or null")
    return ReceiptOrder(_field(raw, "order_no", str), slot,
                        tuple(_line_from(item) for item in _field(raw, "lines", list)))


def _line_from(raw: object) -> ReceiptLine:
    if not isinstance(raw, dict):
        raise ValueError("each receipt line must be an object")
    outcome_text = _field(raw, "outcome", str)
    try:
        outcome = LineOutcome(outcome_text)
    except ValueError:
        raise ValueError(f"unknown line outcome {outcome_text!r}") from None
    return ReceiptLine(
        name=_field(raw, "name", str),
        quantity=_field(raw, "quantity", int),
        unit=_field(raw, "unit", str),
        unit_price_fen=_field(raw, "unit_price_fen", int),
        outcome=outcome,
    )


def _field(raw: dict[str, Any], key: str, kind: type[_T]) -> _T:
    value = raw.get(key)
    # bool is an int subclass: a stored `true` must not pass as a quantity
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"receipt field {key!r} must be of type {kind.__name__}")
    return value
