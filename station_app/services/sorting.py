"""Sorting (分拣): the day's bulk goods into each household's bag, guided by scans.

The goods of the day arrive by product (thirty cartons of eggs) while residents ordered mixed
baskets. Sorting walks staff through it:

- **by product** (按商品分拣): a product (or carton) scan places that product into the next bag
  that still needs it, in shelf order so staff walk one way, and says where (slot, ×units,
  household, how many are left);
- **by order** (按单分拣): a bag label (the order number) opens that bag; each product scan then
  places one unit into it.

What is sorted: orders whose goods were received and whose bags are not finished: arrived
orders (the station makes orders ready at sorting, `ready_when = "sorted"`), and orders made
ready today at receiving, or earlier with sorting begun.

Every placement is its own small transaction (a crash loses nothing and counts nothing twice).
The placement that finishes an order (every unit placed, or found short) writes, in the same
transaction, `sorted_at`, the order's readiness when the station makes orders ready at sorting,
its `order.sorted` event and, as set, its bag label. Sorting never moves stock: the goods were
counted in at receiving and leave at handover. A shortage found while sorting becomes the
order's shortage, as at receiving; the book is put right by the next stock count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, business_day, day_start, utc_now
from station_app.devices.sorting_sheet import sorting_sheet_for
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.scan_text import ScanKind, ScanText, classify
from station_app.services.authority import require_staff
from station_app.services.outbox import append_event
from station_app.services.overdue import deadline_for
from station_app.services.print_journal import journal_document
from station_app.services.receiving import SHORTAGE_SEPARATOR
from station_app.services.slots import label_for
from station_app.services.sorting_views import (
    BagView,
    Household,
    Placement,
    ProductLeft,
    SheetEntry,
    SheetOrder,
    Shorted,
    SortingRefusal,
    SortingRefused,
    SortingSheetData,
    SortLine,
    SortProgress,
    Undone,
)
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    ManifestLine,
    Order,
    OrderLine,
    SortPlacement,
    Station,
)

SORTED_EVENT = EventType.ORDER_SORTED
ARRIVED = OrderState.ARRIVED.value
READY = OrderState.READY.value
# A line's units still to go into the bag.
_LEFT = OrderLine.quantity - OrderLine.short_quantity - OrderLine.placed_quantity

__all__ = ["SORTED_EVENT", "Sorting", "SortingRefusal", "SortingRefused"]


@dataclass(frozen=True)
class Sorting:
    """The sorting use case for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    ready_when: str = "received"  # "sorted": orders become ready when sorted (Settings)
    labels: str = "as_completed"  # bag labels: as_completed | at_start | off (Settings)
    label_language: str = "zh_CN"
    label_pickup_code: bool = False

    # --- what is to sort ----------------------------------------------------------------------

    def _to_sort(self, now: datetime) -> ColumnElement[bool]:
        """Orders whose bags are being sorted today (see the module docstring)."""
        today = day_start(business_day(now))
        return and_(Order.station_id == self.station_id, Order.sorted_at.is_(None), or_(
            Order.state == ARRIVED,
            and_(Order.state == READY, or_(
                Order.arrived_at >= today,
                Order.lines.any(OrderLine.placed_quantity > 0)))))

    def progress(self) -> SortProgress:
        """Today's sorting: orders, units and each product's units still to place."""
        with self.db.reading() as session:
            now = self.clock()
            rows = session.execute(
                select(OrderLine.sku, CatalogueItem.name, CatalogueItem.barcode,
                       func.sum(OrderLine.quantity), func.sum(OrderLine.placed_quantity),
                       func.sum(OrderLine.short_quantity))
                .join(Order, Order.id == OrderLine.order_id)
                .join(CatalogueItem, CatalogueItem.sku == OrderLine.sku)
                .where(self._to_sort(now))
                .group_by(OrderLine.sku, CatalogueItem.name, CatalogueItem.barcode)
                .order_by(CatalogueItem.name)).all()
            products = tuple(ProductLeft(sku, name, barcode, int(total), int(placed),
                                         int(short))
                             for sku, name, barcode, total, placed, short in rows)
            orders = session.scalar(select(func.count()).select_from(Order)
                                    .where(self._to_sort(now))) or 0
            sorted_today = session.scalar(select(func.count()).select_from(Order).where(
                Order.station_id == self.station_id,
                Order.sorted_at >= day_start(business_day(now)))) or 0
        return SortProgress(orders + sorted_today, sorted_today,
                            sum(p.total for p in products), sum(p.placed for p in products),
                            sum(p.short for p in products), products)

    # --- scanning -----------------------------------------------------------------------------

    def scan(self, text: str, staff_id: int, bag: str | None = None) -> Placement | BagView:
        """What a scan does while sorting: an order number (a bag label) opens that bag
        (returns its BagView); a product or carton code places it: into the open `bag` one
        unit, else into the next bag that needs it in shelf order, all it needs.

        Raises SortingRefused (see SortingRefusal) and authority.NotAllowed; nothing is
        written then.
        """
        scanned = classify(text)
        code = text.strip()
        if isinstance(scanned, ScanText) and scanned.kind is ScanKind.ORDER_NO:
            return self.bag(scanned.value)
        with self.db.writing() as session:
            require_staff(session, staff_id)
            sku = _sku_of(session, code)
            if sku is None:
                raise SortingRefused(SortingRefusal.UNKNOWN_CODE, code[:40])
            now = self.clock()
            line = (self._line_in_bag(session, bag, sku, now) if bag
                    else self._next_line(session, sku, now))
            units = 1 if bag else line.quantity - line.short_quantity - line.placed_quantity
            return self._place(session, line, units, staff_id, now)

    def bag(self, order_no: str) -> BagView:
        """One order's bag, to sort it by order. Raises SortingRefused: OTHER_STATION,
        UNKNOWN_CODE, NOT_TO_SORT (with the order's state; a sorted bag has state "sorted")."""
        number = order_no.strip().upper()
        with self.db.reading() as session:
            order = self._sortable(session, number, self.clock())
            return _bag_view(order)

    def _sortable(self, session: Session, number: str, now: datetime) -> Order:
        order = session.scalar(select(Order).where(Order.order_no == number))
        scanned = classify(number)
        station = scanned.station_code if isinstance(scanned, ScanText) else None
        if (order is not None and order.station_id != self.station_id) or \
                (order is None and station not in (None, self.station_id)):
            raise SortingRefused(SortingRefusal.OTHER_STATION, number, order_no=number)
        if order is None:
            raise SortingRefused(SortingRefusal.UNKNOWN_CODE, number, order_no=number)
        pending = session.scalar(select(Order.id).where(Order.id == order.id,
                                                        self._to_sort(now)))
        if pending is None:
            state = "sorted" if order.sorted_at is not None else order.state
            raise SortingRefused(SortingRefusal.NOT_TO_SORT, number, order_no=number,
                                 state=state)
        return order

    def _next_line(self, session: Session, sku: str, now: datetime) -> OrderLine:
        """The first line in shelf order that still needs `sku` (slotless bags last)."""
        line = session.scalar(
            select(OrderLine).join(Order, Order.id == OrderLine.order_id)
            .where(self._to_sort(now), OrderLine.sku == sku, _LEFT > 0)
            .order_by(Order.slot.is_(None), Order.slot, Order.order_no, OrderLine.line_no)
            .limit(1))
        if line is not None:
            return line
        name = _name(session, sku)
        wanted = session.scalar(
            select(func.count()).select_from(OrderLine).join(Order, Order.id == OrderLine.order_id)
            .where(self._to_sort(now), OrderLine.sku == sku)) or 0
        sorted_today = session.scalar(
            select(func.count()).select_from(OrderLine).join(Order, Order.id == OrderLine.order_id)
            .where(Order.station_id == self.station_id, OrderLine.sku == sku,
                   Order.sorted_at >= day_start(business_day(now)))) or 0
        reason = SortingRefusal.ALL_PLACED if wanted or sorted_today \
            else SortingRefusal.NOT_DELIVERED
        raise SortingRefused(reason, sku, product=name)

    def _line_in_bag(self, session: Session, order_no: str, sku: str,
                     now: datetime) -> OrderLine:
        order = self._sortable(session, order_no.strip().upper(), now)
        lines = [line for line in order.lines if line.sku == sku]
        if not lines:
            raise SortingRefused(SortingRefusal.NOT_IN_ORDER, sku, order_no=order.order_no,
                                 product=_name(session, sku))
        for line in lines:
            if line.quantity - line.short_quantity - line.placed_quantity > 0:
                return line
        raise SortingRefused(SortingRefusal.ORDER_HAS_IT, sku, order_no=order.order_no,
                             product=_name(session, sku))

    def _place(self, session: Session, line: OrderLine, units: int, staff_id: int,
               now: datetime) -> Placement:
        order = line.order
        first_today = self.labels == "at_start" and session.scalar(
            select(SortPlacement.id).where(
                SortPlacement.placed_at >= day_start(business_day(now))).limit(1)) is None
        jobs = self._all_bag_labels(session, now) if first_today else []
        line.placed_quantity += units
        placement = SortPlacement(order_line_id=line.id, order_no=order.order_no, sku=line.sku,
                                  units=units, staff_id=staff_id, placed_at=now)
        session.add(placement)
        session.flush()
        event_id, label = self._finish_if_full(session, order, staff_id, now)
        left = session.scalar(
            select(func.coalesce(func.sum(_LEFT), 0)).join(Order, Order.id == OrderLine.order_id)
            .where(self._to_sort(now), OrderLine.sku == line.sku)) or 0
        return Placement(placement.id, line.sku, line.item.name, units, _bag_view(order),
                         int(left), event_id is not None, event_id,
                         tuple(job for job in (*jobs, label) if job is not None))

    # --- finishing and taking back ------------------------------------------------------------

    def _finish_if_full(self, session: Session, order: Order, staff_id: int,
                        now: datetime) -> tuple[str | None, int | None]:
        """Finish the order when nothing is left to place: its event, its readiness and its
        label, in the caller's transaction. Returns (event id, label job id)."""
        if any(line.quantity - line.short_quantity - line.placed_quantity > 0
               for line in order.lines):
            return None, None
        order.sorted_at = now
        if order.state == ARRIVED:
            order.state = READY
            # The holding period runs from the day the bag is on the shelf.
            order.holding_deadline = deadline_for(session, self.station_id, now)
        event = append_event(session, self.station_id, SORTED_EVENT,
                             _sorted_payload(order, self.station_id, staff_id, now), now)
        job = None
        if self.labels == "as_completed" and order.slot:
            job = journal_document(session, label_for(
                session, order, now, self.label_language,
                with_code=self.label_pickup_code), now)
        session.flush()  # the job's id
        return event.event_id, None if job is None else job.id

    def undo_last(self, staff_id: int) -> Undone:
        """Take back the newest placement (Ctrl+Z). A sorted order it belonged to is sorted no
        more: it waits again (arrived) when the station makes orders ready at sorting, and an
        `order.sorted` event with `sorted` false tells head office.

        Raises SortingRefused: NOTHING_TO_UNDO, UNDO_TOO_LATE (the order left the shelf).
        """
        with self.db.writing() as session:
            require_staff(session, staff_id)
            placement = session.scalar(select(SortPlacement)
                                       .order_by(SortPlacement.id.desc()).limit(1))
            if placement is None:
                raise SortingRefused(SortingRefusal.NOTHING_TO_UNDO)
            line = session.get(OrderLine, placement.order_line_id)
            assert line is not None  # a foreign key
            order = line.order
            if order.state not in (ARRIVED, READY):
                raise SortingRefused(SortingRefusal.UNDO_TOO_LATE, order_no=order.order_no,
                                     state=order.state)
            now = self.clock()
            line.placed_quantity -= placement.units
            session.delete(placement)
            reopened = order.sorted_at is not None
            if reopened:
                order.sorted_at = None
                if self.ready_when == "sorted":
                    order.state = ARRIVED
                append_event(session, self.station_id, SORTED_EVENT,
                             _sorted_payload(order, self.station_id, staff_id, now), now)
            session.flush()
            return Undone(line.sku, line.item.name, placement.units, _bag_view(order), reopened)

    def short(self, sku: str, staff_id: int, order_no: str | None = None) -> Shorted:
        """The rest of `sku` is not there (the pile ran out): every unit still to place of it
        (in the open bag `order_no` only, when given) becomes its order's shortage, and the
        orders this leaves with nothing to place are finished. One transaction.

        Raises SortingRefused: NOT_DELIVERED / ALL_PLACED (nothing of it left to place).
        """
        with self.db.writing() as session:
            require_staff(session, staff_id)
            now = self.clock()
            query = (select(OrderLine).join(Order, Order.id == OrderLine.order_id)
                     .where(self._to_sort(now), OrderLine.sku == sku, _LEFT > 0))
            if order_no:
                query = query.where(Order.order_no == order_no.strip().upper())
            lines = list(session.scalars(query))
            if not lines and order_no:  # the open bag has none of it left: it says why
                self._line_in_bag(session, order_no, sku, now)
            if not lines:
                self._next_line(session, sku, now)  # raises the right refusal
            return self._short_lines(session, sku, lines, staff_id, now)

    def _short_lines(self, session: Session, sku: str, lines: Sequence[OrderLine],
                     staff_id: int, now: datetime) -> Shorted:
        units, finished, jobs = 0, [], []
        for line in lines:
            missing = line.quantity - line.short_quantity - line.placed_quantity
            units += missing
            line.short_quantity += missing
            order = line.order
            order.shortage = SHORTAGE_SEPARATOR.join(
                f"{each.item.name} ×{each.short_quantity}"
                for each in order.lines if each.short_quantity)[:300]
            event_id, label = self._finish_if_full(session, order, staff_id, now)
            if event_id is not None:
                finished.append(order.order_no)
            if label is not None:
                jobs.append(label)
        session.flush()
        return Shorted(sku, _name(session, sku), units,
                       tuple(_bag_view(line.order) for line in lines), tuple(finished),
                       tuple(jobs))

    # --- paper --------------------------------------------------------------------------------

    def bag_labels(self) -> tuple[int, ...]:
        """Journal a bag label for every slotted order still to sort (Ctrl+L)."""
        with self.db.writing() as session:
            return tuple(self._all_bag_labels(session, self.clock()))

    def _all_bag_labels(self, session: Session, now: datetime) -> list[int]:
        station = session.get(Station, self.station_id)
        orders = session.scalars(select(Order).where(self._to_sort(now),
                                                     Order.slot.is_not(None))
                                 .order_by(Order.slot, Order.order_no)).all()
        jobs = [journal_document(session, label_for(
            session, order, now, self.label_language, station,
            with_code=self.label_pickup_code), now) for order in orders]
        session.flush()  # their ids
        return [job.id for job in jobs]

    def print_sheet(self, order: SheetOrder = SheetOrder.PRODUCT) -> tuple[int, ...]:
        """Journal the sorting sheet (分拣单) laid out by `order`; () when nothing is left to
        sort."""
        data = self.sheet(order)
        if not data.entries:
            return ()
        with self.db.writing() as session:
            now = self.clock()
            station = session.get(Station, self.station_id)
            sheet = sorting_sheet_for(data, station.name if station else self.station_id,
                                      self.station_id, now, self.label_language)
            job = journal_document(session, sheet, now)
            session.flush()
            return (job.id,)

    def sheet(self, order: SheetOrder = SheetOrder.PRODUCT) -> SortingSheetData:
        """Every unit still to place, for the sorting sheet (分拣单) laid out by `order`."""
        with self.db.reading() as session:
            rows = session.execute(
                select(Order, OrderLine).join(OrderLine, OrderLine.order_id == Order.id)
                .where(self._to_sort(self.clock()), _LEFT > 0)).all()
            entries = [SheetEntry(o.order_no, o.slot, Household(o.customer_name, o.phone_tail),
                                  o.address_line, line.sku, line.item.name, line.item.unit,
                                  line.quantity - line.short_quantity - line.placed_quantity,
                                  line.placed_quantity)
                       for o, line in rows]
        entries.sort(key=_sheet_key(order))
        return SortingSheetData(order, tuple(entries), len({e.order_no for e in entries}),
                                sum(e.units for e in entries))


