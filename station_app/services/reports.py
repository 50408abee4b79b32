"""Reports on screen and on paper: today at a glance, a day or a range of days, per staff.

Plain data read from the station's own tables (no outbox event: reading and printing a report
changes nothing head office needs). Days are the station's business days on its one clock
(station_app.clock STATION_ZONE, China time), the zone the sync client's day close uses too,
so a report and the day close of head office count the same facts. Every figure is an integer
(fen, units, counts); the screen, CSV, PDF and paper take their words from
`services.report_sheets`, in one language each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from station_app.clock import STATION_ZONE, Clock, utc_now
from station_app.domain.order_state import OrderState
from station_app.domain.outcome import LineOutcome
from station_app.domain.stock import MovementReason
from station_app.storage.database import Database
from station_app.storage.models import (
    AttentionItem,
    CatalogueItem,
    Handover,
    HandoverLine,
    Manifest,
    ManifestLine,
    Order,
    OutboxEvent,
    RefundRequest,
    ReturnShipment,
    ReturnShipmentLine,
    Sale,
    Staff,
    Station,
    StockBalance,
    StockMovement,
    SyncStatus,
)

METHODS = ("cash", "wechat", "alipay", "card")
MAX_RANGE_DAYS = 366  # a year on one screen; more is head office's job


class ReportRefused(ValueError):
    """A range that ends before it starts or spans more than MAX_RANGE_DAYS."""


@dataclass(frozen=True)
class SalesFigures:
    sales: int  # walk-in sales (receipts)
    sales_fen: int
    refunds: int
    refunds_fen: int
    by_method: tuple[tuple[str, int], ...]  # (method, sales fen) for every method in METHODS
    refunds_by_method: tuple[tuple[str, int], ...]

    @property
    def net_fen(self) -> int:
        return self.sales_fen - self.refunds_fen


@dataclass(frozen=True)
class StockAlert:
    sku: str
    name: str
    book: int
    low_level: int | None  # None: below zero without a watch level


@dataclass(frozen=True)
class SyncState:
    pending: int  # outbox events head office does not hold yet
    oldest_pending_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    open_attention: int  # attention items nobody resolved


@dataclass(frozen=True)
class StaffFigures:
    staff_id: int
    name: str
    handovers: int
    sales: int
    sales_fen: int
    refunds: int
    refunds_fen: int
    manifests_received: int


@dataclass(frozen=True)
class TodayReport:
    """The station right now. Order figures count this station's orders only:
    waiting = ready and not past its holding deadline; due today = waiting whose deadline ends
    before the end of today (collect today or it turns overdue); overdue = ready, past the
    deadline; not arrived = goods not received yet; handed over = handovers closed today."""

    station_id: str
    station_name: str
    day: date
    at: datetime
    waiting: int
    due_today: int
    overdue: int
    not_arrived: int
    handed_over: int
    pickups_per_hour: tuple[int, ...]  # 24 local hours, handovers closed in each
    sales: SalesFigures
    low_stock: tuple[StockAlert, ...]  # book at or below the item's low-stock level, ≥ 0
    below_zero: tuple[StockAlert, ...]
    sync: SyncState


@dataclass(frozen=True)
class PeriodReport:
    """What happened from `first` to `last` (local days, both included)."""

    station_id: str
    station_name: str
    first: date
    last: date
    at: datetime
    handovers: int
    lines_taken: int
    lines_not_taken: int  # missing or refused at the counter
    manifests_received: int
    units_received: int
    units_damaged: int
    sales: SalesFigures
    adjustments: int  # count_adjustment movements (approved stock counts)
    adjustment_units: int  # their net delta
    return_shipments: int  # shipped
    return_units: int
    refund_requests: int
    staff: tuple[StaffFigures, ...]

    @property
    def single_day(self) -> bool:
        return self.first == self.last


def day_bounds(first: date, last: date, zone: tzinfo = STATION_ZONE) -> tuple[datetime, datetime]:
    """From local midnight of `first` to local midnight after `last`, as aware datetimes."""
    start = datetime.combine(first, time(0), zone)
    return start, datetime.combine(last + timedelta(days=1), time(0), zone)


@dataclass(frozen=True)
class Reports:
    """Read-only figures for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    zone: tzinfo = STATION_ZONE

    def business_day(self) -> date:
        return self.clock().astimezone(self.zone).date()

    def today(self) -> TodayReport:
        """The station now: orders, pickups per hour today, sales today, stock alerts, sync."""
        now = self.clock()
        day = now.astimezone(self.zone).date()
        start, end = day_bounds(day, day, self.zone)
        with self.db.reading() as session:
            ready = (Order.station_id == self.station_id) & (Order.state == OrderState.READY)

            def orders(*where: ColumnElement[bool]) -> int:
                return session.scalar(select(func.count(Order.id)).where(*where)) or 0

            hours = [0] * 24
            for at in session.scalars(select(Handover.handed_over_at).where(
                    Handover.handed_over_at >= start, Handover.handed_over_at < end)):
                hours[at.astimezone(self.zone).hour] += 1
            low, below = _stock_alerts(session)
            return TodayReport(
                self.station_id, _station_name(session, self.station_id), day, now,
                waiting=orders(ready, Order.holding_deadline > now),
                due_today=orders(ready, Order.holding_deadline > now,
                                 Order.holding_deadline < end),
                overdue=orders(ready, Order.holding_deadline <= now),
                not_arrived=orders(Order.station_id == self.station_id,
                                   Order.state == OrderState.NOT_ARRIVED),
                handed_over=sum(hours), pickups_per_hour=tuple(hours),
                sales=_sales(session, start, end), low_stock=low, below_zero=below,
                sync=_sync_state(session))

    def day(self, day: date) -> PeriodReport:
        """One business day. Raises nothing for a day without facts: every figure is 0."""
        return self.range(day, day)

    def range(self, first: date, last: date) -> PeriodReport:
        """Business days `first`..`last`, both included.

        Raises ReportRefused when `last` is before `first` or the range exceeds
        MAX_RANGE_DAYS."""
        if last < first:
            raise ReportRefused(f"range ends ({last}) before it starts ({first})")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise ReportRefused(f"range longer than {MAX_RANGE_DAYS} days")
        start, end = day_bounds(first, last, self.zone)
        with self.db.reading() as session:
            in_range = (Handover.handed_over_at >= start) & (Handover.handed_over_at < end)
            handovers = session.scalar(select(func.count(Handover.id)).where(in_range)) or 0
            lines = dict(session.execute(
                select(HandoverLine.outcome, func.count(HandoverLine.id))
                .join(Handover, Handover.id == HandoverLine.handover_id).where(in_range)
                .group_by(HandoverLine.outcome)).all())
            taken = lines.pop(LineOutcome.TAKEN.value, 0)
            received = (Manifest.received_at >= start) & (Manifest.received_at < end)
            manifests = session.scalar(select(func.count(Manifest.id)).where(received)) or 0
            units, damaged = session.execute(
                select(func.coalesce(func.sum(ManifestLine.received), 0),
                       func.coalesce(func.sum(ManifestLine.damaged), 0))
                .join(Manifest, Manifest.id == ManifestLine.manifest_id).where(received)).one()
            adjusted = (StockMovement.reason == MovementReason.COUNT_ADJUSTMENT.value) \
                & (StockMovement.occurred_at >= start) & (StockMovement.occurred_at < end)
            adjustments, adjustment_units = session.execute(
                select(func.count(StockMovement.id), func.coalesce(func.sum(StockMovement.delta),
                                                                   0)).where(adjusted)).one()
            shipped = (ReturnShipment.shipped_at >= start) & (ReturnShipment.shipped_at < end)
            shipments = session.scalar(select(func.count(ReturnShipment.id)).where(shipped)) or 0
            return_units = session.scalar(
                select(func.coalesce(func.sum(ReturnShipmentLine.quantity), 0))
                .join(ReturnShipment, ReturnShipment.id == ReturnShipmentLine.shipment_id)
                .where(shipped)) or 0
            requests = session.scalar(select(func.count(RefundRequest.id)).where(
                RefundRequest.requested_at >= start, RefundRequest.requested_at < end)) or 0
            return PeriodReport(
                self.station_id, _station_name(session, self.station_id), first, last,
                self.clock(), handovers=handovers, lines_taken=taken,
                lines_not_taken=sum(lines.values()), manifests_received=manifests,
                units_received=int(units), units_damaged=int(damaged),
                sales=_sales(session, start, end), adjustments=int(adjustments),
                adjustment_units=int(adjustment_units), return_shipments=shipments,
                return_units=int(return_units), refund_requests=requests,
                staff=_staff_figures(session, start, end))


