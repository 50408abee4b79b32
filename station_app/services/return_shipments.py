"""Return shipments (退货出库): goods going back to head office.

One shipment is open at a time. Staff fill it with overdue orders, refused or customer-returned
goods and surplus stock, scan every unit out as it goes into the driver's crate, and ship it:
the stock movements, the returned orders, the `return.shipped` event and the printed return
list are one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.devices.report import ReportSection, TextReport
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.refusal import Refused
from station_app.domain.stock import MovementReason
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText
from station_app.services.after_sales import NoteKind, RefundSource
from station_app.services.authority import require_staff
from station_app.services.numbering import next_day_number
from station_app.services.outbox import append_event
from station_app.services.print_journal import journal_document
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Order,
    OrderNote,
    RefundRequest,
    ReturnShipment,
    ReturnShipmentLine,
    Station,
    StockBalance,
)

RETURN_EVENT = EventType.RETURN_SHIPPED
MAX_SURPLUS_QUANTITY = 9999


class ShipmentState(StrEnum):
    OPEN = "open"
    SHIPPED = "shipped"


class LineReason(StrEnum):
    OVERDUE = "overdue"
    REFUSED = "refused"
    RETURNED = "returned"
    SURPLUS = "surplus"


class ShipmentProblem(StrEnum):
    NO_ORDERS = "no_orders"  # an empty selection
    UNKNOWN_ORDER = "unknown_order"
    NOT_OVERDUE = "not_overdue"  # only ready orders past their holding deadline go back
    ALREADY_LISTED = "already_listed"  # already in the open shipment
    NOTHING_PENDING = "nothing_pending"  # no refused or returned goods waiting
    UNKNOWN_SKU = "unknown_sku"
    BAD_QUANTITY = "bad_quantity"
    MORE_THAN_BOOK = "more_than_book"
    UNKNOWN_SHIPMENT = "unknown_shipment"
    NOT_OPEN = "not_open"  # already shipped
    UNKNOWN_LINE = "unknown_line"
    NOT_IN_SHIPMENT = "not_in_shipment"  # a scanned code that is not in the shipment
    OVER_SCANNED = "over_scanned"  # every unit of it is already scanned
    UNSCANNED = "unscanned"  # shipping with units not scanned out
    NO_LONGER_READY = "no_longer_ready"  # an overdue order was handed over since it was listed
    EMPTY = "empty"


class ShipmentRefused(Refused):
    """A return-shipment action that must not happen; nothing was written."""

    reason: ShipmentProblem


@dataclass(frozen=True)
class ShipmentLineView:
    line_id: int
    order_no: str | None
    sku: str
    name: str
    unit: str
    quantity: int
    scanned: int
    reason: LineReason

    @property
    def complete(self) -> bool:
        return self.scanned >= self.quantity

    def describe(self) -> str:
        where = f"{self.order_no} " if self.order_no else ""
        return f"{where}{self.name} {self.scanned}/{self.quantity}"


@dataclass(frozen=True)
class ShipmentView:
    shipment_no: str
    state: ShipmentState
    created_at: datetime
    lines: tuple[ShipmentLineView, ...]
    shipped_at: datetime | None = None

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def scanned_units(self) -> int:
        return sum(min(line.scanned, line.quantity) for line in self.lines)

    @property
    def order_nos(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.order_no for line in self.lines if line.order_no))


@dataclass(frozen=True)
class ScanOutcome:
    shipment: ShipmentView
    code: str
    units: int  # units this scan marked
    label: str  # what was scanned: an order number, or the item's name


@dataclass(frozen=True)
class ShipDone:
    shipment: ShipmentView
    event_id: str
    station_seq: int
    print_job_id: int
    returned_orders: tuple[str, ...]



def _view(shipment: ReturnShipment) -> ShipmentView:
    return ShipmentView(
        shipment.shipment_no, ShipmentState(shipment.state), shipment.created_at,
        tuple(ShipmentLineView(line.id, line.order_no, line.sku, line.item.name, line.item.unit,
                               line.quantity, line.scanned, LineReason(line.reason))
              for line in shipment.lines),
        shipment.shipped_at)


def overdue_problem(order: Order | None, order_no: str, station_id: str,
                    now: datetime) -> str | None:
    """Why an order may not go back as overdue, or None when it may."""
    if order is None or order.station_id != station_id:
        return f"{order_no}: unknown"
    if order.state != OrderState.READY.value:
        return f"{order_no}: {order.state}"
    if order.holding_deadline >= now:
        return f"{order_no}: not overdue"
    return None


@dataclass(frozen=True)
class ReturnShipments:
    """The station's return shipments. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    language: str = "zh_CN"  # of the printed list: the receipt language

    # --- reading ----------------------------------------------------------------------------

    def open_shipment(self) -> ShipmentView | None:
        """The shipment being filled, if any."""
        with self.db.reading() as session:
            shipment = self._open(session)
            return None if shipment is None else _view(shipment)

    def shipment(self, shipment_no: str) -> ShipmentView | None:
        with self.db.reading() as session:
            found = session.scalar(select(ReturnShipment)
                                   .where(ReturnShipment.shipment_no == shipment_no))
            return None if found is None else _view(found)

    # --- filling ----------------------------------------------------------------------------

    def add_overdue(self, order_nos: Iterable[str], staff_id: int) -> ShipmentView:
        """Put whole overdue orders (every line, reason overdue) into the open shipment,
        opening one if needed. All or nothing.

        Raises ShipmentRefused (nothing written) when the list is empty, or any order is
        unknown, not ready, not past its holding deadline (NOT_OVERDUE, `items` says which and
        why) or already in the open shipment; NotAllowed for an unknown staff id.
        """
        wanted = list(dict.fromkeys(no.strip() for no in order_nos if no.strip()))
        if not wanted:
            raise ShipmentRefused(ShipmentProblem.NO_ORDERS)
        now = self.clock()
        with self.db.writing() as session:
            require_staff(session, staff_id)
            orders = {order.order_no: order for order in session.scalars(
                select(Order).where(Order.order_no.in_(wanted)))}
            problems = tuple(problem for no in wanted if (problem := overdue_problem(
                orders.get(no), no, self.station_id, now)) is not None)
            if problems:
                raise ShipmentRefused(ShipmentProblem.NOT_OVERDUE, problems[0], items=problems)
            listed = {no for no in session.scalars(
                select(ReturnShipmentLine.order_no).join(ReturnShipment)
                .where(ReturnShipment.state == ShipmentState.OPEN.value,
                       ReturnShipmentLine.order_no.in_(wanted))) if no is not None}
            if listed:
                raise ShipmentRefused(ShipmentProblem.ALREADY_LISTED, sorted(listed)[0],
                                      items=tuple(sorted(listed)))
            shipment = self._open_or_new(session, staff_id, now)
            for no in wanted:
                order = orders[no]
                # Units short at receiving never reached the shelf: they cannot go back.
                session.add_all(ReturnShipmentLine(
                    shipment_id=shipment.id, order_no=no, sku=line.sku,
                    quantity=line.quantity - line.short_quantity,
                    reason=LineReason.OVERDUE.value, scanned=0)
                    for line in order.lines if line.quantity > line.short_quantity)
                session.add(OrderNote(order_no=no, kind=NoteKind.RETURN_LISTED.value,
                                      text=f"{shipment.shipment_no}: overdue",
                                      staff_id=staff_id, noted_at=now))
            return self._fresh(session, shipment)

    def add_refund_goods(self, staff_id: int) -> ShipmentView:
        """Put every refused or customer-returned unit still at the station (refund requests
        of source refused/returned, less what any shipment already holds) into the open
        shipment. Raises ShipmentRefused(NOTHING_PENDING) when there is none."""
        now = self.clock()
        with self.db.writing() as session:
            require_staff(session, staff_id)
            pending = self._pending_refund_goods(session)
            if not pending:
                raise ShipmentRefused(ShipmentProblem.NOTHING_PENDING)
            shipment = self._open_or_new(session, staff_id, now)
            session.add_all(ReturnShipmentLine(shipment_id=shipment.id, order_no=order_no,
                                               sku=sku, quantity=quantity, reason=reason,
                                               scanned=0)
                            for order_no, sku, reason, quantity in pending)
            return self._fresh(session, shipment)

    def add_surplus(self, sku_or_barcode: str, quantity: int, staff_id: int) -> ShipmentView:
        """Put `quantity` loose units of an item (by SKU or barcode) into the open shipment.

        Raises ShipmentRefused for an unknown item, a quantity outside 1…9999, or more than
        the book shows once what the shipment already holds of it is counted (MORE_THAN_BOOK).
        """
        if isinstance(quantity, bool) or not 0 < quantity <= MAX_SURPLUS_QUANTITY:
            raise ShipmentRefused(ShipmentProblem.BAD_QUANTITY, str(quantity))
        now = self.clock()
        code = sku_or_barcode.strip()
        with self.db.writing() as session:
            require_staff(session, staff_id)
            item = session.get(CatalogueItem, code) or session.scalar(
                select(CatalogueItem).where(CatalogueItem.barcode == code))
            if item is None:
                raise ShipmentRefused(ShipmentProblem.UNKNOWN_SKU, code)
            balance = session.get(StockBalance, item.sku)
            book = balance.quantity if balance else 0
            shipment = self._open(session)
            listed = sum(line.quantity for line in shipment.lines if line.sku == item.sku) \
                if shipment else 0
            if quantity + listed > book:
                raise ShipmentRefused(ShipmentProblem.MORE_THAN_BOOK, item.sku,
                                      items=(f"{item.name}: {book - listed}",))
            shipment = shipment or self._open_or_new(session, staff_id, now)
            session.add(ReturnShipmentLine(shipment_id=shipment.id, order_no=None, sku=item.sku,
                                           quantity=quantity, reason=LineReason.SURPLUS.value,
                                           scanned=0))
            return self._fresh(session, shipment)

    def remove_line(self, line_id: int, staff_id: int) -> ShipmentView:
        """Take a line out of the open shipment (an overdue order leaves with all its lines,
        so the order stays whole). Raises ShipmentRefused(UNKNOWN_LINE) for a line that is not
        in the open shipment."""
        now = self.clock()
        with self.db.writing() as session:
            require_staff(session, staff_id)
            shipment = self._open(session)
            line = next((line for line in shipment.lines if line.id == line_id), None) \
                if shipment else None
            if shipment is None or line is None:
                raise ShipmentRefused(ShipmentProblem.UNKNOWN_LINE, str(line_id))
            whole_order = line.order_no is not None and line.reason == LineReason.OVERDUE.value
            gone = [other for other in shipment.lines
                    if other.order_no == line.order_no
                    and other.reason == LineReason.OVERDUE.value] if whole_order else [line]
            for other in gone:
                session.delete(other)
            if whole_order and line.order_no is not None:
                session.add(OrderNote(order_no=line.order_no, kind=NoteKind.RETURN_LISTED.value,
                                      text=f"{shipment.shipment_no}: taken out again",
                                      staff_id=staff_id, noted_at=now))
            session.flush()
            session.expire(shipment, ["lines"])
            return self._fresh(session, shipment)

    # --- scanning out -----------------------------------------------------------------------

    def scan(self, code: str) -> ScanOutcome:
        """Mark units of the open shipment as scanned out: an order number marks all of that
        order's units, an item barcode (or SKU) one unit.

        Raises ShipmentRefused: UNKNOWN_SHIPMENT when no shipment is open, NOT_IN_SHIPMENT for
        a code that names nothing in it, OVER_SCANNED when every unit it names is scanned.
        """
        code = code.strip()
        with self.db.writing() as session:
            shipment = self._open(session)
            if shipment is None:
                raise ShipmentRefused(ShipmentProblem.UNKNOWN_SHIPMENT, code)
            by_order = [line for line in shipment.lines if line.order_no == code]
            if by_order:
                open_lines = [line for line in by_order if line.scanned < line.quantity]
                if not open_lines:
                    raise ShipmentRefused(ShipmentProblem.OVER_SCANNED, code)
                units = sum(line.quantity - line.scanned for line in open_lines)
                for line in open_lines:
                    line.scanned = line.quantity
                return ScanOutcome(self._fresh(session, shipment), code, units, code)
            item = session.get(CatalogueItem, code) or session.scalar(
                select(CatalogueItem).where(CatalogueItem.barcode == code))
            of_item = [line for line in shipment.lines if item and line.sku == item.sku]
            if item is None or not of_item:
                raise ShipmentRefused(ShipmentProblem.NOT_IN_SHIPMENT, code)
            unscanned = next((line for line in of_item if line.scanned < line.quantity), None)
            if unscanned is None:
                raise ShipmentRefused(ShipmentProblem.OVER_SCANNED, item.name)
            unscanned.scanned += 1
            return ScanOutcome(self._fresh(session, shipment), code, 1, item.name)

    # --- shipping ---------------------------------------------------------------------------

    def ship(self, shipment_no: str, staff_id: int) -> ShipDone:
        """Hand the shipment to the driver: −quantity `return_shipment` per line, its orders
        RETURNED with a note, the `return.shipped` event and the journaled return list, in one
        transaction.

        Raises ShipmentRefused (nothing written): UNKNOWN_SHIPMENT, NOT_OPEN (already
        shipped), EMPTY, UNSCANNED (`items` lists what is not scanned out), NO_LONGER_READY
        (an overdue order was handed over meanwhile: take it out first), MORE_THAN_BOOK (the
        book holds fewer of a SKU than the shipment sends); NotAllowed for an unknown staff id.
        """
        now = self.clock()
        with self.db.writing() as session:
            staff = require_staff(session, staff_id)
            shipment, view = _ready_to_ship(session, shipment_no)
            returned, orders = _orders_going_back(session, view)
            _check_book(session, view)
            movements = _take_off_book(session, shipment, orders, staff_id, now)
            event = append_event(session, self.station_id, RETURN_EVENT, {
                "station_id": self.station_id,
                "staff_id": staff_id,
                "movements": movements,
                "shipment_no": shipment.shipment_no,
                "shipped_at": now.isoformat(),
                "opened_at": shipment.created_at.isoformat(),
                "opened_by": shipment.created_by,
                "lines": [{"sku": line.sku, "quantity": line.quantity, "reason": line.reason,
                           "order_no": line.order_no} for line in shipment.lines],
                "returned_orders": list(returned),
            }, now)
            shipment.state = ShipmentState.SHIPPED.value
            shipment.shipped_at = now
            shipment.shipped_by = staff_id
            shipment.event_id = event.event_id
            station = session.get(Station, self.station_id)
            job = journal_document(session, return_list(
                _view(shipment), station.name if station else self.station_id,
                self.station_id, staff.name, now, self.language), now)
            session.flush()
            return ShipDone(_view(shipment), event.event_id, event.station_seq, job.id,
                            returned)

    # --- inside a transaction ---------------------------------------------------------------

    def _open(self, session: Session) -> ReturnShipment | None:
        return session.scalar(select(ReturnShipment)
                              .where(ReturnShipment.state == ShipmentState.OPEN.value)
                              .order_by(ReturnShipment.id).limit(1))

    def _open_or_new(self, session: Session, staff_id: int, now: datetime) -> ReturnShipment:
        shipment = self._open(session)
        if shipment is not None:
            return shipment
        number = next_day_number(session, ReturnShipment.shipment_no, "RS", self.station_id,
                                 now, 2)
        shipment = ReturnShipment(shipment_no=number,
                                  state=ShipmentState.OPEN.value, created_at=now,
                                  created_by=staff_id)
        session.add(shipment)
        session.flush()
        return shipment

    @staticmethod
    def _fresh(session: Session, shipment: ReturnShipment) -> ShipmentView:
        session.flush()
        session.refresh(shipment)
        return _view(shipment)

    @staticmethod
    def _pending_refund_goods(session: Session) -> list[tuple[str, str, str, int]]:
        """(order_no, sku, reason, quantity) of refused/returned goods no shipment holds."""
        requested = session.execute(
            select(RefundRequest.order_no, RefundRequest.sku, RefundRequest.source,
                   func.sum(RefundRequest.quantity))
            .where(RefundRequest.source.in_([RefundSource.REFUSED.value,
                                             RefundSource.RETURNED.value]))
            .group_by(RefundRequest.order_no, RefundRequest.sku, RefundRequest.source)
            .order_by(func.min(RefundRequest.id))).all()
        listed = {(order_no, sku, reason): int(quantity or 0)
                  for order_no, sku, reason, quantity in session.execute(
                      select(ReturnShipmentLine.order_no, ReturnShipmentLine.sku,
                             ReturnShipmentLine.reason, func.sum(ReturnShipmentLine.quantity))
                      .where(ReturnShipmentLine.reason.in_([LineReason.REFUSED.value,
                                                            LineReason.RETURNED.value]))
                      .group_by(ReturnShipmentLine.order_no, ReturnShipmentLine.sku,
                                ReturnShipmentLine.reason))}
        pending = []
        for order_no, sku, source, quantity in requested:
            left = int(quantity or 0) - listed.get((order_no, sku, source), 0)
            if left > 0:
                pending.append((order_no, sku, source, left))
        return pending


