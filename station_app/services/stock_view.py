"""The stock screen's questions: what is on the book per SKU, how it got there, what runs low.

Reads only, except the low-stock level, which is a station setting rather than a business fact:
it changes no stock and sends nothing to head office (no outbox event).

Speed: a station has about a thousand SKUs, so balances are read in one query and filtered in
memory; a SKU's history walks the `ix_stock_movement_sku_id` index newest first, one page at a
time, so a million movements cost no more than a few hundred.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, business_day, day_start, utc_now
from station_app.domain.stock import MovementReason
from station_app.services.authority import require_staff
from station_app.storage.database import Database
from station_app.storage.models import CatalogueItem, Staff, StockBalance, StockMovement

# A low-stock level above this is a typo (a barcode scanned into the level field, say).
MAX_LOW_STOCK_LEVEL = 10_000
HISTORY_PAGE = 50


class StockFilter(StrEnum):
    ALL = "all"
    LOW = "low"  # at or below its low-stock level
    NEGATIVE = "negative"  # below zero: sold or handed over more than the book held
    MOVED_TODAY = "moved_today"  # since the station's local midnight
    IN_STOCK = "in_stock"  # book above zero


class StockRefusal(StrEnum):
    UNKNOWN_SKU = "unknown_sku"
    BAD_LEVEL = "bad_level"


class StockRefused(Exception):
    """A stock-screen request that cannot be done; nothing was written."""

    def __init__(self, reason: StockRefusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class StockRow:
    sku: str
    name: str
    unit: str
    barcode: str | None
    book: int
    low_level: int | None  # None: not watched
    last_moved_at: datetime | None

    @property
    def low(self) -> bool:
        return self.low_level is not None and self.book <= self.low_level

    @property
    def negative(self) -> bool:
        return self.book < 0


@dataclass(frozen=True)
class MovementRow:
    movement_id: int
    occurred_at: datetime
    delta: int
    balance_after: int
    reason: str  # a MovementReason value (or a newer one head office introduced)
    reference: str
    staff_name: str | None  # None: the system (opening stock, a sync)


@dataclass(frozen=True)
class HistoryPage:
    sku: str
    rows: tuple[MovementRow, ...]  # newest first
    offset: int
    has_more: bool


def _matches(row: StockRow, needle: str) -> bool:
    return (needle in row.name.casefold() or needle in row.sku.casefold()
            or (row.barcode is not None and needle in row.barcode))


def local_midnight(now: datetime) -> datetime:
    """The start of the station's business day at `now` (station_app.clock), as aware time."""
    return day_start(business_day(now))


@dataclass(frozen=True)
class StockView:
    db: Database
    clock: Clock = utc_now

    def balances(self, search: str = "", shown: StockFilter = StockFilter.ALL) -> list[StockRow]:
        """Every catalogue item with its book quantity, by SKU, narrowed by a search text
        (a substring of name, SKU or barcode, case-insensitive) and a filter. Never raises for
        any search text."""
        with self.db.reading() as session:
            result = session.execute(
                select(CatalogueItem.sku, CatalogueItem.name, CatalogueItem.unit,
                       CatalogueItem.barcode, StockBalance.quantity,
                       CatalogueItem.low_stock_level, StockBalance.updated_at)
                .outerjoin(StockBalance, StockBalance.sku == CatalogueItem.sku)
                .order_by(CatalogueItem.sku)).all()
        rows = [StockRow(sku, name, unit, barcode, book or 0, level, moved)
                for sku, name, unit, barcode, book, level, moved in result]
        needle = search.strip().casefold()
        if needle:
            rows = [row for row in rows if _matches(row, needle)]
        match shown:
            case StockFilter.LOW:
                rows = [row for row in rows if row.low]
            case StockFilter.NEGATIVE:
                rows = [row for row in rows if row.negative]
            case StockFilter.MOVED_TODAY:
                # The balance's updated_at is the time of its last movement (post_movement).
                since = local_midnight(self.clock())
                rows = [row for row in rows
                        if row.last_moved_at is not None and row.last_moved_at >= since]
            case StockFilter.IN_STOCK:
                rows = [row for row in rows if row.book > 0]
            case StockFilter.ALL:
                pass
        return rows

    def item_for_code(self, code: str) -> str | None:
        """The SKU a scanned barcode (or a typed SKU) names, or None."""
        text = code.strip()
        if not text:
            return None
        with self.db.reading() as session:
            return session.scalar(select(CatalogueItem.sku).where(
                (CatalogueItem.barcode == text) | (CatalogueItem.sku == text)).limit(1))

    def history(self, sku: str, reason: MovementReason | None = None,
                since: datetime | None = None, until: datetime | None = None,
                offset: int = 0, limit: int = HISTORY_PAGE) -> HistoryPage:
        """One page of a SKU's movements, newest first, optionally of one reason and within
        [since, until). Raises StockRefused(UNKNOWN_SKU) for a SKU the catalogue lacks."""
        with self.db.reading() as session:
            if session.get(CatalogueItem, sku) is None:
                raise StockRefused(StockRefusal.UNKNOWN_SKU, sku)
            query = (select(StockMovement, Staff.name)
                     .outerjoin(Staff, Staff.id == StockMovement.staff_id)
                     .where(StockMovement.sku == sku))
            if reason is not None:
                query = query.where(StockMovement.reason == reason.value)
            if since is not None:
                query = query.where(StockMovement.occurred_at >= since)
            if until is not None:
                query = query.where(StockMovement.occurred_at < until)
            # Order by id (the index's second column), not by time: appended in time order
            # anyway, and SQLite then walks the index instead of sorting the SKU's history.
            found = session.execute(query.order_by(StockMovement.id.desc())
                                    .offset(max(offset, 0)).limit(limit + 1)).all()
        rows = tuple(MovementRow(m.id, m.occurred_at, m.delta, m.balance_after,
                                 m.reason, m.reference, name)
                     for m, name in found[:limit])
        return HistoryPage(sku, rows, offset, len(found) > limit)

    def set_low_stock_level(self, sku: str, level: int | None, staff_id: int) -> StockRow:
        """Mark `sku` low at or below `level` on the stock screen (None: stop watching it).

        A station setting, not a fact for head office: no outbox event. Raises NotAllowed for
        an unknown or inactive staff id, StockRefused(UNKNOWN_SKU / BAD_LEVEL) for a SKU the
        catalogue lacks or a level below 0 or above MAX_LOW_STOCK_LEVEL; nothing is written then.
        """
        if level is not None and not 0 <= level <= MAX_LOW_STOCK_LEVEL:
            raise StockRefused(StockRefusal.BAD_LEVEL, str(level))
        with self.db.writing() as session:
            require_staff(session, staff_id)
            item = session.get(CatalogueItem, sku)
            if item is None:
                raise StockRefused(StockRefusal.UNKNOWN_SKU, sku)
            item.low_stock_level = level
            return self._row(session, item)

    @staticmethod
    def _row(session: Session, item: CatalogueItem) -> StockRow:
        balance = session.get(StockBalance, item.sku)
        return StockRow(item.sku, item.name, item.unit, item.barcode,
                        balance.quantity if balance else 0, item.low_stock_level,
                        balance.updated_at if balance else None)

