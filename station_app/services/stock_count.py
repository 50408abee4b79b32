"""Stock count (盘点): count the shelves against the book, approve the variances into the ledger.

Counting is a draft: every scan (+1) or typed quantity is its own small write transaction, so
a crash or a power cut keeps what was counted; it sends nothing to head office. Only the
manager's approval is a business fact: one transaction posts the adjustment movements, the
`stock.counted` event, the count's new state and the journaled variance sheet.

The adjustment rule. Each count line keeps the book quantity read when the SKU was first
counted (scans add to that count; a typed quantity is a fresh count of the whole shelf, so it
reads the book again); approval posts `counted − that book`. The shelf was counted at that
moment, so whatever moved afterwards (a walk-in sale, a handover, a delivery while the count
stayed open) happened to goods already counted and stays in the ledger on top of the count:
after approval the balance is `counted + movements since the line was counted`. Adjusting to
the current book instead (`counted − book at approval`) would post a sale made after counting a
second time, as a gain, and the shelf would be short of the book by exactly that sale. SKUs
nobody counted are never adjusted (the sheet can list them as "not counted").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.clock import Clock, business_day, station_time, utc_now
from station_app.devices.report import ReportSection, TextReport
from station_app.domain.event_types import EventType
from station_app.domain.stock import MovementReason
from station_app.money import format_fen
from station_app.paper_words import QT_TRANSLATE_NOOP, PaperText
from station_app.services.authority import require_manager, require_staff
from station_app.services.outbox import append_event
from station_app.services.print_journal import journal_document
from station_app.services.stock_ledger import post_movement
from station_app.storage.database import Database
from station_app.storage.models import (
    CatalogueItem,
    Staff,
    Station,
    StockBalance,
    StockCount,
    StockCountLine,
)

COUNT_EVENT = EventType.STOCK_COUNTED
MAX_COUNTED = 100_000  # more of one SKU on a station's shelves is a typo or a scanned barcode


class CountState(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    CANCELLED = "cancelled"


class CountRefusal(StrEnum):
    ALREADY_OPEN = "already_open"  # one count at a time: finish or cancel the open one
    UNKNOWN_COUNT = "unknown_count"
    NOT_OPEN = "not_open"  # approved or cancelled already (see `state`)
    UNKNOWN_CODE = "unknown_code"  # a scanned code that names no catalogue item
    UNKNOWN_SKU = "unknown_sku"
    BAD_QUANTITY = "bad_quantity"  # negative, or above MAX_COUNTED
    EMPTY = "empty"  # nothing counted: nothing to approve


class CountRefused(Exception):
    """A count request that cannot be done. Raised before anything is written."""

    def __init__(self, reason: CountRefusal, detail: str = "", state: str | None = None) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.state = state  # the count's state, for NOT_OPEN and ALREADY_OPEN


@dataclass(frozen=True)
class CountLine:
    sku: str
    name: str
    unit: str
    price_fen: int
    book: int  # when the SKU was first counted (or its count last typed)
    counted: int
    counted_at: datetime

    @property
    def difference(self) -> int:
        return self.counted - self.book

    @property
    def value_fen(self) -> int:
        return self.difference * self.price_fen


@dataclass(frozen=True)
class UncountedLine:
    sku: str
    name: str
    unit: str
    price_fen: int
    book: int  # the current book: nobody counted it, it is not adjusted


@dataclass(frozen=True)
class CountView:
    count_no: str
    state: CountState
    started_at: datetime
    started_by: str
    lines: tuple[CountLine, ...]  # in the order first counted


@dataclass(frozen=True)
class VarianceSheet:
    count_no: str
    state: CountState
    started_at: datetime
    lines: tuple[CountLine, ...]
    uncounted: tuple[UncountedLine, ...]  # empty unless asked for

    @property
    def differing(self) -> tuple[CountLine, ...]:
        return tuple(line for line in self.lines if line.difference)

    @property
    def total_value_fen(self) -> int:
        return sum(line.value_fen for line in self.lines)


@dataclass(frozen=True)
class CountApproved:
    count_no: str
    event_id: str
    station_seq: int
    job_id: int  # the journaled variance sheet: print it after the commit
    movements: int  # adjustment movements posted
    sheet: VarianceSheet
    report: TextReport


@dataclass(frozen=True)
class StockCounts:
    """The stock count use case for one station. Safe to call from any one worker thread."""

    db: Database
    station_id: str
    clock: Clock = utc_now
    language: str = "zh_CN"  # of the printed variance sheet: the receipt language

    # --- reading ----------------------------------------------------------------------------

    def open_count(self) -> CountView | None:
        """The count in progress, if any (the counting survives a restart)."""
        with self.db.reading() as session:
            count = session.scalar(select(StockCount).where(
                StockCount.state == CountState.OPEN.value).order_by(StockCount.id).limit(1))
            return None if count is None else _view(session, count)

    def count(self, count_no: str) -> CountView:
        """Raises CountRefused(UNKNOWN_COUNT)."""
        with self.db.reading() as session:
            return _view(session, self._count(session, count_no))

    def variance(self, count_no: str, include_uncounted: bool = False) -> VarianceSheet:
        """Book against counted per counted SKU, with the difference's value at the catalogue
        price; with `include_uncounted`, also the SKUs nobody counted whose book is not zero.
        Raises CountRefused(UNKNOWN_COUNT)."""
        with self.db.reading() as session:
            return _sheet(session, self._count(session, count_no), include_uncounted)

    # --- counting ---------------------------------------------------------------------------

    def start(self, staff_id: int) -> CountView:
        """Open a new count. Raises NotAllowed for an unknown staff id and
        CountRefused(ALREADY_OPEN) while another count is open."""
        with self.db.writing() as session:
            require_staff(session, staff_id)
            open_no = session.scalar(select(StockCount.count_no).where(
                StockCount.state == CountState.OPEN.value).limit(1))
            if open_no is not None:
                raise CountRefused(CountRefusal.ALREADY_OPEN, open_no, CountState.OPEN.value)
            now = self.clock()
            number = (session.scalar(select(func.max(StockCount.id))) or 0) + 1
            count = StockCount(
                count_no=f"PD-{self.station_id}-{business_day(now):%y%m%d}-{number:03d}",
                state=CountState.OPEN.value, started_at=now, started_by=staff_id)
            session.add(count)
            session.flush()
            return _view(session, count)

    def scan(self, count_no: str, code: str, staff_id: int) -> CountLine:
        """One more unit of the item a scanned barcode (or typed SKU) names.

        Raises NotAllowed, CountRefused(UNKNOWN_COUNT / NOT_OPEN / UNKNOWN_CODE / BAD_QUANTITY);
        nothing is written then."""
        with self.db.writing() as session:
            require_staff(session, staff_id)
            count_id = self._open_id(session, count_no)
            text = code.strip()
            item = session.scalar(select(CatalogueItem).where(
                (CatalogueItem.barcode == text) | (CatalogueItem.sku == text)).limit(1)) \
                if text else None
            if item is None:
                raise CountRefused(CountRefusal.UNKNOWN_CODE, text[:40])
            return self._count_line(session, count_id, item, None)

    def set_counted(self, count_no: str, sku: str, quantity: int, staff_id: int) -> CountLine:
        """Staff typed how many of `sku` are on the shelf: the line's counted quantity becomes
        `quantity` (0 is a count too).

        Raises NotAllowed, CountRefused(BAD_QUANTITY / UNKNOWN_COUNT / NOT_OPEN / UNKNOWN_SKU);
        nothing is written then."""
        if not 0 <= quantity <= MAX_COUNTED:
            raise CountRefused(CountRefusal.BAD_QUANTITY, str(quantity))
        with self.db.writing() as session:
            require_staff(session, staff_id)
            count_id = self._open_id(session, count_no)
            item = session.get(CatalogueItem, sku)
            if item is None:
                raise CountRefused(CountRefusal.UNKNOWN_SKU, sku)
            return self._count_line(session, count_id, item, quantity)

    def _count_line(self, session: Session, count_id: int, item: CatalogueItem,
                    quantity: int | None) -> CountLine:
        """Set (quantity) or add one to (None) the item's line, reading the book the first time."""
        line = session.scalar(select(StockCountLine).where(
            StockCountLine.count_id == count_id, StockCountLine.sku == item.sku))
        if line is None:
            counted = 1 if quantity is None else quantity
            line = StockCountLine(count_id=count_id, sku=item.sku, book=_book(session, item.sku),
                                  counted=counted, counted_at=self.clock())
            session.add(line)
        else:
            counted = line.counted + 1 if quantity is None else quantity
            if counted > MAX_COUNTED:
                raise CountRefused(CountRefusal.BAD_QUANTITY, str(counted))
            line.counted = counted
            if quantity is not None:
                # A typed figure is the whole shelf as it is now: read the book again, or a
                # sale since the first scan would be adjusted away a second time.
                line.book = _book(session, item.sku)
                line.counted_at = self.clock()
        return CountLine(item.sku, item.name, item.unit, item.price_fen, line.book, counted,
                         line.counted_at)

    # --- closing ----------------------------------------------------------------------------

    def approve(self, count_no: str, approver_id: int,
                include_uncounted: bool = False) -> CountApproved:
        """A manager approves the count: in ONE transaction the adjustment movements
        (`count_adjustment`, counted − book for each differing line, see the module's rule),
        the `stock.counted` event, the approved state and the journaled variance sheet
        (uncounted SKUs listed on it when asked, never adjusted).

        Raises NotAllowed unless `approver_id` is an active manager, CountRefused(UNKNOWN_COUNT
        / NOT_OPEN / EMPTY); nothing is written then."""
        with self.db.writing() as session:
            approver = require_manager(session, approver_id)
            count = self._count(session, count_no)
            if count.state != CountState.OPEN.value:
                raise CountRefused(CountRefusal.NOT_OPEN, count_no, count.state)
            if not count.lines:
                raise CountRefused(CountRefusal.EMPTY, count_no)
            now = self.clock()
            movements = []
            for line in count.lines:
                delta = line.counted - line.book
                if delta:
                    post_movement(session, line.sku, delta, MovementReason.COUNT_ADJUSTMENT,
                                  count.count_no, approver.id, now)
                    movements.append({"sku": line.sku, "delta": delta,
                                      "reason": MovementReason.COUNT_ADJUSTMENT.value})
            event = append_event(session, self.station_id, COUNT_EVENT, {
                "station_id": self.station_id,
                "staff_id": count.started_by,
                "count_no": count.count_no,
                "approved_by": approver.id,
                "approved_at": now.isoformat(),
                "started_at": count.started_at.isoformat(),
                "lines": [{"sku": line.sku, "book": line.book, "counted": line.counted}
                          for line in count.lines],
                "movements": movements,
            }, now)
            session.flush()  # the event row first: the count refers to it
            count.state = CountState.APPROVED.value
            count.closed_at = now
            count.approved_by = approver.id
            count.event_id = event.event_id
            sheet = _sheet(session, count, include_uncounted)
            station = session.get(Station, self.station_id)
            report = sheet_report(sheet, station.name if station else self.station_id,
                                  self.station_id, approver.name, now, self.language)
            job = journal_document(session, report, now)
            session.flush()
            return CountApproved(count.count_no, event.event_id, event.station_seq, job.id,
                                 len(movements), sheet, report)

    def cancel(self, count_no: str, staff_id: int) -> None:
        """Drop an open count without touching stock (nothing goes to head office).
        Raises NotAllowed, CountRefused(UNKNOWN_COUNT / NOT_OPEN)."""
        with self.db.writing() as session:
            require_staff(session, staff_id)
            count = self._count(session, count_no)
            if count.state != CountState.OPEN.value:
                raise CountRefused(CountRefusal.NOT_OPEN, count_no, count.state)
            count.state = CountState.CANCELLED.value
            count.closed_at = self.clock()

    # --- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _count(session: Session, count_no: str) -> StockCount:
        count = session.scalar(select(StockCount).where(StockCount.count_no == count_no))
        if count is None:
            raise CountRefused(CountRefusal.UNKNOWN_COUNT, count_no)
        return count

    @staticmethod
    def _open_id(session: Session, count_no: str) -> int:
        # Columns only: loading the StockCount would load all its lines at every scan.
        found = session.execute(select(StockCount.id, StockCount.state).where(
            StockCount.count_no == count_no)).first()
        if found is None:
            raise CountRefused(CountRefusal.UNKNOWN_COUNT, count_no)
        if found.state != CountState.OPEN.value:
            raise CountRefused(CountRefusal.NOT_OPEN, count_no, found.state)
        return int(found.id)