# --- shipping, inside its transaction -----------------------------------------------------------


def _ready_to_ship(session: Session, shipment_no: str) -> tuple[ReturnShipment, ShipmentView]:
    """The open shipment, not empty and every unit scanned out; refused otherwise."""
    shipment = session.scalar(select(ReturnShipment)
                              .where(ReturnShipment.shipment_no == shipment_no))
    if shipment is None:
        raise ShipmentRefused(ShipmentProblem.UNKNOWN_SHIPMENT, shipment_no)
    if shipment.state != ShipmentState.OPEN.value:
        raise ShipmentRefused(ShipmentProblem.NOT_OPEN, shipment_no)
    view = _view(shipment)
    if not view.lines:
        raise ShipmentRefused(ShipmentProblem.EMPTY, shipment_no)
    unscanned = tuple(line.describe() for line in view.lines if not line.complete)
    if unscanned:
        raise ShipmentRefused(ShipmentProblem.UNSCANNED, shipment_no, items=unscanned)
    return shipment, view


def _orders_going_back(session: Session,
                       view: ShipmentView) -> tuple[tuple[str, ...], list[Order]]:
    """The overdue orders the shipment returns, each still on the shelf."""
    returned = tuple(dict.fromkeys(
        line.order_no for line in view.lines
        if line.order_no and line.reason is LineReason.OVERDUE))
    orders = list(session.scalars(select(Order).where(Order.order_no.in_(returned))))
    # A resident may still have collected a listed order: its goods left with them,
    # and shipping them again would take them off the book twice.
    gone = tuple(f"{order.order_no}: {order.state}" for order in orders
                 if order.state != OrderState.READY.value)
    if gone:
        raise ShipmentRefused(ShipmentProblem.NO_LONGER_READY, gone[0], items=gone)
    return returned, orders


