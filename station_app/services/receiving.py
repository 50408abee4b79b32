"""Receiving (到货签收/入库): count the delivery against its manifest, then confirm it.

Counting is a draft: every scan or typed count is saved at once in its own small transaction
(a crash loses no counting) and sends nothing to head office. Confirming (`receive`) is one
transaction: the stock movements of the good units, the `goods.received` event, the orders that
became ready with their slots and notes, and their journaled pickup labels.

What a scan counts:
- a carton label (the manifest line's `carton_code`): `carton_units` of that line's SKU;
- a product barcode: one unit of its SKU; an SKU not on the manifest becomes an extra line
  (expected 0);
- an order bag (the bag label carries the order number of one of the manifest's orders): the
  order's own line quantities, once. A bag scanned again is refused, so it never counts twice.
  A bag and the loose cartons are different goods on the truck: staff count each physical
  thing once, whichever label it carries.

Which orders become ready: the good units received are shared out over the manifest's
not-arrived orders by holding deadline, then order number. An order whose lines are all covered
becomes ready; one that got some but not all of its goods becomes ready too, with its shortage
noted ("苹果 ×1") for the handover; one that got nothing stays not arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, lazyload

from station_app.clock import Clock, utc_now
from station_app.domain.event_types import EventType
from station_app.domain.order_state import OrderState
from station_app.domain.stock import MovementReason
from station_app.services.authority import require_staff
from station_app.services.manifests import MAX_UNITS, OPEN, RECEIVED
from station_app.services.outbox import append_event, local_counter_no
from station_app.services.overdue import deadline_for
from station_app.services.print_journal import journal_document
from station_app.services.receiving_views import (
    DiscrepancyReason,
    LineCount,
    ManifestSummary,
    ManifestView,
    Progress,
    ReceiveDone,
    ReceivingRefusal,
    ReceivingRefused,
    ScanCounted,
    ScanKind,
    inferred_reason,
)
from station_app.services.slots import ShelfLayout, assign_slot, label_for, occupied_slots
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Manifest,
    ManifestLine,
    ManifestOrder,
    Order,
    OrderNote,
    PrintJob,
    Station,
    StockBalance,
)

RECEIVED_EVENT = EventType.GOODS_RECEIVED
SHORTAGE_SEPARATOR = "、"

__all__ = ["RECEIVED_EVENT", "DiscrepancyReason", "LineCount", "ManifestSummary",
           "ManifestView", "Progress", "ReceiveDone", "Receiving", "ReceivingRefusal",
           "ReceivingRefused", "ScanCounted", "ScanKind"]


# --- the service --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receiving:
    """The receiving use case for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    shelf: ShelfLayout = field(default_factory=ShelfLayout)
    label_language: str = "zh_CN"
    # "sorted": received orders wait to be sorted into their bags (state arrived) and become
    # ready, with their label, when sorting finishes them (services/sorting.py).
    ready_when: str = "received"
    # Deliveries of a station with several counters are received at one of them (counter 1
    # unless a manager moves it): two counters cut off from each other can then never both
    # confirm the same delivery, count its goods twice or give two orders one slot.
    receiving_counter: int = 1

    # --- reading ------------------------------------------------------------------------------

    def open_manifests(self) -> list[ManifestSummary]:
        """Manifests of this station not received yet, oldest delivery first."""
        with self.db.reading() as session:
            totals = (select(ManifestLine.manifest_id,
                             func.count().label("lines"),
                             func.sum(ManifestLine.expected).label("expected"),
                             func.sum(ManifestLine.received).label("received"))
                      .group_by(ManifestLine.manifest_id).subquery())
            orders = (select(ManifestOrder.manifest_id, func.count().label("orders"))
                      .group_by(ManifestOrder.manifest_id).subquery())
            rows = session.execute(
                select(Manifest.manifest_no, Manifest.delivery_date, Manifest.source,
                       totals.c.lines, totals.c.expected, totals.c.received, orders.c.orders)
                .outerjoin(totals, totals.c.manifest_id == Manifest.id)
                .outerjoin(orders, orders.c.manifest_id == Manifest.id)
                .where(Manifest.state == OPEN, Manifest.station_id == self.station_id)
                .order_by(Manifest.delivery_date, Manifest.manifest_no)).all()
            return [ManifestSummary(no, day, source, lines or 0, expected or 0, received or 0,
                                    count or 0)
                    for no, day, source, lines, expected, received, count in rows]

    def manifest(self, manifest_no: str) -> ManifestView:
        """One manifest with its lines and orders. Raises ReceivingRefused(UNKNOWN_MANIFEST)."""
        with self.db.reading() as session:
            manifest = self._manifest(session, manifest_no)
            return ManifestView(
                manifest.manifest_no, manifest.delivery_date, manifest.state,
                tuple(_count(line) for line in manifest.lines),
                tuple((order.order_no, order.bag_scanned)
                      for order in sorted(manifest.orders, key=lambda o: o.order_no)),
                _progress(session, manifest.id))

    def _manifest(self, session: Session, manifest_no: str, whole: bool = True) -> Manifest:
        query = select(Manifest).where(Manifest.manifest_no == manifest_no.strip(),
                                       Manifest.station_id == self.station_id)
        if not whole:
            # A scan touches one line: loading all 2,000 with their items would make every
            # scan as slow as opening the manifest.
            query = query.options(lazyload(Manifest.lines), lazyload(Manifest.orders))
        manifest = session.scalar(query)
        if manifest is None:
            raise ReceivingRefused(ReceivingRefusal.UNKNOWN_MANIFEST, manifest_no.strip())
        return manifest

    def _open(self, session: Session, manifest_no: str, whole: bool = True) -> Manifest:
        manifest = self._manifest(session, manifest_no, whole)
        if manifest.state != OPEN:
            raise ReceivingRefused(ReceivingRefusal.ALREADY_RECEIVED, manifest.manifest_no)
        if local_counter_no(session, self.station_id) != self.receiving_counter:
            raise ReceivingRefused(ReceivingRefusal.OTHER_COUNTER, manifest.manifest_no,
                                   detail=str(self.receiving_counter))
        return manifest

    # --- counting (drafts) --------------------------------------------------------------------

    def scan(self, manifest_no: str, text: str) -> ScanCounted:
        """Count what a scanned code stands for (see the module docstring) and save the draft.

        Raises ReceivingRefused (unknown or received manifest, a code that is no carton, bag
        or product of the catalogue, a bag scanned before, a count over MAX_UNITS); nothing
        is written then.
        """
        code = text.strip()
        with self.db.writing() as session:
            manifest = self._open(session, manifest_no, whole=False)
            line = session.scalar(select(ManifestLine).where(
                ManifestLine.manifest_id == manifest.id, ManifestLine.carton_code == code))
            if line is not None and code:
                changed = [self._add(session, manifest, line, line.carton_units)]
                return self._counted(session, manifest, ScanKind.CARTON, code, changed,
                                     line.carton_units)
            bag = session.scalar(select(ManifestOrder).where(
                ManifestOrder.manifest_id == manifest.id, ManifestOrder.order_no == code))
            if bag is not None:
                return self._bag(session, manifest, bag)
            sku = session.scalar(select(CatalogueItem.sku).where(CatalogueItem.barcode == code)) \
                if code else None
            if sku is None:
                raise ReceivingRefused(ReceivingRefusal.UNKNOWN_CODE, manifest.manifest_no,
                                       code[:40])
            line, new = self._line_for(session, manifest, sku)
            changed = [self._add(session, manifest, line, 1)]
            return self._counted(session, manifest, ScanKind.ITEM, code, changed, 1,
                                 new_line=new)

    def _bag(self, session: Session, manifest: Manifest, bag: ManifestOrder) -> ScanCounted:
        if bag.bag_scanned:
            raise ReceivingRefused(ReceivingRefusal.BAG_ALREADY_SCANNED, manifest.manifest_no,
                                   bag.order_no)
        order = session.scalar(select(Order).where(Order.order_no == bag.order_no))
        if order is None or not order.lines:
            # The order never reached this counter: its bag names goods nobody can check.
            raise ReceivingRefused(ReceivingRefusal.UNKNOWN_CODE, manifest.manifest_no,
                                   bag.order_no, "order not held here")
        wanted: dict[str, int] = {}
        for order_line in order.lines:
            wanted[order_line.sku] = wanted.get(order_line.sku, 0) + order_line.quantity
        changed: list[LineCount] = []
        new = False
        for sku, quantity in wanted.items():
            line, created = self._line_for(session, manifest, sku)
            new = new or created
            changed.append(self._add(session, manifest, line, quantity))
        bag.bag_scanned = True
        return self._counted(session, manifest, ScanKind.BAG, bag.order_no, changed,
                             sum(wanted.values()), new_line=new, order_no=bag.order_no)

    def _line_for(self, session: Session, manifest: Manifest,
                  sku: str) -> tuple[ManifestLine, bool]:
        line = session.scalar(select(ManifestLine).where(
            ManifestLine.manifest_id == manifest.id, ManifestLine.sku == sku))
        if line is not None:
            return line, False
        if session.get(CatalogueItem, sku) is None:
            raise ReceivingRefused(ReceivingRefusal.UNKNOWN_SKU, manifest.manifest_no, sku)
        last = session.scalar(select(func.max(ManifestLine.line_no))
                              .where(ManifestLine.manifest_id == manifest.id)) or 0
        line = ManifestLine(manifest_id=manifest.id, line_no=last + 1, sku=sku, expected=0,
                            carton_code=None, carton_units=1, received=0, damaged=0,
                            reason=DiscrepancyReason.EXTRA.value)
        session.add(line)
        session.flush()
        return line, True

    @staticmethod
    def _add(session: Session, manifest: Manifest, line: ManifestLine,
             units: int) -> LineCount:
        if line.received + units > MAX_UNITS:
            raise ReceivingRefused(ReceivingRefusal.BAD_COUNT, manifest.manifest_no, line.sku,
                                   f"over {MAX_UNITS:,} units")
        line.received += units
        session.flush()
        return _count(line)

    @staticmethod
    def _counted(session: Session, manifest: Manifest, kind: ScanKind, code: str,
                 changed: Sequence[LineCount], units: int, *, new_line: bool = False,
                 order_no: str | None = None, typed: bool = False) -> ScanCounted:
        return ScanCounted(kind, code, tuple(changed), units, _progress(session, manifest.id),
                           new_line, order_no, typed)

    def set_count(self, manifest_no: str, sku: str, received: int, damaged: int = 0,
                  reason: str | None = None, note: str | None = None,
                  photo_path: str | None = None) -> ScanCounted:
        """Staff typed the counts of one SKU (good and damaged units), with an optional reason,
        note and photo (a path relative to the data dir). An SKU of the catalogue that is not
        on the manifest becomes an extra line. A photo or note already saved stays when None
        is passed.

        Raises ReceivingRefused: BAD_COUNT (negative, or over MAX_UNITS), UNKNOWN_SKU,
        BAD_REASON (not a DiscrepancyReason), NOTE_TOO_LONG (over 200 characters), or the
        manifest is unknown or received. Nothing is written then.
        """
        for value in (received, damaged):
            if not isinstance(value, int) or isinstance(value, bool) or \
                    not 0 <= value <= MAX_UNITS:
                raise ReceivingRefused(ReceivingRefusal.BAD_COUNT, manifest_no, sku,
                                       f"{value!r} is not 0-{MAX_UNITS:,}")
        if reason is not None and reason not in DiscrepancyReason.__members__.values():
            raise ReceivingRefused(ReceivingRefusal.BAD_REASON, manifest_no, sku, str(reason))
        if note is not None and len(note) > 200:
            raise ReceivingRefused(ReceivingRefusal.NOTE_TOO_LONG, manifest_no, sku)
        if photo_path is not None and len(photo_path) > 200:
            raise ReceivingRefused(ReceivingRefusal.NOTE_TOO_LONG, manifest_no, sku, "photo")
        with self.db.writing() as session:
            manifest = self._open(session, manifest_no, whole=False)
            line, new = self._line_for(session, manifest, sku.strip())
            before = line.received
            line.received, line.damaged = received, damaged
            if reason is not None:
                line.reason = reason
            if note is not None:
                line.note = note.strip() or None
            if photo_path is not None:
                line.photo_path = photo_path
            session.flush()
            return self._counted(session, manifest, ScanKind.ITEM, line.sku, [_count(line)],
                                 received - before, new_line=new, typed=True)

    # --- confirming -----------------------------------------------------------------------------

    def receive(self, manifest_no: str, staff_id: int) -> ReceiveDone:
        """Confirm the counted manifest: ONE transaction with the stock movements (+received
        good units per SKU, reason received; damaged units stay out of stock), the
        `goods.received` event, the orders made ready (slot, note, shortage) and their pickup
        labels when the shelf layout prints labels.

        Raises ReceivingRefused (unknown manifest, already received: a second confirm) and
        authority.NotAllowed (unknown or inactive staff) before writing anything.
        """
        with self.db.writing() as session:
            manifest = self._open(session, manifest_no)
            require_staff(session, staff_id)
            return self._receive(session, manifest, staff_id)

    def _receive(self, session: Session, manifest: Manifest, staff_id: int) -> ReceiveDone:
        now = self.clock()
        lines = list(manifest.lines)
        movements = _put_stock_in(session, manifest, lines, staff_id, now)
        shelved = self._ready_orders(session, manifest, lines, staff_id, now)
        event = append_event(session, self.station_id, RECEIVED_EVENT,
                             self._received_payload(manifest, lines, staff_id, now, shelved,
                                                    movements), now)
        session.flush()
        manifest.state = RECEIVED
        manifest.received_at = now
        manifest.received_by = staff_id
        manifest.event_id = event.event_id
        session.flush()
        return ReceiveDone(manifest.manifest_no, event.event_id, event.station_seq,
                           tuple(shelved.ready), tuple(shelved.short), tuple(shelved.waiting),
                           tuple(shelved.unslotted), tuple(job.id for job in shelved.jobs),
                           len(movements), tuple(_count(line) for line in lines),
                           tuple(shelved.to_sort))

    def _ready_orders(self, session: Session, manifest: Manifest, lines: list[ManifestLine],
                      staff_id: int, now: datetime) -> _Shelved:
        """Share the good units out over the manifest's not-arrived orders (earliest deadline
        first) and put every order that got something on the shelf."""
        available = {line.sku: line.received for line in lines}
        order_nos = [order.order_no for order in manifest.orders]
        orders = list(session.scalars(
            select(Order).where(Order.order_no.in_(order_nos),
                                Order.station_id == self.station_id,
                                Order.state == OrderState.NOT_ARRIVED.value)
            .order_by(Order.holding_deadline, Order.order_no))) if order_nos else []
        shelved = _Shelved(orders)
        occupied = occupied_slots(session)
        station = session.get(Station, self.station_id)
        for order in orders:
            got, missing = _share_out(order, available)
            if got == 0:
                shelved.waiting.append(order.order_no)
                continue
            self._make_ready(session, order, missing, now)
            if order.state == OrderState.READY.value:
                (shelved.short if missing else shelved.ready).append(order.order_no)
            else:
                shelved.to_sort.append(order.order_no)
            shelved.placed.add(order.order_no)
            slot = assign_slot(session, order, now, self.shelf, occupied)
            if slot is None:
                shelved.unslotted.append(order.order_no)
            _note_arrival(session, manifest, order, slot, staff_id, now)
            # Waiting to be sorted: its bag label prints when sorting finishes it.
            if slot is not None and self.shelf.print_labels and \
                    order.state == OrderState.READY.value:
                shelved.jobs.append(journal_document(
                    session, label_for(session, order, now, self.label_language, station,
                                       with_code=self.shelf.label_pickup_code), now))
        return shelved

    def _make_ready(self, session: Session, order: Order, missing: list[str],
                    now: datetime) -> None:
        order.state = (OrderState.ARRIVED if self.ready_when == "sorted"
                       else OrderState.READY).value
        order.arrived_at = now
        # The holding period runs from the day the goods are on the shelf.
        order.holding_deadline = deadline_for(session, self.station_id, now)
        order.shortage = SHORTAGE_SEPARATOR.join(missing)[:300] if missing else None

    def _received_payload(self, manifest: Manifest, lines: list[ManifestLine], staff_id: int,
                          now: datetime, shelved: _Shelved,
                          movements: list[dict[str, object]]) -> dict[str, object]:
        return {
            "manifest_no": manifest.manifest_no,
            "station_id": self.station_id,
            "staff_id": staff_id,
            "received_at": now.isoformat(),
            "lines": [{"sku": line.sku, "expected": line.expected, "received": line.received,
                       "damaged": line.damaged, "reason": line.reason, "note": line.note,
                       "has_photo": line.photo_path is not None} for line in lines],
            "ready_orders": shelved.ready,
            "short_orders": shelved.short,
            "movements": movements,
            # How each order went on the shelf: a replay writes exactly this (services/replay).
            "orders": [{"order_no": order.order_no, "slot": order.slot,
                        "holding_deadline": order.holding_deadline.isoformat(),
                        "shortage": order.shortage, "state": order.state,
                        "short": {str(line.line_no): line.short_quantity
                                  for line in order.lines if line.short_quantity}}
                       for order in shelved.orders if order.order_no in shelved.placed],
        }