def _book(session: Session, sku: str) -> int:
    return session.scalar(select(StockBalance.quantity).where(StockBalance.sku == sku)) or 0


def _line(line: StockCountLine) -> CountLine:
    item = line.item
    return CountLine(line.sku, item.name, item.unit, item.price_fen, line.book, line.counted,
                     line.counted_at)


def _view(session: Session, count: StockCount) -> CountView:
    starter = session.get(Staff, count.started_by)
    return CountView(count.count_no, CountState(count.state), count.started_at,
                     starter.name if starter else str(count.started_by),
                     tuple(_line(line) for line in count.lines))


def _sheet(session: Session, count: StockCount, include_uncounted: bool) -> VarianceSheet:
    uncounted: tuple[UncountedLine, ...] = ()
    if include_uncounted:
        counted = {line.sku for line in count.lines}
        uncounted = tuple(
            UncountedLine(sku, name, unit, price, book)
            for sku, name, unit, price, book in session.execute(
                select(CatalogueItem.sku, CatalogueItem.name, CatalogueItem.unit,
                       CatalogueItem.price_fen, StockBalance.quantity)
                .join(StockBalance, StockBalance.sku == CatalogueItem.sku)
                .where(StockBalance.quantity != 0).order_by(CatalogueItem.sku))
            if sku not in counted)
    return VarianceSheet(count.count_no, CountState(count.state), count.started_at,
                         tuple(_line(line) for line in count.lines), uncounted)