def _check_book(session: Session, view: ShipmentView) -> None:
    # Stock never goes negative silently: goods the book no longer holds (sold over
    # the counter meanwhile, say) are refused here; a stock count puts the book right.
    sending: dict[str, int] = {}
    for listed in view.lines:
        sending[listed.sku] = sending.get(listed.sku, 0) + listed.quantity
    books = {balance.sku: balance.quantity for balance in session.scalars(
        select(StockBalance).where(StockBalance.sku.in_(sending)))}
    beyond = tuple(f"{sku}: {quantity} > {books.get(sku, 0)}"
                   for sku, quantity in sending.items() if quantity > books.get(sku, 0))
    if beyond:
        raise ShipmentRefused(ShipmentProblem.MORE_THAN_BOOK, beyond[0], items=beyond)


def _take_off_book(session: Session, shipment: ReturnShipment, orders: list[Order],
                   staff_id: int, now: datetime) -> list[dict[str, object]]:
    """Every line out of stock and the overdue orders RETURNED, with a note; returns the
    movements for the event."""
    movements: list[dict[str, object]] = []
    for line in shipment.lines:
        post_movement(session, line.sku, -line.quantity, MovementReason.RETURN_SHIPMENT,
                      shipment.shipment_no, staff_id, now)
        movements.append({"sku": line.sku, "delta": -line.quantity,
                          "reason": MovementReason.RETURN_SHIPMENT.value})
    for order in orders:
        order.state = OrderState.RETURNED.value
        session.add(OrderNote(order_no=order.order_no, kind=NoteKind.RETURNED.value,
                              text=f"{shipment.shipment_no}: shipped back",
                              staff_id=staff_id, noted_at=now))
    return movements


