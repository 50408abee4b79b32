"""Reports on screen and on paper: today at a glance, a day or a range of days, per staff.

Plain data read from the station's own tables (no outbox event: reading and printing a report
changes nothing head office needs). Days are the station's business days in China time, the
same zone the sync client uses for its day close (`sync/client/dayclose.py` CHINA), so a report
and the day close of head office count the same facts. Every figure is an integer (fen, units,
counts); the screen, CSV, PDF and paper all take their text from `as_sections`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from station_app.clock import CHINA, Clock, utc_now
from station_app.devices.report import ReportSection, TextReport
from station_app.domain.order_state import OrderState
from station_app.domain.outcome import LineOutcome
from station_app.domain.stock import MovementReason
from station_app.money import format_fen
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
METHOD_LABELS = {"cash": "现金 Cash", "wechat": "微信 WeChat", "alipay": "支付宝 Alipay",
                 "card": "银行卡 Card"}
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


def day_bounds(first: date, last: date, zone: tzinfo = CHINA) -> tuple[datetime, datetime]:
    """From local midnight of `first` to local midnight after `last`, as aware datetimes."""
    start = datetime.combine(first, time(0), zone)
    return start, datetime.combine(last + timedelta(days=1), time(0), zone)


@dataclass(frozen=True)
class Reports:
    """Read-only figures for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    zone: tzinfo = CHINA

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


# --- text for screen, CSV, PDF and paper -------------------------------------------------------


def _sales_rows(sales: SalesFigures) -> tuple[tuple[str, str], ...]:
    rows = [("销售笔数 Sales", str(sales.sales)),
            ("销售额 Sales total", format_fen(sales.sales_fen))]
    rows += [(METHOD_LABELS[m], format_fen(fen)) for m, fen in sales.by_method]
    rows += [("退款笔数 Refunds", str(sales.refunds)),
             ("退款额 Refunds total", format_fen(sales.refunds_fen))]
    rows += [(f"退款 Refund {METHOD_LABELS[m]}", format_fen(fen))
             for m, fen in sales.refunds_by_method if fen]
    rows.append(("净额 Net", format_fen(sales.net_fen)))
    return tuple(rows)


def period_label(report: PeriodReport) -> str:
    return report.first.isoformat() if report.single_day \
        else f"{report.first.isoformat()} – {report.last.isoformat()}"


def as_sections(report: TodayReport | PeriodReport, zone: tzinfo = CHINA
                ) -> tuple[ReportSection, ...]:
    """The report as titled label/value sections: the one text every output uses."""
    if isinstance(report, TodayReport):
        sync = report.sync
        oldest = "-" if sync.oldest_pending_at is None \
            else sync.oldest_pending_at.astimezone(zone).strftime("%m-%d %H:%M")
        last = "-" if sync.last_success_at is None \
            else sync.last_success_at.astimezone(zone).strftime("%m-%d %H:%M")
        return (
            ReportSection("订单 Orders", (
                ("今日到期 Due today", str(report.due_today)),
                ("待提货 Waiting", str(report.waiting)),
                ("今日已提货 Handed over today", str(report.handed_over)),
                ("滞留 Overdue", str(report.overdue)),
                ("待到货 Not arrived", str(report.not_arrived)))),
            ReportSection("每小时取件 Pickups per hour", tuple(
                (f"{hour:02d}:00", str(n)) for hour, n in enumerate(report.pickups_per_hour)
                if n)),
            ReportSection("今日销售 Sales today", _sales_rows(report.sales)),
            ReportSection("库存预警 Stock alerts", tuple(
                (f"{a.name} {a.sku}", f"{a.book} / {a.low_level}" if a.low_level is not None
                 else str(a.book)) for a in report.below_zero + report.low_stock)
                or (("无 None", "-"),)),
            ReportSection("同步 Sync", (
                ("待上传 Waiting to send", str(sync.pending)),
                ("最早待上传 Oldest waiting", oldest),
                ("上次成功 Last success", last),
                ("待处理事项 Open attention items", str(sync.open_attention)))),
        )
    return (
        ReportSection("取件 Handovers", (
            ("取件单数 Orders handed over", str(report.handovers)),
            ("已取行 Lines taken", str(report.lines_taken)),
            ("未取行 Lines not taken", str(report.lines_not_taken)))),
        ReportSection("收货 Receiving", (
            ("配送单 Manifests received", str(report.manifests_received)),
            ("收货件数 Units received", str(report.units_received)),
            ("破损件数 Units damaged", str(report.units_damaged)))),
        ReportSection("销售 Sales", _sales_rows(report.sales)),
        ReportSection("库存与售后 Stock and after-sales", (
            ("盘点调整 Count adjustments", str(report.adjustments)),
            ("调整件数 Units adjusted", f"{report.adjustment_units:+d}"),
            ("退货出库 Return shipments", str(report.return_shipments)),
            ("退货件数 Units returned", str(report.return_units)),
            ("退款申请 Refund requests", str(report.refund_requests)))),
        ReportSection("员工 Staff", tuple(
            (s.name, f"取件 {s.handovers} · 销售 {s.sales} {format_fen(s.sales_fen)}"
                     f" · 退款 {s.refunds}") for s in report.staff)),
    )


TABLE_HEADERS = ("分类 Section", "项目 Item", "数值 Value")
STAFF_HEADERS = ("员工 Staff", "取件 Handovers", "销售笔数 Sales", "销售额 Sales total",
                 "退款笔数 Refunds", "退款额 Refunds total", "收货单 Manifests")


def as_table(report: TodayReport | PeriodReport) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) for the screen table, CSV and PDF: one row per figure."""
    return list(TABLE_HEADERS), [[section.heading, label, value]
                                 for section in as_sections(report)
                                 for label, value in section.rows]


def staff_table(report: PeriodReport) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of the per-staff figures."""
    return list(STAFF_HEADERS), [
        [s.name, str(s.handovers), str(s.sales), format_fen(s.sales_fen), str(s.refunds),
         format_fen(s.refunds_fen), str(s.manifests_received)] for s in report.staff]


def report_title(report: TodayReport | PeriodReport) -> str:
    if isinstance(report, TodayReport):
        return f"今日概况 Today {report.day.isoformat()}"
    kind = "日报表 Day report" if report.single_day else "期间报表 Range report"
    return f"{kind} {period_label(report)}"


def report_no(report: TodayReport | PeriodReport) -> str:
    """The print journal's reference: one per report kind and period (reprints share it)."""
    if isinstance(report, TodayReport):
        return f"RPT-{report.station_id}-{report.day:%Y%m%d}-{report.at:%H%M%S}"
    return f"RPT-{report.station_id}-{report.first:%Y%m%d}-{report.last:%Y%m%d}"


def as_text_report(report: TodayReport | PeriodReport,
                   sections: Sequence[ReportSection] | None = None) -> TextReport:
    """The report for the thermal printer (journal it with PrintJournal.queue_report)."""
    return TextReport(report_no(report), report_title(report), report.station_name,
                      report.station_id, report.at,
                      tuple(sections) if sections is not None else as_sections(report))