_TEXTS: dict[str, PaperText] = {
    "title": QT_TRANSLATE_NOOP("paper: variance sheet", "Stock count variance sheet"),
    "count": QT_TRANSLATE_NOOP("paper: variance sheet", "Stock count"),
    "no": QT_TRANSLATE_NOOP("paper: variance sheet", "No."),
    "started": QT_TRANSLATE_NOOP("paper: variance sheet", "Started"),
    "approved_by": QT_TRANSLATE_NOOP("paper: variance sheet", "Approved by"),
    "counted_skus": QT_TRANSLATE_NOOP("paper: variance sheet", "Counted SKUs"),
    "with_variance": QT_TRANSLATE_NOOP("paper: variance sheet", "With variance"),
    "variance_value": QT_TRANSLATE_NOOP("paper: variance sheet", "Variance value"),
    "lines": QT_TRANSLATE_NOOP("paper: variance sheet", "Variances (book → counted)"),
    "none": QT_TRANSLATE_NOOP("paper: variance sheet", "No variance"),
    "uncounted": QT_TRANSLATE_NOOP("paper: variance sheet", "Not counted, not adjusted"),
    "book": QT_TRANSLATE_NOOP("paper: variance sheet", "Book"),
    "footer": QT_TRANSLATE_NOOP("paper: variance sheet", "Variances posted to the stock ledger"),
}


