"""Which catalogue items the station's scales know: an item's PLU (the number a scale label
carries, domain/scale_barcode.py) and whether it is sold by weight (its price then is per
kilogram, and the sales desk weighs it on the counter scale).

Both are set at this station, like the low-stock level: head office's catalogue never carries
them, so they send nothing to head office (no outbox event). They change what a scanned scale
label sells and how an item is priced, so each change writes an audit entry, in the same
transaction, naming who made it and what it was before.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.clock import Clock, utc_now
from station_app.services.audit import record
from station_app.services.authority import require_staff
from station_app.storage.database import Database
from station_app.storage.models import CatalogueItem

SCALE_ITEM_SET = "scale_item_set"  # the audit log's action
MAX_PLU_DIGITS = 6  # the PLU fields of the scale labels in use have 4 or 5 digits


class ScaleItemRefusal(StrEnum):
    UNKNOWN_SKU = "unknown_sku"
    BAD_PLU = "bad_plu"  # not 1 to 6 digits, or all zeros
    PLU_TAKEN = "plu_taken"  # another item has this PLU (the detail names it)


class ScaleItemRefused(Exception):
    """A PLU or sold-by-weight change that cannot be made; nothing was written."""

    def __init__(self, reason: ScaleItemRefusal, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ScaleItem:
    sku: str
    name: str
    unit: str
    price_fen: int  # per kilogram when sold by weight
    plu: str | None
    sold_by_weight: bool


def normal_plu(text: str) -> str | None:
    """The PLU as the catalogue keeps it: digits without leading zeros, as a scale label is
    read ("00123" → "123"); "" → None (no PLU). Raises ScaleItemRefused(BAD_PLU)."""
    digits = text.strip()
    if not digits:
        return None
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_PLU_DIGITS \
            or not digits.strip("0"):
        raise ScaleItemRefused(ScaleItemRefusal.BAD_PLU, digits[:20])
    return digits.lstrip("0")


def _view(item: CatalogueItem) -> ScaleItem:
    return ScaleItem(item.sku, item.name, item.unit, item.price_fen, item.plu,
                     item.sold_by_weight)


@dataclass(frozen=True)
class ScaleItems:
    db: Database
    clock: Clock = utc_now

    def item(self, sku: str) -> ScaleItem:
        """One item's PLU and way of selling. Raises ScaleItemRefused(UNKNOWN_SKU)."""
        with self.db.reading() as session:
            item = session.get(CatalogueItem, sku)
            if item is None:
                raise ScaleItemRefused(ScaleItemRefusal.UNKNOWN_SKU, sku)
            return _view(item)

    def weighed_items(self) -> list[ScaleItem]:
        """The items a scale knows (with a PLU) or that are sold by weight, by PLU."""
        with self.db.reading() as session:
            found = session.scalars(select(CatalogueItem).where(
                CatalogueItem.plu.is_not(None) | CatalogueItem.sold_by_weight.is_(True)))
            items = [_view(item) for item in found]
        return sorted(items, key=lambda i: (i.plu is None, len(i.plu or ""), i.plu, i.sku))

    def set_scale_item(self, sku: str, plu: str, sold_by_weight: bool,
                       staff_id: int) -> ScaleItem:
        """Give `sku` the PLU `plu` ("" removes it) and say whether it is sold by weight, in
        one transaction with its audit entry.

        Raises NotAllowed for an unknown or inactive staff id, ScaleItemRefused(UNKNOWN_SKU /
        BAD_PLU / PLU_TAKEN); nothing is written then."""
        wanted = normal_plu(plu)
        with self.db.writing() as session:
            require_staff(session, staff_id)
            item = session.get(CatalogueItem, sku)
            if item is None:
                raise ScaleItemRefused(ScaleItemRefusal.UNKNOWN_SKU, sku)
            _check_free(session, wanted, sku)
            before = _described(item.plu, item.sold_by_weight)
            item.plu, item.sold_by_weight = wanted, sold_by_weight
            after = _described(wanted, sold_by_weight)
            if before != after:
                record(session, SCALE_ITEM_SET, staff_id, self.clock(), subject=sku,
                       detail=f"{before} → {after}")
            return _view(item)


def _check_free(session: Session, plu: str | None, sku: str) -> None:
    if plu is None:
        return
    holder = session.scalar(select(CatalogueItem).where(CatalogueItem.plu == plu,
                                                        CatalogueItem.sku != sku))
    if holder is not None:
        raise ScaleItemRefused(ScaleItemRefusal.PLU_TAKEN, f"{plu}: {holder.sku} {holder.name}")


def _described(plu: str | None, sold_by_weight: bool) -> str:
    """How the audit log writes an item's scale settings (no personal data)."""
    return f"PLU {plu or '-'}, {'by weight' if sold_by_weight else 'by piece'}"