# --- queries ---------------------------------------------------------------------------------


def _station_name(session: Session, station_id: str) -> str:
    station = session.get(Station, station_id)
    return station.name if station is not None else station_id


def _sales(session: Session, start: datetime, end: datetime) -> SalesFigures:
    found = session.execute(
        select(Sale.kind, Sale.payment_method, func.count(Sale.id), func.sum(Sale.total_fen))
        .where(Sale.sold_at >= start, Sale.sold_at < end)
        .group_by(Sale.kind, Sale.payment_method)).all()
    count = {"sale": 0, "refund": 0}
    fen: dict[str, dict[str, int]] = {"sale": dict.fromkeys(METHODS, 0),
                                      "refund": dict.fromkeys(METHODS, 0)}
    for kind, method, n, total in found:
        count[kind] = count.get(kind, 0) + n
        fen.setdefault(kind, {})[method] = fen.get(kind, {}).get(method, 0) + int(total or 0)
    return SalesFigures(count["sale"], sum(fen["sale"].values()), count["refund"],
                        sum(fen["refund"].values()), tuple(fen["sale"].items()),
                        tuple(fen["refund"].items()))


def _stock_alerts(session: Session) -> tuple[tuple[StockAlert, ...], tuple[StockAlert, ...]]:
    found = session.execute(
        select(CatalogueItem.sku, CatalogueItem.name, StockBalance.quantity,
               CatalogueItem.low_stock_level)
        .join(StockBalance, StockBalance.sku == CatalogueItem.sku)
        .where((StockBalance.quantity < 0)
               | (StockBalance.quantity <= CatalogueItem.low_stock_level))
        .order_by(StockBalance.quantity, CatalogueItem.sku)).all()
    alerts = [StockAlert(sku, name, book, level) for sku, name, book, level in found]
    return (tuple(a for a in alerts if a.book >= 0), tuple(a for a in alerts if a.book < 0))