def sheet_report(sheet: VarianceSheet, station_name: str, station_code: str,
                 approver_name: str, printed_at: datetime, language: str = "zh_CN"
                 ) -> TextReport:
    """The variance sheet on paper, in `language`: the summary, every differing line, the
    uncounted SKUs."""
    t = {key: text.in_language(language) for key, text in _TEXTS.items()}
    differing = sheet.differing
    sections = [ReportSection(t["count"], (
        (t["no"], sheet.count_no),
        (t["started"], station_time(sheet.started_at).strftime("%Y-%m-%d %H:%M")),
        (t["approved_by"], approver_name),
        (t["counted_skus"], str(len(sheet.lines))),
        (t["with_variance"], str(len(differing))),
        (t["variance_value"], format_fen(sheet.total_value_fen)),
    ))]
    sections.append(ReportSection(t["lines"], tuple(
        (line.name, f"{line.book}→{line.counted} {line.difference:+d} "
                    f"{format_fen(line.value_fen)}")
        for line in differing) or ((t["none"], ""),)))
    if sheet.uncounted:
        sections.append(ReportSection(t["uncounted"], tuple(
            (line.name, f"{t['book']} {line.book}") for line in sheet.uncounted)))
    return TextReport(sheet.count_no, t["title"], station_name, station_code, printed_at,
                      tuple(sections), footer=t["footer"])