@dataclass
class _Shelved:
    """What confirming a manifest did with its orders, for the event and the result."""

    orders: list[Order]
    ready: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    unslotted: list[str] = field(default_factory=list)
    to_sort: list[str] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)
    jobs: list[PrintJob] = field(default_factory=list)


def _put_stock_in(session: Session, manifest: Manifest, lines: list[ManifestLine],
                  staff_id: int, now: datetime) -> list[dict[str, object]]:
    """The good units of every line into stock (damaged units stay out); settles each line's
    discrepancy reason. Returns the movements for the event."""
    # Held while the movements are posted: the session keeps unchanged rows only while
    # someone refers to them.
    _held = _load_balances(session, [line.sku for line in lines if line.received > 0], now)
    movements: list[dict[str, object]] = []
    for line in lines:
        if line.reason is None:
            line.reason = _inferred_reason(line)
        if line.received > 0:
            post_movement(session, line.sku, line.received, MovementReason.RECEIVED,
                          manifest.manifest_no, staff_id, now)
            movements.append({"sku": line.sku, "delta": line.received,
                              "reason": MovementReason.RECEIVED.value})
    return movements


def _load_balances(session: Session, skus: list[str], now: datetime) -> list[StockBalance]:
    # Load the balances first: post_movement then finds each in the session instead of
    # flushing and querying once per line (2,000 lines: seconds → a fraction).
    balances: list[StockBalance] = []
    for start in range(0, len(skus), 500):
        balances += session.scalars(select(StockBalance).where(
            StockBalance.sku.in_(skus[start:start + 500])))
    # A first delivery of an SKU: its (zero) balance row now, in one flush.
    known = {balance.sku for balance in balances}
    balances += [StockBalance(sku=sku, quantity=0, updated_at=now)
                 for sku in skus if sku not in known]
    session.add_all(balances)
    session.flush()
    return balances


