"""Handover (提货/核销): find the resident's order, decide what the counter shows, confirm it.

Every confirm is one write transaction holding the handover, its per-line outcomes, the stock
movements, the outbox event and the journaled receipt. A second confirm of the same order is
refused inside that transaction, and a unique key on `handover.order_id` backs the refusal up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.devices.receipt import HandoverReceipt, ReceiptLine, ReceiptOrder
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState, Verdict
from station_app.domain.outcome import LineOutcome
from station_app.domain.scan_text import ScanKind, ScanText, UnusableScan, classify
from station_app.domain.stock import MovementReason
from station_app.domain.verdict import verdict_for
from station_app.security.key_store import load_key_ring
from station_app.security.token_format import PickupClaims
from station_app.security.token_verifier import TokenOutcome
from station_app.security.trusted_clock import TrustedClock
from station_app.services.after_sales import request_refunds_at_handover
from station_app.services.audit import AuditAction, record
from station_app.services.authority import Permission, require
from station_app.services.handover_views import (
    WEAK_PROOF,
    HandoverDone,
    HandoverRefused,
    LineView,
    LookupOutcome,
    LookupResult,
    OrderView,
    RecentHandover,
    RefusalReason,
    TokenProblem,
)
from station_app.services.outbox import append_event
from station_app.services.print_journal import journal_receipt
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    Handover,
    HandoverLine,
    Order,
    OrderLine,
    Staff,
    Station,
)
from station_app.storage.order_queries import (
    ViewsBy,
    latest_print_jobs_statement,
    recent_handovers_statement,
    views_statement,
)

HANDOVER_EVENT = EventType.HANDOVER_COMPLETED
# What a phone tail finds: orders the resident may still collect.
OPEN_STATES = (OrderState.READY.value, OrderState.ARRIVED.value,
               OrderState.NOT_ARRIVED.value)

# Which stock movement each outcome makes. Refused goods stay on the shelf (they go back in a
# return shipment later); missing goods were never there to take, so the book is put right by
# the next stock count rather than guessed at here.
MOVEMENT_FOR_OUTCOME = {
    LineOutcome.TAKEN: MovementReason.HANDOVER,
    LineOutcome.DAMAGED: MovementReason.DAMAGED,
}


# What each refused token tells staff. A bad signature is split further into forged and
# tampered by the order it names (see _bad_signature).
PROBLEM_FOR_CHECK = {
    TokenOutcome.BAD_SIGNATURE: TokenProblem.FORGED,
    TokenOutcome.EXPIRED: TokenProblem.EXPIRED,
    TokenOutcome.UNKNOWN_KEY: TokenProblem.UNKNOWN_KEY,
    TokenOutcome.OTHER_STATION: TokenProblem.OTHER_STATION,
    TokenOutcome.MALFORMED: TokenProblem.MALFORMED,
    TokenOutcome.UNSUPPORTED_VERSION: TokenProblem.UNSUPPORTED_VERSION,
}


# How the household's other orders went out: on the proof the resident gave for the first.
HOUSEHOLD_METHOD = "household"


@dataclass(frozen=True)
class _Handed:
    """One order handed over in a confirm: what its receipt and result need."""

    order: Order
    handover: Handover
    chosen: dict[int, LineOutcome]
    event_id: str
    station_seq: int


def _receipt_lines(handed: _Handed) -> tuple[ReceiptLine, ...]:
    return tuple(ReceiptLine(line.item.name, line.quantity, line.item.unit,
                             line.unit_price_fen, handed.chosen[line.id])
                 for line in handed.order.lines)


@dataclass(frozen=True)
class Handovers:
    """The handover use case for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    receipt_language: str = "zh_CN"
    clock: Clock = utc_now

    # --- looking up -------------------------------------------------------------------------

    def lookup(self, raw: str | bytes) -> LookupResult:
        """Find what a scanned or typed text points at. Never raises for bad input."""
        scan = classify(raw)
        if isinstance(scan, UnusableScan):
            return LookupResult(LookupOutcome.UNUSABLE, problem=scan.problem, shown=scan.shown)
        # Token expiry is judged by the trusted clock, whose reading is recorded (a write):
        # take it before the read transaction opens.
        now = TrustedClock(self.db, self.clock).now() if scan.kind is ScanKind.TOKEN \
            else self.clock()
        with self.db.reading() as session:
            result = self._lookup(session, scan, now)
            if result.order is not None and result.order.verdict.can_hand_over:
                result = replace(result, order=replace(result.order, household=tuple(
                    view.order_no for view in self._household(session, result.order))))
        return replace(result, proof=scan.value)

    def household(self, order_no: str) -> tuple[OrderView, ...]:
        """The order and its household's other orders that can go out now, the given one
        first: the orders of the same resident (masked phone, phone tail and name) at this
        station, ready or overdue. () when the order is unknown."""
        with self.db.reading() as session:
            views = self._views(session, ViewsBy.ORDER_NO, order_no)
            return (views[0], *self._household(session, views[0])) if views else ()

    def _household(self, session: Session, order: OrderView) -> list[OrderView]:
        """`order`'s household's other orders that can go out now, oldest deadline first."""
        same = session.execute(select(Order.phone_tail, Order.customer_name).where(
            Order.order_no == order.order_no)).one_or_none()
        if same is None or not same.phone_tail:
            return []
        return [view for view in self._views(session, ViewsBy.PHONE_TAIL, same.phone_tail)
                if view.order_no != order.order_no and view.verdict.can_hand_over
                and view.masked_phone == order.masked_phone
                and view.customer_name == same.customer_name]

    def token_is_authentic(self, text: str) -> bool:
        """Whether `text` is a pickup token head office really signed. The camera acts on such
        a code at its first sighting instead of waiting for a second frame. Never raises."""
        scan = classify(text)
        if not isinstance(scan, ScanText) or scan.kind is not ScanKind.TOKEN:
            return False
        with self.db.reading() as session:
            check = load_key_ring(session).verify(scan.value, self.station_id, self.clock())
        return check.authentic

    def _lookup(self, session: Session, scan: ScanText, now: datetime) -> LookupResult:
        match scan.kind:
            case ScanKind.TOKEN:
                return self._by_token(session, scan, now)
            case ScanKind.ORDER_NO:
                result = self._found_or_not(session, scan, ViewsBy.ORDER_NO)
                if result.outcome is LookupOutcome.NOT_FOUND and scan.station_code != \
                        self.station_id:
                    return LookupResult(LookupOutcome.OTHER_STATION, scan.kind, shown=scan.value,
                                        other_station=scan.station_code)
                return result
            case ScanKind.PICKUP_CODE:
                return self._found_or_not(session, scan, ViewsBy.PICKUP_CODE)
            case ScanKind.PHONE_TAIL:
                return self._by_phone_tail(session, scan)

    def _found_or_not(self, session: Session, scan: ScanText, by: ViewsBy) -> LookupResult:
        # Pickup codes are reused across weeks: prefer the open order, then the newest.
        views = self._views(session, by, scan.value)
        if not views:
            return LookupResult(LookupOutcome.NOT_FOUND, scan.kind, shown=scan.value)
        best = next((view for view in views if view.verdict.can_hand_over), views[0])
        return LookupResult(LookupOutcome.FOUND, scan.kind, order=best, shown=scan.value)

    def _by_token(self, session: Session, scan: ScanText, now: datetime) -> LookupResult:
        check = load_key_ring(session).verify(scan.value, self.station_id, now)
        claims = check.claims
        if check.outcome is TokenOutcome.BAD_SIGNATURE and claims is not None:
            return self._bad_signature(session, claims)
        if check.outcome is TokenOutcome.OTHER_STATION and claims is not None:
            # Staff already know this outcome from order numbers: same banner, same advice.
            return LookupResult(LookupOutcome.OTHER_STATION, scan.kind, shown=claims.order_no,
                                other_station=claims.station_id,
                                token_problem=TokenProblem.OTHER_STATION)
        if check.outcome is not TokenOutcome.VALID or claims is None:
            # Echo the order number only when head office's signature vouches for it.
            shown = claims.order_no if claims is not None and check.authentic else "QR"
            return LookupResult(LookupOutcome.TOKEN_REJECTED, scan.kind, shown=shown,
                                token_problem=PROBLEM_FOR_CHECK[check.outcome])
        order = next(iter(self._views(session, ViewsBy.ORDER_NO, claims.order_no)), None)
        if order is None:  # genuine, but its order has not reached this counter (yet)
            return LookupResult(LookupOutcome.NOT_FOUND, scan.kind, shown=claims.order_no)
        if order.pickup_code != claims.pickup_code:
            # Never hand over on a code that disagrees with the order held here.
            return LookupResult(LookupOutcome.TOKEN_REJECTED, scan.kind, shown="QR",
                                token_problem=TokenProblem.FORGED)
        return LookupResult(LookupOutcome.FOUND, scan.kind, order=order, shown=claims.order_no)

    def _bad_signature(self, session: Session, claims: PickupClaims) -> LookupResult:
        # A real order's number and code with a bad signature is a genuine code someone edited
        # (its expiry or station, say): "tampered" points staff at that. Anything else is made
        # up, and the claimed order number is not echoed, since nothing vouches for it.
        order = session.scalar(select(Order).where(Order.order_no == claims.order_no))
        if order is not None and order.pickup_code == claims.pickup_code:
            return LookupResult(LookupOutcome.TOKEN_REJECTED, ScanKind.TOKEN,
                                token_problem=TokenProblem.TAMPERED, shown=order.order_no)
        return LookupResult(LookupOutcome.TOKEN_REJECTED, ScanKind.TOKEN,
                            token_problem=TokenProblem.FORGED, shown="QR")

    def _by_phone_tail(self, session: Session, scan: ScanText) -> LookupResult:
        views = self._views(session, ViewsBy.PHONE_TAIL, scan.value)
        # Grouped by household (the same resident's orders together), each in deadline order.
        households: dict[tuple[str, str], int] = {}
        for view in views:
            households.setdefault((view.masked_phone, view.customer_name), len(households))
        views = sorted(views, key=lambda v: households[(v.masked_phone, v.customer_name)])
        if not views:
            return LookupResult(LookupOutcome.NOT_FOUND, scan.kind, shown=scan.value)
        if len(views) == 1:
            return LookupResult(LookupOutcome.FOUND, scan.kind, order=views[0], shown=scan.value)
        return LookupResult(LookupOutcome.CHOOSE, scan.kind, choices=tuple(views),
                            shown=scan.value)

    def order(self, order_no: str) -> OrderView | None:
        """One order by its number, e.g. after staff picked it from a phone-tail list."""
        with self.db.reading() as session:
            return next(iter(self._views(session, ViewsBy.ORDER_NO, order_no)), None)

    def _view_of(self, session: Session, order_id: int) -> OrderView:
        views = self._views(session, ViewsBy.ID, order_id)
        assert views, order_id
        return views[0]

    def _views(self, session: Session, by: ViewsBy, value: object) -> list[OrderView]:
        """The orders `by` picks for `value`, as the counter shows them."""
        orders: dict[int, Any] = {}
        lines: dict[int, dict[int, LineView]] = {}
        for row in session.execute(views_statement(by), {
                "value": value, "station": self.station_id, "states": OPEN_STATES}):
            orders.setdefault(row.id, row)
            order_lines = lines.setdefault(row.id, {})
            if row.line_id is not None:  # None: an order without lines
                # A line recorded twice at a handover shows its latest outcome.
                order_lines[row.line_id] = LineView(
                    row.line_id, row.line_no, row.sku, row.item_name, row.unit, row.quantity,
                    row.unit_price_fen, None if row.outcome is None else LineOutcome(row.outcome),
                    row.short_quantity, row.placed_quantity or 0)
        now = self.clock()
        return [OrderView(
            order_no=order.order_no, station_id=order.station_id,
            pickup_code=order.pickup_code, masked_phone=order.masked_phone,
            customer_name=order.customer_name, slot=order.slot, state=order.state,
            verdict=verdict_for(order.state, order.station_id, self.station_id,
                                order.holding_deadline, now),
            holding_deadline=order.holding_deadline, lines=tuple(lines[order_id].values()),
            handed_over_at=order.handed_over_at, handed_over_by=order.handed_over_by,
            shortage=order.shortage, sorted_at=order.sorted_at,
        ) for order_id, order in orders.items()]

    # --- confirming -------------------------------------------------------------------------

    def confirm(self, order_no: str, staff_id: int, proof: str,
                outcomes: Mapping[int, LineOutcome] | None = None,
                approver_id: int | None = None, more: Sequence[str] = ()) -> HandoverDone:
        """Hand the order over: every line taken, or per line as `outcomes` (line id → outcome).
        `more`: the household's other orders (see `household`) go out with it, in the same
        transaction, each with its own handover and event, on one receipt.

        `proof` is what was scanned or typed to find the order (the lookup's `proof`). The
        core judges it here, never the screen: the order's pickup code or a valid signed token
        of it is the resident's proof; its phone tail or its order number (a bag label) is
        weaker and goes out only with a manager's override (`approver_id` is a manager, or the
        cashier is one), audited. The household's other orders go out on that same proof:
        they must be the same resident's (masked phone, phone tail and name).

        Raises HandoverRefused when an order is unknown, not handable (already handed over,
        cancelled, not arrived, another station's), `proof` does not name this order
        (NO_PROOF: another order's code, an expired or forged token; or an order of `more`
        is not this resident's) or `outcomes` names lines they do not have; NotAllowed
        (permission phone_tail_handover) for a weak proof without a valid manager. Storage
        faults (disk full, …) propagate as SQLAlchemy errors and nothing is written.
        """
        scan = classify(proof)
        # A token's expiry is judged by the trusted clock, whose reading is a write of its own:
        # taken before the handover's transaction opens.
        now = TrustedClock(self.db, self.clock).now() \
            if isinstance(scan, ScanText) and scan.kind is ScanKind.TOKEN else None
        try:
            with self.db.writing() as session:
                done = self._confirm(session, order_no, staff_id, scan, now, outcomes or {},
                                     approver_id, more)
        except IntegrityError as error:
            # The unique handover-per-order key: a second confirm that raced the first.
            current = self.order(order_no)
            if current is None or current.verdict is not Verdict.ALREADY_HANDED_OVER:
                raise
            raise HandoverRefused(RefusalReason.NOT_HANDABLE, Verdict.ALREADY_HANDED_OVER,
                                  current) from error
        return done

    def _confirm(self, session: Session, order_no: str, staff_id: int,
                 scan: ScanText | UnusableScan, token_time: datetime | None,
                 outcomes: Mapping[int, LineOutcome],
                 approver_id: int | None = None, more: Sequence[str] = ()) -> HandoverDone:
        order, staff, method, approver = self._checked(
            session, order_no, staff_id, scan, token_time, outcomes, approver_id, more)
        others = self._household_orders(session, order, more)
        now = self.clock()
        handed = [self._hand_over_one(session, order, staff_id, method.value, approver,
                                      outcomes, now)]
        handed += [self._hand_over_one(session, other, staff_id, HOUSEHOLD_METHOD, None,
                                       outcomes, now) for other in others]
        receipt = self._receipt(session, handed, staff, approver)
        job = journal_receipt(session, receipt, now)
        session.flush()
        views = [self._view_of(session, each.order.id) for each in handed]
        chosen = [outcome for each in handed for outcome in each.chosen.values()]
        taken = sum(1 for outcome in chosen if outcome is LineOutcome.TAKEN)
        first = handed[0]
        return HandoverDone(views[0], first.handover.id, receipt.receipt_no,
                            first.event_id, first.station_seq, job.id, taken,
                            len(chosen) - taken, tuple(views[1:]))

    def _hand_over_one(self, session: Session, order: Order, staff_id: int, method: str,
                       approver: Staff | None, outcomes: Mapping[int, LineOutcome],
                       now: datetime) -> _Handed:
        """One order's handover: its movements, event, lines, refund requests and state."""
        chosen = {line.id: outcomes.get(line.id, LineOutcome.TAKEN) for line in order.lines}
        movements = self._take_off_book(session, order, chosen, staff_id, now)
        event = append_event(session, self.station_id, HANDOVER_EVENT, {
            "order_no": order.order_no,
            "station_id": self.station_id,
            "staff_id": staff_id,
            "method": method,
            "handed_over_at": now.isoformat(),
            "lines": [{"line_no": line.line_no, "sku": line.sku, "quantity": line.quantity,
                       "outcome": chosen[line.id].value} for line in order.lines],
            "movements": movements,
        }, now)
        session.flush()  # the event row first: the handover refers to it
        handover = Handover(order_id=order.id, staff_id=staff_id, method=method,
                            handed_over_at=now, event_id=event.event_id)
        session.add(handover)
        session.flush()  # the handover id names the receipt
        session.add_all(HandoverLine(handover_id=handover.id, order_line_id=line.id,
                                     outcome=chosen[line.id].value, quantity=line.quantity)
                        for line in order.lines)
        # Refused, damaged and missing lines go to head office as refund requests, in this
        # same transaction: no handover without its after-sales cases.
        request_refunds_at_handover(session, self.station_id, order, chosen, staff_id, now)
        order.state = OrderState.HANDED_OVER.value
        if approver is not None:
            how = "phone tail" if method == ScanKind.PHONE_TAIL.value else "order number"
            record(session, AuditAction.PHONE_TAIL_HANDOVER, staff_id, now,
                   approver_id=approver.id, subject=order.order_no,
                   detail=f"handover {handover.id} by {how}, without the pickup code")
        return _Handed(order, handover, chosen, event.event_id, event.station_seq)

    def _household_orders(self, session: Session, order: Order,
                          more: Sequence[str]) -> list[Order]:
        """The orders of `more`, each the same resident's as `order` and handable now;
        HandoverRefused (nothing written) otherwise."""
        if not more:
            return []
        view = self._view_of(session, order.id)
        household = {each.order_no for each in self._household(session, view)}
        others = []
        for order_no in dict.fromkeys(more):
            if order_no not in household:
                raise HandoverRefused(RefusalReason.NO_PROOF, view.verdict, view,
                                      detail=f"order {order_no} is not this resident's "
                                             f"or cannot go out now")
            other = session.scalar(select(Order).where(Order.order_no == order_no))
            assert other is not None  # household() found it
            others.append(other)
        return others

    def _checked(self, session: Session, order_no: str, staff_id: int,
                 scan: ScanText | UnusableScan, token_time: datetime | None,
                 outcomes: Mapping[int, LineOutcome], approver_id: int | None,
                 more: Sequence[str] = ()) -> tuple[Order, Staff, ScanKind, Staff | None]:
        """The order, who hands it over, how the resident proved it, and the manager who
        approved a weak proof; HandoverRefused (nothing written) when any is missing."""
        order = session.scalar(select(Order).where(Order.order_no == order_no))
        if order is None:
            raise HandoverRefused(RefusalReason.UNKNOWN_ORDER, Verdict.UNKNOWN, detail=order_no)
        before = self._view_of(session, order.id)
        if not before.verdict.can_hand_over:
            raise HandoverRefused(RefusalReason.NOT_HANDABLE, before.verdict, before)
        method = self._proven(session, order, scan, token_time, before)
        lines = {line.id for line in order.lines} | set(session.scalars(
            select(OrderLine.id).join(Order, Order.id == OrderLine.order_id)
            .where(Order.order_no.in_(list(more))))) if more else \
            {line.id for line in order.lines}
        if unknown := set(outcomes) - lines:
            raise HandoverRefused(RefusalReason.BAD_OUTCOMES, before.verdict, before,
                                  detail=f"lines {sorted(unknown)}")
        staff = session.get(Staff, staff_id)
        if staff is None or not staff.active:
            raise HandoverRefused(RefusalReason.BAD_OUTCOMES, before.verdict, before,
                                  detail="no such active staff")
        approver = None
        if method in WEAK_PROOF:
            # Anyone can say four digits or read a bag label: without the resident's code or
            # QR, a manager decides.
            approver = require(session, staff_id if approver_id is None else approver_id,
                               Permission.PHONE_TAIL_HANDOVER)
        return order, staff, method, approver

    @staticmethod
    def _take_off_book(session: Session, order: Order, chosen: Mapping[int, LineOutcome],
                       staff_id: int, now: datetime) -> list[dict[str, object]]:
        """The stock movements of the lines' outcomes (taken, damaged…), as the event says."""
        movements: list[dict[str, object]] = []
        for line in order.lines:
            reason = MOVEMENT_FOR_OUTCOME.get(chosen[line.id])
            if reason is not None:
                post_movement(session, line.sku, -line.quantity, reason, order.order_no,
                              staff_id, now)
                movements.append({"sku": line.sku, "delta": -line.quantity,
                                  "reason": reason.value})
        return movements

    def _receipt(self, session: Session, handed: Sequence[_Handed], staff: Staff,
                 approver: Staff | None) -> HandoverReceipt:
        """One receipt for the orders handed over together: the first order's fields, the
        household's other orders as sections of their own."""
        station = session.get(Station, self.station_id)
        first = handed[0]
        order = first.order
        return HandoverReceipt(
            receipt_no=f"H-{first.handover.id:06d}",
            station_name=station.name if station else self.station_id,
            station_code=self.station_id,
            order_no=order.order_no,
            pickup_code=order.pickup_code,
            masked_phone=order.masked_phone,
            slot=order.slot,
            handed_over_at=first.handover.handed_over_at,
            staff_name=staff.name,
            lines=_receipt_lines(first),
            language=self.receipt_language,
            approved_by=approver.name if approver is not None else None,
            more=tuple(ReceiptOrder(each.order.order_no, each.order.slot, _receipt_lines(each))
                       for each in handed[1:]),
        )

    def _proven(self, session: Session, order: Order, scan: ScanText | UnusableScan,
                token_time: datetime | None, before: OrderView) -> ScanKind:
        """How `scan` proves `order`, or HandoverRefused(NO_PROOF) when it does not."""
        def refuse(why: str) -> HandoverRefused:
            return HandoverRefused(RefusalReason.NO_PROOF, before.verdict, before, detail=why)

        if isinstance(scan, UnusableScan):
            raise refuse(f"not a code ({scan.problem.value})")
        match scan.kind:
            case ScanKind.PICKUP_CODE:
                if scan.value != order.pickup_code:
                    raise refuse("the pickup code is another order's")
            case ScanKind.PHONE_TAIL:
                if scan.value != order.phone_tail:
                    raise refuse("the phone tail is another order's")
            case ScanKind.ORDER_NO:
                if scan.value != order.order_no:
                    raise refuse("the order number is another order's")
            case ScanKind.TOKEN:
                assert token_time is not None
                check = load_key_ring(session).verify(scan.value, self.station_id,
                                                      token_time)
                claims = check.claims
                if check.outcome is not TokenOutcome.VALID or claims is None:
                    raise refuse(f"the QR code is {check.outcome.value}")
                if claims.order_no != order.order_no or \
                        claims.pickup_code != order.pickup_code:
                    raise refuse("the QR code is another order's")
        return scan.kind

    # --- history ----------------------------------------------------------------------------

    def recent(self, limit: int = 20) -> list[RecentHandover]:
        """The latest handovers at this counter, newest first, with their receipt's state."""
        with self.db.reading() as session:
            rows = session.execute(recent_handovers_statement(), {
                "limit": limit, "taken": LineOutcome.TAKEN.value}).all()
            # The newest print job of each order, in one query rather than one per row.
            latest = {job.reference: (job.status, job.id) for job in session.execute(
                latest_print_jobs_statement(), {"references": [row.order_no for row in rows]})}
        return [RecentHandover(row.id, row.order_no, row.customer_name, row.masked_phone,
                               row.slot, row.handed_over_at, row.staff_name, row.units,
                               row.exceptions, *latest.get(row.order_no, (None, None)))
                for row in rows]
