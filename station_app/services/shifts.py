"""Shifts (班次) and the cash drawer: open with a float, cash in and out, X and Z reports, close
with a denomination count. Cash sales and refunds need the cashier's open shift
(services/sales.py); cash in, cash out and a no-sale drawer opening act on an open shift.

Each action is one write transaction with its rows, its outbox event and (X, Z) its journaled
report; every refusal is raised before the first write. The expected cash is never stored
while the shift is open: it is summed from the recorded facts (the float, the shift's cash
sales and refunds, its cash movements) whenever asked, and frozen on the shift at closing:

    expected = float + cash sales − cash refunds + cash in − cash out

Cash out always needs a manager; cash in and a no-sale drawer opening need a reason only.
A variance above the station's threshold (Settings.cash_variance_threshold_fen) needs a
manager at closing. Z numbers are one gapless sequence per station database, taken under the
write lock at closing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.domain.event_types import EventType
from station_app.domain.outcome import LineOutcome
from station_app.domain.staff import Role
from station_app.services.audit import record
from station_app.services.authority import NotAllowed, Permission, require, require_staff
from station_app.services.cash_reports import x_report, z_report
from station_app.services.numbering import next_day_number
from station_app.services.outbox import append_event, local_counter_no
from station_app.services.print_journal import journal_document
from station_app.services.shifts_views import (
    DENOMINATIONS,
    MAX_CASH_MOVE_FEN,
    MAX_FLOAT_FEN,
    MAX_REASON,
    METHODS,
    CashKind,
    CashMoved,
    CashMoveView,
    DrawerCount,
    ShiftClosed,
    ShiftRefusal,
    ShiftRefused,
    ShiftState,
    ShiftTotals,
    ShiftView,
    pieces_fit,
)
from station_app.storage.database import Database
from station_app.storage.models import (
    CashCount,
    CashMovement,
    Handover,
    HandoverLine,
    Sale,
    Shift,
    Staff,
    Station,
    XReport,
)

__all__ = [
    "DENOMINATIONS", "CashKind", "CashMoved", "DrawerCount", "ShiftClosed", "ShiftRefusal",
    "ShiftRefused", "ShiftState", "ShiftTotals", "ShiftView", "Shifts",
]

OPENED_EVENT = EventType.SHIFT_OPENED
CASH_EVENT = EventType.CASH_MOVED
CLOSED_EVENT = EventType.SHIFT_CLOSED


@dataclass(frozen=True)
class Shifts:
    """The shift and cash drawer use case for one station. Safe from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    variance_threshold_fen: int = 1000
    blind: bool = False  # new shifts close blind (the desk hides the expected cash)
    language: str = "zh_CN"  # of the X and Z reports: the receipt language

    # --- reading ----------------------------------------------------------------------------

    def current(self, staff_id: int) -> ShiftView | None:
        """The cashier's open shift with its live figures, or None."""
        with self.db.reading() as session:
            shift = _open_shift(session, self.station_id, staff_id)
            return None if shift is None else _view(session, shift, self.clock())

    def shift(self, shift_no: str) -> ShiftView:
        """Raises ShiftRefused(UNKNOWN_SHIFT)."""
        with self.db.reading() as session:
            return _view(session, _shift(session, shift_no), self.clock())

    # --- acting -----------------------------------------------------------------------------

    def open(self, staff_id: int, float_fen: int) -> ShiftView:
        """Open a shift for the cashier with the float counted into the drawer; `shift.opened`.

        Raises ShiftRefused(BAD_FLOAT / NOT_ALLOWED / ALREADY_OPEN); nothing is written then."""
        if isinstance(float_fen, bool) or not isinstance(float_fen, int) \
                or not 0 <= float_fen <= MAX_FLOAT_FEN:
            raise ShiftRefused(ShiftRefusal.BAD_FLOAT, str(float_fen)[:20])
        with self.db.writing() as session:
            _staff(session, staff_id)
            if (already := _open_shift(session, self.station_id, staff_id)) is not None:
                raise ShiftRefused(ShiftRefusal.ALREADY_OPEN, already.shift_no)
            now = self.clock()
            shift_no = next_day_number(session, Shift.shift_no, "SH", self.station_id, now, 2)
            event = append_event(session, self.station_id, OPENED_EVENT, {
                "station_id": self.station_id, "staff_id": staff_id, "movements": [],
                "shift_no": shift_no, "opened_at": now.isoformat(), "float_fen": float_fen,
                "blind": self.blind,
            }, now)
            session.flush()
            shift = Shift(counter_no=local_counter_no(session, self.station_id),
                          shift_no=shift_no, staff_id=staff_id, state=ShiftState.OPEN.value,
                          opened_at=now, float_fen=float_fen, blind=self.blind,
                          open_event_id=event.event_id)
            session.add(shift)
            record(session, "shift_opened", staff_id, now, subject=shift_no,
                   detail=f"float {float_fen} fen")
            session.flush()
            return _view(session, shift, now)

    def cash_in(self, shift_no: str, staff_id: int, amount_fen: int, reason: str) -> CashMoved:
        """Cash put into the drawer (change from the bank…). Raises ShiftRefused(BAD_AMOUNT /
        REASON_MISSING / UNKNOWN_SHIFT / NOT_OPEN / NOT_ALLOWED / NOT_YOURS)."""
        return self._move(shift_no, staff_id, CashKind.CASH_IN, amount_fen, reason, None)

    def cash_out(self, shift_no: str, staff_id: int, amount_fen: int, reason: str,
                 approver_id: int | None) -> CashMoved:
        """Cash taken from the drawer: always with a manager's approval. Raises ShiftRefused
        as cash_in does, and NEEDS_MANAGER unless `approver_id` is an active manager."""
        return self._move(shift_no, staff_id, CashKind.CASH_OUT, amount_fen, reason,
                          approver_id)

    def no_sale(self, shift_no: str, staff_id: int, reason: str) -> CashMoved:
        """The drawer opened without a sale (recorded with its reason, amount 0). Raises
        ShiftRefused(REASON_MISSING / UNKNOWN_SHIFT / NOT_OPEN / NOT_ALLOWED / NOT_YOURS)."""
        return self._move(shift_no, staff_id, CashKind.NO_SALE, 0, reason, None)

    def _move(self, shift_no: str, staff_id: int, kind: CashKind, amount_fen: int,
              reason: str, approver_id: int | None) -> CashMoved:
        why = _reason(reason)
        if kind is not CashKind.NO_SALE and (
                isinstance(amount_fen, bool) or not isinstance(amount_fen, int)
                or not 0 < amount_fen <= MAX_CASH_MOVE_FEN):
            raise ShiftRefused(ShiftRefusal.BAD_AMOUNT, str(amount_fen)[:20])
        with self.db.writing() as session:
            shift = self._acting_on(session, shift_no, staff_id)
            approver = _manager(session, approver_id, Permission.CASH_OUT) \
                if kind is CashKind.CASH_OUT else None
            now = self.clock()
            event = append_event(session, self.station_id, CASH_EVENT, {
                "station_id": self.station_id, "staff_id": staff_id, "movements": [],
                "shift_no": shift.shift_no, "kind": kind.value, "amount_fen": amount_fen,
                "reason": why, "at": now.isoformat(),
                "approved_by": approver.id if approver else None,
            }, now)
            session.flush()
            session.add(CashMovement(shift_id=shift.id, kind=kind.value, amount_fen=amount_fen,
                                     reason=why, staff_id=staff_id,
                                     approved_by=approver.id if approver else None, at=now,
                                     event_id=event.event_id))
            # Every drawer movement is a sensitive action: cash out is also an override.
            record(session, kind.value, staff_id, now,
                   approver_id=approver.id if approver else None, subject=shift.shift_no,
                   detail=f"{amount_fen} fen: {why}")
            return CashMoved(shift.shift_no, kind, amount_fen, event.event_id)

    def x_report(self, shift_no: str, staff_id: int) -> int:
        """Journal the next numbered X report of an open shift; returns the print job's id.
        Raises ShiftRefused(UNKNOWN_SHIFT / NOT_OPEN / NOT_ALLOWED / NOT_YOURS)."""
        with self.db.writing() as session:
            shift = self._acting_on(session, shift_no, staff_id)
            now = self.clock()
            x_no = (session.scalar(select(func.max(XReport.x_no)).where(
                XReport.shift_id == shift.id)) or 0) + 1
            session.add(XReport(shift_id=shift.id, x_no=x_no, printed_at=now, staff_id=staff_id))
            name = _station_name(session, self.station_id)
            job = journal_document(session, x_report(_view(session, shift, now), x_no, name,
                                                     self.station_id, now, self.language), now)
            session.flush()
            return job.id

    def close(self, shift_no: str, staff_id: int, denominations: Mapping[int, int],
              approver_id: int | None = None) -> ShiftClosed:
        """Close the shift with the drawer's denomination count: the count rows, the closed
        shift with its next Z number, the `shift.closed` event and the journaled Z report, in
        one transaction. A variance (counted − expected) above the threshold either way needs
        `approver_id` to be an active manager; an approver given anyway is checked and recorded.

        Raises ShiftRefused(BAD_DENOMINATION / BAD_PIECES / UNKNOWN_SHIFT / NOT_OPEN /
        NOT_ALLOWED / NOT_YOURS / VARIANCE_NEEDS_MANAGER (with variance_fen) /
        NEEDS_MANAGER); nothing is written then."""
        counts = _counts(denominations)
        count = DrawerCount(counts)
        counted = count.total_fen
        with self.db.writing() as session:
            shift = self._acting_on(session, shift_no, staff_id)
            now = self.clock()
            totals = _totals(session, shift, now)
            expected = expected_cash(shift.float_fen, totals)
            variance = count.variance_fen(expected)
            approver = self._variance_approver(session, variance, approver_id)
            z_no = (session.scalar(select(func.max(Shift.z_no)).where(
                Shift.counter_no == shift.counter_no)) or 0) + 1
            event = append_event(session, self.station_id, CLOSED_EVENT, {
                "station_id": self.station_id, "staff_id": staff_id, "movements": [],
                "shift_no": shift.shift_no, "closed_at": now.isoformat(), "z_no": z_no,
                "float_fen": shift.float_fen, "expected_cash_fen": expected,
                "counted_cash_fen": counted, "variance_fen": variance,
                "approved_by": approver.id if approver else None,
                "totals": totals.payload(),
                "denominations": {str(fen): pieces for fen, pieces in counts.items()},
            }, now)
            session.flush()
            session.add_all(CashCount(shift_id=shift.id, denomination_fen=denomination,
                                      pieces=pieces) for denomination, pieces in counts.items())
            shift.state = ShiftState.CLOSED.value
            shift.closed_at = now
            shift.closed_by = staff_id
            shift.expected_cash_fen = expected
            shift.counted_cash_fen = counted
            shift.variance_fen = variance
            shift.approved_by = approver.id if approver else None
            shift.z_no = z_no
            shift.close_event_id = event.event_id
            record(session, "shift_closed", staff_id, now,
                   approver_id=approver.id if approver else None, subject=shift.shift_no,
                   detail=f"Z {z_no}: expected {expected}, counted {counted}, "
                          f"variance {variance} fen")
            session.flush()
            view = _view(session, shift, now)
            job = journal_document(session, z_report(
                view, _station_name(session, self.station_id), self.station_id, now,
                self.language), now)
            session.flush()
            return ShiftClosed(view, z_no, event.event_id, job.id)

    def _variance_approver(self, session: Session, variance: int,
                           approver_id: int | None) -> Staff | None:
        """The manager approving the close: needed above the threshold either way (else
        VARIANCE_NEEDS_MANAGER), checked (NEEDS_MANAGER) whenever one is given."""
        if abs(variance) > self.variance_threshold_fen:
            try:
                return require(session, approver_id, Permission.CASH_VARIANCE_CLOSE)
            except NotAllowed:
                raise ShiftRefused(ShiftRefusal.VARIANCE_NEEDS_MANAGER,
                                   str(variance), variance) from None
        if approver_id is not None:
            return _manager(session, approver_id, Permission.CASH_VARIANCE_CLOSE)
        return None

    def _acting_on(self, session: Session, shift_no: str, staff_id: int) -> Shift:
        """The open shift `staff_id` may work on: their own, or any for a manager."""
        actor = _staff(session, staff_id)
        shift = _shift(session, shift_no)
        if shift.state != ShiftState.OPEN.value:
            raise ShiftRefused(ShiftRefusal.NOT_OPEN, shift.shift_no)
        if shift.counter_no != local_counter_no(session, self.station_id):
            # Its drawer is at another counter: it is counted and closed there.
            raise ShiftRefused(ShiftRefusal.OTHER_COUNTER, str(shift.counter_no))
        if shift.staff_id != staff_id and actor.role != Role.MANAGER.value:
            raise ShiftRefused(ShiftRefusal.NOT_YOURS, shift.shift_no)
        return shift


