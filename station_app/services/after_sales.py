"""After-sales (售后): refund requests to head office, and head office's answers.

A request comes from two places: a handover line the resident refused, found damaged or found
missing (written in the handover's own transaction), or goods brought back to the counter after
the handover (`AfterSales.register_return`). Head office answers by sync; the puller calls
`apply_answer` inside its page transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.outcome import LineOutcome
from station_app.domain.stock import MovementReason
from station_app.services.authority import require_staff
from station_app.services.history_notes import note_facts
from station_app.services.outbox import append_event
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Handover,
    HandoverLine,
    Order,
    OrderLine,
    OrderNote,
    RefundRequest,
    Staff,
)

REFUND_EVENT = EventType.REFUND_REQUESTED
MAX_RETURN_QUANTITY = 999  # more than any one order line: a typo, not a return
MAX_REASON_LENGTH = 200


class RefundSource(StrEnum):
    REFUSED = "refused"
    DAMAGED = "damaged"
    MISSING = "missing"
    RETURNED = "returned"  # brought back to the counter after the handover


class RefundState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class NoteKind(StrEnum):
    """Kinds of OrderNote this module and its neighbours write."""

    REFUND_REQUESTED = "refund_requested"
    REFUND_ANSWERED = "refund_answered"
    REMINDED = "reminded"
    RETURN_LISTED = "return_listed"  # put into a return shipment
    RETURNED = "returned"  # shipped back to head office


# Which handover outcomes become refund requests, and the reason written on them. The reason is
# a fixed English sentence for head office: a screen says the source in its own words instead.
SOURCE_FOR_OUTCOME = {
    LineOutcome.REFUSED: (RefundSource.REFUSED, "refused by the resident at handover"),
    LineOutcome.DAMAGED: (RefundSource.DAMAGED, "found damaged at handover"),
    LineOutcome.MISSING: (RefundSource.MISSING, "missing at handover"),
}
# Requests whose reason is one of those sentences; a counter return's reason is staff's words.
HANDOVER_SOURCES = frozenset(source for source, _reason in SOURCE_FOR_OUTCOME.values())


class ReturnProblem(StrEnum):
    UNKNOWN_ORDER = "unknown_order"
    NOT_HANDED_OVER = "not_handed_over"  # not (yet) handed over at this counter
    UNKNOWN_SKU = "unknown_sku"  # not in that order
    MORE_THAN_TAKEN = "more_than_taken"  # a return of something never sold
    BAD_QUANTITY = "bad_quantity"  # zero, negative or absurd
    NO_REASON = "no_reason"


class ReturnRefused(Exception):
    """A counter return that must not be written; nothing was written."""

    def __init__(self, reason: ReturnProblem, detail: str = "", *,
                 returnable: int | None = None) -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.returnable = returnable  # for MORE_THAN_TAKEN: how many may still come back


class AnswerRefused(ValueError):
    """Head office's answer cannot apply: unknown request, bad decision or a changed mind."""


@dataclass(frozen=True)
class RefundView:
    request_no: str
    order_no: str
    sku: str
    name: str
    quantity: int
    source: RefundSource
    reason: str
    state: RefundState
    requested_at: datetime
    staff_name: str
    has_photo: bool
    answered_at: datetime | None
    answer_note: str | None


@dataclass(frozen=True)
class ReturnableLine:
    """One SKU of a handed-over order, with what may still come back over the counter."""

    sku: str
    name: str
    unit: str
    ordered: int
    taken: int
    returned: int

    @property
    def returnable(self) -> int:
        return self.taken - self.returned


@dataclass(frozen=True)
class HandoverLineFact:
    name: str
    quantity: int
    outcome: LineOutcome


@dataclass(frozen=True)
class HistoryEntry:
    """One event in an order's life. `kind` and `facts` (history_notes) are what a screen
    words in its language; `text` is the note as stored, for a kind it does not know."""

    at: datetime
    kind: str  # handover | a NoteKind | received | slotted
    text: str
    staff_name: str | None
    facts: Mapping[str, str] = field(default_factory=dict)
    lines: tuple[HandoverLineFact, ...] = ()  # handover: each line and its outcome