_TEXTS: dict[str, PaperText] = {
    "title": QT_TRANSLATE_NOOP("paper: return shipment list", "Return shipment list"),
    "other": QT_TRANSLATE_NOOP("paper: return shipment list", "Other goods"),
    "totals": QT_TRANSLATE_NOOP("paper: return shipment list", "Totals"),
    "no": QT_TRANSLATE_NOOP("paper: return shipment list", "No."),
    "orders": QT_TRANSLATE_NOOP("paper: return shipment list", "Orders"),
    "lines": QT_TRANSLATE_NOOP("paper: return shipment list", "Lines"),
    "units": QT_TRANSLATE_NOOP("paper: return shipment list", "Units"),
    "staff": QT_TRANSLATE_NOOP("paper: return shipment list", "Staff"),
    "handed": QT_TRANSLATE_NOOP("paper: return shipment list", "Handed to driver"),
    "driver": QT_TRANSLATE_NOOP("paper: return shipment list", "Driver"),
    "date": QT_TRANSLATE_NOOP("paper: return shipment list", "Date"),
    LineReason.OVERDUE: QT_TRANSLATE_NOOP("paper: return shipment list", "overdue"),
    LineReason.REFUSED: QT_TRANSLATE_NOOP("paper: return shipment list", "refused"),
    LineReason.RETURNED: QT_TRANSLATE_NOOP("paper: return shipment list", "returned"),
    LineReason.SURPLUS: QT_TRANSLATE_NOOP("paper: return shipment list", "surplus"),
}