# --- checks, all before the first write ------------------------------------------------------


def _reason(reason: str) -> str:
    why = (reason or "").strip()
    if not why or len(why) > MAX_REASON:
        raise ShiftRefused(ShiftRefusal.REASON_MISSING, "too long" if why else "")
    return why


def _counts(denominations: Mapping[int, int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for denomination, pieces in denominations.items():
        if denomination not in DENOMINATIONS or isinstance(denomination, bool):
            raise ShiftRefused(ShiftRefusal.BAD_DENOMINATION, str(denomination)[:20])
        raw: Any = pieces
        if isinstance(raw, bool) or not isinstance(raw, int) or not pieces_fit(raw):
            raise ShiftRefused(ShiftRefusal.BAD_PIECES, f"{denomination}: {str(raw)[:20]}")
        if raw:
            counts[int(denomination)] = raw
    return counts


def _staff(session: Session, staff_id: int) -> Staff:
    try:
        return require_staff(session, staff_id)
    except NotAllowed:
        raise ShiftRefused(ShiftRefusal.NOT_ALLOWED, str(staff_id)) from None


def _manager(session: Session, approver_id: int | None, permission: Permission) -> Staff:
    try:
        return require(session, approver_id, permission)
    except NotAllowed:
        raise ShiftRefused(ShiftRefusal.NEEDS_MANAGER, str(approver_id)) from None


def _shift(session: Session, shift_no: str) -> Shift:
    shift = session.scalar(select(Shift).where(Shift.shift_no == shift_no.strip()))
    if shift is None:
        raise ShiftRefused(ShiftRefusal.UNKNOWN_SHIFT, shift_no.strip()[:40])
    return shift


def _open_shift(session: Session, station_id: str, staff_id: int) -> Shift | None:
    """The cashier's open shift at this counter (a shift of theirs at another counter of the
    station is that counter's drawer)."""
    return session.scalar(select(Shift).where(
        Shift.staff_id == staff_id, Shift.state == ShiftState.OPEN.value,
        Shift.counter_no == local_counter_no(session, station_id)).limit(1))


def _station_name(session: Session, station_id: str) -> str:
    station = session.get(Station, station_id)
    return station.name if station else station_id


# --- the figures -----------------------------------------------------------------------------


def _totals(session: Session, shift: Shift, now: datetime) -> ShiftTotals:
    sales = session.scalars(select(Sale).where(Sale.shift_id == shift.id)
                            .order_by(Sale.id)).all()
    sold = [sale for sale in sales if sale.kind == "sale"]
    refunds = [sale for sale in sales if sale.kind == "refund"]
    by_method = dict.fromkeys(METHODS, 0)
    refunds_by_method = dict.fromkeys(METHODS, 0)
    for sale in sold:
        by_method[sale.payment_method] = by_method.get(sale.payment_method, 0) + sale.total_fen
    refunded: dict[int, int] = {}
    for refund in refunds:
        refunds_by_method[refund.payment_method] = \
            refunds_by_method.get(refund.payment_method, 0) + refund.total_fen
        if refund.original_sale_id is not None:
            refunded[refund.original_sale_id] = \
                refunded.get(refund.original_sale_id, 0) + refund.total_fen
    voided = [sale for sale in sold if sale.total_fen and refunded.get(sale.id) == sale.total_fen]
    moves = tuple(CashMoveView(CashKind(m.kind), m.amount_fen, m.reason, m.at, m.staff_id,
                               m.approved_by)
                  for m in session.scalars(select(CashMovement).where(
                      CashMovement.shift_id == shift.id).order_by(CashMovement.id)))
    until = shift.closed_at or now
    handover_ids = list(session.scalars(select(Handover.id).where(
        Handover.staff_id == shift.staff_id, Handover.handed_over_at >= shift.opened_at,
        Handover.handed_over_at <= until)))
    exceptions = session.scalar(select(func.count()).select_from(HandoverLine).where(
        HandoverLine.handover_id.in_(handover_ids),
        HandoverLine.outcome != LineOutcome.TAKEN.value)) if handover_ids else 0
    return ShiftTotals(
        sales=len(sold), sales_fen=sum(s.total_fen for s in sold), by_method=by_method,
        refunds=len(refunds), refunds_fen=sum(r.total_fen for r in refunds),
        refunds_by_method=refunds_by_method, voids=len(voided),
        voids_fen=sum(s.total_fen for s in voided),
        discounts_fen=sum(s.discount_fen for s in sold),
        cash_in_fen=sum(m.amount_fen for m in moves if m.kind is CashKind.CASH_IN),
        cash_out_fen=sum(m.amount_fen for m in moves if m.kind is CashKind.CASH_OUT),
        no_sale_opens=sum(1 for m in moves if m.kind is CashKind.NO_SALE),
        handovers=len(handover_ids), exceptions=int(exceptions or 0), cash_moves=moves)


def expected_cash(float_fen: int, totals: ShiftTotals) -> int:
    """float + cash sales − cash refunds + cash in − cash out."""
    return (float_fen + totals.by_method.get("cash", 0) - totals.refunds_by_method.get("cash", 0)
            + totals.cash_in_fen - totals.cash_out_fen)


def _view(session: Session, shift: Shift, now: datetime) -> ShiftView:
    totals = _totals(session, shift, now)
    staff = session.get(Staff, shift.staff_id)
    approver = session.get(Staff, shift.approved_by) if shift.approved_by else None
    x_reports = session.scalar(select(func.count()).select_from(XReport).where(
        XReport.shift_id == shift.id)) or 0
    counts = {c.denomination_fen: c.pieces for c in session.scalars(
        select(CashCount).where(CashCount.shift_id == shift.id))}
    return ShiftView(
        shift_no=shift.shift_no, staff_id=shift.staff_id,
        staff_name=staff.name if staff else str(shift.staff_id),
        state=ShiftState(shift.state), opened_at=shift.opened_at, float_fen=shift.float_fen,
        blind=shift.blind,
        expected_cash_fen=shift.expected_cash_fen if shift.expected_cash_fen is not None
        else expected_cash(shift.float_fen, totals),
        totals=totals, closed_at=shift.closed_at, counted_cash_fen=shift.counted_cash_fen,
        variance_fen=shift.variance_fen, approved_by=shift.approved_by,
        approver_name=approver.name if approver else None, z_no=shift.z_no,
        x_reports=int(x_reports), counts=counts)