@dataclass(frozen=True)
class OrderHistory:
    order_no: str
    pickup_code: str
    masked_phone: str
    state: str
    handed_over_at: datetime | None
    lines: tuple[ReturnableLine, ...]
    requests: tuple[RefundView, ...]
    entries: tuple[HistoryEntry, ...]  # newest first


@dataclass(frozen=True)
class ReturnDone:
    request_no: str
    order_no: str
    sku: str
    quantity: int
    event_id: str
    station_seq: int


def _next_request_no(session: Session, station_id: str) -> str:
    prefix = f"AS-{station_id}-"  # 售后 (after-sales): "R-" is a sale refund's receipt
    # Zero-padded numbers sort as text; rows are never deleted, so the max only grows.
    last = session.scalar(select(func.max(RefundRequest.request_no))
                          .where(RefundRequest.request_no.like(f"{prefix}%")))
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _add_request(session: Session, station_id: str, order_no: str, sku: str, quantity: int,
                 source: RefundSource, reason: str, photo_path: str | None, staff_id: int,
                 now: datetime) -> tuple[RefundRequest, str, int]:
    """The request, its movement (for goods brought back), its event and its note."""
    request_no = _next_request_no(session, station_id)
    movements = []
    if source is RefundSource.RETURNED:
        post_movement(session, sku, quantity, MovementReason.CUSTOMER_RETURN, request_no,
                      staff_id, now)
        movements.append({"sku": sku, "delta": quantity,
                          "reason": MovementReason.CUSTOMER_RETURN.value})
    event = append_event(session, station_id, REFUND_EVENT, {
        "station_id": station_id,
        "staff_id": staff_id,
        "movements": movements,
        "request_no": request_no,
        "order_no": order_no,
        "sku": sku,
        "quantity": quantity,
        "source": source.value,
        "reason": reason,
        "requested_at": now.isoformat(),
        "has_photo": photo_path is not None,
    }, now)
    request = RefundRequest(
        request_no=request_no, order_no=order_no, sku=sku, quantity=quantity,
        source=source.value, reason=reason, photo_path=photo_path, staff_id=staff_id,
        requested_at=now, state=RefundState.REQUESTED.value, answered_at=None,
        answer_note=None, event_id=event.event_id)
    session.add(request)
    session.add(OrderNote(order_no=order_no, kind=NoteKind.REFUND_REQUESTED.value,
                          text=f"{request_no}: {sku} ×{quantity} ({source.value}) {reason}",
                          staff_id=staff_id, noted_at=now))
    session.flush()  # the request number is taken before the next one is chosen
    return request, event.event_id, event.station_seq


def request_refunds_at_handover(session: Session, station_id: str, order: Order,
                                outcomes: Mapping[int, LineOutcome], staff_id: int,
                                now: datetime) -> list[str]:
    """Inside the handover's transaction: a refund request for each refused, damaged or
    missing line (line id → outcome). Returns the request numbers."""
    numbers = []
    for line in order.lines:
        found = SOURCE_FOR_OUTCOME.get(outcomes.get(line.id, LineOutcome.TAKEN))
        if found is None:
            continue
        source, reason = found
        request, _event_id, _seq = _add_request(session, station_id, order.order_no, line.sku,
                                                line.quantity, source, reason, None, staff_id,
                                                now)
        numbers.append(request.request_no)
    return numbers