def _sync_state(session: Session) -> SyncState:
    pending, oldest = session.execute(
        select(func.count(OutboxEvent.event_id), func.min(OutboxEvent.occurred_at))
        .where(OutboxEvent.acked_at.is_(None))).one()
    status = session.get(SyncStatus, 1)
    attention = session.scalar(select(func.count(AttentionItem.id))
                               .where(AttentionItem.resolved_at.is_(None))) or 0
    return SyncState(pending or 0, oldest,
                     status.last_success_at if status is not None else None,
                     status.last_error if status is not None and status.last_error_at
                     and (status.last_success_at is None
                          or status.last_error_at > status.last_success_at) else None,
                     attention)


def _staff_figures(session: Session, start: datetime, end: datetime
                   ) -> tuple[StaffFigures, ...]:
    handovers = dict(session.execute(
        select(Handover.staff_id, func.count(Handover.id))
        .where(Handover.handed_over_at >= start, Handover.handed_over_at < end)
        .group_by(Handover.staff_id)).all())
    sales: dict[tuple[int, str], tuple[int, int]] = {
        (staff_id, kind): (n, int(total or 0)) for staff_id, kind, n, total in session.execute(
            select(Sale.staff_id, Sale.kind, func.count(Sale.id), func.sum(Sale.total_fen))
            .where(Sale.sold_at >= start, Sale.sold_at < end)
            .group_by(Sale.staff_id, Sale.kind))}
    manifests = dict(session.execute(
        select(Manifest.received_by, func.count(Manifest.id))
        .where(Manifest.received_at >= start, Manifest.received_at < end)
        .group_by(Manifest.received_by)).all())
    out = []
    for staff in session.scalars(select(Staff).order_by(Staff.id)):
        sold = sales.get((staff.id, "sale"), (0, 0))
        refunded = sales.get((staff.id, "refund"), (0, 0))
        figures = StaffFigures(staff.id, staff.name, handovers.get(staff.id, 0), sold[0],
                               sold[1], refunded[0], refunded[1], manifests.get(staff.id, 0))
        # Everyone active is listed (a zero is a figure too); inactive staff only with facts.
        if staff.active or figures.handovers or figures.sales or figures.refunds \
                or figures.manifests_received:
            out.append(figures)
    return tuple(out)