def _share_out(order: Order, available: dict[str, int]) -> tuple[int, list[str]]:
    """Take the order's goods from what is left of the delivery; notes each line's shortage.
    Returns the units it got and what it is missing ("苹果 ×1")."""
    missing: list[str] = []
    got = 0
    for order_line in order.lines:
        take = min(order_line.quantity, available.get(order_line.sku, 0))
        available[order_line.sku] = available.get(order_line.sku, 0) - take
        got += take
        order_line.short_quantity = order_line.quantity - take
        if take < order_line.quantity:
            missing.append(f"{order_line.item.name} ×{order_line.quantity - take}")
    return got, missing


def _note_arrival(session: Session, manifest: Manifest, order: Order, slot: str | None,
                  staff_id: int, now: datetime) -> None:
    text = f"到货 {manifest.manifest_no}，货架位 {slot or '—'}"
    if order.shortage:
        text += f"；缺货：{order.shortage}"
    session.add(OrderNote(order_no=order.order_no, kind="received", text=text[:500],
                          staff_id=staff_id, noted_at=now))


def _inferred_reason(line: ManifestLine) -> str | None:
    return inferred_reason(line.expected, line.received, line.damaged)


def _count(line: ManifestLine) -> LineCount:
    return LineCount(line.id, line.line_no, line.sku, line.item.name, line.item.unit,
                     line.expected, line.received, line.damaged, line.carton_code,
                     line.carton_units, line.reason, line.note, line.photo_path is not None)


def _progress(session: Session, manifest_id: int) -> Progress:
    expected, received, damaged, short, extra, damaged_lines = session.execute(
        select(func.coalesce(func.sum(ManifestLine.expected), 0),
               func.coalesce(func.sum(ManifestLine.received), 0),
               func.coalesce(func.sum(ManifestLine.damaged), 0),
               func.coalesce(func.sum(case(
                   (ManifestLine.received < ManifestLine.expected, 1), else_=0)), 0),
               func.coalesce(func.sum(case(
                   (ManifestLine.received > ManifestLine.expected, 1), else_=0)), 0),
               func.coalesce(func.sum(case((ManifestLine.damaged > 0, 1), else_=0)), 0))
        .where(ManifestLine.manifest_id == manifest_id)).one()
    return Progress(int(expected), int(received), int(damaged), int(short), int(extra),
                    int(damaged_lines))