def apply_answer(session: Session, request_no: str, decision: str, note: str | None,
                 answered_at: datetime, now: datetime) -> bool:
    """Record head office's answer to a refund request, in the caller's (sync page)
    transaction, with a note in the order's history.

    Returns False when the same answer is already recorded (a re-pulled page), True when it
    was written. Raises AnswerRefused (a ValueError) for an unknown request, a decision other
    than approved/rejected, a naive time, or a decision that differs from the one recorded.
    """
    try:
        state = RefundState(decision)
    except ValueError:
        raise AnswerRefused(f"refund {request_no}: unknown decision {decision!r}") from None
    if state is RefundState.REQUESTED:
        raise AnswerRefused(f"refund {request_no}: 'requested' is not an answer")
    if answered_at.tzinfo is None:
        raise AnswerRefused(f"refund {request_no}: answered_at has no time zone")
    request = session.scalar(select(RefundRequest).where(RefundRequest.request_no == request_no))
    if request is None:
        raise AnswerRefused(f"refund request {request_no} is not known at this station")
    if request.state == state.value:
        return False
    if request.state != RefundState.REQUESTED.value:
        raise AnswerRefused(f"refund {request_no} was already {request.state}; head office now "
                            f"says {state.value}")
    request.state = state.value
    request.answered_at = answered_at
    request.answer_note = (note or "")[:300] or None
    text = f"{request_no}: {state.value}" + (f" — {note}" if note else "")
    session.add(OrderNote(order_no=request.order_no, kind=NoteKind.REFUND_ANSWERED.value,
                          text=text[:500], staff_id=None, noted_at=now))
    return True


def _facts(kind: str, text: str, item_names: Mapping[str, str]) -> dict[str, str]:
    """A note's facts, with the item's name for a refund request (the note holds its SKU)."""
    facts = note_facts(kind, text)
    if "sku" in facts:
        facts["name"] = item_names.get(facts["sku"], facts["sku"])
    return facts


def _view(request: RefundRequest, staff_names: Mapping[int, str]) -> RefundView:
    return RefundView(
        request.request_no, request.order_no, request.sku, request.item.name, request.quantity,
        RefundSource(request.source), request.reason, RefundState(request.state),
        request.requested_at, staff_names.get(request.staff_id, "?"),
        request.photo_path is not None, request.answered_at, request.answer_note)


def _staff_names(session: Session) -> dict[int, str]:
    return {staff_id: name for staff_id, name in session.execute(select(Staff.id, Staff.name))}