def return_list(shipment: ShipmentView, station_name: str, station_code: str, staff_name: str,
                printed_at: datetime, language: str = "zh_CN") -> TextReport:
    """The paper list the driver signs, in `language`: per order (and loose goods), totals,
    signature."""
    t = {key: text.in_language(language) for key, text in _TEXTS.items()}
    sections = []
    for order_no in shipment.order_nos:
        lines = [line for line in shipment.lines if line.order_no == order_no]
        reasons = "/".join(dict.fromkeys(t[line.reason] for line in lines))
        sections.append(ReportSection(f"{order_no} ({reasons})", tuple(
            (f"{line.name} [{line.sku}]", f"×{line.quantity}{line.unit}") for line in lines)))
    loose = [line for line in shipment.lines if line.order_no is None]
    if loose:
        sections.append(ReportSection(t["other"], tuple(
            (f"{line.name} [{line.sku}] {t[line.reason]}", f"×{line.quantity}{line.unit}")
            for line in loose)))
    sections.append(ReportSection(t["totals"], (
        (t["no"], shipment.shipment_no),
        (t["orders"], str(len(shipment.order_nos))),
        (t["lines"], str(len(shipment.lines))),
        (t["units"], str(shipment.units)),
        (t["staff"], staff_name),
    )))
    sections.append(ReportSection(t["handed"], (
        (t["driver"], "____________"),
        (t["date"], "____________"),
    )))
    return TextReport(shipment.shipment_no, t["title"], station_name, station_code,
                      printed_at, tuple(sections), footer=shipment.shipment_no)