def _sheet_key(order: SheetOrder) -> Callable[[SheetEntry], tuple[object, ...]]:
    def shelf(entry: SheetEntry) -> tuple[bool, str]:
        return entry.slot is None, entry.slot or entry.order_no

    if order is SheetOrder.PRODUCT:
        return lambda e: (e.product, e.sku, *shelf(e))
    if order is SheetOrder.SLOT:
        return lambda e: (*shelf(e), e.order_no, e.product)
    return lambda e: (e.address_line == "", _natural(e.address_line), *shelf(e), e.product)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Building 2 before building 10, room 803 before room 1801."""
    return tuple((int(part), "") if part.isdigit() else (-1, part)
                 for part in re.split(r"(\d+)", text) if part)


def _sku_of(session: Session, code: str) -> str | None:
    """The product a product barcode or a carton label stands for."""
    if not code:
        return None
    sku = session.scalar(select(CatalogueItem.sku).where(CatalogueItem.barcode == code))
    if sku is None:
        sku = session.scalar(select(ManifestLine.sku).where(ManifestLine.carton_code == code)
                             .limit(1))
    return sku


def _name(session: Session, sku: str) -> str:
    return session.scalar(select(CatalogueItem.name).where(CatalogueItem.sku == sku)) or sku


def _bag_view(order: Order) -> BagView:
    return BagView(order.order_no, order.slot, Household(order.customer_name, order.phone_tail),
                   order.address_line,
                   tuple(SortLine(line.line_no, line.sku, line.item.name, line.item.unit,
                                  line.quantity, line.placed_quantity, line.short_quantity)
                         for line in order.lines),
                   order.sorted_at is not None)


def _sorted_payload(order: Order, station_id: str, staff_id: int,
                    now: datetime) -> dict[str, object]:
    return {
        "order_no": order.order_no,
        "station_id": station_id,
        "staff_id": staff_id,
        "movements": [],  # sorting moves no stock
        "sorted": order.sorted_at is not None,
        "state": order.state,
        "sorted_at": now.isoformat(),
        "slot": order.slot,
        "holding_deadline": order.holding_deadline.isoformat(),
        "shortage": order.shortage,
        "placed": {str(line.line_no): line.placed_quantity for line in order.lines},
        "short": {str(line.line_no): line.short_quantity
                  for line in order.lines if line.short_quantity},
    }