@dataclass(frozen=True)
class AfterSales:
    """Refund requests at this station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now

    def register_return(self, order_no: str, sku: str, quantity: int, reason: str,
                        staff_id: int, photo_path: str | None = None) -> ReturnDone:
        """Goods a resident brings back after the handover: the refund request (source
        returned), the goods back on the shelf (+quantity, customer_return), the
        `refund.requested` event and a note, in one transaction.

        Raises ReturnRefused (nothing written) for an order not handed over here, a SKU not in
        it, a quantity that is not 1…taken-minus-already-returned, or an empty reason; and
        NotAllowed for an unknown or inactive staff id.
        """
        reason = reason.strip()
        if not reason:
            raise ReturnRefused(ReturnProblem.NO_REASON)
        if len(reason) > MAX_REASON_LENGTH:
            reason = reason[:MAX_REASON_LENGTH]
        if isinstance(quantity, bool) or not isinstance(quantity, int) \
                or not 0 < quantity <= MAX_RETURN_QUANTITY:
            raise ReturnRefused(ReturnProblem.BAD_QUANTITY, str(quantity))
        with self.db.writing() as session:
            require_staff(session, staff_id)
            order = session.scalar(select(Order).where(Order.order_no == order_no.strip()))
            if order is None:
                raise ReturnRefused(ReturnProblem.UNKNOWN_ORDER, order_no)
            if order.station_id != self.station_id or order.handover is None \
                    or order.state != OrderState.HANDED_OVER.value:
                raise ReturnRefused(ReturnProblem.NOT_HANDED_OVER, order.order_no)
            line = next((line for line in self._returnable(session, order) if line.sku == sku),
                        None)
            if line is None:
                raise ReturnRefused(ReturnProblem.UNKNOWN_SKU, sku)
            if quantity > line.returnable:
                raise ReturnRefused(ReturnProblem.MORE_THAN_TAKEN, sku,
                                    returnable=line.returnable)
            request, event_id, seq = _add_request(
                session, self.station_id, order.order_no, sku, quantity, RefundSource.RETURNED,
                reason, photo_path, staff_id, self.clock())
            return ReturnDone(request.request_no, order.order_no, sku, quantity, event_id, seq)

    def requests(self, state: RefundState | None = None) -> list[RefundView]:
        """Refund requests, newest first, optionally only those in `state`."""
        with self.db.reading() as session:
            query = select(RefundRequest).order_by(RefundRequest.id.desc())
            if state is not None:
                query = query.where(RefundRequest.state == state.value)
            names = _staff_names(session)
            return [_view(request, names) for request in session.scalars(query)]

    def order_history(self, order_no: str) -> OrderHistory | None:
        """The order's handover, notes and refund requests (newest first), with what may
        still be returned per SKU. None for an order not held here."""
        with self.db.reading() as session:
            order = session.scalar(select(Order).where(Order.order_no == order_no.strip()))
            if order is None:
                return None
            names = _staff_names(session)
            requests = tuple(_view(request, names) for request in session.scalars(
                select(RefundRequest).where(RefundRequest.order_no == order.order_no)
                .order_by(RefundRequest.id.desc())))
            item_names = {request.sku: request.name for request in requests}
            entries = [HistoryEntry(note.noted_at, note.kind, note.text,
                                    names.get(note.staff_id) if note.staff_id else None,
                                    _facts(note.kind, note.text, item_names))
                       for note in session.scalars(
                           select(OrderNote).where(OrderNote.order_no == order.order_no))]
            handover = order.handover
            if handover is not None:
                lines = tuple(HandoverLineFact(name, qty, LineOutcome(outcome))
                              for name, qty, outcome in self._handover_lines(session, handover))
                summary = ", ".join(f"{line.name} ×{line.quantity} {line.outcome.value}"
                                    for line in lines)
                entries.append(HistoryEntry(handover.handed_over_at, "handover", summary,
                                            handover.staff.name, lines=lines))
            # Same moment: the handover before the notes it caused, newest first overall.
            entries.sort(key=lambda entry: (entry.at, entry.kind != "handover"), reverse=True)
            return OrderHistory(
                order.order_no, order.pickup_code, order.masked_phone, order.state,
                handover.handed_over_at if handover else None,
                tuple(self._returnable(session, order)), requests, tuple(entries))

    @staticmethod
    def _handover_lines(session: Session, handover: Handover) -> list[tuple[str, int, str]]:
        return [(name, quantity, outcome) for name, quantity, outcome in session.execute(
            select(CatalogueItem.name, HandoverLine.quantity, HandoverLine.outcome)
            .join(OrderLine, OrderLine.id == HandoverLine.order_line_id)
            .join(CatalogueItem, CatalogueItem.sku == OrderLine.sku)
            .where(HandoverLine.handover_id == handover.id).order_by(OrderLine.line_no))]

    @staticmethod
    def _returnable(session: Session, order: Order) -> list[ReturnableLine]:
        taken: dict[str, int] = {}
        if order.handover is not None:
            outcome_of = {line.order_line_id: (line.outcome, line.quantity)
                          for line in order.handover.lines}
            for line in order.lines:
                outcome, quantity = outcome_of.get(line.id, (None, 0))
                if outcome == LineOutcome.TAKEN.value:
                    taken[line.sku] = taken.get(line.sku, 0) + quantity
        returned = {sku: int(total or 0) for sku, total in session.execute(
            select(RefundRequest.sku, func.sum(RefundRequest.quantity))
            .where(RefundRequest.order_no == order.order_no,
                   RefundRequest.source == RefundSource.RETURNED.value)
            .group_by(RefundRequest.sku))}
        result: dict[str, ReturnableLine] = {}
        for line in order.lines:
            if line.sku in result:
                continue
            ordered = sum(other.quantity for other in order.lines if other.sku == line.sku)
            result[line.sku] = ReturnableLine(line.sku, line.item.name, line.item.unit, ordered,
                                              taken.get(line.sku, 0),
                                              returned.get(line.sku, 0))
        return list(result.values())
